package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"newsreader/display"
)

// pane is a pane of the browser.
type pane int

const (
	treePane pane = iota
	listPane
)

// updateBrowser handles the browser's keys and the mouse over it.
func (m *Model) updateBrowser(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		m.wheel(msg)
		return nil
	case tea.MouseClickMsg:
		return m.click(msg)
	case tea.KeyPressMsg:
		k := &m.keys
		inTree := m.focus == treePane
		if d, ok := k.move(msg, max(1, m.layout().paneH-1)); ok {
			return m.moveCursor(d)
		}
		switch {
		case key.Matches(msg, k.SwitchPane):
			m.focus = 1 - m.focus
		case key.Matches(msg, k.Left) && inTree:
			if m.tree.collapse() {
				return m.selectCategory()
			}
			m.tree.scroll(m.layout().paneH)
		case key.Matches(msg, k.Left):
			m.focus = treePane
		case key.Matches(msg, k.Right) && inTree && m.tree.expandable():
			m.tree.expand()
		case key.Matches(msg, k.Right, k.Open) && inTree:
			m.focus = listPane
		case key.Matches(msg, k.Right, k.Open):
			if a := m.list.selected(); a != nil {
				return m.open(a)
			}
		case key.Matches(msg, k.Back):
			return m.back(false)
		case key.Matches(msg, k.Close):
			return m.back(true)
		case key.Matches(msg, k.Filter):
			m.focus = listPane
			m.filter.typing = true
			return m.prepareFilter()
		case key.Matches(msg, k.NextCategory):
			if m.tree.move(1) {
				return m.selectCategory()
			}
		case key.Matches(msg, k.PrevCategory):
			if m.tree.move(-1) {
				return m.selectCategory()
			}
		case key.Matches(msg, k.Sort):
			return m.nextOrder()
		case key.Matches(msg, k.CopyPath):
			return m.copyPath(m.list.selected())
		case key.Matches(msg, k.Edit) && !inTree:
			return m.edit(m.list.selected())
		case key.Matches(msg, k.ToggleRead, k.ToggleStar) && inTree:
			m.setMessage(firstKey(k.ToggleRead)+" and "+firstKey(k.ToggleStar)+" mark the article under the list's cursor: "+firstKey(k.SwitchPane)+" goes there", false)
		case key.Matches(msg, k.ToggleRead):
			return m.toggle(m.list.selected(), readToggle)
		case key.Matches(msg, k.ToggleStar):
			return m.toggle(m.list.selected(), starToggle)
		case key.Matches(msg, k.NextUnread):
			from := m.list.cursor
			if inTree {
				m.focus = listPane
				from-- // the article under the cursor may be the one
			}
			m.toNextUnread(from)
		case key.Matches(msg, k.HideRead):
			return m.toggleView(true)
		case key.Matches(msg, k.StarredOnly):
			return m.toggleView(false)
		case key.Matches(msg, k.MarkAllRead):
			m.askMarkAllRead()
		}
	}
	return nil
}

// moveCursor moves the focused pane's cursor by delta rows.
func (m *Model) moveCursor(delta int) tea.Cmd {
	if m.focus == treePane {
		if m.tree.move(delta) {
			return m.selectCategory()
		}
		return nil
	}
	m.list.move(delta)
	m.list.scroll(m.layout().paneH)
	return nil
}

// back goes one level back in the browser, as in newsboat and nom: it
// clears the filter, then returns from the list to the tree. At the top,
// close (q) quits and back (esc), which people press to cancel, does
// nothing.
func (m *Model) back(close bool) tea.Cmd {
	switch {
	case m.filter.active() || m.filter.input.Value() != "":
		m.filter.input.SetValue("")
		return m.refilter()
	case m.focus == listPane:
		m.focus = treePane
		return nil
	case close:
		return tea.Quit
	}
	return nil
}

// browserView renders the browser's panes: both side by side, or the
// focused one in a narrow window.
func (m *Model) browserView(lay layout) []string {
	if lay.narrow {
		if m.focus == treePane {
			return m.tree.view(lay.treeW, lay.paneH, true, &m.counts, m.st)
		}
		return m.listView(lay.listW, lay.paneH)
	}
	left := append([]string{m.paneTitle("Categories", lay.treeW, m.focus == treePane)}, m.tree.view(lay.treeW, lay.paneH, m.focus == treePane, &m.counts, m.st)...)
	right := append([]string{m.paneTitle("Articles", lay.listW, m.focus == listPane)}, m.listView(lay.listW, lay.paneH)...)
	sep := m.st.Border.Render("│")
	lines := make([]string, lay.bodyH)
	for i := range lines {
		var l, r string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		lines[i] = display.Pad(l, lay.treeW) + sep + r
	}
	return lines
}

