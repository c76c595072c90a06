package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	yaml3 "go.yaml.in/yaml/v3"
)

// readZones reads the zones setting: time-zone abbreviations and the zones
// they stand for in the dates of the archive, such as
//
//	zones:
//	  CST: "+08:00"         # an offset east of UTC
//	  IST: Asia/Kolkata     # or a zone name
//
// Abbreviations are read in capitals. An offset is fixed; a zone name
// reads a date's clock by that zone's rules on that date, summer time
// included. An error names the line of the wrong entry in src.
func readZones(set map[string]string, src []byte) (map[string]*time.Location, error) {
	abbrs := make([]string, 0, len(set))
	for k := range set {
		abbrs = append(abbrs, k)
	}
	slices.Sort(abbrs)
	zones := map[string]*time.Location{}
	for _, k := range abbrs {
		abbr := strings.ToUpper(k)
		var err error
		switch {
		case !isAbbreviation(abbr):
			err = fmt.Errorf("%q is not a zone abbreviation (one to six letters, such as CST)", k)
		case abbr == "UTC":
			err = errors.New("UTC always means UTC")
		case zones[abbr] != nil:
			err = fmt.Errorf("%s is given twice", abbr)
		default:
			zones[abbr], err = parseZone(set[k])
			if err != nil {
				err = fmt.Errorf("%s: %w", abbr, err)
			}
		}
		if err != nil {
			if line := zoneLine(src, k); line > 0 {
				return nil, fmt.Errorf("line %d: zones: %w", line, err)
			}
			return nil, fmt.Errorf("zones: %w", err)
		}
	}
	return zones, nil
}

// zoneLine finds the line of the zones entry key in the config file's
// text, or 0. yaml.v2, which reads the file, tells no positions, and
// yaml.v3, which does, misplaces its syntax errors by a line: v3 is only
// asked where an entry is, in a file that v2 has read.
func zoneLine(src []byte, key string) int {
	var doc yaml3.Node
	if yaml3.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 {
		return 0
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "zones" {
			continue
		}
		m := root.Content[i+1]
		for j := 0; j+1 < len(m.Content); j += 2 {
			if m.Content[j].Value == key {
				return m.Content[j].Line
			}
		}
	}
	return 0
}

func isAbbreviation(s string) bool {
	if len(s) == 0 || len(s) > 6 {
		return false
	}
	for _, c := range []byte(s) {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}

// maxOffset is the largest offset of a zone in use: UTC+14:00, Kiribati's.
const maxOffset = 14 * time.Hour

// parseZone reads the zone of an abbreviation: an offset east of UTC
// (+08:00, +0800 or +08) or a zone name such as Asia/Shanghai. Local is
// refused: it is the machine's zone, which the table is there to avoid.
func parseZone(s string) (*time.Location, error) {
	if s == "" {
		return nil, errors.New("no zone given: use an offset such as +08:00 or a zone name such as Asia/Shanghai")
	}
	if s[0] != '+' && s[0] != '-' {
		if s == "Local" {
			return nil, errors.New("the machine's zone (Local) differs from machine to machine; name the zone, such as Asia/Shanghai")
		}
		loc, err := time.LoadLocation(s)
		if err != nil {
			return nil, fmt.Errorf("%q is neither an offset such as +08:00 nor a zone name such as Asia/Shanghai", s)
		}
		return loc, nil
	}
	for _, layout := range []string{"-07:00", "-0700", "-07"} {
		t, err := time.ParseInLocation(layout, s, time.UTC)
		if err != nil {
			continue
		}
		_, off := t.Zone()
		d := time.Duration(off) * time.Second
		if d > maxOffset || d < -maxOffset {
			break
		}
		sign := '+'
		if d < 0 {
			sign, d = '-', -d
		}
		name := fmt.Sprintf("%c%02d:%02d", sign, int(d.Hours()), int(d.Minutes())%60)
		return time.FixedZone(name, off), nil
	}
	return nil, fmt.Errorf("%q is not an offset from -14:00 to +14:00 such as +08:00", s)
}

// zonesText shows the zones setting, or says that the built-in table is
// used as it is.
func (c *Config) zonesText() string {
	if len(c.Zones) == 0 {
		return "built-in table"
	}
	var out []string
	for abbr, loc := range c.Zones {
		out = append(out, abbr+"="+loc.String())
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}
