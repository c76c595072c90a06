package feed

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"
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

// Files is how many article files the folder holds: its Names, and the
// broken links among its Warnings, which are article files unread. Scan,
// Reconcile and the store count the archive's files so.
func (f *Folder) Files() int {
	n := len(f.Names)
	for _, w := range f.Warnings {
		if !w.Folder {
			n++
		}
	}
	return n
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

// racySince is the earliest modification time that racyWindow makes
// untrustworthy now.
func racySince() int64 { return time.Now().Add(-racyWindow).UnixNano() }

// forgetRacy zeroes the modification times of stats that are racy
// (after racy, from racySince), so that the next reconcile reads those
// files again.
func forgetRacy(stats []FileStat, racy int64) {
	for i := range stats {
		if stats[i].MTime > racy {
			stats[i].MTime = 0
		}
	}
}

// OnDisk returns the archive's folder, or false for an archive that is not
// a folder of the file system (the embedded demo).
func (a *Archive) OnDisk() (string, bool) {
	return a.dir, a.dir != ""
}

// Reconcile walks an on-disk archive and compares it with known, what a
// cache knows of its folders by path (empty for nothing): it stats every
// file, lists again only the folders whose modification time changed,
// and reads only the files that are new or changed. fn gets every folder
// that differs, from one goroutine at a time, as soon as it is done; the
// folders of known that the walk no longer reaches come last, as Gone,
// unless the walk was cancelled. Reconcile returns the number of article
// files in the archive. Like Scan, it fails only when the archive's root
// cannot be read, ctx ends, or the walk panics (a *PanicError); known is
// only read.
func (a *Archive) Reconcile(ctx context.Context, known map[string]*Folder, fn func(FolderUpdate)) (int, error) {
	if _, ok := a.OnDisk(); !ok {
		return 0, fmt.Errorf("reconcile %s: not a folder on disk", a.name)
	}
	return a.walk(ctx, known, false, fn)
}

// walk walks the archive for Reconcile, or for Scan (scan set), which has
// no cache: the one walk, whose readers read each file's head and parse
// it in one place. For a scan, a file that vanishes is a warning rather
// than gone, and a large folder is passed on in parts.
func (a *Archive) walk(ctx context.Context, known map[string]*Folder, scan bool, fn func(FolderUpdate)) (int, error) {
	w, err := a.walkTasks(ctx, known, scan, []dirTask{{path: "."}}, fn)
	if err != nil {
		return 0, err
	}
	w.emitGone(fn, func(string) bool { return true })
	return int(w.files.Load()), nil
}

// walkTasks runs a walk from the folder tasks given, and returns it once
// every folder is done and passed to fn: the whole archive from ".", or
// the folders a watcher named (ReconcileTouched). It fails as walk does.
func (a *Archive) walkTasks(ctx context.Context, known map[string]*Folder, scan bool, tasks []dirTask, fn func(FolderUpdate)) (*walker, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w := &walker{
		a: a, opts: a.opts, known: known, scan: scan, ctx: ctx, cancel: cancel,
		jobs: make(chan readJob, 256),
		out:  make(chan FolderUpdate, 16),
		seen: map[string]bool{},
	}
	if w.opts.Now == nil {
		// A date is checked against the clock to tell a date in the
		// future; asking it once per file was 3 % of parsing one.
		now := time.Now()
		w.opts.Now = func() time.Time { return now }
	}
	w.cond = sync.NewCond(&w.mu)
	w.queue = tasks
	w.active = len(tasks)

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
	if w.err != nil {
		return nil, w.err
	}
	return w, ctx.Err()
}

// emitGone passes to fn, as Gone, the folders of the cache that the walk
// did not reach among those it was to look at (in).
func (w *walker) emitGone(fn func(FolderUpdate), in func(p string) bool) {
	gone := make([]string, 0)
	for p := range w.known {
		if !w.seen[p] && in(p) {
			gone = append(gone, p)
		}
	}
	slices.Sort(gone)
	for _, p := range gone {
		fn(FolderUpdate{Folder: Folder{Path: p}, Gone: true})
	}
}

// scanPart is how many files of a folder a scan reads before it passes
// them on, and how many results make a batch: an archive may keep all its
// files in one folder, and an interface shows them, and the count of files
// read, as they come. (A variable, for tests.)
var scanPart = 1024

// walker is one walk: folder workers take folders from a queue that they
// fill with subfolders, and hand the files to read to the readers.
type walker struct {
	a      *Archive
	opts   Options // the archive's, with a clock stopped at the walk's start (see walkTasks)
	known  map[string]*Folder
	scan   bool
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	cond   *sync.Cond
	queue  []dirTask
	active int   // folders queued or being walked
	err    error // what ended the walk: the root unreadable, a panic
	seen   map[string]bool

	jobs  chan readJob
	out   chan FolderUpdate
	files atomic.Int64
}

// dirTask is a folder to walk, with the folders above it, for link loops.
// A task with a patch looks at some of a cached folder's entries only
// (touched.go).
type dirTask struct {
	path    string
	parents []diskStat
	patch   *patch
}

// readJob is a file to read for a folder worker, which waits on done.
type readJob struct {
	d    folder
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
			sub = w.walkFolder(t)
		}
		w.mu.Lock()
		w.queue = append(w.queue, sub...)
		w.active += len(sub) - 1
		w.cond.Broadcast()
		w.mu.Unlock()
	}
}

