package ui

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"newsreader/display"
	"newsreader/feed"
	"newsreader/render"
	"newsreader/store"
)

// scanBatchMsg carries a part of a scan's or a reconcile's results to
// Update, with the command that waits for the next part: Update asks for
// one message at a time, so the scan never floods the event loop and key
// presses get through between batches.
type scanBatchMsg struct {
	gen     int
	changes feed.Changes
	// marks are the marks that followed renamed files (a reconcile's).
	marks []store.Entry
	next  tea.Cmd
}

// scanDoneMsg ends a scan.
type scanDoneMsg struct {
	gen int
	sum store.Summary // a reconcile's
	err error
}

// scanState is the progress of the current scan, or of the reconcile of
// the store's index with the archive. Each has a generation number, so
// that messages of a cancelled one are recognised and dropped.
type scanState struct {
	gen     int
	running bool
	cancel  context.CancelFunc
	// warm is set when the index on screen was complete as the scan
	// started: what it finds joins the list without moving the cursor.
	warm bool
	// asked is set for a scan the user asked for (r), which always says
	// what it found; again when r came while a reconcile ran, which is
	// never cancelled (the store has saved what it passed on, and would
	// not pass it on again): another follows it.
	asked, again bool
	files        int
	err          error
	// seen is what a reconcile changed, for its report.
	seen changeCount
	// pending is the index a rescan without a store builds; the old one
	// stays on screen until it is complete.
	pending *feed.Index

	// Rebuilding the tree and list costs O(articles); while batches
	// arrive it happens at most once per every, which adapts to that cost
	// so that rebuilding takes a small share of the time. cost is the
	// time the first half of the current rebuild took.
	last  time.Time
	every time.Duration
	cost  time.Duration
}

// Bounds of the interval between rebuilds during a scan.
const (
	minRefresh = 100 * time.Millisecond
	maxRefresh = 2 * time.Second
)

// scanFunc is a scan or a reconcile, run in a goroutine: it passes its
// results to send, one part at a time.
type scanFunc func(ctx context.Context, send func(feed.Changes, []store.Entry)) (store.Summary, error)

// startScan runs scan in a goroutine and returns the command that
// delivers its first message.
func startScan(ctx context.Context, scan scanFunc, gen int, crash *crashLog) tea.Cmd {
	// A few batches of slack keep the scan reading while Update rebuilds.
	ch := make(chan tea.Msg, 8)
	var sum store.Summary
	return aside(ctx, ch, crash, "the scan", func() error {
		var err error
		sum, err = scan(ctx, func(c feed.Changes, marks []store.Entry) {
			select {
			case ch <- scanBatchMsg{gen: gen, changes: c, marks: marks}:
			case <-ctx.Done():
			}
		})
		return err
	}, func(err error) tea.Msg { return scanDoneMsg{gen: gen, sum: sum, err: err} })
}

// aside runs work in a goroutine, which sends its messages on ch, and
// returns the command that delivers them one at a time (see listen), then
// done's message of work's error. A panic in work would kill the program
// without restoring the terminal: it becomes the error, naming what
// crashed and the report.
func aside(ctx context.Context, ch chan tea.Msg, crash *crashLog, what string, work func() error, done func(error) tea.Msg) tea.Cmd {
	go func() {
		defer close(ch)
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("%s crashed (%v); the report is in %s", what, r, crash.write(r, debug.Stack()))
				}
			}()
			err = work()
		}()
		// Once work is cancelled nobody listens, and the channel may be
		// full of messages that nobody will read.
		select {
		case ch <- done(err):
		case <-ctx.Done():
		}
	}()
	return listen(ch, crash)
}

// chained is a message that carries the command waiting for the next
// message of its channel.
type chained interface {
	chain(next tea.Cmd) tea.Msg
}

func (b scanBatchMsg) chain(next tea.Cmd) tea.Msg {
	b.next = next
	return b
}

// listen returns the command that waits for the scan's next message.
func listen(ch <-chan tea.Msg, crash *crashLog) tea.Cmd {
	return crash.guard(func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		if c, ok := msg.(chained); ok {
			return c.chain(listen(ch, crash))
		}
		return msg
	})
}

// loadedMsg is what the store held at start: the index as last seen,
// the marks, the place the interface was left at, and what the store
// has to say (its notices and warning).
type loadedMsg struct {
	ix      *feed.Index
	ixErr   error
	marks   *store.Marks
	last    place
	err     error // reading the marks or the place
	notices []string
	warning string
}

