package feed

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
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
	{"2006-01-02 15:04:05 MST", true},
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

// zones is the one table through which the zone abbreviations of dates
// are read. time.Parse would read them through the machine's zone
// (time.Local), so that "CST" is US Central on a machine in UTC and China
// Standard Time on one in Shanghai, and "JST" is unreadable outside Tokyo:
// the same archive would sort, merge copies and show dates differently from
// machine to machine. An abbreviation that names several zones stands for
// the one that the Chinese sites these archives come from mean by it.
// Every entry is a fixed offset: an abbreviation names standard or summer
// time, never both. Options.Zones, the config's zones setting, adds
// entries or overrides these.
var zones = map[string]*time.Location{
	// Universal time: RFC 822's GMT and UT, ISO 8601's Z.
	"GMT": time.UTC, "UT": time.UTC, "UTC": time.UTC, "Z": time.UTC,

	// China Standard Time, Beijing time: what Chinese sites and servers in
	// China write (Java's Date.toString, PHP and nginx on a machine set to
	// Asia/Shanghai print "CST"), not US Central Standard (-06:00) or Cuba
	// (-05:00). Taiwan's "CST" is +08:00 as well. BJT is Beijing time too.
	"CST": fixed("CST", 8, 0), "BJT": fixed("BJT", 8, 0),
	// The rest of East and South-East Asia, which these archives also
	// follow: Hong Kong, Macau, Taiwan, Japan, Korea, Singapore, Malaysia,
	// the Philippines, Indochina and western Indonesia.
	"HKT": fixed("HKT", 8, 0), "MOT": fixed("MOT", 8, 0), "TWT": fixed("TWT", 8, 0),
	"JST": fixed("JST", 9, 0), "KST": fixed("KST", 9, 0),
	"SGT": fixed("SGT", 8, 0), "MYT": fixed("MYT", 8, 0), "PHT": fixed("PHT", 8, 0),
	"ICT": fixed("ICT", 7, 0), "WIB": fixed("WIB", 7, 0),
	// India Standard Time, of the Indian English press, the largest that
	// writes IST; not Irish Summer Time (+01:00) nor Israel (+02:00).
	"IST": fixed("IST", 5, 30),

	// The North American zones RFC 822 defines, from American feeds; CDT
	// is US Central Daylight too, as China has kept no summer time since
	// 1991. Alaska and Hawaii complete them.
	"EST": fixed("EST", -5, 0), "EDT": fixed("EDT", -4, 0),
	"CDT": fixed("CDT", -5, 0),
	"MST": fixed("MST", -7, 0), "MDT": fixed("MDT", -6, 0),
	"PST": fixed("PST", -8, 0), "PDT": fixed("PDT", -7, 0),
	"AKST": fixed("AKST", -9, 0), "AKDT": fixed("AKDT", -8, 0), "HST": fixed("HST", -10, 0),

	// Europe. BST is British Summer Time, of British feeds (the BBC, the
	// Guardian), not Bangladesh Standard Time (+06:00).
	"WET": time.UTC, "WEST": fixed("WEST", 1, 0), "BST": fixed("BST", 1, 0),
	"CET": fixed("CET", 1, 0), "CEST": fixed("CEST", 2, 0),
	"EET": fixed("EET", 2, 0), "EEST": fixed("EEST", 3, 0), "MSK": fixed("MSK", 3, 0),

	// Australia and New Zealand.
	"AWST": fixed("AWST", 8, 0), "ACST": fixed("ACST", 9, 30), "ACDT": fixed("ACDT", 10, 30),
	"AEST": fixed("AEST", 10, 0), "AEDT": fixed("AEDT", 11, 0),
	"NZST": fixed("NZST", 12, 0), "NZDT": fixed("NZDT", 13, 0),

	// Left out as too ambiguous to guess: AST (Atlantic -04:00 or Arabia
	// +03:00), ADT, GST (Gulf +04:00 or South Georgia -02:00) and the like.
	// A date that uses one is unreadable, and so estimated, unless the
	// config names it.
}

