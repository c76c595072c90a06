package feed

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"newsreader/display"
)

// FileStat tells whether a file changed since a reconcile last read it.
type FileStat struct {
	Size int64
	// MTime and CTime are the modification and change times, in Unix
	// nanoseconds. The change time catches a rewrite that restored the
	// modification time. MTime 0 means that the file must be read again:
	// it had changed too recently, when it was read, for its times to tell
	// a later change apart.
	MTime, CTime int64
}

// Folder is one folder of an on-disk archive as a reconcile left it, for
// a cache to keep and give back to the next reconcile.
type Folder struct {
	// Path is slash-separated and relative to the archive; "." is its root.
	Path string
	// MTime is the folder's modification time when it was listed, or 0
	// when it must be listed again. While it is unchanged, no file was
	// added to or removed from the folder, so Subdirs and Names are
	// trusted; every file is still stat'ed, for rewrites.
	MTime int64
	// Subdirs are the names of the subfolders walked, sorted.
	Subdirs []string
	// Names are the article files, sorted; Stats is parallel to it.
	Names []string
	Stats []FileStat
	// Warnings are about the folder's entries that are not articles:
	// broken links, link loops, the folder itself when it cannot be read.
	Warnings []Warning
}

// Parsed is what reading one file gave: its article, or the reason it has
// none (a file that is not text).
type Parsed struct {
	Article *Article
	Skipped string
}

// FolderUpdate is a folder that differs from what the cache knew.
type FolderUpdate struct {
	Folder
	// Read is parallel to Names: what the files read now, new or changed
	// since the cache, gave; nil for the files that did not change.
	Read []*Parsed
	// Gone is set for a folder of the cache that the walk no longer
	// reaches: all its files are gone, and Folder holds only its Path.
	Gone bool
}

// racyWindow is how close to the time it was read a modification time
// makes a file or folder untrustworthy: file systems keep times in steps
// of a clock tick (and FAT in two seconds), so a write made in the same
// step as the read would leave the time as it was. (A write that also
// restores the modification time moves the change time, which only the
// writer's own clock tick could hide: that is not guarded against.)
var racyWindow = 2 * time.Second

// OnDisk returns the archive's folder, or false for an archive that is not
// a folder of the file system (the embedded demo).
func (a *Archive) OnDisk() (string, bool) {
	if a.name == DemoName {
		return "", false
	}
	return a.name, true
}