// load reads the store's index, marks and last place in a command: what
// startLoad began before the program started, else a reading of its own.
func (m *Model) load() tea.Cmd {
	pre := m.preloaded
	m.preloaded = nil
	st, ctx, crash := m.store, m.ctx, m.crash
	return crash.guard(func() tea.Msg {
		if pre == nil {
			pre = startLoad(ctx, st)
		}
		r := <-pre
		if r.crashed != nil {
			// A panic in the index's reading becomes the load's error:
			// the archive is scanned instead. Any other ends the program
			// here, where bubbletea restores the terminal.
			path := crash.write(r.crashed.value, r.crashed.stack)
			if !r.inIndex {
				panic(r.crashed.value)
			}
			r.msg.ixErr = fmt.Errorf("reading the index crashed (%v); the report is in %s", r.crashed.value, path)
		}
		return r.msg
	})
}

// preload is what startLoad read, or the panic that stopped it.
type preload struct {
	msg     loadedMsg
	crashed *panicked
	inIndex bool // the panic was in Load
}

// panicked is a recovered panic and where it happened.
type panicked struct {
	value any
	stack []byte
}

// startLoad reads the store's index, marks and last place in the
// background, the index and the marks at once (neither touches the
// archive). Run starts it before it makes the model, whose styles and
// rules took a tenth of the first frame's wait at 100,000 articles, and
// before the program sets up the terminal.
func startLoad(ctx context.Context, st *store.Store) <-chan preload {
	out := make(chan preload, 1)
	go func() {
		var r preload
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer func() {
				if v := recover(); v != nil {
					r.crashed, r.inIndex = &panicked{v, debug.Stack()}, true
				}
			}()
			r.msg.ix, r.msg.ixErr = st.Load(ctx)
		}()
		defer func() {
			v := recover()
			var stack []byte
			if v != nil {
				stack = debug.Stack()
			}
			<-done
			if v != nil {
				r.crashed, r.inIndex = &panicked{v, stack}, false
			}
			out <- r
		}()
		var errs []error
		var err error
		if r.msg.marks, err = st.Marks(); err != nil {
			errs = append(errs, err)
		}
		if r.msg.last.category, r.msg.last.article, err = st.Last(); err != nil {
			errs = append(errs, err)
		}
		<-done
		r.msg.err = errors.Join(errs...)
		r.msg.notices, r.msg.warning = st.Notices(), st.Warning()
	}()
	return out
}

// loaded draws the first frame from what the store held, on the place
// the interface was left at, and starts the reconcile. An index that
// cannot be read leaves the archive to be scanned; marks that cannot be
// read leave none, kept in memory.
func (m *Model) loaded(msg loadedMsg) tea.Cmd {
	var problems []string
	if msg.marks != nil {
		m.marks = msg.marks
	}
	if msg.err != nil {
		problems = append(problems, msg.err.Error())
	}
	if msg.ixErr != nil {
		m.cached = false
		problems = append(problems, msg.ixErr.Error()+": reading the archive instead")
	} else {
		m.ix = msg.ix
	}
	m.placed = true
	if msg.last.category != nil || msg.last.article != "" {
		m.restore = &msg.last
	}
	notes := append(msg.notices, problems...)
	if msg.warning != "" {
		m.saves.warned = true
		notes = append(notes, msg.warning)
	}
	m.notify(notes)
	m.snap = slices.Clone(m.ix.Articles())
	m.warnCount = len(m.ix.Warnings())
	// At once, not in two halves as during a scan: nobody types yet.
	return tea.Batch(m.rebuild(), m.resort(), m.follow())
}

