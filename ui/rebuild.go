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

// rebuild rebuilds the tree and the list, keeping the selections.
func (m *Model) rebuild() tea.Cmd {
	m.tree.setRoot(m.ix.Tree())
	m.tree.scroll(m.layout().paneH)
	m.fillOverlays()
	return m.listCategory()
}

// listCategory fills the list with the selected category's articles.
func (m *Model) listCategory() tea.Cmd {
	var srcs []string
	if c := m.tree.selected(); c != nil {
		srcs = sources(c)
	}
	snap, order := m.ordered()
	arts := snap
	if path := m.tree.selectedPath(); len(path) > 0 {
		arts = nil
		for _, a := range snap {
			if feed.HasPrefix(a.Categories, path) {
				arts = append(arts, a)
			}
		}
	}
	m.list.setAll(arts, srcs, order)
	m.showList()
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
	return m.listCategory()
}

// showList applies the filter to the list.
func (m *Model) showList() {
	m.list.show(m.filter.keep(), m.now(), m.cfg.Timezone, m.screen == readerScreen)
	m.list.scroll(m.layout().paneH)
}
