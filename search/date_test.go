package search

import (
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	now := time.Date(2024, 3, 15, 1, 30, 0, 0, time.UTC) // 09:30 in Shanghai
	tests := []struct {
		in   string
		end  bool
		want string // RFC 3339 in Shanghai, or the start of an error
	}{
		{"2024-03-01", false, "2024-03-01T00:00:00+08:00"},
		{"2024-03-01", true, "2024-03-01T23:59:59.999999999+08:00"},
		{"2024-03-01 08:30", true, "2024-03-01T08:30:00+08:00"},
		{"2024-03-01T08:30:15", false, "2024-03-01T08:30:15+08:00"},
		{"2024-03-01T08:30:00Z", false, "2024-03-01T16:30:00+08:00"},
		{"today", false, "2024-03-15T00:00:00+08:00"},
		{"TODAY", true, "2024-03-15T23:59:59.999999999+08:00"},
		{"yesterday", false, "2024-03-14T00:00:00+08:00"},
		{"0d", false, "2024-03-15T00:00:00+08:00"},
		{"3d", false, "2024-03-12T00:00:00+08:00"},
		{"2w", false, "2024-03-01T00:00:00+08:00"},
		{"2w", true, "2024-03-01T23:59:59.999999999+08:00"},
		{"tomorrow", false, `"tomorrow" is not a date`},
		{"-3d", false, `"-3d" is not a date`},
		{"3x", false, `"3x" is not a date`},
		{"99999999d", false, `"99999999d" goes back more than a century`},
		{"2024-13-01", false, `"2024-13-01" is not a date`},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in, now, shanghai, tt.end)
		if err != nil {
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("ParseDate(%q): %v, want %s", tt.in, err, tt.want)
			}
			continue
		}
		if s := got.In(shanghai).Format(time.RFC3339Nano); s != tt.want {
			t.Errorf("ParseDate(%q, end %v) = %s, want %s", tt.in, tt.end, s, tt.want)
		}
	}
}