// rescan brings the index up to date with the archive, as r asks. With
// the store, it reconciles: the changes join the index on screen as they
// are found. Without, it scans: the first scan fills the index on screen
// as it goes, a rescan builds a new one aside and cancels the current.
func (m *Model) rescan() tea.Cmd {
	// Nor is a watcher's batch (live.go), whose updates would mix.
	if m.cached && (m.scan.running || m.live.busy) {
		m.scan.again = true
		m.setMessage("the archive is being checked: another rescan follows", false)
		return nil
	}
	if m.scan.cancel != nil {
		m.scan.cancel()
	}
	ctx, cancel := context.WithCancel(m.ctx)
	first := m.scan.gen == 0
	m.scan = scanState{gen: m.scan.gen + 1, running: true, cancel: cancel, every: minRefresh, warm: !first || m.ix.Files() > 0, asked: !first}
	var scan scanFunc
	if st := m.store; m.cached {
		scan = func(ctx context.Context, send func(feed.Changes, []store.Entry)) (store.Summary, error) {
			return st.Reconcile(ctx, func(u store.Update) { send(u.Changes, u.Marks) })
		}
	} else {
		if !first {
			m.scan.pending = feed.NewIndex()
		}
		arch := m.arch
		scan = func(ctx context.Context, send func(feed.Changes, []store.Entry)) (store.Summary, error) {
			return store.Summary{}, arch.Scan(ctx, func(b feed.Batch) { send(feed.Changes{Batch: b}, nil) })
		}
	}
	return startScan(ctx, scan, m.scan.gen, m.crash)
}

// scanned handles a batch of the current scan.
func (m *Model) scanned(msg scanBatchMsg) tea.Cmd {
	if msg.gen != m.scan.gen {
		return nil
	}
	m.scan.files = msg.changes.Files
	if m.scan.pending != nil {
		m.scan.pending.Apply(msg.changes)
		return msg.next
	}
	if m.scan.warm {
		m.scan.seen.count(m.ix, msg.changes)
	}
	reload := m.apply(msg.changes, msg.marks)
	if reload == nil && time.Since(m.scan.last) < m.scan.every {
		return msg.next
	}
	return tea.Batch(msg.next, reload, m.refreshTimed())
}

// apply applies a reconcile's update to the marks and the index, and
// forgets what it makes stale.
func (m *Model) apply(ch feed.Changes, marks []store.Entry) tea.Cmd {
	m.marks.Apply(marks)
	m.ix.Apply(ch)
	m.forgetNew(ch)
	return m.forgetChanged(ch.Removed)
}

// forgetChanged forgets the pages rendered of files that a reconcile
// found changed or gone, and shows the open article again, at its place,
// when its file was rewritten.
func (m *Model) forgetChanged(removed []feed.Removed) tea.Cmd {
	if len(removed) == 0 {
		return nil
	}
	m.forgets++
	gone := make(map[string]bool, len(removed))
	for _, r := range removed {
		gone[r.Path] = true
	}
	open := m.screen == readerScreen && gone[m.reader.art.Path]
	var doc *render.Document
	if open {
		doc, _ = m.docs.peek(m.reader.art.Path)
	}
	m.docs.remove(func(p string) bool { return gone[p] })
	m.pages.remove(func(k pageKey) bool { return gone[k.path] })
	if !open {
		return nil
	}
	a, err := m.ix.Lookup(m.reader.art.Path)
	if err != nil {
		m.keepGone(doc)
		return nil
	}
	m.reader.gone = false
	m.reader.art = a
	m.reader.shown = pageKey{path: a.Path} // keep the page until the new one
	return m.rerender()
}

// scanEnded handles the end of the current scan.
func (m *Model) scanEnded(msg scanDoneMsg) tea.Cmd {
	if msg.gen != m.scan.gen {
		return nil
	}
	m.scan.running = false
	m.scan.cancel()
	m.scan.err = msg.err
	m.restore = nil // what the scan did not find is gone
	var reload tea.Cmd
	switch {
	case m.scan.pending != nil && msg.err == nil:
		m.setMessage(rescanReport(m.ix, m.scan.pending), false)
		m.ix = m.scan.pending
		reload = m.reload()
	case msg.err == nil && m.scan.warm && (m.scan.asked || m.scan.seen.changed()):
		m.setMessage(m.scan.seen.report(m.scan.asked), false)
	}
	m.scan.pending = nil
	var again tea.Cmd
	if m.scan.again {
		again = m.rescan()
	}
	var index tea.Cmd
	if msg.err == nil && !m.scan.again {
		index = m.indexSearch()
	}
	return tea.Batch(m.refreshTimed(), reload, m.followMoved(), again, index, m.liveResume())
}

// changeCount counts the article files that a reconcile of a warm index
// added and removed. The store reads again a file whose times it cannot
// trust, which is then removed and added as if rewritten: its counts
// are of files the index had not and has not any more.
type changeCount struct {
	had         map[string]bool // the files of the index before
	added, gone map[string]bool
}

