package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"slices"
	"syscall"
	"time"

	"newsreader/display"
	"newsreader/feed"
)

// poller is the watcher's state while it polls: a snapshot of every
// folder, which each pass compares with the disk.
type poller struct {
	dirs map[string]*dirSnap
	// unsettled are files seen modified less than Quiet ago; they are sent
	// once their stamp stays the same for Quiet, so that a file being
	// written is not sent half written.
	unsettled map[string]unsettled
	pass      int
	gone      bool // the archive's folder is missing
	// The intervals grow to 50 times what a pass takes, so that polling
	// costs at most 2% of a core, however large the archive.
	quickEvery, fullEvery time.Duration
	lastFull              time.Time
}

// unsettled is a file seen being written: since when its stamp is what
// the snapshot has, and which pass saw it last.
type unsettled struct {
	since time.Time
	pass  int
}

// dirSnap is what a pass saw of one folder.
type dirSnap struct {
	mtime   time.Time // the folder's modification time when listed
	listed  time.Time // when it was listed
	files   map[string]stamp
	subdirs []string
}

// stamp is how a reconcile tells that a file changed: its size and
// modification time.
type stamp struct{ size, mtime int64 }

func stampOf(fi fs.FileInfo) stamp { return stamp{fi.Size(), fi.ModTime().UnixNano()} }

// racyWindow is how close to its listing a folder's modification time
// makes the listing doubtful: a change in the same tick of the file
// system's clock leaves the time as it was. Ticks are a few milliseconds
// on ext4, two seconds on FAT; doubtful folders are listed again.
const racyWindow = 2 * time.Second

// startPoll takes the snapshot that polling compares with and queues the
// Status that says the watcher polls, and why.
func (w *Watcher) startPoll(ctx context.Context, reason error) {
	p := &poller{
		dirs:       map[string]*dirSnap{},
		unsettled:  map[string]unsettled{},
		quickEvery: w.opts.PollInterval,
		fullEvery:  w.opts.FullInterval,
	}
	w.poll = p
	if checkRoot(w.root) != nil {
		p.gone = true
		w.report(w.goneStatus())
	} else {
		start := time.Now()
		w.pollTree(ctx, ".", false)
		p.lastFull = start
		p.fullEvery = max(w.opts.FullInterval, 50*time.Since(start))
		w.report(Status{Mode: Poll, Folders: len(p.dirs), Interval: p.quickEvery, Err: reason})
	}
	w.tick.Reset(p.quickEvery)
}

// restart begins anew when the archive's folder went away or came back,
// maybe another folder by the same name: with notifications if they work,
// and a rescan. While the folder is missing, it polls for its return.
func (w *Watcher) restart(ctx context.Context) {
	w.stopNotify()
	w.poll = nil
	if checkRoot(w.root) != nil {
		w.startPoll(ctx, nil)
		return
	}
	w.begin(ctx)
	w.box.setRescan()
}

func (w *Watcher) goneStatus() Status {
	return Status{Mode: Poll, Err: fmt.Errorf("%w: %s", ErrRootGone, display.Printable(w.root))}
}

// pollPass compares the disk with the snapshot: every folder's time, and
// each FullInterval every file's size and time.
func (w *Watcher) pollPass(ctx context.Context) {
	p := w.poll
	if p == nil {
		return
	}
	if checkRoot(w.root) != nil {
		if !p.gone {
			p.gone = true
			w.report(w.goneStatus())
		}
		w.tick.Reset(p.quickEvery)
		return
	}
	if p.gone {
		w.restart(ctx)
		return
	}
	start := time.Now()
	full := start.Sub(p.lastFull) >= p.fullEvery
	p.pass++
	for _, rel := range slices.Sorted(maps.Keys(p.dirs)) {
		if ctx.Err() != nil {
			return
		}
		d := p.dirs[rel]
		if d == nil {
			continue // removed with its parent during this pass
		}
		fi, err := os.Stat(w.abs(rel))
		switch {
		case err != nil || !fi.IsDir():
			if err == nil || errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
				w.pollDropDir(rel)
			}
		case full || !fi.ModTime().Equal(d.mtime) || !d.mtime.Before(d.listed.Add(-racyWindow)):
			for _, sub := range w.relist(rel, d, fi, true) {
				w.pollTree(ctx, sub, true)
			}
		}
	}
	w.recheckUnsettled()
	took := time.Since(start)
	if full {
		p.lastFull = start
		p.fullEvery = max(w.opts.FullInterval, 50*took)
	} else {
		p.quickEvery = max(w.opts.PollInterval, 50*took)
	}
	w.tick.Reset(p.quickEvery)
}