// Reconcile walks an on-disk archive and compares it with known, what a
// cache knows of its folders by path (empty for nothing): it stats every
// file, lists again only the folders whose modification time changed,
// and reads only the files that are new or changed. fn gets every folder
// that differs, from one goroutine at a time, as soon as it is done; the
// folders of known that the walk no longer reaches come last, as Gone,
// unless the walk was cancelled. Reconcile returns the number of article
// files in the archive. Like Scan, it fails only when the archive's root
// cannot be read or ctx ends; known is only read.
func (a *Archive) Reconcile(ctx context.Context, known map[string]*Folder, fn func(FolderUpdate)) (int, error) {
	root, ok := a.OnDisk()
	if !ok {
		return 0, fmt.Errorf("reconcile %s: not a folder on disk", a.name)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w := &walker{
		a: a, root: root, known: known, ctx: ctx, cancel: cancel,
		jobs: make(chan readJob, 256),
		out:  make(chan FolderUpdate, 16),
		seen: map[string]bool{},
	}
	w.cond = sync.NewCond(&w.mu)
	w.queue = []dirTask{{path: "."}}
	w.active = 1

	var readers sync.WaitGroup
	for range max(4, 2*runtime.GOMAXPROCS(0)) {
		readers.Go(w.reader)
	}
	var dirs sync.WaitGroup
	for range max(2, runtime.GOMAXPROCS(0)) {
		dirs.Go(w.dirWorker)
	}
	go func() {
		dirs.Wait()
		close(w.jobs)
		readers.Wait()
		close(w.out)
	}()
	for u := range w.out {
		fn(u)
	}
	if w.rootErr != nil {
		return 0, w.rootErr
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	gone := make([]string, 0)
	for p := range known {
		if !w.seen[p] {
			gone = append(gone, p)
		}
	}
	slices.Sort(gone)
	for _, p := range gone {
		fn(FolderUpdate{Folder: Folder{Path: p}, Gone: true})
	}
	return int(w.files.Load()), nil
}

// walker is one reconcile: folder workers take folders from a queue that
// they fill with subfolders, and hand the files to read to the readers.
type walker struct {
	a      *Archive
	root   string
	known  map[string]*Folder
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []dirTask
	active  int // folders queued or being walked
	rootErr error
	seen    map[string]bool

	jobs  chan readJob
	out   chan FolderUpdate
	files atomic.Int64
}

// dirTask is a folder to walk, with the folders above it, for link loops.
type dirTask struct {
	path    string
	parents []diskStat
}

// readJob is a file to read for a folder worker, which waits on done.
type readJob struct {
	d    *dirHandle
	p    string // the file's path in the archive
	name string
	res  *readResult
	done *sync.WaitGroup
}

type readResult struct {
	stat     FileStat
	parsed   *Parsed
	vanished bool
}

func (w *walker) dirWorker() {
	for {
		w.mu.Lock()
		for len(w.queue) == 0 && w.active > 0 {
			w.cond.Wait()
		}
		if w.active == 0 {
			w.mu.Unlock()
			return
		}
		t := w.queue[len(w.queue)-1]
		w.queue = w.queue[:len(w.queue)-1]
		w.mu.Unlock()

		var sub []dirTask
		if w.ctx.Err() == nil {
			sub = w.folder(t)
		}
		w.mu.Lock()
		w.queue = append(w.queue, sub...)
		w.active += len(sub) - 1
		w.cond.Broadcast()
		w.mu.Unlock()
	}
}

func (w *walker) reader() {
	buf := make([]byte, headSize)
	for j := range w.jobs {
		*j.res = w.read(j.d, j.p, j.name, buf, j.res.stat)
		j.done.Done()
	}
}

// folder walks one folder and returns its subfolders.
func (w *walker) folder(t dirTask) []dirTask {
	p := t.path
	full := w.root
	if p != "." {
		full = filepath.Join(w.root, filepath.FromSlash(p))
	}
	k := w.known[p]
	d, err := openDir(full)
	if err != nil {
		w.visit(p, err)
		if p == "." || isNotExist(err) {
			return nil
		}
		w.emit(FolderUpdate{Folder: Folder{Path: p, Warnings: []Warning{{Path: p, Reason: "folder skipped: " + errReason(err), Folder: true}}}})
		return nil
	}
	defer d.close()
	self, err := d.self()
	if err != nil {
		w.visit(p, err)
		return nil
	}
	f := Folder{Path: p, MTime: self.MTime}
	var names []string
	if k != nil && k.MTime != 0 && k.MTime == self.MTime && len(k.Warnings) == 0 {
		f.Subdirs, names = k.Subdirs, k.Names
	} else {
		entries, err := d.entries()
		if err != nil {
			w.visit(p, err)
			if p == "." {
				return nil
			}
			f.Warnings = append(f.Warnings, Warning{Path: p, Reason: "folder skipped: " + errReason(err), Folder: true})
		}
		parents := append(slices.Clip(t.parents), self)
		for _, e := range entries {
			name := e.Name()
			typ := e.Type()
			var st diskStat
			if typ&fs.ModeSymlink != 0 || typ == fs.ModeIrregular {
				if st, err = d.statAt(name); err != nil {
					if IsArticleFile(name) {
						f.Warnings = append(f.Warnings, Warning{Path: join(p, name), Reason: "broken link: " + errReason(err)})
					}
					continue
				}
				typ = 0
				if st.dir {
					typ = fs.ModeDir
				} else if !st.regular {
					typ = fs.ModeIrregular
				}
			}
			switch {
			case typ.IsDir():
				if IsHidden(name) {
					continue
				}
				if st.dir && slices.ContainsFunc(parents, st.same) {
					f.Warnings = append(f.Warnings, Warning{Path: join(p, name), Reason: "link loop; folder skipped", Folder: true})
					continue
				}
				f.Subdirs = append(f.Subdirs, name)
			case typ.IsRegular() && IsArticleFile(name):
				names = append(names, name)
			}
		}
	}
	w.visit(p, nil)

	// Stat every file, and read those that are new or changed.
	f.Names = make([]string, 0, len(names))
	f.Stats = make([]FileStat, 0, len(names))
	results := make([]readResult, len(names))
	var done sync.WaitGroup
	var oldNames []string
	var oldStats []FileStat
	if k != nil {
		oldNames, oldStats = k.Names, k.Stats
	}
	changed := 0
	for _, name := range names {
		// A file the cache does not know is read at once: the read
		// stats it.
		var st diskStat
		j, found := slices.BinarySearch(oldNames, name)
		if found {
			var err error
			st, err = d.statAt(name)
			if err != nil && isNotExist(err) || err == nil && !st.regular {
				continue
			}
			if err == nil && oldStats[j].MTime != 0 && oldStats[j] == st.FileStat {
				f.Names = append(f.Names, name)
				f.Stats = append(f.Stats, st.FileStat)
				continue
			}
		}
		i := len(f.Names)
		f.Names = append(f.Names, name)
		f.Stats = append(f.Stats, st.FileStat)
		changed++
		results[i].stat = st.FileStat
		done.Add(1)
		select {
		case w.jobs <- readJob{d: d, p: join(p, name), name: name, res: &results[i], done: &done}:
		case <-w.ctx.Done():
			done.Done()
			results[i].vanished = true
		}
	}
	done.Wait()
	// A broken link is an article file, unread, as Scan counts it.
	w.files.Add(int64(len(f.Names)))
	for _, warning := range f.Warnings {
		if !warning.Folder {
			w.files.Add(1)
		}
	}
	if w.ctx.Err() != nil {
		return nil
	}

	var read []*Parsed
	if changed > 0 {
		read = make([]*Parsed, 0, len(f.Names))
		n := 0
		for i := range f.Names {
			r := results[i]
			if r.vanished {
				continue
			}
			f.Names[n], f.Stats[n] = f.Names[i], f.Stats[i]
			if r.parsed != nil {
				f.Stats[n] = r.stat
			}
			read = append(read, r.parsed)
			n++
		}
		w.files.Add(int64(n - len(f.Names)))
		f.Names, f.Stats = f.Names[:n], f.Stats[:n]
	}
	// Times too close to now cannot tell a change made right after; the
	// next reconcile lists or reads them again.
	racy := time.Now().Add(-racyWindow).UnixNano()
	if f.MTime > racy {
		f.MTime = 0
	}
	for i := range f.Stats {
		if f.Stats[i].MTime > racy {
			f.Stats[i].MTime = 0
		}
	}
	if k == nil || changed > 0 || f.MTime != k.MTime || !slices.Equal(f.Names, k.Names) || !slices.Equal(f.Stats, k.Stats) ||
		!slices.Equal(f.Subdirs, k.Subdirs) || !slices.Equal(f.Warnings, k.Warnings) {
		w.emit(FolderUpdate{Folder: f, Read: read})
	}
	sub := make([]dirTask, len(f.Subdirs))
	parents := append(slices.Clip(t.parents), self)
	for i, name := range f.Subdirs {
		sub[i] = dirTask{path: join(p, name), parents: parents}
	}
	return sub
}

// visit records that the walk reached folder p; an error on the root ends
// the reconcile.
func (w *walker) visit(p string, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if p == "." && err != nil && w.rootErr == nil {
		w.rootErr = fmt.Errorf("read archive %s: %w", w.a.name, errReasonErr(err))
		w.cancel()
	}
	if err == nil || !isNotExist(err) {
		w.seen[p] = true
	}
}

// errReasonErr is err without the path that an open or stat put in it.
func errReasonErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// emit hands a changed folder to the reconcile's caller.
func (w *walker) emit(u FolderUpdate) {
	if u.Read == nil && len(u.Names) > 0 {
		u.Read = make([]*Parsed, len(u.Names))
	}
	select {
	case w.out <- u:
	case <-w.ctx.Done():
	}
}

// read reads one new or changed file, as Scan's readHead does but on the
// open folder; st is its stat from the folder's listing, for a file that
// cannot be opened. A panic while reading it, a bug that its content
// triggered, costs the file its metadata and nothing else, as in Scan.
func (w *walker) read(d *dirHandle, p, name string, buf []byte, st FileStat) (res readResult) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		reason := "internal error: " + display.Printable(fmt.Sprint(v))
		defer func() {
			if recover() != nil {
				res = readResult{stat: st, parsed: &Parsed{Skipped: "skipped: " + reason}}
			}
		}()
		res = readResult{stat: st, parsed: &Parsed{Article: w.a.byName(p, reason).article}}
	}()
	data, ds, err := d.readAt(name, buf, func(b []byte) bool {
		// As readHead: the front matter ends in the head only when
		// something follows it.
		fm := split(b)
		return fm.found && (!fm.closed || len(fm.body) == 0)
	})
	if err != nil {
		r := w.a.unreadable(p, err)
		if r.article == nil {
			return readResult{vanished: true}
		}
		return readResult{stat: st, parsed: &Parsed{Article: r.article}}
	}
	art, _, err := parse(p, data, true, w.a.opts)
	if err != nil {
		return readResult{stat: ds.FileStat, parsed: &Parsed{Skipped: "skipped: " + err.Error()}}
	}
	if art.DateEstimated {
		art.Date = time.Unix(0, ds.MTime) // as estimateDate, from the read's own stat
	}
	return readResult{stat: ds.FileStat, parsed: &Parsed{Article: art}}
}

// join is path.Join for a name in folder dir of the archive.
func join(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}