// count counts changes before the index applies them.
func (c *changeCount) count(ix *feed.Index, ch feed.Changes) {
	if len(ch.Removed) == 0 && len(ch.Articles) == 0 {
		return
	}
	if c.had == nil {
		c.had, c.added, c.gone = map[string]bool{}, map[string]bool{}, map[string]bool{}
		for _, a := range ix.Articles() {
			for _, p := range a.Paths() {
				c.had[p] = true
			}
		}
	}
	for _, r := range ch.Removed {
		if c.had[r.Path] {
			c.gone[r.Path] = true
		}
		delete(c.added, r.Path)
	}
	for _, a := range ch.Articles {
		if c.had[a.Path] {
			delete(c.gone, a.Path)
		} else {
			c.added[a.Path] = true
		}
	}
}

// changed reports whether files came or went.
func (c *changeCount) changed() bool { return len(c.added)+len(c.gone) > 0 }

// report says what changed, as a rescan without a store says it: asked
// is set for a rescan, else it is the start's reconcile.
func (c *changeCount) report(asked bool) string {
	what := "rescanned"
	if !asked {
		what = "since the last start"
	}
	return fmt.Sprintf("%s: %s new, %s removed", what, display.Thousands(len(c.added)), display.Thousands(len(c.gone)))
}

// rescanReport says what a rescan changed: the articles none of whose
// files the old index had, and those none of whose files the new one has.
func rescanReport(old, cur *feed.Index) string {
	files := func(ix *feed.Index) map[string]bool {
		set := make(map[string]bool, ix.Len())
		for _, a := range ix.Articles() {
			for _, p := range a.Paths() {
				set[p] = true
			}
		}
		return set
	}
	count := func(ix *feed.Index, in map[string]bool) int {
		n := 0
		for _, a := range ix.Articles() {
			if !slices.ContainsFunc(a.Paths(), func(p string) bool { return in[p] }) {
				n++
			}
		}
		return n
	}
	added, removed := count(cur, files(old)), count(old, files(cur))
	return fmt.Sprintf("rescanned: %s new, %s removed", display.Thousands(added), display.Thousands(removed))
}

// reload forgets the documents and pages rendered before a rescan, since
// their files may have changed, and renders the open article again from
// its file, keeping its page on screen until then.
func (m *Model) reload() tea.Cmd {
	m.forgets++
	m.docs.clear()
	m.pages.clear()
	if m.screen != readerScreen {
		return nil
	}
	if a, err := m.ix.Lookup(m.reader.art.Path); err == nil {
		m.reader.art = a
	}
	// The same path, so that showPage keeps the page, but no longer the
	// key of a page in the cache.
	m.reader.shown = pageKey{path: m.reader.shown.path}
	return m.rerender()
}

// refreshTimed starts rebuilding the panes, timing it.
func (m *Model) refreshTimed() tea.Cmd {
	start := time.Now()
	cmd := m.refresh()
	m.scan.last = time.Now()
	m.scan.cost = m.scan.last.Sub(start)
	return cmd
}

// rebuildTimed finishes rebuilding the panes and sets when the next
// rebuild during the scan may happen: five times what this one cost.
func (m *Model) rebuildTimed() tea.Cmd {
	start := time.Now()
	cmd := m.rebuild()
	m.scan.every = min(max(5*(m.scan.cost+time.Since(start)), minRefresh), maxRefresh)
	return cmd
}

// progress describes the scan: running, failed or done.
func (m *Model) progress() string {
	switch {
	case m.scan.running && m.scan.pending != nil:
		return fmt.Sprintf("rescanning… %s files", display.Thousands(m.scan.files))
	case m.scan.running && m.scan.warm && m.cached:
		return display.Plural(m.ix.Len(), "article") + " · checking the archive for changes…"
	case m.scan.running:
		return fmt.Sprintf("scanning… %s files", display.Thousands(m.scan.files))
	case m.scan.err != nil:
		return "scan failed: " + display.Printable(m.scan.err.Error())
	case m.articlesHere:
		// Else the demo would show without a word, to someone who started
		// newsreader among their own articles.
		return "demo archive shown · to read the articles of this folder: newsreader --archive ."
	}
	return fmt.Sprintf("%s in %s · %s", display.Plural(m.ix.Len(), "article"), display.Plural(m.ix.Files(), "file"), display.Printable(m.arch.Name()))
}