// pollTree adds the folder rel and those under it to the snapshot; report
// says to send their files, for a folder that appeared after the start.
func (w *Watcher) pollTree(ctx context.Context, rel string, report bool) {
	p := w.poll
	if _, ok := p.dirs[rel]; ok || ctx.Err() != nil {
		return
	}
	fi, ok := w.folderInfo(rel, w.abs(rel))
	if !ok {
		return
	}
	d := &dirSnap{files: map[string]stamp{}}
	p.dirs[rel] = d
	for _, sub := range w.relist(rel, d, fi, report) {
		w.pollTree(ctx, sub, report)
	}
}

// relist lists the folder rel again and sends what changed in it since
// the last time: files added, modified or removed, folders removed. It
// returns the folders that are new, for the caller to add.
func (w *Watcher) relist(rel string, d *dirSnap, fi fs.FileInfo, report bool) (added []string) {
	p := w.poll
	abs := w.abs(rel)
	listed := time.Now()
	entries, err := readDir(abs)
	if err != nil && len(entries) == 0 {
		return nil // unreadable for now: keep what was seen
	}
	files := make(map[string]stamp, len(d.files))
	var subdirs []string
	isSubdir := map[string]bool{} // subdirs, for the ones gone: a folder may hold thousands
	for _, e := range entries {
		name := e.Name()
		child := feed.Join(rel, name)
		k, info := classify(abs, e)
		switch k {
		case folder:
			subdirs = append(subdirs, name)
			isSubdir[name] = true
			if _, ok := p.dirs[child]; !ok {
				added = append(added, child)
			}
		case article:
			if info == nil {
				if info, err = e.Info(); err != nil {
					continue // vanished
				}
			}
			st := stampOf(info)
			files[name] = st
			if report {
				old, known := d.files[name]
				w.observe(child, st, known && old == st, listed)
			}
		}
	}
	for name := range d.files {
		if _, ok := files[name]; !ok {
			child := feed.Join(rel, name)
			delete(p.unsettled, child)
			w.box.remove(child)
		}
	}
	for _, name := range d.subdirs {
		if !isSubdir[name] {
			w.pollDropDir(feed.Join(rel, name))
		}
	}
	d.mtime, d.listed, d.files, d.subdirs = fi.ModTime(), listed, files, subdirs
	return added
}

// observe sends the file p, whose stamp is st, once it has settled: it
// was modified Quiet ago, or its stamp stayed the same for Quiet, whatever
// its time says (clocks of network file systems differ). same reports
// that the snapshot had the same stamp already.
func (w *Watcher) observe(p string, st stamp, same bool, now time.Time) {
	pl := w.poll
	u, waiting := pl.unsettled[p]
	switch {
	case same && !waiting:
	case same && now.Sub(u.since) >= w.opts.Quiet, !same && now.Sub(time.Unix(0, st.mtime)) >= w.opts.Quiet:
		delete(pl.unsettled, p)
		w.box.change(p)
	case same:
		u.pass = pl.pass
		pl.unsettled[p] = u
	default:
		pl.unsettled[p] = unsettled{since: now, pass: pl.pass}
	}
}

// recheckUnsettled looks again at the files still being written that this
// pass did not list.
func (w *Watcher) recheckUnsettled() {
	p := w.poll
	now := time.Now()
	for f, u := range p.unsettled {
		if u.pass == p.pass {
			continue
		}
		d := p.dirs[path.Dir(f)]
		if d == nil {
			delete(p.unsettled, f)
			continue
		}
		name := path.Base(f)
		fi, err := os.Stat(w.abs(f))
		if err != nil || !fi.Mode().IsRegular() {
			delete(p.unsettled, f)
			delete(d.files, name)
			w.box.remove(f)
			continue
		}
		st := stampOf(fi)
		old := d.files[name]
		d.files[name] = st
		w.observe(f, st, old == st, now)
	}
}

// pollDropDir forgets the folder rel, which is gone, and what is under it.
func (w *Watcher) pollDropDir(rel string) {
	deleteUnder(w.poll.dirs, rel)
	deleteUnder(w.poll.unsettled, rel)
	w.box.removeDir(rel)
}
