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

// scan indexes the archive, showing progress on a terminal when it takes
// a while, and reports the warnings on stderr.
func (a *app) scan(ctx context.Context, arch *feed.Archive) (*feed.Index, error) {
	return a.scanWith(ctx, arch, true)
}

// scanWith indexes the archive with progress, reporting the warnings when
// report is set.
func (a *app) scanWith(ctx context.Context, arch *feed.Archive, report bool) (*feed.Index, error) {
	var files atomic.Int64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		a.showProgress(&files, done)
	}()
	ix, err := arch.Index(ctx, func(n int) { files.Store(int64(n)) })
	close(done)
	<-stopped
	if err != nil {
		return nil, a.archiveError(err)
	}
	if report {
		a.reportWarnings(ix)
	}
	return ix, nil
}

// showProgress prints the count of files read to a terminal's stderr
// while a scan runs for longer than half a second.
func (a *app) showProgress(files *atomic.Int64, done <-chan struct{}) {
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
		fmt.Fprintf(f, "\rscanning… %s files", display.Thousands(int(files.Load())))
		select {
		case <-done:
			fmt.Fprint(f, "\r\x1b[K")
			return
		case <-tick.C:
		}
	}
}
