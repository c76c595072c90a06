package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"

	"newsreader/display"
	"newsreader/feed"
	"newsreader/store"
)

// The reader's marks: read and starred articles, the place reached in
// each, and the place the interface was left at. The model's Marks change
// at once, so that the screen follows the key; the store saves each
// change in a command, one at a time and in the order they were made, and
// its answer (the marks as saved, those of an article's other copies
// folded in) replaces them, unless a later change to the same article is
// still waiting. Without a store the marks last until the interface quits.

// viewState is which of a category's articles the list shows.
type viewState struct {
	hideRead, starredOnly bool
	// sticky holds the articles whose marks the user changed since the
	// category was chosen: a list that hides read or unstarred articles
	// keeps them until another is chosen, so that the article acted on
	// does not vanish from under the cursor (or from n and p's list).
	sticky map[*feed.Article]bool
}

// keep is the list's predicate for the view; nil keeps every article.
func (m *Model) viewKeep() func(*feed.Article) bool {
	hide, starred := m.view.hideRead, m.view.starredOnly || m.tree.onStarred()
	if !hide && !starred {
		return nil
	}
	return func(a *feed.Article) bool {
		if m.view.sticky[a] {
			return true
		}
		mk := m.marks.Of(a)
		return !(hide && mk.Read) && (!starred || mk.Starred)
	}
}

// stick keeps article a in the list until another category is chosen.
func (m *Model) stick(a *feed.Article) {
	if m.view.sticky == nil {
		m.view.sticky = map[*feed.Article]bool{}
	}
	m.view.sticky[a] = true
}

// toggleView hides or shows the read articles (hideRead), or shows only
// the starred ones or all (else).
func (m *Model) toggleView(hideRead bool) tea.Cmd {
	v := &m.view
	if hideRead {
		v.hideRead = !v.hideRead
		m.setMessage(map[bool]string{true: "read articles hidden", false: "read articles shown"}[v.hideRead], false)
	} else {
		v.starredOnly = !v.starredOnly
		m.setMessage(map[bool]string{true: "only starred articles shown", false: "all articles shown"}[v.starredOnly], false)
	}
	v.sticky = nil
	return m.listCategory()
}

// setMarks makes op's change to the marks of arts now and has the store
// save it.
func (m *Model) setMarks(arts []*feed.Article, op store.Op) tea.Cmd {
	entries := make([]store.Entry, len(arts))
	for i, a := range arts {
		mk := m.marks.Of(a)
		op.Apply(&mk)
		entries[i] = store.Entry{ID: a.ID, Path: a.Path, Mark: mk}
	}
	m.applyMarks(arts, entries)
	copies := detached(arts)
	return m.save(arts, func(st *store.Store) ([]store.Entry, error) { return st.Set(copies, op) })
}

// toggle is a mark that a key turns on and off: its ops, what the
// status line says of each, and whether a mark has it.
type toggle struct {
	on, off       store.Op
	onSaid, offed string
	has           func(store.Mark) bool
}

// The toggles of m and s.
var (
	readToggle = toggle{store.Read, store.Unread, "marked read", "marked unread", func(mk store.Mark) bool { return mk.Read }}
	starToggle = toggle{store.Star, store.Unstar, "starred", "unstarred", func(mk store.Mark) bool { return mk.Starred }}
)

// toggle turns tg's mark of article a on, or off when a has it.
func (m *Model) toggle(a *feed.Article, tg toggle) tea.Cmd {
	if a == nil {
		return nil
	}
	op, say := tg.on, tg.onSaid
	if tg.has(m.marks.Of(a)) {
		op, say = tg.off, tg.offed
	}
	m.setMessage(say, false)
	m.stick(a)
	return m.setMarks([]*feed.Article{a}, op)
}

// markOpened marks an article read as it opens.
func (m *Model) markOpened(a *feed.Article) tea.Cmd {
	if m.marks.Of(a).Read {
		return nil
	}
	m.stick(a)
	return m.setMarks([]*feed.Article{a}, store.Read)
}

