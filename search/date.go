package search

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParseDate reads a date as a user types it, for since:, until: and the
// command line's --since and --until: 2006-01-02, a date with a time
// (2006-01-02 15:04, 2006-01-02T15:04, with seconds, or RFC 3339), today,
// yesterday, or a number of days or weeks ago (3d, 2w). A date without a
// time means the start of that day, or its last instant when end is set,
// so that until:2022-05-16 includes the whole day. Dates without a zone
// are read in loc; now is the moment relative dates count from.
func ParseDate(s string, now time.Time, loc *time.Location, end bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if loc == nil {
		loc = time.Local
	}
	day, ok, err := relativeDay(strings.ToLower(s), now.In(loc))
	if err != nil {
		return time.Time{}, err
	}
	if !ok {
		t, err := time.ParseInLocation("2006-01-02", s, loc)
		if err != nil {
			return parseTime(s, loc)
		}
		day = t
	}
	if end {
		return day.AddDate(0, 0, 1).Add(-time.Nanosecond), nil
	}
	return day, nil
}

// relativeDay reads today, yesterday, Nd and Nw as the start of a day.
func relativeDay(s string, now time.Time) (time.Time, bool, error) {
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	switch s {
	case "today":
		return today, true, nil
	case "yesterday":
		return today.AddDate(0, 0, -1), true, nil
	}
	if len(s) < 2 || (s[len(s)-1] != 'd' && s[len(s)-1] != 'w') {
		return time.Time{}, false, nil
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || strings.ContainsAny(s[:len(s)-1], "+-") {
		return time.Time{}, false, nil
	}
	if n > 100*366 {
		return time.Time{}, false, fmt.Errorf("%q goes back more than a century", s)
	}
	if s[len(s)-1] == 'w' {
		n *= 7
	}
	return today.AddDate(0, 0, -n), true, nil
}

func parseTime(s string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02T15:04:05", time.RFC3339} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date such as 2022-05-16, 2022-05-16 08:30, today, yesterday, 3d or 2w", s)
}
