package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
)

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
