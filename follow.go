package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"newsreader/config"
	"newsreader/display"
	"newsreader/feed"
	"newsreader/store"
	"newsreader/watch"
)

// followOptions tune the watcher of list --follow: tests shorten its
// waits and lower its limit of watches.
var followOptions watch.Options

// followReady is called once the listing is printed, or left out, and
// the watcher started: tests of --only-new, which prints nothing then,
// know when a file they write is new.
var followReady = func() {}

// follower is list --follow: after the listing, it prints the articles
// that arrive, batch by batch as the watcher sends them, each batch in
// the listing's order and flushed at once, until ctx ends or the output
// is closed. Every batch also goes into the store, so that the next start
// is warm.
//
// What it prints, of the articles that pass the listing's filters
// (--category, --since, --until, --unread, --starred; not --limit, which
// caps the listing only, as tail -n does): an article whose file is new
// to the archive, and one whose file is rewritten so that its row or JSON
// line changes (a correction, or a file read half written), again under
// the same ID: a script that keeps articles by id has the last version,
// and one that notifies skips the ids it has seen. A new copy of an
// article already there (same title and date) is the same story, and
// prints nothing; so do deleted files, files renamed or moved inside the
// archive, and files still empty.
type follower struct {
	a *app
	s *session
	w *watch.Watcher
	// stopPipe ends the catching of SIGPIPE.
	stopPipe func()

	f      *listFlags
	filter feed.Filter // the listing's, without its limit or order
	order  feed.Order
	ix     *feed.Index // up to date with the batches applied so far
	// known is the article of every file of ix, by path, as last read
	// (or the merged article it is a copy of): a file read that is not
	// among them is new, and one rewritten is printed again when what it
	// says differs.
	known map[string]*feed.Article
	// degraded is set while the watcher's last status had an error: the
	// status that ends it is told too.
	degraded bool
	// failed is the error of the last batch that failed, told once.
	failed string
}

// startFollow starts watching the archive for list --follow, before the
// listing is read, so that nothing written in between is missed. It
// fails when the archive cannot be followed: the embedded demo, watching
// turned off, or no store to reconcile with.
func (a *app) startFollow(ctx context.Context, s *session) (*follower, error) {
	cfg := s.cfg
	switch {
	case cfg.Archive == "":
		return nil, usageError{errors.New("--follow: the embedded demo archive never changes, so it cannot be followed; name an archive with --archive")}
	case cfg.Watch == config.WatchOff:
		return nil, usageError{fmt.Errorf("--follow: watching the archive is turned off %s", watchOff(cfg))}
	case s.st == nil:
		return nil, fmt.Errorf("--follow: the store cannot be opened: %w", s.storeErr)
	}
	opts := followOptions
	opts.Poll = opts.Poll || cfg.Watch == config.WatchPoll
	w, err := watch.New(cfg.Archive, opts)
	if err != nil {
		return nil, a.archiveError(err)
	}
	if err := w.Start(ctx); err != nil {
		_ = w.Close()
		return nil, a.archiveError(err)
	}
	// A write to a closed pipe then fails with EPIPE, which ends the
	// follow cleanly (the watcher closed, the store too), instead of the
	// signal killing the process.
	pipe := make(chan os.Signal, 1)
	signal.Notify(pipe, syscall.SIGPIPE)
	return &follower{a: a, s: s, w: w, stopPipe: func() { signal.Stop(pipe) }}, nil
}

// watchOff says what turned watching off, and how to turn it on.
func watchOff(cfg *config.Config) string {
	switch o := cfg.Origin("watch"); {
	case strings.HasPrefix(o, config.FromFlag):
		return "by --no-watch"
	case o == config.FromFile:
		return "by watch: false in " + cfg.File + "; set it to true (or poll)"
	}
	return "by the watch setting"
}

// close stops the watcher.
func (fw *follower) close() {
	_ = fw.w.Close()
	fw.stopPipe()
}

// run prints the listing arts, selected from ix by f and filter with the
// marks ms, then follows the archive until ctx ends (its error) or the
// output's reader goes away (nil).
func (fw *follower) run(ctx context.Context, f *listFlags, filter feed.Filter, ix *feed.Index, arts []*feed.Article, ms *store.Marks) error {
	fw.f, fw.ix = f, ix
	p := f.printer(fw.a, fw.s.cfg.Timezone)
	fw.order = filter.Order
	filter.Order, filter.Limit = feed.Newest, 0
	fw.filter = filter
	if !f.onlyNew {
		if err := p.print(ctx, arts, ms); err != nil {
			return closedOutput(err)
		}
	}
	followReady()
	fw.known = make(map[string]*feed.Article, ix.Files())
	for _, a := range ix.Articles() {
		for _, path := range a.Paths() {
			fw.known[path] = a
		}
	}
	done := make(chan struct{})
	defer close(done)
	gone := outputGone(p.w, done)
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-gone:
			return nil
		case ev, ok := <-fw.w.Events():
			if !ok {
				// The watcher stops only with ctx.
				return ctx.Err()
			}
			switch ev := ev.(type) {
			case watch.Status:
				fw.tell(ev)
			case watch.Batch:
				if err := fw.batch(ctx, ev); err != nil {
					return closedOutput(err)
				}
			}
		}
	}
}

