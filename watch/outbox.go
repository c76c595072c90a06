package watch

import (
	"path"
	"slices"
)

// outbox gathers the changes that the caller has not taken yet. While the
// caller is busy the watcher goes on reading events into it, so a slow
// caller gets fewer, larger batches and the kernel's queue never fills
// behind it.
type outbox struct {
	files  map[string]bool     // archive path → exists now (changed) or not (removed)
	dirs   map[string]struct{} // folders removed
	rescan bool
	next   *Batch // the batch built from the above, until they change
}

func newOutbox() outbox {
	return outbox{files: map[string]bool{}, dirs: map[string]struct{}{}}
}

// change notes that the file p was created or modified.
func (o *outbox) change(p string) {
	if !o.rescan {
		o.files[p] = true
		o.next = nil
	}
}

// remove notes that the file p is gone.
func (o *outbox) remove(p string) {
	if !o.rescan {
		o.files[p] = false
		o.next = nil
	}
}

// removeDir notes that the folder d is gone with everything in it. What
// was noted under it before is void; what is noted after belongs to a
// folder of the same name made anew, and stays, because a batch removes
// folders before it adds files.
func (o *outbox) removeDir(d string) {
	if o.rescan {
		return
	}
	deleteUnder(o.files, d)
	deleteUnder(o.dirs, d)
	o.dirs[d] = struct{}{}
	o.next = nil
}

// setRescan notes that changes were lost: the caller must look at
// everything, which makes every other note moot.
func (o *outbox) setRescan() {
	clear(o.files)
	clear(o.dirs)
	o.rescan = true
	o.next = nil
}

func (o *outbox) empty() bool { return !o.rescan && len(o.files) == 0 && len(o.dirs) == 0 }

// batch is what the outbox holds, in order; it is built once however many
// times the watcher offers it to a caller that is not ready.
func (o *outbox) batch() Batch {
	if o.next != nil {
		return *o.next
	}
	b := Batch{Rescan: o.rescan}
	for p, exists := range o.files {
		if exists {
			b.Changed = append(b.Changed, p)
		} else if !o.inRemovedDir(p) {
			b.Removed = append(b.Removed, p)
		}
	}
	for d := range o.dirs {
		b.RemovedDirs = append(b.RemovedDirs, d)
	}
	slices.Sort(b.Changed)
	slices.Sort(b.Removed)
	slices.Sort(b.RemovedDirs)
	o.next = &b
	return b
}

// inRemovedDir reports whether p is inside a folder noted as removed: its
// own removal is then said already.
func (o *outbox) inRemovedDir(p string) bool {
	for d := path.Dir(p); d != "."; d = path.Dir(d) {
		if _, ok := o.dirs[d]; ok {
			return true
		}
	}
	return false
}

// reset empties the outbox once the caller has its batch.
func (o *outbox) reset() {
	clear(o.files)
	clear(o.dirs)
	o.rescan = false
	o.next = nil
}
