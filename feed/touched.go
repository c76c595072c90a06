package feed

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
)

// Touched names what may have changed in an on-disk archive, as a watcher
// tells it: paths are slash-separated and relative to the archive.
type Touched struct {
	// Files are article files created, changed or removed: each is
	// stat'ed, and read when it is new or changed.
	Files []string
	// Dirs are folders removed, or replaced, with everything under them:
	// each is walked again when it exists, and forgotten with its
	// subfolders when it does not.
	Dirs []string
}

// ReconcileTouched is Reconcile for the paths in t only, for a watcher's
// batches: it stats the files named, reads those that are new or changed,
// lists only folders that the cache does not know (walking them whole:
// a new folder may hold others) and those named in t.Dirs, and passes to
// fn, as Reconcile does, every folder that differs from known, with all
// its files: those not named as the cache has them. Folders of known
// under a folder that is gone come last, as Gone. It costs a few system
// calls per path named, however large the archive.
//
// A cached folder whose own modification time moved is kept with MTime 0,
// so that the next Reconcile lists it again: the watcher may not have
// named everything in it, and that costs one listing. A folder whose
// cached entries have warnings (broken links, link loops) is listed again
// at once, as Reconcile does; a link created broken is warned about at
// the next Reconcile. Paths outside the archive, in hidden folders, or of
// files that are no articles are ignored.
func (a *Archive) ReconcileTouched(ctx context.Context, known map[string]*Folder, t Touched, fn func(FolderUpdate)) error {
	if _, ok := a.OnDisk(); !ok {
		return fmt.Errorf("reconcile %s: not a folder on disk", a.name)
	}
	p := a.planTouched(known, t)
	w, err := a.walkTasks(ctx, known, false, p.tasks, fn)
	if err != nil {
		return err
	}
	// Gone: the cached folders under the folders walked whole that the walk
	// did not reach, and under the patched ones that could not be opened.
	scope := p.roots
	for _, t := range p.tasks {
		if t.patch != nil && !w.seen[t.path] {
			scope = append(scope, t.path)
		}
	}
	w.emitGone(fn, func(p string) bool {
		return slices.ContainsFunc(scope, func(root string) bool { return Under(p, root) })
	})
	return nil
}

// patch is what a touched reconcile looks at in a cached folder: files by
// name, and subfolders that appeared (true) or went (false).
type patch struct {
	names   []string // sorted
	subdirs map[string]bool
}

// touchedPlan is the work of one touched reconcile: its folder tasks, and
// the folders walked whole, or found gone, whose cached folders below are
// gone unless the walk reaches them.
type touchedPlan struct {
	tasks []dirTask
	roots []string
}

// planTouched sorts the paths of t into folders to walk whole and cached
// folders to patch. A file in a folder that the cache does not know makes
// the highest such folder above it one to walk: its parent is cached, and
// is patched with the new subfolder. It stats each such folder, through
// the folders above it, to know whether it is one to walk (a folder, not
// a link to one of those): the parent's patch depends on it.
func (a *Archive) planTouched(known map[string]*Folder, t Touched) touchedPlan {
	// top is the folder to walk for the folder d that the cache does not
	// know, or whose subfolders may have changed.
	top := func(d string) string {
		for d != "." && known[path.Dir(d)] == nil {
			d = path.Dir(d)
		}
		return d
	}
	roots := map[string]bool{}
	for _, d := range t.Dirs {
		if archiveDir(d) {
			roots[top(d)] = true
		}
	}
	names := map[string][]string{}
	for _, p := range t.Files {
		if p == "." || !fs.ValidPath(p) || !archiveDir(path.Dir(p)) || !IsArticleFile(p) {
			continue
		}
		d, name := path.Dir(p), path.Base(p)
		if known[d] == nil {
			roots[top(d)] = true
		} else {
			names[d] = append(names[d], name)
		}
	}

	// Only the highest of the folders to walk: it covers the others. (A
	// folder sorts before those inside it, but "." is above all.)
	var plan touchedPlan
	if roots["."] {
		clear(roots)
		roots["."] = true
	}
	for _, r := range slices.Sorted(maps.Keys(roots)) {
		if !slices.ContainsFunc(plan.roots, func(q string) bool { return Under(r, q) }) {
			plan.roots = append(plan.roots, r)
		}
	}
	inRoot := func(p string) bool {
		return slices.ContainsFunc(plan.roots, func(r string) bool { return Under(p, r) })
	}
	patches := map[string]*patch{}
	patchOf := func(d string) *patch {
		if patches[d] == nil {
			patches[d] = &patch{}
		}
		return patches[d]
	}
	chains := map[string][]diskStat{} // the stats of a folder and those above it
	for _, r := range plan.roots {
		if r == "." {
			plan.tasks = append(plan.tasks, dirTask{path: "."})
			continue
		}
		parents, ok := a.walkable(r, chains)
		p := patchOf(path.Dir(r))
		if p.subdirs == nil {
			p.subdirs = map[string]bool{}
		}
		p.subdirs[path.Base(r)] = ok
		if ok {
			plan.tasks = append(plan.tasks, dirTask{path: r, parents: parents})
		}
	}
	for d, ns := range names {
		if !inRoot(d) {
			slices.Sort(ns)
			patchOf(d).names = slices.Compact(ns)
		}
	}
	for _, d := range slices.Sorted(maps.Keys(patches)) {
		if !inRoot(d) {
			plan.tasks = append(plan.tasks, dirTask{path: d, patch: patches[d]})
		}
	}
	return plan
}

