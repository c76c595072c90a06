package feed

import (
	"fmt"
	"strings"
	"time"
)

// layouts are the date formats seen in archives, the most common first:
// RFC 1123 with "GMT" is what the crawler writes most, then its zoneless
// form; the others come from feeds that passed dates through. A layout
// without a zone is read in the source zone.
var layouts = []struct {
	layout string
	zoned  bool
}{
	{time.RFC1123, true},
	{"2006-01-02 15:04:05", false},
	{time.RFC1123Z, true},
	{"Mon, 2 Jan 2006 15:04:05 -0700", true},
	{"Mon, 2 Jan 2006 15:04:05 MST", true},
	{"Mon, 2 Jan 2006 15:04 MST", true},
	{"2 Jan 2006 15:04:05 -0700", true},
	{"2 Jan 2006 15:04:05 MST", true},
	{time.RFC3339Nano, true},
	{"2006-01-02 15:04:05Z07:00", true},
	{"2006-01-02 15:04:05 -0700", true},
	{"2006-01-02 15:04:05 -07:00", true},
	{"2006-01-02T15:04:05-0700", true},
	{time.RubyDate, true},
	{time.UnixDate, true},
	{"2006-01-02T15:04:05", false},
	{"2006-01-02 15:04:05.999999999", false},
	{"2006-01-02T15:04:05.999999999", false},
	{"2006-01-02 15:04", false},
	{"2006-01-02T15:04", false},
	{"2006/01/02 15:04:05", false},
	{"2006/01/02 15:04", false},
	{"2006-01-02", false},
	{"2006/01/02", false},
	{"2006年01月02日 15:04:05", false},
	{"2006年1月2日 15:04", false},
	{"2006年1月2日", false},
}

// rfc822Zones are the North American zone names RFC 822 defines; Go would
// otherwise read an unknown abbreviation as UTC.
var rfc822Zones = map[string]int{
	"GMT": 0, "UT": 0, "UTC": 0, "Z": 0,
	"EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
	"MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}

// earliest is the first plausible date of an article: the web before 1995
// had no news feeds, and the corpus shows placeholder years such as 0900.
var earliest = time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)

// readDate reads the front matter's date. It returns a warning, and no
// date, when the value is missing, unreadable or implausible.
func readDate(s string, opts Options) (time.Time, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, "no date"
	}
	t, err := parseDate(s, opts.zone())
	if err != nil {
		return time.Time{}, fmt.Sprintf("unreadable date %q", s)
	}
	if t.Before(earliest) || t.After(opts.now().Add(24*time.Hour)) {
		return time.Time{}, fmt.Sprintf("implausible date %q", s)
	}
	return t, ""
}

// parseDate reads s in any of the known layouts; a date without a zone is
// in zone.
func parseDate(s string, zone *time.Location) (time.Time, error) {
	for _, l := range layouts {
		if !l.zoned {
			if t, err := time.ParseInLocation(l.layout, s, zone); err == nil {
				return t.UTC(), nil
			}
			continue
		}
		t, err := time.Parse(l.layout, s)
		if err != nil {
			continue
		}
		name, off := t.Zone()
		if off == 0 && name != "" && name != "UTC" {
			h, ok := rfc822Zones[strings.ToUpper(name)]
			if !ok {
				return time.Time{}, fmt.Errorf("unknown time zone %q", name)
			}
			t = t.Add(-time.Duration(h) * time.Hour)
		}
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("no known layout matches %q", s)
}
