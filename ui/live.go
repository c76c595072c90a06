package ui

import (
	"context"
	"errors"
	"slices"

	tea "charm.land/bubbletea/v2"

	"newsreader/config"
	"newsreader/display"
	"newsreader/feed"
	"newsreader/render"
	"newsreader/store"
	"newsreader/watch"
)

// The interface follows the archive as it changes (package watch): each
// batch of the watcher is reconciled with the store in a command, and what
// the store passes on joins the index on screen the way the start's
// reconcile does, without moving the cursor off its article.
//
// Articles that arrive so count in the status line, `+N new`, until seen:
// an article is seen once its row was in the list on screen when a key
// was pressed or the mouse used (what the user had before their eyes as
// they acted), or once it is opened. Deleted ones stop counting.

// liveState is the watcher's part of the model.
type liveState struct {
	// opts tune the watcher; tests force a low watch limit or short
	// polling with them.
	opts watch.Options
	// wait returns the command that delivers the watcher's next event;
	// tests replace it, to take the events themselves.
	wait func(*watch.Watcher) tea.Cmd

	ctx    context.Context
	cancel context.CancelFunc
	w      *watch.Watcher // once started
	// waiting: a command waits for the watcher's next event; busy: a
	// batch is being reconciled. One at a time, and none while a
	// reconcile of the whole archive runs, so that the updates of the two
	// never interleave; the watcher gathers what happens meanwhile.
	waiting, busy bool
	held          *watch.Batch // a batch that came during such a reconcile
	// polling is set once a fallback to polling was said.
	polling bool
	// lost is set when the store failed a batch, whose changes the
	// watcher does not send again: the next batch checks the whole
	// archive instead.
	// Not at once: a store that keeps failing would keep the interface
	// busy.
	lost bool

	// unseen are the articles new since the start and not seen yet, by
	// the paths of their files; count is how many articles they are.
	unseen map[string]*feed.Article
	count  int
}

// liveStartedMsg says that the watcher watches, or why it does not.
type liveStartedMsg struct {
	w   *watch.Watcher
	err error
}

// liveEventMsg is one event of the watcher; ok is false once it stopped.
type liveEventMsg struct {
	ev watch.Event
	ok bool
}

// liveReconciledMsg is what the store made of a batch.
type liveReconciledMsg struct {
	updates []store.Update
	err     error
}

// watching reports whether the interface follows its archive: with a
// store to reconcile into, on an archive of the user's (the embedded demo
// never changes), unless the setting or --no-watch turned it off.
func (m *Model) watching() bool {
	return m.store != nil && m.cached && m.archDir != "" && m.cfg.Watch != config.WatchOff
}

// follow starts the reconcile of the start, and before it the watcher
// when the archive is followed: a change from the watcher's start on is in
// one of its batches, so nothing falls between the reconcile and the
// watch (see watch.Watcher.Start).
func (m *Model) follow() tea.Cmd {
	if !m.watching() {
		return m.rescan()
	}
	if m.live.wait == nil {
		m.live.wait = waitEvent
	}
	m.live.ctx, m.live.cancel = context.WithCancel(m.ctx)
	opts := m.live.opts
	opts.Poll = opts.Poll || m.cfg.Watch == config.WatchPoll
	ctx, dir := m.live.ctx, m.archDir
	return m.crash.guard(func() tea.Msg {
		w, err := watch.New(dir, opts)
		if err == nil {
			// Cancelling ctx at quit ends the watcher even if this message
			// is never taken; Close then waits for its goroutine.
			err = w.Start(ctx)
		}
		return liveStartedMsg{w: w, err: err}
	})
}

// waitEvent returns the command that waits for the watcher's next event.
func waitEvent(w *watch.Watcher) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-w.Events()
		return liveEventMsg{ev: ev, ok: ok}
	}
}

// stopLive stops the watcher, when the interface quits: its goroutines
// end, and the command waiting for its next event returns.
func (m *Model) stopLive() {
	if m.live.cancel != nil {
		m.live.cancel()
	}
	if m.live.w != nil {
		// Close fails only if closed already.
		_ = m.live.w.Close()
	}
}