// walkFolder is folder, but a panic, a bug that the folder triggered,
// ends the walk with a *PanicError instead of ending the process, which
// may be holding the terminal in raw mode.
func (w *walker) walkFolder(t dirTask) (sub []dirTask) {
	var err error
	defer func() {
		if err != nil {
			w.fail(err)
			sub = nil
		}
	}()
	op := "reconcile"
	if w.scan {
		op = "scan"
	}
	defer recoverPanic(&err, op, w.a.name)
	if t.patch != nil {
		w.patchFolder(t)
		return nil
	}
	return w.folder(t)
}

// fail ends the walk with err, unless it already ended with another.
func (w *walker) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
		w.cancel()
	}
}

func (w *walker) reader() {
	buf := make([]byte, headSize)
	names := map[string]string{}
	for j := range w.jobs {
		*j.res = w.read(j.d, j.p, j.name, buf, names, j.res.stat)
		j.done.Done()
	}
}

// folder walks one folder and returns its subfolders.
func (w *walker) folder(t dirTask) []dirTask {
	p := t.path
	k := w.known[p]
	d, err := w.a.openFolder(p)
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
			name, typ := e.name, e.typ
			var st diskStat
			if typ&fs.ModeSymlink != 0 || typ == fs.ModeIrregular {
				if st, err = d.statAt(name); err != nil {
					if IsArticleFile(name) {
						f.Warnings = append(f.Warnings, Warning{Path: Join(p, name), Reason: "broken link: " + errReason(err)})
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
					f.Warnings = append(f.Warnings, Warning{Path: Join(p, name), Reason: "link loop; folder skipped", Folder: true})
					continue
				}
				f.Subdirs = append(f.Subdirs, name)
			case typ.IsRegular() && IsArticleFile(name):
				names = append(names, name)
			}
		}
	}
	w.visit(p, nil)

	if w.scan {
		// A scan passes on a large folder in parts (see scanPart).
		for len(names) > scanPart {
			part := Folder{Path: p}
			read, _ := w.readFiles(d, &part, nil, names[:scanPart])
			if w.ctx.Err() != nil {
				return nil
			}
			w.emit(FolderUpdate{Folder: part, Read: read})
			names = names[scanPart:]
		}
	}
	read, changed := w.readFiles(d, &f, k, names)
	// A broken link is an article file, unread, as Scan counts it.
	for _, warning := range f.Warnings {
		if !warning.Folder {
			w.files.Add(1)
		}
	}
	if w.ctx.Err() != nil {
		return nil
	}
	// Times too close to now cannot tell a change made right after; the
	// next reconcile lists or reads them again.
	racy := racySince()
	if f.MTime > racy {
		f.MTime = 0
	}
	forgetRacy(f.Stats, racy)
	if k == nil || changed > 0 || f.MTime != k.MTime || !slices.Equal(f.Names, k.Names) || !slices.Equal(f.Stats, k.Stats) ||
		!slices.Equal(f.Subdirs, k.Subdirs) || !slices.Equal(f.Warnings, k.Warnings) {
		w.emit(FolderUpdate{Folder: f, Read: read})
	}
	sub := make([]dirTask, len(f.Subdirs))
	parents := append(slices.Clip(t.parents), self)
	for i, name := range f.Subdirs {
		sub[i] = dirTask{path: Join(p, name), parents: parents}
	}
	return sub
}

