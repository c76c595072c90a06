package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// overlay is a screen shown over the browser or the reader, which comes
// back when it closes. Overlays stack: the help opened over the warnings
// closes back to them.
type overlay int

const (
	noOverlay overlay = iota
	helpOverlay
	warningsOverlay
	outputOverlay
	linksOverlay
)

// sheet is the text of an overlay, one screen line a row. Only the rows on
// screen are drawn, at the window's width: an archive with 100,000
// warnings opens and scrolls them as fast as ten.
type sheet struct {
	rows   int
	draw   func(i, width int) string
	offset int // the first row on screen
}

// scroll moves the sheet by delta rows, within the rows that fill height
// lines.
func (s *sheet) scroll(delta, height int) {
	s.offset = clamp(s.offset+delta, 0, max(0, s.rows-height))
}

// view draws the rows on screen, height lines of width cells at most.
func (s *sheet) view(width, height int) []string {
	lines := make([]string, 0, height)
	for i := s.offset; i < s.rows && len(lines) < height; i++ {
		lines = append(lines, s.draw(i, width))
	}
	return lines
}

// top is the overlay on screen, noOverlay when none is.
func (m *Model) top() overlay {
	if len(m.overlays) == 0 {
		return noOverlay
	}
	return m.overlays[len(m.overlays)-1]
}

// under is the overlay under the one on screen, noOverlay when it covers
// a screen.
func (m *Model) under() overlay {
	if len(m.overlays) < 2 {
		return noOverlay
	}
	return m.overlays[len(m.overlays)-2]
}

// sheetOf is the text of overlay o.
func (m *Model) sheetOf(o overlay) *sheet {
	switch o {
	case warningsOverlay:
		return &m.warnings.sheet
	case outputOverlay:
		return &m.output.sheet
	case linksOverlay:
		return &m.links.sheet
	}
	return &m.helpSheet
}

// showOverlay opens overlay o over what is on screen, from its top. An
// overlay already open closes down to it instead of opening twice.
func (m *Model) showOverlay(o overlay) {
	if i := slices.Index(m.overlays, o); i >= 0 {
		m.overlays = m.overlays[:i+1]
		return
	}
	m.overlays = append(m.overlays, o)
	m.fillOverlay(o)
	m.sheetOf(o).offset = 0
}

// closeOverlay closes the overlay on screen.
func (m *Model) closeOverlay() tea.Cmd {
	o := m.top()
	m.overlays = m.overlays[:len(m.overlays)-1]
	if o == warningsOverlay && len(m.overlays) == 0 {
		return m.leaveWarnings()
	}
	return nil
}

// fillOverlays sets the text of every open overlay for the window's
// width and the index, keeping their places.
func (m *Model) fillOverlays() {
	for _, o := range m.overlays {
		m.fillOverlay(o)
	}
}

// fillOverlay sets overlay o's text, keeping its place.
func (m *Model) fillOverlay(o overlay) {
	s := m.sheetOf(o)
	switch o {
	case helpOverlay:
		lines := strings.Split(ansi.Wrap(m.helpView(), m.width, "/"), "\n")
		s.rows = len(lines)
		s.draw = func(i, _ int) string { return lines[i] }
	case warningsOverlay:
		m.fillWarnings()
	case outputOverlay:
		m.fillOutput()
	case linksOverlay:
		m.fillLinks()
	}
	s.scroll(0, m.layout().bodyH)
}

// updateOverlay handles the keys and the mouse wheel over an overlay:
// the key that opened it, back, close and left close it, the moves and
// the wheel scroll, and the overlay's own keys do what they do there.
func (m *Model) updateOverlay(msg tea.Msg) tea.Cmd {
	k := &m.keys
	height := m.layout().bodyH
	o := m.top()
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		if d := wheelDelta(msg); d != 0 {
			m.sheetOf(o).scroll(d, height)
		}
	case tea.KeyPressMsg:
		if o == linksOverlay {
			if cmd, ok := m.updateLinks(msg, height); ok {
				return cmd
			}
		}
		switch {
		case key.Matches(msg, k.Back, k.Close, k.Left),
			o == helpOverlay && key.Matches(msg, k.Help),
			o == warningsOverlay && key.Matches(msg, k.Warnings):
			return m.closeOverlay()
		case key.Matches(msg, k.Help):
			m.showOverlay(helpOverlay)
		case key.Matches(msg, k.Warnings):
			if o == helpOverlay && m.under() == noOverlay {
				m.overlays = m.overlays[:0] // the warnings replace the help
			}
			m.openWarnings()
		case o == warningsOverlay:
			return m.updateWarnings(msg, height)
		case o == outputOverlay:
			return m.updateOutput(msg, height)
		default:
			if d, ok := k.move(msg, height); ok {
				m.sheetOf(o).scroll(d, height)
			}
		}
	}
	return nil
}

// overlayTitle is the title bar's text for the overlay on screen.
func (m *Model) overlayTitle() string {
	switch m.top() {
	case warningsOverlay:
		return m.warningsTitle()
	case outputOverlay:
		return m.outputTitle()
	case linksOverlay:
		return m.linksTitle()
	}
	return m.st.Title.Render("Help")
}

// overlayStatus is the status line's text for the overlay on screen.
func (m *Model) overlayStatus() string {
	k := &m.keys
	switch m.top() {
	case warningsOverlay:
		return m.warningsStatus()
	case outputOverlay:
		return m.outputStatus()
	case linksOverlay:
		return m.linksStatus()
	}
	return m.help.ShortHelpView([]key.Binding{hint("close", k.Back, k.Close), hint("scroll", k.Up, k.Down)})
}
