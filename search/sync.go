package search

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
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
	todo, deletes, err := ix.diff(ctx, want)
	if err != nil {
		return Progress{}, err
	}
	return ix.run(ctx, todo, deletes, len(want), load, opts)
}

// Update is Sync for a known change, such as a watcher's batch: it
// indexes the entries of want that the index does not hold at their
// version, and deletes the IDs of gone that want does not name, and
// touches nothing else. It reads the index's rows of those IDs alone,
// where Sync reads every row: at 100,000 articles, Sync for one new file
// took 0.17 s of processor time, most of it that reading, and ten times
// as long at 1,000,000. An ID want holds more than once is indexed at
// its first entry. Update does not merge the index after (see
// Optimize): a change large enough to need it is a Sync's.
func (ix *Index) Update(ctx context.Context, want []Entry, gone []string, load func(context.Context, Entry) (Doc, error), opts SyncOptions) (Progress, error) {
	named := make(map[string]bool, len(want))
	var todo []Entry
	err := ix.versions(ctx, func(version func(id string) (string, bool, error)) error {
		for _, e := range want {
			if named[e.ID] {
				continue
			}
			named[e.ID] = true
			v, ok, err := version(e.ID)
			if err != nil {
				return err
			}
			if !ok || v != e.Version {
				todo = append(todo, e)
			}
		}
		return nil
	})
	if err != nil {
		return Progress{}, err
	}
	var deletes []string
	for _, id := range gone {
		if !named[id] {
			named[id] = true // once
			deletes = append(deletes, id)
		}
	}
	return ix.run(ctx, todo, deletes, -1, load, opts)
}

// versions calls fn with a lookup of the version indexed for an ID, on
// one prepared statement.
func (ix *Index) versions(ctx context.Context, fn func(version func(id string) (string, bool, error)) error) error {
	st, err := ix.db.PrepareContext(ctx, `SELECT version FROM search_ids WHERE id = ?`)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	defer st.Close()
	return fn(func(id string) (string, bool, error) {
		var v string
		err := st.QueryRowContext(ctx, id).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			return "", false, nil
		}
		if err != nil {
			return "", false, fmt.Errorf("search index: %w", err)
		}
		return v, true, nil
	})
}

// run deletes the IDs of deletes, then loads and writes the entries of
// todo, in batches; articles is the number the index holds after, for
// optimizeAfter (negative: it is not merged).
func (ix *Index) run(ctx context.Context, todo []Entry, deletes []string, articles int, load func(context.Context, Entry) (Doc, error), opts SyncOptions) (Progress, error) {
	var pr Progress
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
		return pr, ix.optimizeAfter(ctx, &pr, articles, report)
	}
	bounded := len(todo) >= boundMinArticles
	if bounded {
		bound.begin()
		defer bound.end()
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
		if bounded {
			bound.adjust()
		}
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
				if err := ix.optimizeAfter(ctx, &pr, articles, report); err != nil {
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
	if ctx.Err() != nil || n == 0 || articles < 0 || n*4 < articles {
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