// readFiles stats the files names of folder d, known to the cache as k
// (nil: none), and reads those that are new or changed, in parallel. It
// sets f's Names and Stats, and returns what the files read gave,
// parallel to f.Names (nil when none was read), and how many were.
func (w *walker) readFiles(d folder, f *Folder, k *Folder, names []string) ([]*Parsed, int) {
	f.Names = make([]string, 0, len(names))
	f.Stats = make([]FileStat, 0, len(names))
	var results []readResult // made at the first read: most folders of a warm start have none
	var done sync.WaitGroup
	var oldNames []string
	var oldStats []FileStat
	if k != nil {
		oldNames, oldStats = k.Names, k.Stats
	}
	changed := 0
	j := 0 // both lists are sorted: oldNames[j:] are the cached names to come
	for _, name := range names {
		// A file the cache does not know is read at once: the read
		// stats it.
		var st diskStat
		for j < len(oldNames) && oldNames[j] < name {
			j++
		}
		if j < len(oldNames) && oldNames[j] == name {
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
		if results == nil {
			results = make([]readResult, len(names))
		}
		results[i].stat = st.FileStat
		done.Add(1)
		select {
		case w.jobs <- readJob{d: d, p: Join(f.Path, name), name: name, res: &results[i], done: &done}:
		case <-w.ctx.Done():
			done.Done()
			results[i].vanished = true
		}
	}
	done.Wait()
	w.files.Add(int64(len(f.Names)))
	if changed == 0 || w.ctx.Err() != nil {
		return nil, changed
	}
	read := make([]*Parsed, 0, len(f.Names))
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
	return read, changed
}

// visit records that the walk reached folder p; an error on the root ends
// the walk.
func (w *walker) visit(p string, err error) {
	if p == "." && err != nil {
		w.fail(fmt.Errorf("read archive %s: %w", w.a.name, pathless(err)))
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err == nil || !isNotExist(err) {
		w.seen[p] = true
	}
}

// emit hands a changed folder to the walk's caller.
func (w *walker) emit(u FolderUpdate) {
	if u.Read == nil && len(u.Names) > 0 {
		u.Read = make([]*Parsed, len(u.Names))
	}
	select {
	case w.out <- u:
	case <-w.ctx.Done():
	}
}

// read reads one new or changed file of folder d: its head (readHead),
// parsed, with the reader's buffer and names (see scanState). st is its
// stat from the folder's listing, for a file that cannot be opened. A panic while reading it, a bug that its content
// triggered, costs the file its metadata and nothing else: it is listed
// by its name, as an unreadable file is.
func (w *walker) read(d folder, p, name string, buf []byte, names map[string]string, st FileStat) (res readResult) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		reason := "internal error: " + display.Printable(fmt.Sprint(v))
		defer func() {
			// Not even the name could be read: the file is left out.
			if recover() != nil {
				res = readResult{stat: st, parsed: &Parsed{Skipped: "skipped: " + reason}}
			}
		}()
		res = readResult{stat: st, parsed: &Parsed{Article: w.a.byName(p, reason)}}
	}()
	// A scan keeps no stats: it stats a file only for an estimated date.
	data, fm, ds, err := readHead(d, name, buf, !w.scan)
	if err != nil {
		if art := w.a.unreadable(p, err); art != nil {
			return readResult{stat: st, parsed: &Parsed{Article: art}}
		}
		if w.scan {
			return readResult{stat: st, parsed: &Parsed{Skipped: "vanished during the scan"}}
		}
		return readResult{vanished: true}
	}
	art, _, err := parse(p, data, &scanState{located: fm, names: names}, w.opts)
	if err != nil {
		return readResult{stat: ds.FileStat, parsed: &Parsed{Skipped: "skipped: " + err.Error()}}
	}
	if art.DateEstimated {
		if w.scan {
			ds, err = d.statAt(name)
		}
		if err == nil {
			art.Date = ds.modTime() // as estimateDate, from the read's own stat
		}
	}
	return readResult{stat: ds.FileStat, parsed: &Parsed{Article: art}}
}

