package feed

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxAgo bounds the N of a relative date such as 3d: far enough back for
// any archive, near enough that the arithmetic cannot overflow.
const maxAgo = 100_000

// ParseDay reads a date typed by a user, as a lower bound (end unset) or
// an upper one (end set), in loc: `list --since/--until`, `mark --before`
// and the since:/until: of a search all read dates this way.
//   - a date, 2022-05-16: the start of that day, or its end for an upper
//     bound;
//   - a date and time, 2022-05-16 08:30 (or with seconds, or RFC 3339);
//   - today and yesterday: the start of the day, or its end for an upper
//     bound;
//   - Nh, Nd and Nw: N hours, days or weeks before now, the same for
//     both bounds (3d is now three days ago, at the time of day it is now;
//     a calendar day is typed as a date, today or yesterday).
func ParseDay(s string, loc *time.Location, end bool, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	now = now.In(loc)
	day := func(t time.Time) time.Time {
		t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
		if end {
			t = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
		return t
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "today":
		return day(now), nil
	case "yesterday":
		return day(now.AddDate(0, 0, -1)), nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return day(t), nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", time.RFC3339} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	if t, ok := ago(s, now); ok {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a date such as 2022-05-16, 2022-05-16 08:30, today, yesterday, 12h, 3d or 2w (hours, days or weeks ago)", s)
}

// ago reads Nh, Nd or Nw as that long before now. Days and weeks are
// calendar days, so that 3d is at the same time of day across a change
// of daylight saving time.
func ago(s string, now time.Time) (time.Time, bool) {
	if len(s) < 2 {
		return time.Time{}, false
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 0 || n > maxAgo || s[0] == '+' || s[0] == '-' {
		return time.Time{}, false
	}
	switch s[len(s)-1] {
	case 'h', 'H':
		return now.Add(-time.Duration(n) * time.Hour), true
	case 'd', 'D':
		return now.AddDate(0, 0, -n), true
	case 'w', 'W':
		return now.AddDate(0, 0, -7*n), true
	}
	return time.Time{}, false
}