// askMarkAllRead asks whether to mark the unread articles of the list
// read: the category's, or those the filter keeps.
func (m *Model) askMarkAllRead() {
	var unread []*feed.Article
	for _, a := range m.list.items {
		if !m.marks.Of(a).Read {
			unread = append(unread, a)
		}
	}
	which := "of " + m.categoryName()
	if m.filter.active() {
		which = "that match “" + m.filter.query + "”"
	}
	if len(unread) == 0 {
		m.setMessage("no unread articles "+which, false)
		return
	}
	n := display.Plural(len(unread), "unread article")
	m.ask(fmt.Sprintf("mark the %s %s read?", n, which), func() tea.Cmd {
		m.setMessage(n+" marked read", false)
		return m.setMarks(unread, store.Read)
	})
}

// nextUnread is the index of the first unread article after index from
// in the list, going on from its top after its end: -1 when every article
// is read. wrapped says that it went on from the top.
func (m *Model) nextUnread(from int) (i int, wrapped bool) {
	items := m.list.items
	for i := from + 1; i < len(items); i++ {
		if !m.marks.Of(items[i]).Read {
			return i, false
		}
	}
	for i := 0; i <= from && i < len(items); i++ {
		if !m.marks.Of(items[i]).Read {
			return i, true
		}
	}
	return -1, false
}

// toNextUnread moves the list's cursor to the next unread article after
// from, saying when it wrapped or found none; ok says that it moved.
func (m *Model) toNextUnread(from int) (ok bool) {
	i, wrapped := m.nextUnread(from)
	switch {
	case i < 0:
		m.setMessage("no unread articles left in this list", false)
		return false
	case wrapped:
		m.setMessage("no unread article below: went on from the top", false)
	}
	m.list.cursor = i
	m.list.scroll(m.layout().paneH)
	return true
}

// applyMarks applies entries to the marks and the changes they make to
// the counts of arts, the articles they are the marks of.
func (m *Model) applyMarks(arts []*feed.Article, entries []store.Entry) {
	before := make([]store.Mark, len(arts))
	for i, a := range arts {
		before[i] = m.marks.Of(a)
	}
	m.marks.Apply(entries)
	root := m.ix.Tree()
	var chain []*feed.Category
	for i, a := range arts {
		after := m.marks.Of(a)
		if after.Read == before[i].Read && after.Starred == before[i].Starred {
			continue
		}
		chain = m.chainOf(root, a.Categories, chain[:0])
		m.counts.add(chain, before[i], -1)
		m.counts.add(chain, after, 1)
	}
	m.tree.starred.Count = m.counts.starred
}

// tally counts the read articles of each category of the snapshot, the
// tree's Starred entry included, for the tree to show how many are
// unread beside its totals. Read ones are counted, not unread ones,
// because finding an article's categories in the tree is what costs,
// and most articles of a large archive are unread.
type tally struct {
	read    map[*feed.Category]int
	starred int
	star    *feed.Category // the tree's Starred entry
}

// unread is the count of unread articles at or under category c.
func (t *tally) unread(c *feed.Category) int { return c.Count - t.read[c] }

// add adds n articles with mark mk to the counts of the categories of
// chain (for a read article; nil else).
func (t *tally) add(chain []*feed.Category, mk store.Mark, n int) {
	if mk.Starred {
		t.starred += n
	}
	if !mk.Read {
		return
	}
	for _, c := range chain {
		t.read[c] += n
	}
	if mk.Starred {
		t.read[t.star] += n
	}
}

// recount counts the snapshot's read and starred articles again.
func (m *Model) recount() {
	m.counts = tally{read: map[*feed.Category]int{}, star: m.tree.starred}
	if m.marks.Len() == 0 {
		m.tree.starred.Count = 0
		return // the first start: nothing to look up
	}
	root := m.ix.Tree()
	var chain []*feed.Category
	var cats []string
	for _, a := range m.snap {
		mk := m.marks.Of(a)
		if mk.Read && (chain == nil || !slices.Equal(a.Categories, cats)) {
			chain, cats = m.chainOf(root, a.Categories, chain[:0]), a.Categories
		}
		m.counts.add(chain, mk, 1)
	}
	m.tree.starred.Count = m.counts.starred
}