// fixed is the zone of a fixed offset east of UTC.
func fixed(name string, hours, minutes int) *time.Location {
	if hours < 0 {
		minutes = -minutes
	}
	return time.FixedZone(name, (hours*60+minutes)*60)
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
	t, ok := crawlerDate(s, opts)
	var err error
	switch {
	case ok:
	case !strings.ContainsAny(s, "0123456789"):
		// Every layout has a year: the crawler's "Invalid Date" need not
		// try them all.
		err = errors.New("no digits")
	default:
		t, err = parseDate(s, opts)
	}
	if err != nil {
		return time.Time{}, fmt.Sprintf("unreadable date %q", s)
	}
	if t.Before(earliest) || t.After(opts.now().Add(24*time.Hour)) {
		return time.Time{}, fmt.Sprintf("implausible date %q", s)
	}
	return t, ""
}

// estimateDate dates an article whose file states no usable date by the
// file's modification time, which stat gives. Every reader of files calls
// it, so that the estimate is made the same way everywhere.
func estimateDate(a *Article, stat func() (fs.FileInfo, error)) {
	if !a.DateEstimated {
		return
	}
	if fi, err := stat(); err == nil {
		a.Date = fi.ModTime()
	}
}

// parseDate reads s in any of the known layouts. A date without a zone
// is read in the source zone, an abbreviation through the zone table:
// neither depends on the machine's zone.
func parseDate(s string, opts Options) (time.Time, error) {
	t, zoned, err := parseLayouts(s, opts.zone())
	if err != nil {
		// Go reads an abbreviation only as three to five capitals, four or
		// five ending in T: "UT", "Z" or "cst" fail every layout. Such a
		// word that the table knows is read as UTC, then the wall clock is
		// put in its zone.
		i, j, loc := zoneWord(s, opts)
		if loc == nil {
			return time.Time{}, err
		}
		if t, zoned, err := parseLayouts(s[:i]+"UTC"+s[j:], opts.zone()); err == nil && zoned {
			return inZone(t, loc), nil
		}
		return time.Time{}, err
	}
	name, off := t.Zone()
	switch {
	case !zoned || name == "" || name == "UTC":
		// No zone, a numeric offset, or "UTC".
		return t.UTC(), nil
	case strings.HasPrefix(name, "GMT+") || strings.HasPrefix(name, "GMT-"):
		// Go gives "GMT+8" its offset but leaves the clock as if in UTC.
		// The offset is east of UTC, as people mean it (Beijing time is
		// "GMT+8"), not west as in POSIX TZ strings.
		return t.Add(-time.Duration(off) * time.Second).UTC(), nil
	case name[0] == '+' || name[0] == '-':
		// Go reads "+0000" or "+08" in the place of a name as one, with
		// no offset.
		loc := numericZone(name)
		if loc == nil {
			return time.Time{}, fmt.Errorf("unknown time zone %q", name)
		}
		return inZone(t, loc), nil
	}
	loc := opts.zoneNamed(name)
	if loc == nil {
		return time.Time{}, fmt.Errorf("unknown time zone %q", name)
	}
	return inZone(t, loc), nil
}