// updateLive handles the watcher's messages.
func (m *Model) updateLive(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case liveStartedMsg:
		if msg.err != nil {
			if m.live.ctx.Err() == nil {
				m.notify([]string{"the archive is not followed: " + msg.err.Error() + " (r checks it again)"})
			}
			return m.rescan()
		}
		m.live.w = msg.w
		return m.rescan() // its end asks for the first event
	case liveEventMsg:
		m.live.waiting = false
		if !msg.ok {
			return nil // stopped
		}
		switch ev := msg.ev.(type) {
		case watch.Status:
			m.liveStatus(ev)
		case watch.Batch:
			if m.scan.running {
				m.live.held = &ev
				return nil
			}
			return m.reconcileBatch(ev)
		}
		return m.liveResume()
	case liveReconciledMsg:
		return m.liveApply(msg)
	}
	return nil
}

// liveStatus says how the watcher works, once each time that changes: a
// fallback to polling is a warning, kept with the others; the start of
// notifications, or polling asked for, say nothing.
func (m *Model) liveStatus(s watch.Status) {
	switch {
	case s.Err != nil:
		m.live.polling = true
		m.notify([]string{"following the archive: " + s.String()})
	case s.Mode == watch.Notify && m.live.polling:
		m.live.polling = false
		m.setMessage("following the archive: "+s.String(), false)
	}
}

// liveResume asks for the watcher's next event, or reconciles the batch
// held back, when nothing else runs.
func (m *Model) liveResume() tea.Cmd {
	l := &m.live
	if l.w == nil || l.waiting || l.busy || m.scan.running || l.ctx.Err() != nil {
		return nil
	}
	if b := l.held; b != nil {
		l.held = nil
		return m.reconcileBatch(*b)
	}
	l.waiting = true
	return l.wait(l.w)
}

// reconcileBatch brings the store up to date with a batch, in a command,
// and gathers what it passes on: a batch is what changed within a second
// at most, applied at once.
func (m *Model) reconcileBatch(b watch.Batch) tea.Cmd {
	m.live.busy = true
	if m.live.lost {
		m.live.lost = false
		b = watch.Batch{Rescan: true}
	}
	st, ctx := m.store, m.live.ctx
	return m.crash.guard(func() tea.Msg {
		var msg liveReconciledMsg
		_, msg.err = st.ReconcileBatch(ctx, b, func(u store.Update) { msg.updates = append(msg.updates, u) })
		return msg
	})
}

// liveApply applies what the store made of a batch, as the reconcile of
// the start does, and counts the articles it brings.
func (m *Model) liveApply(msg liveReconciledMsg) tea.Cmd {
	m.live.busy = false
	if msg.err != nil && !errors.Is(msg.err, context.Canceled) {
		m.live.lost = true
		m.setMessage("following the archive: "+display.Printable(msg.err.Error())+" (the next change checks it all)", true)
	}
	var cmds []tea.Cmd
	if len(msg.updates) > 0 {
		m.countNew(msg.updates)
		for _, u := range msg.updates {
			cmds = append(cmds, m.apply(u.Changes, u.Marks))
		}
		cmds = append(cmds, m.followMoved())
		// The index on screen is complete: what comes joins the list
		// without moving the cursor, also after a first start.
		m.scan.warm = true
		// What came is searchable too, as the next search expects.
		changes := make([]feed.Changes, len(msg.updates))
		for i, u := range msg.updates {
			changes[i] = u.Changes
		}
		cmds = append(cmds, m.refreshTimed(), m.indexChanges(changes))
	}
	if m.scan.again {
		// r came while the batch was reconciled.
		cmds = append(cmds, m.rescan())
	}
	return tea.Batch(append(cmds, m.liveResume())...)
}

// countNew notes the articles of a batch that the index has not, before
// it applies them: not the copy of an article it has, nor a file renamed
// or rewritten with its title and date, nor one that was new and unseen
// already; an unseen one renamed or rewritten stays unseen. The article
// open in the reader, rewritten, reloads before the user's eyes: seen.
// Files gone stop counting.
func (m *Model) countNew(updates []store.Update) {
	l := &m.live
	if l.unseen == nil {
		l.unseen = map[string]*feed.Article{}
	}
	arts := m.ix.Articles()
	was := map[string]bool{}
	moved := map[newKey]bool{} // unseen ones whose files went
	for _, u := range updates {
		for _, r := range u.Removed {
			if a, ok := l.unseen[r.Path]; ok {
				was[r.Path] = true
				moved[keyOf(a)] = true
				delete(l.unseen, r.Path)
			}
		}
	}
	open := ""
	if m.screen == readerScreen {
		open = m.reader.art.Path
	}
	for _, u := range updates {
		for _, a := range u.Articles {
			if a.Path != open && (was[a.Path] || moved[keyOf(a)] || copyIn(arts, a) == nil) {
				l.unseen[a.Path] = a
			}
		}
	}
	m.recountNew()
}