// readHead reads the named article file of folder d for a walk: its
// first len(buf) bytes, into buf, and on to the end (up to maxFile) only
// when the front matter does not end in them. It returns what it read,
// the front matter when it located it in that (for parse), and, when
// stat is set, the file's stat as of the read.
func readHead(d folder, name string, buf []byte, stat bool) ([]byte, *frontMatter, diskStat, error) {
	f, err := d.openAt(name)
	if err != nil {
		return nil, nil, diskStat{}, err
	}
	defer f.Close()
	var st diskStat
	if stat {
		if st, err = f.stat(); err != nil {
			return nil, nil, diskStat{}, err
		}
	}
	n, err := readUpTo(f, buf, st.Size, stat)
	if err != nil {
		return nil, nil, diskStat{}, err
	}
	data := buf[:n]
	if n < len(buf) {
		return data, nil, st, nil
	}
	// The front matter ends in the head when something follows it: a
	// closing line at the very end may be cut, or need a blank line.
	fm := split(withoutBOM(data))
	if !fm.found || fm.closed && len(fm.body) > 0 {
		return data, &fm, st, nil
	}
	rest, err := io.ReadAll(io.LimitReader(f, maxFile))
	if err != nil {
		return nil, nil, diskStat{}, err
	}
	return append(data[:n:n], rest...), nil, st, nil
}

// readUpTo reads f into buf until buf is full or the file ends, as
// io.ReadFull does, but when the file's size is known (sized) it stops
// once it has read that many bytes: most articles are shorter than a
// head, and the read that would only report their end is a system call
// per file, a tenth of a cold start's. A file that grew after its stat is
// read short, as if read a moment sooner: its stat, taken before, makes
// the next reconcile read it again.
func readUpTo(f io.Reader, buf []byte, size int64, sized bool) (int, error) {
	n := 0
	for n < len(buf) {
		if sized && int64(n) >= size && n > 0 {
			break
		}
		k, err := f.Read(buf[n:])
		n += k
		if err == io.EOF {
			break
		}
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// folder is an open folder of the archive, as a walk reads it: through
// raw descriptors for an archive on disk on Unix (disk_unix.go), through
// the archive's fs.FS otherwise (disk_fs.go). Names are of its entries.
type folder interface {
	// entries lists the folder, sorted by name.
	entries() ([]entry, error)
	// self stats the folder itself.
	self() (diskStat, error)
	// statAt stats the named entry, following links.
	statAt(name string) (diskStat, error)
	// openAt opens the named file for reading.
	openAt(name string) (file, error)
	close() error
}

// entry is a folder's entry: its name and type bits, as a listing gives
// them.
type entry struct {
	name string
	typ  fs.FileMode
}

// entriesOf lists what ReadDir gave, sorted by name: sorting the names
// themselves, rather than fs.DirEntry values through their methods, took
// a third of the time of listing a folder.
func entriesOf(des []fs.DirEntry) []entry {
	es := make([]entry, len(des))
	for i, e := range des {
		es[i] = entry{e.Name(), e.Type()}
	}
	slices.SortFunc(es, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	return es
}

// file is an open article file.
type file interface {
	io.Reader
	stat() (diskStat, error)
	Close() error
}

// diskStat is what a stat tells a walk.
type diskStat struct {
	FileStat
	dir, regular bool
	// A file's identity, for link loops: its device and inode through
	// raw descriptors, its os.FileInfo through an fs.FS.
	dev, ino uint64
	info     fs.FileInfo
}

// same reports whether two stats are of one file, for link loops.
func (s diskStat) same(o diskStat) bool {
	if s.info != nil || o.info != nil {
		return os.SameFile(s.info, o.info)
	}
	return s.dev == o.dev && s.ino == o.ino
}

// modTime is the modification time, as the file system gave it: an
// fs.FS may have none (the embedded demo's zero time is no number of
// Unix nanoseconds).
func (s diskStat) modTime() time.Time {
	if s.info != nil {
		return s.info.ModTime()
	}
	return time.Unix(0, s.MTime)
}

// Join is the slash-separated path of name in the archive's folder dir
// ("." for its root): path.Join without the cleaning, since both are
// clean already, for a walk that joins once per file. The store and the
// watcher join archive paths with it.
func Join(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}
