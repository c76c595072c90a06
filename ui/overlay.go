package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
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

// showOverlay opens the help or the warnings over the current screen.
func (m *Model) showOverlay(o overlay) {
	m.overlay = o
	m.fillOverlay()
	m.sheet.offset = 0
}

// fillOverlay sets the overlay's text, keeping its place.
func (m *Model) fillOverlay() {
	switch m.overlay {
	case helpOverlay:
		lines := strings.Split(ansi.Wrap(m.helpView(), m.width, "/"), "\n")
		m.sheet.rows = len(lines)
		m.sheet.draw = func(i, _ int) string { return lines[i] }
	case warningsOverlay:
		m.fillWarnings()
	}
	m.sheet.scroll(0, m.layout().bodyH)
}

// updateOverlay handles the keys and the mouse wheel over the help or
// the warnings: the key that opened it, back and left close it; the moves
// and the wheel scroll.
func (m *Model) updateOverlay(msg tea.Msg) tea.Cmd {
	k := &m.keys
	height := m.layout().bodyH
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		if d := wheelDelta(msg); d != 0 {
			m.sheet.scroll(d, height)
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, k.Back, k.Left),
			m.overlay == helpOverlay && key.Matches(msg, k.Help),
			m.overlay == warningsOverlay && key.Matches(msg, k.Warnings):
			m.overlay = noOverlay
		case key.Matches(msg, k.Help):
			m.showOverlay(helpOverlay)
		case key.Matches(msg, k.Warnings):
			m.showOverlay(warningsOverlay)
		default:
			if d, ok := k.move(msg, height); ok {
				m.sheet.scroll(d, height)
			}
		}
	}
	return nil
}