// crawlerDate reads the two forms the crawler writes, most dates of an
// archive, without the layouts loop: RFC 1123 with a zone abbreviation
// of three capitals ("Mon, 16 May 2022 02:27:46 GMT") and the zoneless
// "2022-05-16 02:27:46". It is hand-written because time.Parse's
// generality (a layout interpreted at every call, a zone made for every
// abbreviation, an error made for every layout that does not fit before
// the one that does) was a fifth of a scan's parsing. It accepts only
// what parseDate reads as it does, the same instant: a date of exactly
// one of those shapes, names in their usual case, fields in range, a zone
// that the table knows. For anything else it reports false, and the
// layouts decide (TestCrawlerDateMatchesLayouts).
func crawlerDate(s string, opts Options) (time.Time, bool) {
	var clock string
	loc := opts.zone()
	var year, month, day int
	var ok bool
	switch {
	case len(s) == len("Mon, 02 Jan 2006 15:04:05 MST") && s[3] == ',' && s[4] == ' ' && s[7] == ' ' && s[11] == ' ' &&
		s[16] == ' ' && s[19] == ':' && s[22] == ':' && s[25] == ' ':
		zone := s[26:]
		if nameIndex("MonTueWedThuFriSatSun", s[:3]) < 0 || !isCapitals(zone) {
			return time.Time{}, false
		}
		// RFC 1123 is the first layout, and parseDate reads any zone but
		// UTC through the table.
		if loc = time.UTC; zone != "UTC" {
			if loc = opts.zoneNamed(zone); loc == nil {
				return time.Time{}, false
			}
		}
		var yok bool
		month = nameIndex("JanFebMarAprMayJunJulAugSepOctNovDec", s[8:11]) + 1
		day, ok = digits(s[5:7])
		year, yok = digits(s[12:16])
		ok = ok && yok
		clock = s[17:25]
	case len(s) == len("2006-01-02 15:04:05") && s[4] == '-' && s[7] == '-' && s[10] == ' ' && s[13] == ':' && s[16] == ':':
		// No layout before the zoneless one reads this shape; it is read in
		// the source zone.
		var mok, dok bool
		year, ok = digits(s[:4])
		month, mok = digits(s[5:7])
		day, dok = digits(s[8:10])
		ok = ok && mok && dok
		clock = s[11:]
	default:
		return time.Time{}, false
	}
	hour, hok := digits(clock[0:2])
	minute, mok := digits(clock[3:5])
	sec, sok := digits(clock[6:8])
	if !ok || !hok || !mok || !sok || month < 1 || month > 12 || day < 1 || day > daysIn(time.Month(month), year) ||
		hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, loc).UTC(), true
}

// nameIndex is the index of the three-letter name s in names, or -1.
func nameIndex(names, s string) int {
	for i := 0; i+3 <= len(names); i += 3 {
		if names[i:i+3] == s {
			return i / 3
		}
	}
	return -1
}

// digits reads s, all ASCII digits, as a number.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// isCapitals reports whether s is all ASCII capitals.
func isCapitals(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// daysIn is the number of days of month in year, as time.Parse checks
// them.
func daysIn(month time.Month, year int) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// parseLayouts reads s in the first layout that fits, and says whether
// the layout has a zone. A date without one is in zone.
func parseLayouts(s string, zone *time.Location) (t time.Time, zoned bool, err error) {
	for _, l := range layouts {
		loc := zone
		if l.zoned {
			// UTC knows no abbreviation but its own: any other comes back
			// by name with a zero offset, for the table to resolve.
			loc = time.UTC
		}
		if t, err := time.ParseInLocation(l.layout, s, loc); err == nil {
			return t, l.zoned, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("no known layout matches %q", s)
}

// inZone is the instant at t's wall clock in loc.
func inZone(t time.Time, loc *time.Location) time.Time {
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	return time.Date(y, mo, d, h, mi, sec, t.Nanosecond(), loc).UTC()
}

// numericZone is the zone of an offset written ±hh or ±hhmm, or nil.
func numericZone(s string) *time.Location {
	digits := s[1:]
	if strings.Trim(digits, "0123456789") != "" {
		return nil
	}
	var h, m int
	switch len(digits) {
	case 1, 2:
		h, _ = strconv.Atoi(digits)
	case 4:
		h, _ = strconv.Atoi(digits[:2])
		m, _ = strconv.Atoi(digits[2:])
	default:
		return nil
	}
	if h > 14 || m > 59 {
		return nil
	}
	off := (h*60 + m) * 60
	if s[0] == '-' {
		off = -off
	}
	return time.FixedZone(s, off)
}

// zoneWord finds in s a word of letters that names a zone of the table,
// and returns where it is and the zone.
func zoneWord(s string, opts Options) (i, j int, loc *time.Location) {
	for i < len(s) {
		for i < len(s) && !isLetter(s[i]) {
			i++
		}
		j = i
		for j < len(s) && isLetter(s[j]) {
			j++
		}
		if j > i && (i == 0 || s[i-1] == ' ') && (j == len(s) || s[j] == ' ') {
			if loc := opts.zoneNamed(strings.ToUpper(s[i:j])); loc != nil {
				return i, j, loc
			}
		}
		i = j
	}
	return 0, 0, nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
