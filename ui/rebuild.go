package ui

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"newsreader/feed"
)

// rebuildMsg asks for the second half of a refresh.
type rebuildMsg struct{}

// refresh starts rebuilding the panes from the index: it takes the
// snapshot, and the tree and list follow in a second message, so that a
// key pressed meanwhile waits for half the work only.
func (m *Model) refresh() tea.Cmd {
	m.snap = slices.Clone(m.ix.Articles())
	m.warnCount = len(m.ix.Warnings())
	return tea.Batch(func() tea.Msg { return rebuildMsg{} }, m.resort())
}

// rebuild rebuilds the tree and the list, keeping the selections, and
// counts the unread articles again.
func (m *Model) rebuild() tea.Cmd {
	m.tree.setRoot(m.ix.Tree())
	m.recount()
	m.restoreCategory()
	m.tree.scroll(m.layout().paneH)
	m.fillOverlays()
	return m.listCategory()
}

// listCategory fills the list with the selected category's articles, as
// the view shows them (all, unread, starred).
func (m *Model) listCategory() tea.Cmd {
	var srcs []string
	path := m.tree.selectedPath()
	if c := m.tree.selected(); c != nil && !m.tree.onStarred() {
		srcs = sources(c)
	}
	if m.tree.onStarred() {
		path = nil
	}
	snap, order := m.ordered()
	arts := snap
	if keep := m.viewKeep(); len(path) > 0 || keep != nil {
		arts = nil
		for _, a := range snap {
			if feed.HasPrefix(a.Categories, path) && (keep == nil || keep(a)) {
				arts = append(arts, a)
			}
		}
	}
	if m.tree.onStarred() {
		srcs = sourcesOf(arts)
	}
	m.list.setAll(arts, srcs, order)
	m.showList()
	m.restoreArticle()
	if m.filter.active() {
		return m.refilter()
	}
	return nil
}

// selectCategory follows a move of the tree's cursor: the list shows the
// new category from its top.
func (m *Model) selectCategory() tea.Cmd {
	m.tree.scroll(m.layout().paneH)
	m.list.cursor, m.list.offset = 0, 0
	m.list.items = m.list.items[:0]
	m.view.sticky = nil
	return m.listCategory()
}

// showList applies the filter to the list. The cursor stays on its
// article, except at the top of a list that a first scan filled (or
// fills): there it stays on the newest. Under the reader, it is on the
// article open.
func (m *Model) showList() {
	pinned := m.screen == readerScreen || m.scan.warm
	m.list.show(m.filter.keep(), m.now(), m.cfg.Timezone, pinned)
	if m.screen == readerScreen && !m.reader.fromSearch {
		// On the article open, on its line, also when its file was
		// renamed: show knows it by its old path.
		if i := m.listIndex(m.reader.art); i >= 0 && i != m.list.cursor {
			line := m.list.rowOf[m.list.cursor] - m.list.offset
			m.list.cursor = i
			m.list.offset = max(0, m.list.rowOf[i]-line)
		}
	}
	m.list.scroll(m.layout().paneH)
}