// archiveDir reports whether d is a folder of the archive that a walk can
// reach: inside it, and neither hidden nor in a hidden folder.
func archiveDir(d string) bool {
	return fs.ValidPath(d) && (d == "." || !slices.ContainsFunc(strings.Split(d, "/"), IsHidden))
}

// walkable reports whether the folder r (not ".") is one that a walk of
// the archive enters, and returns the stats of the folders above it, for
// a walk's link loops (dirTask.parents). chains keeps the stats already
// taken, for other folders of one batch.
func (a *Archive) walkable(r string, chains map[string][]diskStat) ([]diskStat, bool) {
	parents, ok := a.chain(path.Dir(r), chains)
	if !ok {
		return nil, false
	}
	d, err := a.openFolder(path.Dir(r))
	if err != nil {
		return nil, false
	}
	defer d.close()
	st, err := d.statAt(path.Base(r))
	if err != nil || !st.dir || slices.ContainsFunc(parents, st.same) {
		return nil, false
	}
	return parents, true
}

// chain returns the stats of the folder d and of every folder above it,
// or false when one cannot be opened.
func (a *Archive) chain(d string, chains map[string][]diskStat) ([]diskStat, bool) {
	if c, ok := chains[d]; ok {
		return c, c != nil
	}
	var above []diskStat
	if d != "." {
		var ok bool
		if above, ok = a.chain(path.Dir(d), chains); !ok {
			chains[d] = nil
			return nil, false
		}
	}
	f, err := a.openFolder(d)
	if err != nil {
		chains[d] = nil
		return nil, false
	}
	defer f.close()
	self, err := f.self()
	if err != nil {
		chains[d] = nil
		return nil, false
	}
	c := append(slices.Clip(above), self)
	chains[d] = c
	return c, true
}

// patchFolder brings the cached folder t.path up to date for the files
// and subfolders of t.patch, without listing it.
func (w *walker) patchFolder(t dirTask) {
	k := w.known[t.path]
	if k == nil || len(k.Warnings) > 0 {
		// Warnings are about entries that a listing finds: list it, as
		// Reconcile does, but walk no further.
		w.relist(t)
		return
	}
	d, err := w.a.openFolder(t.path)
	if err != nil {
		w.relist(t)
		return
	}
	defer d.close()
	self, err := d.self()
	if err != nil {
		w.visit(t.path, err)
		return
	}
	f := Folder{Path: t.path, MTime: k.MTime, Subdirs: k.Subdirs}
	if self.MTime != k.MTime {
		f.MTime = 0 // list it at the next Reconcile
	}
	if len(t.patch.subdirs) > 0 {
		f.Subdirs = patchSubdirs(k.Subdirs, t.patch.subdirs)
	}
	// A name the cache does not know is read only when it is a file now.
	names := make([]string, 0, len(t.patch.names))
	for _, name := range t.patch.names {
		if _, ok := slices.BinarySearch(k.Names, name); !ok {
			st, err := d.statAt(name)
			if err != nil && isNotExist(err) || err == nil && !st.regular {
				continue
			}
		}
		names = append(names, name)
	}
	var part Folder
	part.Path = t.path
	read, changed := w.readFiles(d, &part, k, names)
	w.visit(t.path, nil)
	if w.ctx.Err() != nil {
		return
	}
	forgetRacy(part.Stats, racySince())
	if read == nil {
		read = make([]*Parsed, len(part.Names))
	}
	// The folder's files: the cached ones not named, and those named that
	// are there, in order.
	n := len(k.Names) + len(part.Names)
	f.Names, f.Stats = make([]string, 0, n), make([]FileStat, 0, n)
	out := make([]*Parsed, 0, n)
	removed := 0
	j := 0
	for i, name := range k.Names {
		for j < len(part.Names) && part.Names[j] < name {
			f.Names, f.Stats, out = append(f.Names, part.Names[j]), append(f.Stats, part.Stats[j]), append(out, read[j])
			j++
		}
		if _, touched := slices.BinarySearch(t.patch.names, name); !touched {
			f.Names, f.Stats, out = append(f.Names, name), append(f.Stats, k.Stats[i]), append(out, nil)
		} else if j == len(part.Names) || part.Names[j] != name {
			removed++
		}
	}
	for ; j < len(part.Names); j++ {
		f.Names, f.Stats, out = append(f.Names, part.Names[j]), append(f.Stats, part.Stats[j]), append(out, read[j])
	}
	if changed > 0 || removed > 0 || f.MTime != k.MTime || !slices.Equal(f.Subdirs, k.Subdirs) {
		w.emit(FolderUpdate{Folder: f, Read: out})
	}
}

// relist walks the folder of a patch as a Reconcile does, without the
// folders below it: for a folder that the patch cannot trust or open.
func (w *walker) relist(t dirTask) {
	var parents []diskStat
	if t.path != "." {
		parents, _ = w.a.chain(path.Dir(t.path), map[string][]diskStat{})
	}
	w.folder(dirTask{path: t.path, parents: parents})
}

// patchSubdirs is the sorted list of subfolders names with the changes
// of change: names that appeared (true) or went (false).
func patchSubdirs(names []string, change map[string]bool) []string {
	out := slices.DeleteFunc(slices.Clone(names), func(n string) bool {
		exists, ok := change[n]
		return ok && !exists
	})
	for n, exists := range change {
		if _, found := slices.BinarySearch(names, n); exists && !found {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// Under reports whether the archive path p is the folder dir or inside
// it; every path is under ".". The watcher follows the same rule.
func Under(p, dir string) bool {
	return p == dir || dir == "." || strings.HasPrefix(p, dir) && len(p) > len(dir) && p[len(dir)] == '/'
}
