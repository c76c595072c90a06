package ui

import (
	"charm.land/bubbles/v2/help"
	glamourstyles "charm.land/glamour/v2/styles"
	"charm.land/lipgloss/v2"

	"newsreader/render"
)

// styles are the looks of every screen for one theme.
type styles struct {
	App       lipgloss.Style // the program's name in the title bar
	Title     lipgloss.Style // the title bar's text
	Muted     lipgloss.Style // secondary text: counts, times, sources
	Heading   lipgloss.Style // day headings of the list
	Selected  lipgloss.Style // the cursor's row in the focused pane
	Unfocused lipgloss.Style // the cursor's row in the other pane
	// PaneFocused and PaneTitle are the titles of the focused pane and of
	// the other, side by side.
	PaneFocused, PaneTitle lipgloss.Style
	Match                  lipgloss.Style // characters that matched the filter
	// Read dims the rows of read articles, and of categories read
	// through: an attribute, which shows without colours too.
	Read    lipgloss.Style
	Border  lipgloss.Style // the rule between panes
	Warning lipgloss.Style // the warnings count and error messages
	Status  lipgloss.Style // the status line
	Help    help.Styles
}

// cursor is the style of the cursor's row in a pane, focused or not.
func (st styles) cursor(focused bool) lipgloss.Style {
	if focused {
		return st.Selected
	}
	return st.Unfocused
}

// newStyles returns the styles for a dark or light background. With
// noColor set (NO_COLOR), they use only attributes such as reverse video,
// so that the selection still shows.
func newStyles(isDark, noColor bool) styles {
	if noColor {
		plain := lipgloss.NewStyle()
		h := help.Styles{}
		h.FullKey, h.ShortKey = plain.Bold(true), plain.Bold(true)
		return styles{
			App:         plain.Bold(true).Reverse(true).Padding(0, 1),
			Title:       plain.Bold(true),
			Muted:       plain,
			Heading:     plain.Bold(true).Underline(true),
			Selected:    plain.Reverse(true),
			Unfocused:   plain.Underline(true),
			PaneFocused: plain.Bold(true).Reverse(true),
			PaneTitle:   plain,
			Match:       plain.Bold(true).Underline(true),
			Read:        plain.Faint(true),
			Border:      plain,
			Warning:     plain.Bold(true),
			Status:      plain,
			Help:        h,
		}
	}
	c := lipgloss.LightDark(isDark)
	accent := c(lipgloss.Color("#8E3BEA"), lipgloss.Color("#B98CFF"))
	muted := c(lipgloss.Color("#767676"), lipgloss.Color("#8A8A8A"))
	plain := lipgloss.NewStyle()
	return styles{
		App:      plain.Bold(true).Foreground(lipgloss.Color("#FFFDF5")).Background(lipgloss.Color("#6B4FD8")).Padding(0, 1),
		Title:    plain.Bold(true),
		Muted:    plain.Foreground(muted),
		Heading:  plain.Bold(true).Foreground(accent),
		Selected: plain.Foreground(c(lipgloss.Color("#1A1A1A"), lipgloss.Color("#FFFFFF"))).Background(c(lipgloss.Color("#D9CCFF"), lipgloss.Color("#4B3A8C"))),
		// Grey enough to see on white: the cursor of the other pane still
		// tells where the list is.
		Unfocused:   plain.Foreground(c(lipgloss.Color("#1A1A1A"), lipgloss.Color("#E4E4E4"))).Background(c(lipgloss.Color("#D4D4D4"), lipgloss.Color("#3A3A3A"))),
		PaneFocused: plain.Bold(true).Foreground(lipgloss.Color("#FFFDF5")).Background(lipgloss.Color("#6B4FD8")),
		PaneTitle:   plain.Foreground(muted),
		Match:       plain.Bold(true).Underline(true).Foreground(c(lipgloss.Color("#C2185B"), lipgloss.Color("#FF87D7"))),
		// Faint alone: on the muted colour, faint text would be too dim to
		// read on a dark background.
		Read:    plain.Faint(true),
		Border:  plain.Foreground(c(lipgloss.Color("#D0D0D0"), lipgloss.Color("#3A3A3A"))),
		Warning: plain.Foreground(c(lipgloss.Color("#B35C00"), lipgloss.Color("#FFB86C"))),
		Status:  plain.Foreground(muted),
		Help:    help.DefaultStyles(isDark),
	}
}

// setTheme sets the colours for a dark or light background.
func (m *Model) setTheme(dark bool) {
	m.dark = dark
	m.st = newStyles(dark, m.noColor)
	m.help.Styles = m.st.Help
	m.reader.spin.Style = m.st.Heading
	for _, in := range []*lineInput{&m.prompt, &m.filter.input, &m.reader.find.input, &m.searching.input} {
		in.promptStyle, in.placeholderStyle = m.st.Heading, m.st.Muted
	}
}

// articleStyles maps the style setting to the glamour styles the reader
// may use: "auto" follows the terminal's background, and NO_COLOR turns
// the built-in colour styles into notty, as the show command does.
func articleStyles(setting string, noColor bool) []string {
	_, builtin := glamourstyles.DefaultStyles[setting]
	switch {
	case noColor && (setting == render.StyleAuto || builtin):
		return []string{glamourstyles.NoTTYStyle}
	case setting == render.StyleAuto:
		return []string{glamourstyles.DarkStyle, glamourstyles.LightStyle}
	}
	return []string{setting}
}

// loadStyles loads the styles the reader may use, so that a bad style
// file is reported at start-up.
func loadStyles(setting string, noColor bool) (map[string]*render.Style, error) {
	out := map[string]*render.Style{}
	for _, name := range articleStyles(setting, noColor) {
		st, err := render.LoadStyle(name)
		if err != nil {
			return nil, err
		}
		out[name] = st
	}
	return out, nil
}

// articleStyle is the style articles render in now.
func (m *Model) articleStyle() string {
	names := articleStyles(m.cfg.Style, m.noColor)
	if len(names) == 2 && !m.dark {
		return names[1]
	}
	return names[0]
}
