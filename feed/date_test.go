package feed

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// zoneDates are dates whose instants must not depend on the machine's
// zone, with those instants.
var zoneDates = []struct {
	date string
	want time.Time
}{
	{"Mon, 16 May 2022 02:27:46 GMT", time.Date(2022, 5, 16, 2, 27, 46, 0, time.UTC)},
	{"2022-05-16 02:27:46", time.Date(2022, 5, 16, 2, 27, 46, 0, time.UTC)},
	{"2022-05-16", time.Date(2022, 5, 16, 0, 0, 0, 0, time.UTC)},
	{"2022年5月16日 10:27", time.Date(2022, 5, 16, 10, 27, 0, 0, time.UTC)},
	{"Mon, 16 May 2022 10:27:46 CST", time.Date(2022, 5, 16, 2, 27, 46, 0, time.UTC)},
	{"Mon Jan 10 10:27:46 CST 2022", time.Date(2022, 1, 10, 2, 27, 46, 0, time.UTC)},
	{"2022-05-16 10:27:46 CST", time.Date(2022, 5, 16, 2, 27, 46, 0, time.UTC)},
	{"Mon, 16 May 2022 02:27:46 CDT", time.Date(2022, 5, 16, 7, 27, 46, 0, time.UTC)},
	{"Mon, 16 May 2022 11:27:46 JST", time.Date(2022, 5, 16, 2, 27, 46, 0, time.UTC)},
	{"Mon, 16 May 2022 02:27:46 EST", time.Date(2022, 5, 16, 7, 27, 46, 0, time.UTC)},
	{"Mon, 16 May 2022 03:27:46 BST", time.Date(2022, 5, 16, 2, 27, 46, 0, time.UTC)},
	{"Mon, 16 May 2022 02:27:46 UT", time.Date(2022, 5, 16, 2, 27, 46, 0, time.UTC)},
	{"Tue, 06 Jan 2026 18:12:40 +0800", time.Date(2026, 1, 6, 10, 12, 40, 0, time.UTC)},
	{"2021-03-22T04:50:47-06:00", time.Date(2021, 3, 22, 10, 50, 47, 0, time.UTC)},
	// TOML's own dates, which its library gives the machine's offset when
	// they have none.
	{"toml: 2024-03-04T12:00:00", time.Date(2024, 3, 4, 12, 0, 0, 0, time.UTC)},
	{"toml: 2024-03-04", time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)},
	{"toml: 2024-03-04T12:00:00+08:00", time.Date(2024, 3, 4, 4, 0, 0, 0, time.UTC)},
}

// machineZones are the zones the dates are read in: the crawler's, the
// one where CST is China's, and the one where it is US Central.
var machineZones = []string{"UTC", "Asia/Shanghai", "America/Chicago"}

// dateChild names the variable that makes TestDatesIgnoreMachineZone
// print the dates it reads instead of checking them.
const dateChild = "NEWSREADER_FEED_DATE_CHILD"

// TestDatesIgnoreMachineZone reads the same dates in processes whose TZ
// differs, as the same archive is read on machines around the world, and
// wants the same instants from each.
func TestDatesIgnoreMachineZone(t *testing.T) {
	if os.Getenv(dateChild) != "" {
		printDates()
		return
	}
	for _, tz := range machineZones {
		t.Run(tz, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestDatesIgnoreMachineZone$")
			cmd.Env = append(os.Environ(), "TZ="+tz, dateChild+"=1")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v:\n%s", err, out)
			}
			got := map[string]string{}
			var local string
			sc := bufio.NewScanner(bytes.NewReader(out))
			for sc.Scan() {
				if k, v, ok := strings.Cut(sc.Text(), "\t=\t"); ok {
					got[k] = v
				}
			}
			local = got["local offset"]
			_, off := time.Date(2022, 5, 16, 0, 0, 0, 0, time.UTC).In(mustZone(t, tz)).Zone()
			if local != fmt.Sprint(off) {
				t.Fatalf("the child's zone has offset %q, want %d: TZ did not take", local, off)
			}
			for _, d := range zoneDates {
				if want := d.want.Format(time.RFC3339Nano); got[d.date] != want {
					t.Errorf("TZ=%s: %q read as %s, want %s", tz, d.date, got[d.date], want)
				}
			}
		})
	}
}

