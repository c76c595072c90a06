package ui

import (
	"context"
	"fmt"
	"runtime/debug"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"

	"newsreader/display"
	"newsreader/feed"
)

// scanBatchMsg carries a part of a scan's results to Update, with the
// command that waits for the next part: Update asks for one message at a
// time, so the scan never floods the event loop and key presses get
// through between batches.
type scanBatchMsg struct {
	gen   int
	batch feed.Batch
	next  tea.Cmd
}

// scanDoneMsg ends a scan.
type scanDoneMsg struct {
	gen int
	err error
}

// scanState is the progress of the current scan. Each scan has a
// generation number, so that messages of a cancelled scan are recognised
// and dropped.
type scanState struct {
	gen     int
	running bool
	cancel  context.CancelFunc
	files   int
	err     error
	// pending is the index a rescan builds; the old one stays on screen
	// until it is complete.
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

// startScan runs scan (an archive's Scan) in a goroutine and returns the
// command that delivers its first message.
func startScan(ctx context.Context, scan func(context.Context, func(feed.Batch)) error, gen int, crash *crashLog) tea.Cmd {
	// A few batches of slack keep the scan reading while Update rebuilds.
	ch := make(chan tea.Msg, 8)
	go func() {
		defer close(ch)
		var err error
		func() {
			// A panic here would kill the program without restoring the
			// terminal: it becomes the scan's error instead.
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("the scan crashed (%v); the report is in %s", r, crash.write(r, debug.Stack()))
				}
			}()
			err = scan(ctx, func(b feed.Batch) {
				select {
				case ch <- scanBatchMsg{gen: gen, batch: b}:
				case <-ctx.Done():
				}
			})
		}()
		// Once the scan is cancelled nobody listens, and the channel may be
		// full of batches that nobody will read.
		select {
		case ch <- scanDoneMsg{gen: gen, err: err}:
		case <-ctx.Done():
		}
	}()
	return listen(ch, crash)
}

// listen returns the command that waits for the scan's next message.
func listen(ch <-chan tea.Msg, crash *crashLog) tea.Cmd {
	return crash.guard(func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		if b, ok := msg.(scanBatchMsg); ok {
			b.next = listen(ch, crash)
			return b
		}
		return msg
	})
}

// rescan starts a new scan, cancelling the current one. The first scan
// fills the index on screen as it goes; a rescan builds a new one aside.
func (m *Model) rescan() tea.Cmd {
	if m.scan.cancel != nil {
		m.scan.cancel()
	}
	ctx, cancel := context.WithCancel(m.ctx)
	first := m.scan.gen == 0
	m.scan = scanState{gen: m.scan.gen + 1, running: true, cancel: cancel, every: minRefresh}
	if !first {
		m.scan.pending = feed.NewIndex()
	}
	return startScan(ctx, m.arch.Scan, m.scan.gen, m.crash)
}

// scanned handles a batch of the current scan.
func (m *Model) scanned(msg scanBatchMsg) tea.Cmd {
	if msg.gen != m.scan.gen {
		return nil
	}
	m.scan.files = msg.batch.Files
	if m.scan.pending != nil {
		m.scan.pending.AddBatch(msg.batch)
		return msg.next
	}
	m.ix.AddBatch(msg.batch)
	if time.Since(m.scan.last) < m.scan.every {
		return msg.next
	}
	return tea.Batch(msg.next, m.refreshTimed())
}

// scanEnded handles the end of the current scan.
func (m *Model) scanEnded(msg scanDoneMsg) tea.Cmd {
	if msg.gen != m.scan.gen {
		return nil
	}
	m.scan.running = false
	m.scan.cancel()
	m.scan.err = msg.err
	var reload tea.Cmd
	if m.scan.pending != nil && msg.err == nil {
		m.setMessage(rescanReport(m.ix, m.scan.pending), false)
		m.ix = m.scan.pending
		reload = m.reload()
	}
	m.scan.pending = nil
	return tea.Batch(m.refreshTimed(), reload)
}

// rescanReport says what a rescan changed: the articles none of whose
// files the old index had, and those none of whose files the new one has.
func rescanReport(old, cur *feed.Index) string {
	files := func(ix *feed.Index) map[string]bool {
		set := make(map[string]bool, ix.Len())
		for _, a := range ix.Articles() {
			for _, p := range a.Paths {
				set[p] = true
			}
		}
		return set
	}
	count := func(ix *feed.Index, in map[string]bool) int {
		n := 0
		for _, a := range ix.Articles() {
			if !slices.ContainsFunc(a.Paths, func(p string) bool { return in[p] }) {
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