// copyIn returns the article of arts, in the Newest order, of a's title
// and date, which the index takes for a copy of a; nil when none is.
func copyIn(arts []*feed.Article, a *feed.Article) *feed.Article {
	i, _ := slices.BinarySearchFunc(arts, &feed.Article{Date: a.Date, DateEstimated: a.DateEstimated}, feed.Newest.Compare)
	for ; i < len(arts) && arts[i].DateEstimated == a.DateEstimated && arts[i].Date.Equal(a.Date); i++ {
		if arts[i].Title == a.Title {
			return arts[i]
		}
	}
	return nil
}

// newKey is what makes articles copies of one another.
type newKey struct {
	title string
	date  int64
}

func keyOf(a *feed.Article) newKey { return newKey{a.Title, a.Date.UnixNano()} }

// recountNew counts the unseen articles, copies once.
func (m *Model) recountNew() {
	keys := make(map[newKey]bool, len(m.live.unseen))
	for _, a := range m.live.unseen {
		keys[keyOf(a)] = true
	}
	m.live.count = len(keys)
}

// forgetNew stops counting the new articles whose files an update takes
// away, as a rescan (r) finds them before the watcher does: its batch
// then changes nothing in the store, and passes nothing on to countNew.
// A file the update brings again is new still.
func (m *Model) forgetNew(ch feed.Changes) {
	l := &m.live
	if len(l.unseen) == 0 || len(ch.Removed) == 0 {
		return
	}
	back := make(map[string]*feed.Article, len(ch.Articles))
	for _, a := range ch.Articles {
		back[a.Path] = a
	}
	for _, r := range ch.Removed {
		if _, ok := l.unseen[r.Path]; !ok {
			continue
		}
		if a, ok := back[r.Path]; ok {
			l.unseen[r.Path] = a
		} else {
			delete(l.unseen, r.Path)
		}
	}
	m.recountNew()
}

// seeNew notes that the articles new and shown are seen, as a key press
// or the mouse comes: the rows of the list on screen, and the article
// open in the reader. The search screen and the overlays hide the list.
func (m *Model) seeNew(msg tea.Msg) {
	if len(m.live.unseen) == 0 {
		return
	}
	switch msg.(type) {
	case tea.KeyPressMsg, tea.MouseWheelMsg, tea.MouseClickMsg:
	default:
		return
	}
	var seen []*feed.Article
	lay := m.layout()
	switch {
	case m.top() != noOverlay, m.screen == searchScreen:
	case m.screen == readerScreen:
		seen = append(seen, m.reader.art)
	case !lay.narrow || m.focus == listPane:
		for r := m.list.offset; r < len(m.list.rows) && r < m.list.offset+lay.paneH; r++ {
			if i := m.list.rows[r].item; i >= 0 {
				seen = append(seen, m.list.items[i])
			}
		}
	}
	n := len(m.live.unseen)
	for _, a := range seen {
		for _, p := range a.Paths() {
			delete(m.live.unseen, p)
		}
		delete(m.live.unseen, a.Path)
	}
	if len(m.live.unseen) != n {
		m.recountNew()
	}
}

// newText is the status line's count of new articles, "" when none.
func (m *Model) newText() string {
	if m.live.count == 0 {
		return ""
	}
	return " " + m.st.Status.Render("+"+display.Thousands(m.live.count)+" new")
}

// followMoved keeps the reader on the open article when its file went
// because it was renamed or moved: the index has a file of the same
// title and date, which a batch or a rescan brought, maybe in a part
// before the one that took the old file away. The page stays until the
// new file's renders, at the same place.
func (m *Model) followMoved() tea.Cmd {
	r := &m.reader
	if m.screen != readerScreen || !r.gone {
		return nil
	}
	a := copyIn(m.ix.Articles(), r.art)
	if a == nil {
		return nil
	}
	r.gone = false
	r.art = a
	r.shown = pageKey{path: a.Path} // keep the page until the new one
	return m.rerender()
}

// keepGone keeps what was loaded of the open article, whose file is gone:
// its document stays for renders at other widths, and the reader says so.
func (m *Model) keepGone(doc *render.Document) {
	m.reader.gone = true
	if doc != nil {
		m.docs.put(m.reader.art.Path, doc)
	}
}

// goneText is what the reader says of an article whose file is gone.
const goneText = "file deleted · showing what was loaded"