// chainOf appends to buf the tree's categories from the root down to
// path, as far as the tree has them.
func (m *Model) chainOf(root *feed.Category, path []string, buf []*feed.Category) []*feed.Category {
	c := root
	buf = append(buf, c)
	for _, name := range path {
		i, ok := slices.BinarySearchFunc(c.Children, name, func(ch *feed.Category, name string) int { return strings.Compare(ch.Name, name) })
		if !ok {
			break
		}
		c = c.Children[i]
		buf = append(buf, c)
	}
	return buf
}

// detached copies articles for a command, which must not read the
// index's own: a merge of copies rewrites an article in place.
func detached(arts []*feed.Article) []*feed.Article {
	out := make([]*feed.Article, len(arts))
	for i, a := range arts {
		// Its copies and warnings are never changed in place: they
		// need no copy.
		c := *a
		out[i] = &c
	}
	return out
}

// keepPosition has the place reached in the open article saved, when its
// page shows and the place changed.
func (m *Model) keepPosition() tea.Cmd {
	r := &m.reader
	if r.art == nil || r.shown.path != r.art.Path {
		return nil
	}
	a, pos := r.art, r.position()
	mk := m.marks.Of(a)
	if mk.Position == pos {
		return nil
	}
	mk.Position = pos
	m.applyMarks([]*feed.Article{a}, []store.Entry{{ID: a.ID, Path: a.Path, Mark: mk}})
	c := detached([]*feed.Article{a})[0]
	return m.save([]*feed.Article{a}, func(st *store.Store) ([]store.Entry, error) { return st.SetPosition(c, pos) })
}

// place is where the interface was left: a category's path (starredPath
// for the Starred entry) and the ID of the article under the list's
// cursor, or open.
type place struct {
	category []string
	article  string
}

// restoreCategory puts the tree's cursor on the category of the place
// to return to, once the tree has it.
func (m *Model) restoreCategory() {
	if r := m.restore; r != nil && r.category != nil && m.tree.selectPath(r.category) {
		r.category = nil
	}
}

// restoreArticle puts the list's cursor on the article of the place to
// return to, in the middle of the pane, once the category is chosen and
// the list has the article.
func (m *Model) restoreArticle() {
	r := m.restore
	if r == nil || r.category != nil {
		return
	}
	i := slices.IndexFunc(m.list.items, func(a *feed.Article) bool { return a.ID == r.article })
	if r.article == "" || i >= 0 {
		m.restore = nil
	}
	if i < 0 {
		return
	}
	h := m.layout().paneH
	m.list.cursor = i
	m.list.offset = max(0, m.list.rowOf[i]-h/2)
	m.list.scroll(h)
	m.focus = listPane
}

// keepPlace has the place the interface is at saved, unless the place
// to return to was not found yet: quitting then must not lose it.
func (m *Model) keepPlace() tea.Cmd {
	if !m.placed || m.restore != nil {
		return nil
	}
	cat := slices.Clone(m.tree.selectedPath())
	if cat == nil {
		cat = []string{}
	}
	var id string
	if a := m.list.selected(); a != nil {
		id = a.ID
	}
	if m.screen == readerScreen && m.reader.art != nil {
		id = m.reader.art.ID
	}
	return m.save(nil, func(st *store.Store) ([]store.Entry, error) { return nil, st.SetLast(cat, id) })
}

// saveQueue is the store's changes, saved in order by one command at a
// time. The commands run on bubbletea's goroutines and finish runs after
// the program ends: a job is run by whichever claims it first.
type saveQueue struct {
	jobs []*saveJob // the first is running, or about to
	// waiting counts, by article ID, the jobs of the queue that change
	// the article's marks.
	waiting map[string]int
	warned  bool // the store's warning was shown

	mu      sync.Mutex // guards claimed and closed
	closed  bool
	running sync.WaitGroup
}