// tell says on stderr how the watcher works when that is worth saying:
// it fell back to polling, or the archive's folder went away, and then
// when that ends. The watcher sends a status only when it changes, so
// each is said once.
func (fw *follower) tell(st watch.Status) {
	if st.Err == nil && !fw.degraded {
		return
	}
	fw.degraded = st.Err != nil
	fmt.Fprintln(fw.a.stderr, "newsreader: list --follow: "+display.Printable(st.String()))
}

// batch brings the store and the index up to date with one batch of the
// watcher and prints what it brought.
func (fw *follower) batch(ctx context.Context, b watch.Batch) error {
	var ups []store.Update
	_, err := fw.s.st.ReconcileBatch(ctx, b, func(u store.Update) { ups = append(ups, u) })
	if ctx.Err() != nil {
		return ctx.Err()
	}
	fw.s.report()
	if err != nil {
		// The archive's folder away for a while, a file that cannot be
		// read: a follow runs for days and goes on, with what was saved
		// before the failure (the updates passed on), and the watcher
		// asks for a whole reconcile when its folder is back. Each
		// failure is said once, not at every batch.
		if msg := display.Printable(err.Error()); msg != fw.failed {
			fw.failed = msg
			fmt.Fprintln(fw.a.stderr, "newsreader: list --follow:", msg)
		}
	} else {
		fw.failed = ""
	}
	// A file read is new, rewritten (its path removed and read again),
	// or another copy of an article that a removal touched, which comes
	// back unchanged. A new file that says what a file gone in the same
	// batch said is that file renamed or moved: no news either.
	removed := map[string]bool{}
	for _, u := range ups {
		for _, r := range u.Removed {
			removed[r.Path] = true
		}
	}
	read := map[string]bool{}
	for _, u := range ups {
		for _, a := range u.Articles {
			read[a.Path] = true
		}
	}
	type story struct {
		title string
		date  int64
	}
	gone := map[story][]*feed.Article{}
	for p := range removed {
		if old := fw.known[p]; old != nil && !read[p] {
			k := story{old.Title, old.Date.UnixNano()}
			gone[k] = append(gone[k], old)
		}
	}
	moved := func(a *feed.Article) bool {
		return slices.ContainsFunc(gone[story{a.Title, a.Date.UnixNano()}], func(old *feed.Article) bool { return sameArticle(old, a) })
	}
	fresh := map[*feed.Article]bool{}
	for _, u := range ups {
		for _, a := range u.Articles {
			old, ok := fw.known[a.Path]
			if ok && removed[a.Path] && !sameArticle(old, a) || !ok && !moved(a) {
				fresh[a] = true
			}
		}
	}
	for path := range removed {
		delete(fw.known, path)
	}
	for _, u := range ups {
		fw.ix.Apply(u.Changes)
		for _, a := range u.Articles {
			fw.known[a.Path] = a
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	var ms *store.Marks
	if fw.f.json || fw.f.unread || fw.f.starred {
		var err error
		if ms, err = fw.s.marks(); err != nil {
			return err
		}
	}
	// The filters are the listing's own, over the whole index: an article
	// merged into another that was there is not among them, and the
	// category matches as the listing's did.
	var arts []*feed.Article
	for _, a := range fw.f.selectFrom(fw.ix, fw.filter, ms) {
		if fresh[a] && !fw.empty(a) {
			arts = append(arts, a)
		}
	}
	slices.SortStableFunc(arts, fw.order.Compare)
	for _, a := range arts {
		fw.a.reportArticleWarnings(a)
	}
	// Asked again at each batch: a terminal may have been resized.
	return fw.f.printer(fw.a, fw.s.cfg.Timezone).print(ctx, arts, ms)
}

// sameArticle reports whether a file rewritten as b says what it said as
// a: the fields of a listing's row and JSON line but for the copies.
// Many a rewrite changes nothing (a crawler saving again, a copy whose
// times change), and the same article printed again is noise.
func sameArticle(a, b *feed.Article) bool {
	return a.Title == b.Title && slices.Equal(a.Categories, b.Categories) &&
		a.Date.Equal(b.Date) && a.DateEstimated == b.DateEstimated &&
		a.Author == b.Author && a.Thumbnail == b.Thumbnail && slices.Equal(a.Warnings(), b.Warnings())
}

// empty reports whether the file of a is empty now: created and not
// written yet, as a crawler or cp may leave it for a moment, which the
// watcher's wait for quiet does not always outlast on a busy machine. It
// is printed once written, as a rewrite that changes what it says.
func (fw *follower) empty(a *feed.Article) bool {
	fi, err := os.Stat(filepath.Join(fw.s.cfg.Archive, filepath.FromSlash(a.Path)))
	return err == nil && fi.Size() == 0
}

// closedOutput is nil for the error of a write to an output that was
// closed, the end of a follow as much as an interrupt is: a pipe whose
// reader left (head, a script that is done).
func closedOutput(err error) error {
	if errors.Is(err, syscall.EPIPE) || errors.Is(err, io.ErrClosedPipe) || errors.Is(err, os.ErrClosed) {
		return nil
	}
	return err
}
