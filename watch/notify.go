package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"

	"newsreader/display"
	"newsreader/feed"
)

// notifier is the watcher's state while the system notifies it of changes.
type notifier struct {
	fsw  *fsnotify.Watcher
	dirs map[string]fs.FileInfo // folders watched, to tell one from another of the same name
	// What happened since the last batch: files with events, by when the
	// first and the last came, and folders removed.
	pend        map[string]pending
	gone        map[string]struct{}
	first, last time.Time // of all the above; first is zero when there is none
}

type pending struct{ first, last time.Time }

// startNotify watches every folder of the archive, or says why it cannot.
func (w *Watcher) startNotify(ctx context.Context) error {
	if fsys := remoteFS(w.root); fsys != "" {
		return fmt.Errorf("%w: the archive is on %s, which does not tell of changes made by other machines", ErrUnsupported, fsys)
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		if isLimit(err) {
			return limitError(err)
		}
		return fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	w.poll = nil
	w.notify = &notifier{
		fsw:  fsw,
		dirs: map[string]fs.FileInfo{},
		pend: map[string]pending{},
		gone: map[string]struct{}{},
	}
	if err := w.addTree(ctx, ".", false); err != nil {
		w.stopNotify()
		return err
	}
	return nil
}

// stopNotify releases every watch, for other programs of the user, and
// forgets the changes not sent yet: whoever stops notifications makes up
// for them.
func (w *Watcher) stopNotify() {
	if w.notify == nil {
		return
	}
	// Close fails only when the inotify descriptor is closed already:
	// nothing is left to release.
	_ = w.notify.fsw.Close()
	w.notify = nil
	w.debounce.Stop()
}

// addTree watches the folder rel and every folder under it. It watches a
// folder before it lists it: a file written in between then has an event,
// while listing first would miss it. report says to send the files found,
// for a folder that appeared after the start; the caller's scan has the
// others. The error is ErrWatchLimit's, ctx's, or ErrUnsupported's when
// the archive's folder itself cannot be watched; another folder that
// cannot be (it vanished, it is unreadable) is skipped, as the scan skips
// it.
func (w *Watcher) addTree(ctx context.Context, rel string, report bool) error {
	n := w.notify
	if _, ok := n.dirs[rel]; ok {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	abs := w.abs(rel)
	fi, ok := w.folderInfo(rel, abs)
	if !ok {
		return nil
	}
	if w.opts.MaxWatches > 0 && len(n.dirs) >= w.opts.MaxWatches {
		return fmt.Errorf("%w: the limit of %s folder watches is reached", ErrWatchLimit, display.Thousands(w.opts.MaxWatches))
	}
	if err := n.fsw.Add(abs); err != nil {
		switch {
		case isLimit(err):
			return limitError(err)
		case rel == ".":
			return fmt.Errorf("%w: %v", ErrUnsupported, err)
		}
		return nil
	}
	n.dirs[rel] = fi
	entries, _ := readDir(abs) // what it could read, as the scan
	now := time.Now()
	for _, e := range entries {
		if !report && e.Type()&(fs.ModeDir|fs.ModeSymlink) == 0 {
			continue // a plain file, which the caller's scan reads: most entries
		}
		p := feed.Join(rel, e.Name())
		switch k, _ := classify(abs, e); k {
		case folder:
			if err := w.addTree(ctx, p, report); err != nil {
				return err
			}
		case article:
			if report {
				w.touch(p, now)
			}
		}
	}
	return nil
}

// folderInfo is the folder rel's, at abs, when it is one to walk into: a
// folder, and not a link back to one of its ancestors.
func (w *Watcher) folderInfo(rel, abs string) (fs.FileInfo, bool) {
	fi, err := os.Lstat(abs)
	if err != nil {
		return nil, false
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		if fi, err = os.Stat(abs); err != nil || rel != "." && fi.IsDir() && w.loops(rel, fi) {
			return nil, false
		}
	}
	return fi, fi.IsDir()
}

// newFolder watches the folder rel, which appeared, and sends what is in
// it. A folder of a name already watched was renamed over the one watched,
// which is gone.
func (w *Watcher) newFolder(ctx context.Context, rel string, now time.Time) {
	n := w.notify
	if old, ok := n.dirs[rel]; ok {
		if fi, err := os.Stat(w.abs(rel)); err == nil && os.SameFile(old, fi) {
			return // seen already, by the listing of its parent
		}
		w.dropTree(rel, now)
	}
	if err := w.addTree(ctx, rel, true); errors.Is(err, ErrWatchLimit) {
		w.fallback(ctx, err)
	}
}

// handle takes one event from the system.
func (w *Watcher) handle(ctx context.Context, ev fsnotify.Event) {
	rel, ok := w.rel(ev.Name)
	if !ok {
		return
	}
	if rel == "." {
		if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
			w.restart(ctx)
		}
		return
	}
	n := w.notify
	now := time.Now()
	name := path.Base(rel)
	article := feed.IsArticleFile(name)
	// A new folder is watched at once. A folder named like an article is
	// rare, and costs every new article a stat here: settle finds it
	// instead, and watching it then, before listing it, misses nothing.
	if ev.Has(fsnotify.Create) && !article {
		if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() && !feed.IsHidden(name) {
			w.newFolder(ctx, rel, now)
		}
		return
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		if _, ok := n.dirs[rel]; ok {
			w.dropTree(rel, now)
			return
		}
	}
	// Write, Chmod (a touch, a permission change, the last link going),
	// Create, Remove and Rename of a file alike: the file's state when the
	// batch is made tells what it was.
	if article {
		w.touch(rel, now)
	}
}

// dropTree forgets the folder rel, removed or renamed away, and the
// folders under it. A renamed folder's watches would go on reporting under
// the old name, so they are removed too.
func (w *Watcher) dropTree(rel string, now time.Time) {
	n := w.notify
	for d := range n.dirs {
		if feed.Under(d, rel) {
			// The system may have dropped the watch with the folder:
			// there is nothing to remove then.
			_ = n.fsw.Remove(w.abs(d))
			delete(n.dirs, d)
		}
	}
	deleteUnder(n.gone, rel)
	n.gone[rel] = struct{}{}
	w.mark(now)
}

// touch notes an event for the file p.
func (w *Watcher) touch(p string, now time.Time) {
	n := w.notify
	pe, ok := n.pend[p]
	if !ok {
		pe.first = now
	}
	pe.last = now
	n.pend[p] = pe
	w.mark(now)
}

// mark notes that something happened at now, and arms the debounce.
func (w *Watcher) mark(now time.Time) {
	n := w.notify
	if n.first.IsZero() {
		n.first = now
		w.debounce.Reset(w.opts.Quiet)
	}
	n.last = now
}

// flush moves what happened into the outbox once the archive was still
// for Quiet. During a burst that never pauses for Quiet, it moves at each
// MaxDelay the files that were still for Quiet, and those held for
// 2×MaxDelay, so that a file is not sent half written while a burst goes
// on, and none waits for long.
func (w *Watcher) flush(ctx context.Context, now time.Time) {
	n := w.notify
	if n == nil || n.first.IsZero() {
		return
	}
	still := now.Sub(n.last) >= w.opts.Quiet
	if !still && now.Sub(n.first) < w.opts.MaxDelay {
		w.rearm(now)
		return
	}
	for d := range n.gone {
		w.box.removeDir(d)
	}
	clear(n.gone)
	var dirs []string
	for p, pe := range n.pend {
		if still || now.Sub(pe.last) >= w.opts.Quiet || now.Sub(pe.first) >= 2*w.opts.MaxDelay {
			if w.settle(p) {
				dirs = append(dirs, p)
			}
			delete(n.pend, p)
		}
	}
	if len(n.pend) == 0 {
		n.first = time.Time{}
	} else {
		n.first = now
		w.rearm(now)
	}
	for _, d := range dirs {
		if w.notify == nil {
			return // fell back to polling, which makes up for the rest
		}
		w.newFolder(ctx, d, now)
	}
}

// rearm sets the debounce for when the archive will have been still for
// Quiet, or MaxDelay will have passed, whichever comes first.
func (w *Watcher) rearm(now time.Time) {
	n := w.notify
	w.debounce.Reset(min(n.last.Add(w.opts.Quiet).Sub(now), n.first.Add(w.opts.MaxDelay).Sub(now)))
}

// settle puts the file p into the outbox as it is now: an article file
// that exists is changed, anything else (gone, or no longer a file) is
// removed. It reports whether p is a folder to watch: one named like an
// article.
func (w *Watcher) settle(p string) (folder bool) {
	fi, err := os.Stat(w.abs(p))
	switch {
	case err == nil && fi.Mode().IsRegular():
		w.box.change(p)
	case err == nil, errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		w.box.remove(p)
		return err == nil && fi.IsDir() && !feed.IsHidden(path.Base(p))
	default:
		w.box.change(p) // unreadable: reading it tells the caller why
	}
	return false
}

// isLimit reports whether err says that the system's watches, or files,
// are all taken.
func isLimit(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE)
}