// printDates prints, for TestDatesIgnoreMachineZone, how the dates read
// in this process's zone.
func printDates() {
	_, off := time.Date(2022, 5, 16, 0, 0, 0, 0, time.UTC).In(time.Local).Zone()
	fmt.Printf("local offset\t=\t%d\n", off)
	for _, d := range zoneDates {
		data := article("title: t\ncategories: \n - x\ndate: "+d.date+"\n", "")
		if v, ok := strings.CutPrefix(d.date, "toml: "); ok {
			data = []byte("+++\ntitle = 't'\ndate = " + v + "\n+++\n")
		}
		a, _ := ParseFile("x/y.md", data, Options{})
		v := a.Date.UTC().Format(time.RFC3339Nano)
		if a.DateEstimated {
			v = "estimated: " + strings.Join(a.Warnings(), "; ")
		}
		fmt.Printf("%s\t=\t%s\n", d.date, v)
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("no zone %s on this machine: %v", name, err)
	}
	return loc
}

func TestZoneOverrides(t *testing.T) {
	chicago := mustZone(t, "America/Chicago")
	opts := Options{Zones: map[string]*time.Location{
		"CST": chicago,
		"AST": time.FixedZone("+03:00", 3*3600),
		"GMT": time.FixedZone("+08:00", 8*3600), // a crawler that wrote Beijing time as GMT
	}}
	for _, tt := range []struct {
		date string
		want time.Time
	}{
		// A zone name reads the wall clock by that zone's rules for the
		// date: summer time in May, standard time in January.
		{"Mon, 16 May 2022 02:27:46 CST", time.Date(2022, 5, 16, 7, 27, 46, 0, time.UTC)},
		{"Mon, 10 Jan 2022 02:27:46 CST", time.Date(2022, 1, 10, 8, 27, 46, 0, time.UTC)},
		{"Mon, 16 May 2022 05:27:46 AST", time.Date(2022, 5, 16, 2, 27, 46, 0, time.UTC)},
		{"Mon, 16 May 2022 10:27:46 GMT", time.Date(2022, 5, 16, 2, 27, 46, 0, time.UTC)},
		// "UTC" and offsets mean what they say.
		{"Mon, 16 May 2022 02:27:46 UTC", time.Date(2022, 5, 16, 2, 27, 46, 0, time.UTC)},
		{"Mon, 16 May 2022 02:27:46 +0000", time.Date(2022, 5, 16, 2, 27, 46, 0, time.UTC)},
		// The rest of the table stays.
		{"Mon, 16 May 2022 11:27:46 JST", time.Date(2022, 5, 16, 2, 27, 46, 0, time.UTC)},
		// Dates without a zone are not read through the table.
		{"2022-05-16 02:27:46", time.Date(2022, 5, 16, 2, 27, 46, 0, time.UTC)},
	} {
		got, err := parseDate(tt.date, opts)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", tt.date, got, err, tt.want)
		}
	}
}

