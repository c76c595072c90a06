package store

import (
	"context"
	"slices"

	"newsreader/feed"
	"newsreader/watch"
)

// ReconcileBatch brings the store's index up to date with one batch of a
// watcher of the archive (package watch), as Reconcile does with the whole
// archive, and passes the changes to fn the same way: Updates that,
// applied in order (Index.Apply, Marks.Apply) to an index that was up to
// date before the batch, make it the archive's. It stats only the paths
// of the batch, lists only folders new to the store, reads only the files
// new or changed, and saves only the folders they are in; a batch with
// Rescan set is a Reconcile. Marks of files renamed or moved within the
// batch follow them, as in Reconcile. For the demo it does nothing.
//
// The caller takes batches in the order they come and reconciles one at
// a time: the watcher gathers what happens meanwhile into the next one.
// A batch that names a file the store already has as it is on disk
// changes nothing and passes nothing on.
func (s *Store) ReconcileBatch(ctx context.Context, b watch.Batch, fn func(Update)) (Summary, error) {
	if b.Rescan {
		return s.Reconcile(ctx, fn)
	}
	// Every path is stat'ed: what a file is now tells whether it changed
	// or went, whichever list of the batch it is in.
	t := feed.Touched{Files: slices.Concat(b.Changed, b.Removed), Dirs: b.RemovedDirs}
	return s.reconcileLocked(ctx, fn, func(ctx context.Context, known map[string]*feed.Folder, fn func(feed.FolderUpdate)) (int, error) {
		if err := s.arch.ReconcileTouched(ctx, known, t, fn); err != nil {
			return 0, err
		}
		return s.filesNow(), nil
	})
}
