package ui

import (
	"slices"

	tea "charm.land/bubbletea/v2"

	"newsreader/feed"
)

// sortState is the list's order and the snapshot sorted in it.
//
// The index keeps its articles newest first; any other order sorts the
// snapshot, which for 100,000 articles takes seconds by title (feed's
// Order.Compare folds case at every comparison): a command does it, and
// until it answers the list stays in the order it has.
type sortState struct {
	order feed.Order
	// arts is the latest snapshot sorted in order, nil before the first
	// answer; for Newest the snapshot is used as it is.
	arts []*feed.Article
	// gen numbers the requests: only the latest one's answer is taken.
	gen int
	// busy is set while a sort runs; again when the snapshot changed
	// meanwhile and needs sorting once it answers.
	busy, again bool
}

// sortedMsg answers sort request gen.
type sortedMsg struct {
	gen  int
	arts []*feed.Article
}

// orderLabel names an order for the title bar.
func orderLabel(o feed.Order) string {
	switch o {
	case feed.Oldest:
		return "oldest first"
	case feed.ByTitle:
		return "by title"
	case feed.BySource:
		return "by source"
	}
	return "newest first"
}

// nextOrder cycles the list's order: newest, oldest, title, source.
func (m *Model) nextOrder() tea.Cmd {
	m.sort = sortState{order: m.sort.order.Next(), gen: m.sort.gen}
	if m.sort.order == feed.Newest {
		return m.listCategory()
	}
	return m.resort()
}

// resort sorts the snapshot in the list's order in a command, one at a
// time: a snapshot that changes while a sort runs is sorted when it ends.
func (m *Model) resort() tea.Cmd {
	if m.sort.order == feed.Newest {
		return nil
	}
	if m.sort.busy {
		m.sort.again = true
		return nil
	}
	m.sort.gen++
	m.sort.busy, m.sort.again = true, false
	gen, order, arts := m.sort.gen, m.sort.order, slices.Clone(m.snap)
	return m.crash.guard(func() tea.Msg {
		slices.SortFunc(arts, order.Compare)
		return sortedMsg{gen: gen, arts: arts}
	})
}

// sorted takes a sort's answer if it is the latest request's.
func (m *Model) sorted(msg sortedMsg) tea.Cmd {
	if msg.gen != m.sort.gen {
		return nil
	}
	m.sort.arts, m.sort.busy = msg.arts, false
	var again tea.Cmd
	if m.sort.again {
		again = m.resort()
	}
	return tea.Batch(again, m.listCategory())
}

// ordered is the snapshot in the order the list shows, and that order:
// the order asked for once sorted, newest first until then.
func (m *Model) ordered() ([]*feed.Article, feed.Order) {
	if m.sort.order == feed.Newest || m.sort.arts == nil {
		return m.snap, feed.Newest
	}
	return m.sort.arts, m.sort.order
}
