package ui

import (
	"image/color"
	"math"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
)

// sgrCodes lists the parameters of the SGR sequences in s.
func sgrCodes(s string) []string {
	var codes []string
	for _, m := range regexp.MustCompile(`\x1b\[([0-9;:]*)m`).FindAllStringSubmatch(s, -1) {
		codes = append(codes, strings.Split(m[1], ";")...)
	}
	return codes
}

// marked reports whether s is drawn with a background colour or in
// reverse video.
func marked(s string) bool {
	for _, c := range sgrCodes(s) {
		if c == "7" || c == "48" {
			return true
		}
	}
	return false
}

// TestFocusShows: side by side, the focused pane's title is highlighted
// and the other's is not, in both themes, under NO_COLOR and on a dumb
// terminal, where reverse video does it; the cursor's row shows in both
// panes.
func TestFocusShows(t *testing.T) {
	for _, tt := range []struct {
		name, theme string
		env         map[string]string
		colour      bool
	}{
		{"dark", "dark", map[string]string{"TERM": "xterm-256color"}, true},
		{"light", "light", map[string]string{"TERM": "xterm-256color"}, true},
		{"NO_COLOR", "dark", map[string]string{"TERM": "xterm-256color", "NO_COLOR": "1"}, false},
		{"TERM=dumb", "light", map[string]string{"TERM": "dumb"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := testConfig(t, writeArchive(t, fixtures))
			cfg.Theme = tt.theme
			m := newUnsized(t, cfg, func(k string) string { return tt.env[k] })
			send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
			scan(t, m)
			for _, focus := range []pane{treePane, listPane} {
				screen := strings.Split(m.View().Content, "\n")
				tree, list, _ := strings.Cut(screen[1], "│")
				if marked(tree) != (focus == treePane) || marked(list) != (focus == listPane) {
					t.Errorf("focus on pane %d: titles %q", focus, screen[1])
				}
				// Row 2 holds both cursors: All in the tree, Today's heading
				// and then the first article in the list.
				treeRow, _, _ := strings.Cut(screen[2], "│")
				_, listRow, _ := strings.Cut(screen[3], "│")
				if len(sgrCodes(treeRow)) == 0 || len(sgrCodes(listRow)) == 0 {
					t.Errorf("focus on pane %d: a cursor does not show: %q, %q", focus, treeRow, listRow)
				}
				if colour := regexp.MustCompile(`\x1b\[[0-9;]*[34]8;`).MatchString(m.View().Content); colour != tt.colour {
					t.Errorf("colours: %v, want %v", colour, tt.colour)
				}
				press(t, m, "tab")
			}
		})
	}
}

// luminance is a colour's relative luminance, as WCAG defines it.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG contrast ratio of two colours, from 1 to 21.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// TestSelectionLegible: in both themes each cursor's row stands out from
// the terminal's background, and its text reads on it.
func TestSelectionLegible(t *testing.T) {
	for _, dark := range []bool{true, false} {
		bg := color.Color(color.White)
		if dark {
			bg = color.Black
		}
		st := newStyles(dark, false)
		for name, s := range map[string]lipgloss.Style{"selected": st.Selected, "unfocused": st.Unfocused, "pane title": st.PaneFocused} {
			if c := contrast(s.GetBackground(), bg); c < 1.4 {
				t.Errorf("dark %v: the %s row's background has a contrast of %.2f with the terminal's", dark, name, c)
			}
			if c := contrast(s.GetForeground(), s.GetBackground()); c < 4.5 {
				t.Errorf("dark %v: the %s row's text has a contrast of %.2f with its background", dark, name, c)
			}
		}
	}
}

func TestDumbTerminalKeepsAttributes(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	if p, ok := forcedProfile(env(map[string]string{"TERM": "dumb"})); !ok || p != colorprofile.ASCII {
		t.Errorf("TERM=dumb: profile %v, %v; want ASCII, which keeps reverse video", p, ok)
	}
	if _, ok := forcedProfile(env(map[string]string{"TERM": "xterm-256color", "NO_COLOR": "1"})); ok {
		t.Error("a profile forced on a terminal that bubbletea detects")
	}
}