// crawlerDateCases are dates of the crawler's two shapes and of shapes
// close to them, each with a field out of place, out of range or in
// another case, for the fast path to read as the layouts do or leave to
// them.
func crawlerDateCases() []string {
	dates := []string{
		"Mon, 16 May 2022 02:27:46 GMT", "Sun, 31 Dec 2023 23:59:59 GMT", "Thu, 01 Jan 1970 00:00:00 GMT",
		"Tue, 29 Feb 2024 12:00:00 GMT", "Wed, 29 Feb 2023 12:00:00 GMT", "Mon, 31 Apr 2022 00:00:00 GMT",
		"Mon, 00 May 2022 02:27:46 GMT", "Mon, 16 May 2022 24:00:00 GMT", "Mon, 16 May 2022 23:60:00 GMT",
		"Mon, 16 May 2022 23:59:60 GMT", "Mon, 16 May 0000 02:27:46 GMT", "Mon, 16 May 9999 02:27:46 GMT",
		"mon, 16 may 2022 02:27:46 GMT", "MON, 16 MAY 2022 02:27:46 GMT", "Mon, 16 May 2022 02:27:46 gmt",
		"Xyz, 16 May 2022 02:27:46 GMT", "Mon, 16 Mai 2022 02:27:46 GMT", "Mon, 16 ayJ 2022 02:27:46 GMT",
		"onT, 16 May 2022 02:27:46 GMT", "Mon, +6 May 2022 02:27:46 GMT", "Mon, 16 May 2O22 02:27:46 GMT",
		"Mon, 16 May 2022 2:27:46 GMT ", "Mon, 16 May 2022 02:27:46  GMT", "Mon,  6 May 2022 02:27:46 GMT",
		"Mon, 16 May 2022 02:27:46 UTC", "Mon, 16 May 2022 02:27:46 XYZ", "Mon, 16 May 2022 02:27:46 AST",
		"Mon, 16 May 2022 02:27:46 G T", "Mon, 16 May 2022 02:27.46 GMT", "Mon, 16 May 2022 02-27:46 GMT",
		"2022-05-16 02:27:46", "2024-02-29 00:00:00", "2023-02-29 00:00:00", "2022-13-01 00:00:00",
		"2022-00-01 00:00:00", "2022-01-32 00:00:00", "2022-01-01 24:00:00", "2022-01-01 23:59:60",
		"2022-1-01 00:00:00 ", "2022/01/01 00:00:00", "2022-01-01T00:00:00", "202a-01-01 00:00:00",
		"2022-01-01 0a:00:00", "+022-01-01 00:00:00", "2022-01-01 00:00:0 ", "0900-01-01 00:00:00",
	}
	for abbr := range zones {
		dates = append(dates, "Fri, 13 Mar 2026 08:15:30 "+abbr)
	}
	return dates
}

// TestCrawlerDateMatchesLayouts proves that the fast path reads every date
// it accepts as the layouts do, and that it accepts the crawler's own.
func TestCrawlerDateMatchesLayouts(t *testing.T) {
	chicago := mustZone(t, "America/Chicago")
	for _, opts := range []Options{
		{},
		{SourceZone: time.FixedZone("CST", 8*3600)},
		{SourceZone: chicago, Zones: map[string]*time.Location{"CST": chicago, "GMT": time.FixedZone("+08:00", 8*3600), "XYZ": time.UTC}},
	} {
		for _, s := range crawlerDateCases() {
			checkCrawlerDate(t, s, opts)
		}
	}
	for _, s := range []string{"Mon, 16 May 2022 02:27:46 GMT", "2022-05-16 02:27:46", "Tue, 29 Feb 2024 12:00:00 CST"} {
		if _, ok := crawlerDate(s, Options{}); !ok {
			t.Errorf("the fast path leaves %q to the layouts", s)
		}
	}
}

// checkCrawlerDate fails when crawlerDate accepts s and reads it otherwise
// than parseDate.
func checkCrawlerDate(t *testing.T, s string, opts Options) {
	t.Helper()
	fast, ok := crawlerDate(s, opts)
	if !ok {
		return
	}
	slow, err := parseDate(s, opts)
	if err != nil || !fast.Equal(slow) || fast.Location() != time.UTC {
		t.Errorf("%q: fast path %v, layouts %v, %v", s, fast, slow, err)
	}
}

func FuzzCrawlerDate(f *testing.F) {
	for _, s := range crawlerDateCases() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkCrawlerDate(t, s, Options{})
	})
}