// saveJob is one change for the store to save.
type saveJob struct {
	arts    []*feed.Article // the articles it changes, as the model has them
	run     func(*store.Store) ([]store.Entry, error)
	claimed bool
}

// savedMsg is a job's answer: the entries as saved, and the store's
// warning, if it has one now.
type savedMsg struct {
	job     *saveJob
	entries []store.Entry
	err     error
	warning string
}

// save queues a change for the store and returns the command that runs
// it, or nil when another runs (it follows) or there is no store.
func (m *Model) save(arts []*feed.Article, run func(*store.Store) ([]store.Entry, error)) tea.Cmd {
	if m.store == nil {
		return nil
	}
	q := &m.saves
	if q.waiting == nil {
		q.waiting = map[string]int{}
	}
	for _, a := range arts {
		q.waiting[a.ID]++
	}
	q.jobs = append(q.jobs, &saveJob{arts: arts, run: run})
	if len(q.jobs) > 1 {
		return nil
	}
	return m.startSave()
}

// startSave returns the command that runs the queue's first job.
func (m *Model) startSave() tea.Cmd {
	q, st, job := &m.saves, m.store, m.saves.jobs[0]
	return m.crash.guard(func() tea.Msg {
		if !q.claim(job) {
			return nil
		}
		defer q.running.Done()
		entries, err := job.run(st)
		return savedMsg{job: job, entries: entries, err: err, warning: st.Warning()}
	})
}

// claim reports whether the caller is to run job: no one has, and the
// program has not ended.
func (q *saveQueue) claim(job *saveJob) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if job.claimed || q.closed {
		return false
	}
	job.claimed = true
	q.running.Add(1)
	return true
}

// saved takes a job's answer and starts the next job.
func (m *Model) saved(msg savedMsg) tea.Cmd {
	q := &m.saves
	if len(q.jobs) == 0 || q.jobs[0] != msg.job {
		return nil
	}
	q.jobs = q.jobs[1:]
	for _, a := range msg.job.arts {
		if q.waiting[a.ID]--; q.waiting[a.ID] <= 0 {
			delete(q.waiting, a.ID)
		}
	}
	if msg.err != nil {
		m.setMessage(display.Printable(msg.err.Error())+": kept until newsreader quits", true)
	} else {
		later := func(id string) bool { return q.waiting[id] > 0 }
		entries := slices.DeleteFunc(msg.entries, func(e store.Entry) bool { return later(e.ID) })
		arts := slices.DeleteFunc(slices.Clone(msg.job.arts), func(a *feed.Article) bool { return later(a.ID) })
		m.applyMarks(arts, entries)
	}
	if msg.warning != "" && !q.warned {
		q.warned = true
		m.notify([]string{msg.warning})
	}
	if len(q.jobs) == 0 {
		return nil
	}
	return m.startSave()
}

// finish saves, once the program has ended, what is not saved yet: the
// place reached in the open article, the place the interface is at, and
// the changes still queued, after the one that runs.
func (m *Model) finish() (err error) {
	if m.store == nil {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("saving the marks crashed: %v", r)
		}
	}()
	if m.screen == readerScreen {
		m.keepPosition()
	}
	m.keepPlace()
	q := &m.saves
	q.mu.Lock()
	q.closed = true
	var mine []*saveJob
	for _, job := range q.jobs {
		if !job.claimed {
			job.claimed = true
			mine = append(mine, job)
		}
	}
	q.mu.Unlock()
	q.running.Wait()
	var errs []error
	for _, job := range mine {
		if _, err := job.run(m.store); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// notify shows what the store has to say, in the status line and at the
// top of the warnings, where a text too long for the line shows whole.
func (m *Model) notify(notes []string) {
	if len(notes) == 0 {
		return
	}
	for _, n := range notes {
		m.notes = append(m.notes, display.Printable(n))
	}
	m.setMessage(display.Printable(strings.Join(notes, " · ")), true)
	m.message.more = "(" + firstKey(m.keys.Warnings) + " shows it all)"
	m.fillOverlays()
}
