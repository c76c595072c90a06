package feed

import (
	"testing"
	"time"
)

func TestParseDay(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	at := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, shanghai)
	}
	// 00:30 in Shanghai is still the day before in UTC: today is
	// Shanghai's.
	now := time.Date(2026, 3, 1, 16, 30, 0, 0, time.UTC)
	tests := []struct {
		in   string
		end  bool
		loc  *time.Location
		want time.Time
		err  bool
	}{
		{"", false, shanghai, time.Time{}, false},
		{"2022-05-16", false, shanghai, at(2022, 5, 16, 0, 0, 0, 0), false},
		{"2022-05-16", true, shanghai, at(2022, 5, 16, 23, 59, 59, 999999999), false},
		{"2022-05-16 08:30", true, shanghai, at(2022, 5, 16, 8, 30, 0, 0), false},
		{"2022-05-16T08:30", false, shanghai, at(2022, 5, 16, 8, 30, 0, 0), false},
		{"2022-05-16 08:30:15", false, shanghai, at(2022, 5, 16, 8, 30, 15, 0), false},
		{"2022-05-16T08:30:00Z", false, shanghai, at(2022, 5, 16, 16, 30, 0, 0), false},
		{"today", false, shanghai, at(2026, 3, 2, 0, 0, 0, 0), false},
		{"Today", true, shanghai, at(2026, 3, 2, 23, 59, 59, 999999999), false},
		{"yesterday", false, shanghai, at(2026, 3, 1, 0, 0, 0, 0), false},
		{"yesterday", true, shanghai, at(2026, 3, 1, 23, 59, 59, 999999999), false},
		{"12h", false, shanghai, at(2026, 3, 1, 12, 30, 0, 0), false},
		{"3d", false, shanghai, at(2026, 2, 27, 0, 30, 0, 0), false},
		{"3d", true, shanghai, at(2026, 2, 27, 0, 30, 0, 0), false},
		{"2w", false, shanghai, at(2026, 2, 16, 0, 30, 0, 0), false},
		{"0d", false, shanghai, now, false},
		// Paris moves to summer time on 2026-03-29: 3d keeps the time of
		// day.
		{"3d", false, paris, time.Date(2026, 3, 28, 12, 0, 0, 0, paris), false},
		{"16/05/2022", false, shanghai, time.Time{}, true},
		{"tomorrow", false, shanghai, time.Time{}, true},
		{"-3d", false, shanghai, time.Time{}, true},
		{"+3d", false, shanghai, time.Time{}, true},
		{"3", false, shanghai, time.Time{}, true},
		{"d", false, shanghai, time.Time{}, true},
		{"3m", false, shanghai, time.Time{}, true},
		{"99999999999d", false, shanghai, time.Time{}, true},
	}
	for _, tt := range tests {
		n := now
		if tt.loc == paris {
			n = time.Date(2026, 3, 31, 12, 0, 0, 0, paris)
		}
		got, err := ParseDay(tt.in, tt.loc, tt.end, n)
		if (err != nil) != tt.err || !got.Equal(tt.want) {
			t.Errorf("ParseDay(%q, end=%v) = %v, %v; want %v, error %v", tt.in, tt.end, got, err, tt.want, tt.err)
		}
	}
}
