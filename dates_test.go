package main

import (
	"testing"
	"time"
)

func TestParseDay(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	at := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, shanghai)
	}
	tests := []struct {
		in   string
		end  bool
		want time.Time
		err  bool
	}{
		{"", false, time.Time{}, false},
		{"2022-05-16", false, at(2022, 5, 16, 0, 0, 0, 0), false},
		{"2022-05-16", true, at(2022, 5, 16, 23, 59, 59, 999999999), false},
		{"2022-05-16 08:30", true, at(2022, 5, 16, 8, 30, 0, 0), false},
		{"2022-05-16T08:30", false, at(2022, 5, 16, 8, 30, 0, 0), false},
		{"2022-05-16 08:30:15", false, at(2022, 5, 16, 8, 30, 15, 0), false},
		{"2022-05-16T08:30:00Z", false, at(2022, 5, 16, 16, 30, 0, 0), false},
		{"16/05/2022", false, time.Time{}, true},
		{"yesterday", false, time.Time{}, true},
	}
	for _, tt := range tests {
		got, err := parseDay(tt.in, shanghai, tt.end)
		if (err != nil) != tt.err || !got.Equal(tt.want) {
			t.Errorf("parseDay(%q, end=%v) = %v, %v; want %v, error %v", tt.in, tt.end, got, err, tt.want, tt.err)
		}
	}
}
