package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// styles are the looks of every screen for one theme.
type styles struct {
	App       lipgloss.Style // the program's name in the title bar
	Title     lipgloss.Style // the title bar's text
	Muted     lipgloss.Style // secondary text: counts, times, sources
	Heading   lipgloss.Style // day headings of the list
	Selected  lipgloss.Style // the cursor's row in the focused pane
	Unfocused lipgloss.Style // the cursor's row in the other pane
	Match     lipgloss.Style // characters that matched the filter
	Border    lipgloss.Style // the rule between panes
	Warning   lipgloss.Style // the warnings count and error messages
	Status    lipgloss.Style // the status line
	Help      help.Styles
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
			App:       plain.Bold(true).Reverse(true).Padding(0, 1),
			Title:     plain.Bold(true),
			Muted:     plain,
			Heading:   plain.Bold(true).Underline(true),
			Selected:  plain.Reverse(true),
			Unfocused: plain.Underline(true),
			Match:     plain.Bold(true).Underline(true),
			Border:    plain,
			Warning:   plain.Bold(true),
			Status:    plain,
			Help:      h,
		}
	}
	c := lipgloss.LightDark(isDark)
	accent := c(lipgloss.Color("#8E3BEA"), lipgloss.Color("#B98CFF"))
	muted := c(lipgloss.Color("#767676"), lipgloss.Color("#8A8A8A"))
	plain := lipgloss.NewStyle()
	return styles{
		App:       plain.Bold(true).Foreground(lipgloss.Color("#FFFDF5")).Background(lipgloss.Color("#6B4FD8")).Padding(0, 1),
		Title:     plain.Bold(true),
		Muted:     plain.Foreground(muted),
		Heading:   plain.Bold(true).Foreground(accent),
		Selected:  plain.Foreground(c(lipgloss.Color("#1A1A1A"), lipgloss.Color("#FFFFFF"))).Background(c(lipgloss.Color("#D9CCFF"), lipgloss.Color("#4B3A8C"))),
		Unfocused: plain.Background(c(lipgloss.Color("#ECECEC"), lipgloss.Color("#303030"))),
		Match:     plain.Bold(true).Underline(true).Foreground(c(lipgloss.Color("#C2185B"), lipgloss.Color("#FF87D7"))),
		Border:    plain.Foreground(c(lipgloss.Color("#D0D0D0"), lipgloss.Color("#3A3A3A"))),
		Warning:   plain.Foreground(c(lipgloss.Color("#B35C00"), lipgloss.Color("#FFB86C"))),
		Status:    plain.Foreground(muted),
		Help:      help.DefaultStyles(isDark),
	}
}
