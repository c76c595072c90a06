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
	scroll := []key.Binding{as(k.Up, "line up"), as(k.Down, "line down"), as(k.Top, "top"), as(k.Bottom, "bottom"), k.PageDown, k.PageUp}
	// Over another overlay, the keys of the screens under it do not act.
	overGeneral := helpGroup{"General", []key.Binding{k.Help, k.Suspend, k.Quit}}
	switch m.under() {
	case warningsOverlay:
		return []helpGroup{
			{"Warnings", []key.Binding{
				as(k.Down, "next file"), as(k.Up, "previous file"), as(k.Top, "first file"), as(k.Bottom, "last file"),
				k.PageDown, k.PageUp, either("open its article", k.Open, k.Right),
				either("back to where they were opened", k.Back, k.Close, k.Left), as(k.Warnings, "close"),
			}},
			overGeneral,
		}
	case outputOverlay:
		return []helpGroup{
			{"Output", append(scroll, as(k.Pipe, "pipe the article again"), either("back to the article", k.Back, k.Close, k.Left))},
			overGeneral,
		}
	case linksOverlay:
		return []helpGroup{
			{"Links", []key.Binding{
				as(k.Down, "next link"), as(k.Up, "previous link"), as(k.Top, "first link"), as(k.Bottom, "last link"),
				k.PageDown, k.PageUp, either("open the link in the browser", k.Open, k.Right),
				helpOnly("3 enter", "open link 3"), helpOnly("esc", "cancel a number typed"),
				either("back to the article", k.Back, k.Close, k.Left, k.OpenLink),
			}},
			overGeneral,
		}
	}
	general := helpGroup{"General", []key.Binding{k.Help, as(k.Search, "search the archive"), k.Warnings, k.Rescan, k.Suspend, k.Quit}}
	if m.screen == searchScreen {
		return m.searchHelp(general)
	}
	if m.screen == readerScreen {
		return []helpGroup{
			{"Scroll", scroll},
			{"Article", []key.Binding{
				k.NextArticle, k.PrevArticle, as(k.NextUnread, "next unread article (marks it read)"),
				as(k.ToggleRead, "mark unread / read"), k.ToggleStar,
				k.OpenLink, helpOnly("3"+firstKey(k.OpenLink), "open link 3 ($BROWSER)"),
				k.Pipe, k.Edit, k.CopyPath, either("back to the list", k.Back, k.Close, k.Left),
			}},
			m.findHelp(),
			general,
			{"Pipe prompt", []key.Binding{
				helpOnly("enter", "run (empty: $PAGER)"), helpOnly("!cmd", "give cmd the terminal"), helpOnly("esc", "cancel"),
			}},
			m.mouseHelp(helpOnly("wheel", "scroll")),
		}
	}
	return []helpGroup{
		{"Move", []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.PageDown, k.PageUp}},
		{"Browse", []key.Binding{
			k.SwitchPane, as(k.Left, "collapse · to categories"), as(k.Right, "expand · to articles · open"),
			as(k.Open, "to articles · open"), k.NextCategory, k.PrevCategory, k.Sort, k.Edit, k.CopyPath,
		}},
		{"Marks", []key.Binding{
			as(k.ToggleRead, "mark the article read / unread"), as(k.ToggleStar, "star / unstar the article"),
			as(k.NextUnread, "to the next unread article"), k.HideRead, k.StarredOnly, as(k.MarkAllRead, "mark the list read (asks y/n)"),
		}},
		{"Filter", []key.Binding{
			as(k.Filter, "filter titles, sources, authors"), helpOnly("enter", "keep the filter"), helpOnly("esc", "clear the filter"), helpOnly("↑/↓", "move while typing"),
			as(k.Search, "search the archive's text"),
		}},
		{"General", []key.Binding{
			k.Help, k.Warnings, k.Rescan, as(k.Back, "clear the filter · back to categories"),
			as(k.Close, "the same · quit at the top"), k.Suspend, k.Quit,
		}},
		m.mouseHelp(helpOnly("wheel", "scroll the pane under it"), helpOnly("click", "select · again: open")),
	}
}

// mouseHelp is the help's mouse group: what the mouse does when the
// mouse setting lets newsreader capture it, and how text is selected
// then; otherwise how to turn it on.
func (m *Model) mouseHelp(captured ...key.Binding) helpGroup {
	if !m.cfg.Mouse {
		return helpGroup{"Mouse (off)", []key.Binding{
			helpOnly("drag", "select text, as anywhere"),
			helpOnly("--mouse", "capture wheel and clicks (mouse: true)"),
		}}
	}
	return helpGroup{"Mouse", append(captured,
		helpOnly("shift+drag", "select text (option+drag in iTerm2)"),
	)}
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
