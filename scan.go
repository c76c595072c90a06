package main

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"newsreader/display"
	"newsreader/feed"
)

// index returns the archive's index, up to date: the store's, reconciled
// with the archive before it returns, or without a store a scan. It shows
// progress on a terminal when that takes a while, and reports the
// warnings of the archive's files on stderr when report is set.
func (s *session) index(ctx context.Context, report bool) (*feed.Index, error) {
	var ix *feed.Index
	var err error
	if s.st != nil {
		s.a.withProgress(func() string { return "reading the archive…" }, func() { ix, err = s.st.Index(ctx) })
		s.report()
		if storeErr := err; err != nil && ctx.Err() == nil {
			// The store failed where the archive may not: answer from
			// the archive, and say why it took longer.
			if ix, err = s.scan(ctx); err == nil {
				s.tell(fmt.Sprintf("the index of the store could not be read (%v): the archive was read instead", storeErr))
			}
		}
	} else {
		ix, err = s.scan(ctx)
	}
	if err != nil {
		return nil, s.a.archiveError(err)
	}
	if report {
		s.a.reportWarnings(ix)
	}
	return ix, nil
}

// scan indexes the archive without the store, counting the files read
// for the progress.
func (s *session) scan(ctx context.Context) (*feed.Index, error) {
	var files atomic.Int64
	var ix *feed.Index
	var err error
	status := func() string { return "scanning… " + display.Thousands(int(files.Load())) + " files" }
	s.a.withProgress(status, func() {
		ix, err = s.arch.Index(ctx, func(n int) { files.Store(int64(n)) })
	})
	return ix, err
}

// withProgress runs f, showing progress on a terminal's stderr while it
// runs for longer than half a second: the line status returns, asked
// again ten times a second.
func (a *app) withProgress(status func() string, f func()) {
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		a.showProgress(status, done)
	}()
	f()
	close(done)
	<-stopped
}

// showProgress prints the progress until done is closed.
func (a *app) showProgress(status func() string, done <-chan struct{}) {
	if !a.isTerminal(a.stderr) {
		return
	}
	f := a.stderr.(*os.File)
	select {
	case <-done:
		return
	case <-time.After(500 * time.Millisecond):
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		fmt.Fprint(f, "\r"+status()+"\x1b[K")
		select {
		case <-done:
			fmt.Fprint(f, "\r\x1b[K")
			return
		case <-tick.C:
		}
	}
}
