package ui

import (
	"strings"

	"newsreader/display"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
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

// overlayKey handles a key over the help or the warnings: the key that
// opened it, back and left close it; the moves scroll.
func (m *Model) overlayKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &m.keys
	height := m.layout().bodyH
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
	return nil
}

// helpGroup is a titled column of the help.
type helpGroup struct {
	title string
	keys  []key.Binding
}

// helpOnly is a binding shown in the help but matched elsewhere, such as
// the fixed keys of an input line.
func helpOnly(keys, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys), key.WithHelp(keys, desc))
}

// helpGroups lists the keys of the screen under the help, each described
// as it acts there.
func (m *Model) helpGroups() []helpGroup {
	k := &m.keys
	if m.screen == readerScreen {
		return []helpGroup{
			{"Scroll", []key.Binding{as(k.Up, "line up"), as(k.Down, "line down"), as(k.Top, "top"), as(k.Bottom, "bottom"), k.PageDown, k.PageUp}},
			{"Article", []key.Binding{k.NextArticle, k.PrevArticle, k.Pipe, k.CopyPath, as(k.Back, "back to the list"), as(k.Left, "back to the list")}},
			{"General", []key.Binding{k.Help, k.Warnings, k.Rescan, k.Quit}},
			{"Pipe prompt", []key.Binding{helpOnly("enter", "run (empty: $PAGER)"), helpOnly("esc", "cancel")}},
		}
	}
	return []helpGroup{
		{"Move", []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.PageDown, k.PageUp}},
		{"Browse", []key.Binding{
			k.SwitchPane, as(k.Left, "collapse · to categories"), as(k.Right, "expand · to articles · open"),
			as(k.Open, "to articles · open"), k.NextCategory, k.PrevCategory, k.CopyPath,
		}},
		{"Filter", []key.Binding{
			k.Filter, helpOnly("enter", "keep the filter"), helpOnly("esc", "clear the filter"), helpOnly("↑/↓", "move while typing"),
		}},
		{"General", []key.Binding{k.Help, k.Warnings, k.Rescan, as(k.Back, "clear filter · back · quit"), k.Quit}},
		{"Mouse", []key.Binding{helpOnly("wheel", "scroll the pane under it"), helpOnly("click", "select · again: open")}},
	}
}

// helpView lays the help's groups out in as many columns as fit; a
// column wider than the window is wrapped by fillOverlay, not cut.
func (m *Model) helpView() string {
	full := m.help
	full.SetWidth(0)
	gap := "    "
	var rows, row []string
	rowW := 0
	flush := func() {
		if len(row) > 0 {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
		}
		row, rowW = nil, 0
	}
	for _, g := range m.helpGroups() {
		col := m.st.Heading.Render(g.title) + "\n" + full.FullHelpView([][]key.Binding{g.keys})
		w := lipgloss.Width(col)
		if len(row) > 0 && rowW+len(gap)+w > m.width-2 {
			flush()
		}
		if len(row) > 0 {
			row = append(row, gap)
			rowW += len(gap)
		}
		row = append(row, col)
		rowW += w
	}
	flush()
	out := strings.Join(rows, "\n\n")
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		lines[i] = " " + l
	}
	return "\n" + strings.Join(lines, "\n")
}

// fillWarnings lists the scan's warnings, one file each: its path, then
// its warnings. Paths too wide for the window lose their start, where the
// file name is not.
func (m *Model) fillWarnings() {
	ws := m.ix.Warnings()
	if len(ws) == 0 {
		m.sheet.rows = 2
		m.sheet.draw = func(i, width int) string {
			if i == 0 {
				return ""
			}
			return " " + m.st.Muted.Render(display.Truncate("The scan found nothing wrong.", width-1))
		}
		return
	}
	// A row is a warning's index, negative for the path of warning -i-1.
	rows := make([]int, 0, 2*len(ws))
	for i, w := range ws {
		if i == 0 || w.Path != ws[i-1].Path {
			rows = append(rows, -i-1)
		}
		rows = append(rows, i)
	}
	m.sheet.rows = len(rows)
	m.sheet.draw = func(i, width int) string {
		if r := rows[i]; r >= 0 {
			return "   " + m.st.Muted.Render(display.Truncate(display.Printable(ws[r].Reason), width-3))
		}
		return " " + display.TruncateLeft(display.Printable(ws[-rows[i]-1].Path), width-1)
	}
}
