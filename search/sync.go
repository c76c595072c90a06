package search

import (
	"cmp"
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"time"
)

// Entry is an article the index should hold, at a version.
type Entry struct {
	ID, Version string
}

// Progress reports a Sync.
type Progress struct {
	// Total is the number of articles to index (new or changed), Done how
	// many of them are written.
	Total, Done int
	// Deleted counts the articles removed because the archive no longer
	// has them; Failed those whose load failed (they stay unindexed, and
	// the next Sync tries them again).
	Deleted, Failed int
	// Merging is set once the articles are written, while the index is
	// merged after a build or a rebuild (see Index.Optimize): seconds per
	// 100,000 articles.
	Merging bool
}

// SyncOptions tune a Sync.
type SyncOptions struct {
	// Workers load and tokenise articles in parallel; GOMAXPROCS when
	// zero.
	Workers int
	// BatchSize is the number of articles written per transaction, 500
	// when zero. Each commit is a point a killed build resumes from.
	BatchSize int
	// Progress, when set, is called after each transaction, from the
	// goroutine that called Sync.
	Progress func(Progress)
	// OnError, when set, is told of each article that could not be
	// loaded.
	OnError func(Entry, error)
}

// Sync brings the index to the set of articles want: it deletes the
// indexed articles not in it, and loads and indexes those missing or at
// another version, in want's order (put the newest first, so that a
// search during a long first build finds recent articles). Work is
// committed in batches: a Sync that is cancelled or killed keeps what it
// wrote, and the next one does only the rest. Searches go on meanwhile.
//
// load returns the article to index for an entry; it runs on several
// goroutines at once. It should return a Doc with what it could read for
// a broken file (a warning is not a reason to leave it unsearchable), and
// an error only when the file is gone or unreadable.
func (ix *Index) Sync(ctx context.Context, want []Entry, load func(context.Context, Entry) (Doc, error), opts SyncOptions) (Progress, error) {
	var pr Progress
	todo, deletes, err := ix.diff(ctx, want)
	if err != nil {
		return pr, err
	}
	pr.Total = len(todo)
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	report := func() {
		if opts.Progress != nil {
			opts.Progress(pr)
		}
	}
	for len(deletes) > 0 {
		n := min(len(deletes), 5000)
		if _, err := ix.apply(ctx, nil, deletes[:n]); err != nil {
			return pr, err
		}
		pr.Deleted += n
		deletes = deletes[n:]
		report()
	}
	if len(todo) == 0 {
		report()
		return pr, ix.optimizeAfter(ctx, &pr, len(want), report)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := ix.load(ctx, todo, load, opts)
	batch := make([]prepared, 0, opts.BatchSize)
	last := time.Now()
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if _, err := ix.apply(ctx, batch, nil); err != nil {
			return err
		}
		pr.Done += len(batch)
		batch = batch[:0]
		last = time.Now()
		report()
		return nil
	}
	// A batch is also written when loading is slow, a second after the
	// last write ended, so that progress moves and a kill loses little.
	// Not sooner: each write is an FTS5 segment to merge later.
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case r, ok := <-results:
			if !ok {
				if err := flush(); err != nil {
					return pr, err
				}
				if err := ix.optimizeAfter(ctx, &pr, len(want), report); err != nil {
					return pr, err
				}
				return pr, ctx.Err()
			}
			if r.err != nil {
				pr.Failed++
				if opts.OnError != nil {
					opts.OnError(r.entry, r.err)
				}
				continue
			}
			batch = append(batch, r.doc)
			if len(batch) < opts.BatchSize {
				continue
			}
		case <-tick.C:
			if time.Since(last) < time.Second {
				continue
			}
		case <-ctx.Done():
			return pr, ctx.Err()
		}
		if err := flush(); err != nil {
			return pr, err
		}
	}
}

// optimizeAfter optimizes the index after a Sync that wrote or deleted a
// quarter of the articles or more, as a first build does, or a rebuild
// after an upgrade or a change of the rules; an Optimize takes a few
// seconds per 100,000 articles. After an ordinary day's articles, FTS5's
// own merges suffice.
func (ix *Index) optimizeAfter(ctx context.Context, pr *Progress, articles int, report func()) error {
	n := pr.Done + pr.Deleted
	if ctx.Err() != nil || n == 0 || n*4 < articles {
		return nil
	}
	pr.Merging = true
	report()
	defer func() { pr.Merging = false }()
	// The articles are written and committed: a merge that fails (another
	// process holding the write lock past the busy timeout) rolls back
	// and leaves the index whole, only unmerged, for FTS5's own merges.
	// It does not fail the Sync, whose caller would take the index for
	// not up to date; a cancelled one is the Sync's cancellation.
	if err := ix.Optimize(ctx); err != nil && ctx.Err() != nil {
		return err
	}
	return nil
}

// diff compares want with the index: the entries to index, in want's
// order, and the IDs to delete. It walks the index in ID order beside a
// sorted copy of want, holding no map of either.
func (ix *Index) diff(ctx context.Context, want []Entry) ([]Entry, []string, error) {
	order := make([]int, len(want))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(want[a].ID, want[b].ID) })
	stale := make([]bool, len(want))
	for i := range stale {
		stale[i] = true
	}
	var deletes []string
	j := 0
	err := ix.Indexed(ctx, func(id, version string) error {
		for j < len(order) && want[order[j]].ID < id {
			j++
		}
		if j < len(order) && want[order[j]].ID == id {
			// Duplicate IDs in want: each is compared.
			for k := j; k < len(order) && want[order[k]].ID == id; k++ {
				stale[order[k]] = want[order[k]].Version != version
			}
			return nil
		}
		deletes = append(deletes, id)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	// An ID that want holds more than once is indexed once, at its first
	// stale entry. Copies of an ID lie together in order: they are found
	// there, where a set of the IDs seen took 40 MB at 1,000,000 articles.
	for r := 0; r < len(order); {
		e := r + 1
		for e < len(order) && want[order[e]].ID == want[order[r]].ID {
			e++
		}
		if e-r > 1 {
			first := -1
			for _, i := range order[r:e] {
				if stale[i] && (first < 0 || i < first) {
					first = i
				}
			}
			for _, i := range order[r:e] {
				stale[i] = i == first
			}
		}
		r = e
	}
	var todo []Entry
	for i, e := range want {
		if stale[i] {
			todo = append(todo, e)
		}
	}
	return todo, deletes, nil
}

type loaded struct {
	entry Entry
	doc   prepared
	err   error
}

// load runs the workers that load and tokenise entries.
func (ix *Index) load(ctx context.Context, todo []Entry, load func(context.Context, Entry) (Doc, error), opts SyncOptions) <-chan loaded {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	in := make(chan Entry)
	out := make(chan loaded, 2*opts.BatchSize)
	go func() {
		defer close(in)
		for _, e := range todo {
			select {
			case in <- e:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var t tokenizer
			for e := range in {
				r := loaded{entry: e}
				d, err := load(ctx, e)
				if err == nil {
					d.ID, d.Version = e.ID, e.Version
					r.doc, err = t.prepare(d)
				}
				r.err = err
				if errors.Is(err, context.Canceled) && ctx.Err() != nil {
					return
				}
				select {
				case out <- r:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