// paneTitle is the first line of a pane side by side with the other: its
// name, highlighted across the pane when it has the focus, so that which
// pane the keys act on shows in any theme, and without colours.
func (m *Model) paneTitle(name string, width int, focused bool) string {
	if focused {
		return m.st.PaneFocused.Render(display.Fit(" "+name, width))
	}
	return m.st.PaneTitle.Render(display.Fit(" "+name, width))
}

// listView renders the article pane, or says why it is empty.
func (m *Model) listView(width, height int) []string {
	if len(m.list.items) > 0 {
		return m.list.view(width, height, m.focus == listPane, m.filter.titleMarks(&m.list, height), m.marks.Of, m.cfg.Timezone, m.st)
	}
	var why string
	switch {
	case m.filter.active():
		why = "No article matches “" + m.filter.query + "”."
	case m.scan.running && !m.scan.warm:
		why = "Scanning…"
	case m.scan.err != nil:
		why = "The archive could not be read."
	case m.tree.onStarred() && m.counts.starred == 0:
		why = "Nothing is starred: " + firstKey(m.keys.ToggleStar) + " stars the article under the cursor."
	case m.view.starredOnly:
		why = "Nothing starred here: " + firstKey(m.keys.StarredOnly) + " shows every article."
	case m.view.hideRead && len(m.snap) > 0:
		why = "Every article here is read: " + firstKey(m.keys.HideRead) + " shows them."
	default:
		why = "No articles here."
	}
	return []string{"", "  " + m.st.Muted.Render(display.Truncate(why, max(0, width-2)))}
}

// browserStatus is the status line of the browser: the scan, the sort,
// the filter.
func (m *Model) browserStatus() string {
	s := m.progress()
	if m.sort.busy && m.sort.arts == nil {
		s = "sorting " + orderLabel(m.sort.order) + "…"
	}
	if m.filter.active() {
		s = "filter “" + m.filter.query + "” · " + m.backKeys() + " clears"
	}
	return m.st.Status.Render(s)
}

// wheel scrolls the pane under the pointer without moving its cursor.
func (m *Model) wheel(msg tea.MouseWheelMsg) {
	delta := wheelDelta(msg)
	if delta == 0 {
		return
	}
	lay := m.layout()
	if m.overTree(msg.X, lay) {
		m.tree.offset = clamp(m.tree.offset+delta, 0, max(0, len(m.tree.rows)-lay.paneH))
		return
	}
	m.list.offset = clamp(m.list.offset+delta, 0, max(0, len(m.list.rows)-lay.paneH))
}

// overTree reports whether column x is in the tree pane.
func (m *Model) overTree(x int, lay layout) bool {
	if lay.narrow {
		return m.focus == treePane
	}
	return x < lay.treeW
}

// click selects the row under the pointer; a click on the selected
// article opens it, and one on a category's marker expands or collapses
// it.
func (m *Model) click(msg tea.MouseClickMsg) tea.Cmd {
	lay := m.layout()
	row := msg.Y - lay.paneTop
	if msg.Button != tea.MouseLeft || row < 0 || row >= lay.paneH {
		return nil
	}
	if m.overTree(msg.X, lay) {
		i := m.tree.offset + row
		if i >= len(m.tree.rows) {
			return nil
		}
		m.focus = treePane
		old := m.tree.selected()
		if d := m.tree.rows[i].depth; d > 0 && msg.X >= 1+2*(d-1) && msg.X < 3+2*(d-1) {
			m.tree.toggle(i)
		}
		m.tree.cursor = i
		if m.tree.selected() != old {
			return m.selectCategory()
		}
		m.tree.scroll(lay.paneH)
		return nil
	}
	r := m.list.offset + row
	if r >= len(m.list.rows) || m.list.rows[r].item < 0 {
		return nil
	}
	item := m.list.rows[r].item
	if m.focus == listPane && item == m.list.cursor {
		return m.open(m.list.items[item])
	}
	m.focus = listPane
	m.list.cursor = item
	return nil
}
