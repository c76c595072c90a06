package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"newsreader/feed"
)

// Load returns the archive's index as the store last saw it, without
// reading the archive: what the interface draws its first frame from. The
// index is the caller's; Reconcile then brings it up to date. An empty
// store (the first start, or an index rebuilt) gives an empty index; the
// embedded demo, which the store does not cache, is scanned.
func (s *Store) Load(ctx context.Context) (*feed.Index, error) {
	if s.dir == "" {
		return s.arch.Index(ctx, nil)
	}
	s.reconciling.Lock()
	defer s.reconciling.Unlock()
	arts, ws, err := s.loadAll()
	if err != nil {
		return nil, err
	}
	return feed.NewIndexOf(arts, ws, s.files), nil
}

// rawFolder is a folder record whose files are not decoded yet.
type rawFolder struct {
	rec  *folderRec
	data string
	off  int
}

// load reads every folder's record into s.folders, and returns the
// folders for decodeFiles. A damaged index is emptied, to be built again
// by the next reconcile, with a notice.
func (s *Store) load() ([]rawFolder, error) {
	before := readGeneration(s.index)
	folders, raws, err := s.readFolders()
	if err != nil && damagedIndex(err) {
		s.resetIndex(err)
		folders, raws, err = map[string]*folderRec{}, nil, nil
		before = readGeneration(s.index)
	}
	if err != nil {
		return nil, fmt.Errorf("read the index: %w", err)
	}
	s.folders = folders
	s.files = s.filesNow()
	s.indexed = -1
	// Another process's save between the two reads leaves the records
	// read of no one generation.
	s.generation = -1
	if after := readGeneration(s.index); after == before {
		s.generation = after
	}
	return raws, nil
}

// resetIndex empties a damaged index, with a notice.
func (s *Store) resetIndex(cause error) {
	s.notice("the index %s was damaged (%s): it is built again from the archive", s.paths.Index, reason(cause))
	err := write(bg, s.index, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM folders`); err != nil {
			return err
		}
		return bumpGeneration(tx)
	})
	if err != nil {
		s.indexFailed(err)
	}
}

// decodeAll decodes the articles of folders that load read, on every
// core: folders are independent. The articles stay grouped by folder,
// which NewIndexOf counts by runs.
func decodeAll(raws []rawFolder) ([]*feed.Article, []feed.Warning, error) {
	out := make([]*decoded, len(raws))
	errs := make([]error, len(raws))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(raws)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(raws); i = int(next.Add(1) - 1) {
				r := raws[i]
				out[i], errs[i] = decodeFiles(r.rec, r.data, r.off, false)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	n, nw := 0, 0
	for _, d := range out {
		n += len(d.articles)
		nw += len(d.warnings)
	}
	arts := make([]*feed.Article, 0, n)
	ws := make([]feed.Warning, 0, nw)
	for _, d := range out {
		arts = append(arts, d.articles...)
		ws = append(ws, d.warnings...)
	}
	return arts, ws, nil
}

// loadAll is load and decodeAll: a damaged record empties the index, as
// in load.
func (s *Store) loadAll() ([]*feed.Article, []feed.Warning, error) {
	raws, err := s.load()
	if err != nil {
		return nil, nil, err
	}
	arts, ws, err := decodeAll(raws)
	if err != nil {
		s.forget(err)
	}
	return arts, ws, nil
}

// forget empties the index and what the store knows of the archive, for
// a damaged record (cause).
func (s *Store) forget(cause error) {
	s.resetIndex(cause)
	s.folders, s.files = map[string]*folderRec{}, 0
}

// damagedIndex reports whether err says the index cannot be read: the
// database's own checks, or a record this version cannot decode.
func damagedIndex(err error) bool {
	return damaged(err) || errors.Is(err, errLayout)
}

// readFolders reads every folder's record, half of them on a second,
// read-only connection when the index is a file: SQLite reads on one
// core, and reading the records was an eighth of a warm list (30 ms of
// 240 at 100,000 articles; two halves at once took 30 ms off the whole).
// The halves are two reads, between which another process may save: a
// folder it saved is then in one of them, both (its row moved: the old
// is dropped) or neither (read again by the reconcile), and load's
// generation check says the records are of no one generation.
func (s *Store) readFolders() (map[string]*folderRec, []rawFolder, error) {
	file, err := dbFile(s.index)
	if err != nil || file == "" {
		return readFolders(s.index, "")
	}
	other, err := sql.Open("sqlite", fileURI(file)+"?mode=ro&_pragma=busy_timeout("+strconv.FormatInt(busyTimeout.Milliseconds(), 10)+")")
	if err != nil {
		return readFolders(s.index, "")
	}
	defer other.Close()
	type half struct {
		folders map[string]*folderRec
		raws    []rawFolder
		err     error
	}
	odd := make(chan half, 1)
	go func() {
		var h half
		h.folders, h.raws, h.err = readFolders(other, `WHERE rowid % 2 = 1`)
		odd <- h
	}()
	folders, raws, err := readFolders(s.index, `WHERE rowid % 2 = 0`)
	h := <-odd
	if err = errors.Join(err, h.err); err != nil {
		return nil, nil, err
	}
	folders, raws = mergeFolders(folders, raws, h.folders, h.raws)
	return folders, raws, nil
}

// mergeFolders adds the records of more to folders and raws; a folder in
// both keeps the record of more.
func mergeFolders(folders map[string]*folderRec, raws []rawFolder, more map[string]*folderRec, moreRaws []rawFolder) (map[string]*folderRec, []rawFolder) {
	for p, rec := range more {
		folders[p] = rec
	}
	raws = append(raws, moreRaws...)
	return folders, slices.DeleteFunc(raws, func(r rawFolder) bool { return folders[r.rec.Path] != r.rec })
}

// readFolders reads the records of the folders that where (a WHERE
// clause of ours, or "") selects from db.
func readFolders(db *sql.DB, where string) (map[string]*folderRec, []rawFolder, error) {
	rows, err := db.Query(`SELECT path, data FROM folders ` + where)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	folders := map[string]*folderRec{}
	var raws []rawFolder
	for rows.Next() {
		var p string
		var blob ownedBlob
		if err := rows.Scan(&p, &blob); err != nil {
			return nil, nil, err
		}
		data := blob.string()
		rec, off, err := decodeRecord(p, data)
		if err != nil {
			return nil, nil, err
		}
		folders[p] = rec
		raws = append(raws, rawFolder{rec, data, off})
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	return folders, raws, nil
}

// ownedBlob takes a BLOB column as the driver hands it over, without the
// copy that scanning into a string or a []byte makes: modernc's driver
// copies every BLOB out of SQLite into a slice of its own for each row,
// which nothing else holds, so a second copy only doubled the 14 MB a
// warm start reads for 100,000 articles (a tenth of its time in the
// process). database/sql allows a driver to reuse such a slice at the
// next row: TestOwnedBlob fails if this driver starts to.
type ownedBlob struct{ b []byte }

// Scan implements sql.Scanner.
func (o *ownedBlob) Scan(src any) error {
	switch v := src.(type) {
	case []byte:
		o.b = v
	case string:
		o.b = []byte(v)
	case nil:
		o.b = nil
	default:
		return fmt.Errorf("folder data of type %T", src)
	}
	return nil
}

// string returns the bytes as a string that shares them: they are not
// written to again.
func (o *ownedBlob) string() string { return unsafe.String(unsafe.SliceData(o.b), len(o.b)) }

// Update is a batch of what a reconcile found.
type Update struct {
	// Changes bring an index up to date (Index.Apply).
	feed.Changes
	// Marks are the marks that moved to other IDs, for a Marks to Apply:
	// those of files renamed or moved inside the archive, found again by
	// title and date.
	Marks []Entry
}

// Summary counts what a reconcile did.
type Summary struct {
	// Files is the number of article files in the archive.
	Files int
	// Read is the number of files read, new or changed; Removed the
	// number of files gone.
	Read, Removed int
	// Moved is the number of marks that followed a renamed file.
	Moved int
}

// A reconcile passes changes on when it has saved batchRows folders or
// holds batchItems articles, or after batchEvery, so that an interface
// shows new articles as they are found. (Variables, for tests.)
var (
	batchEvery = 50 * time.Millisecond
	batchRows  = 64
	batchItems = 4096
)

// Reconcile brings the store's index up to date with the archive: it
// stats every file, reads those that are new or changed, saves what
// changed, and passes the changes to fn in batches, from one goroutine,
// each after it is saved. Applied in order to the index Load returned,
// they make it the archive's. Marks of files renamed or moved inside the
// archive follow them (found by title and date) and come in the last
// batch. The interface runs it in the background after its first frame;
// the commands use Index instead. For the demo it does nothing.
func (s *Store) Reconcile(ctx context.Context, fn func(Update)) (Summary, error) {
	return s.reconcileLocked(ctx, fn, s.arch.Reconcile)
}

// reconcileLocked is Reconcile with the comparison walk given: the whole
// archive, or the paths a watcher named (ReconcileBatch).
func (s *Store) reconcileLocked(ctx context.Context, fn func(Update), walk walkFunc) (Summary, error) {
	if s.dir == "" {
		return Summary{}, nil
	}
	if err := s.lockLoaded(); err != nil {
		return Summary{}, err
	}
	defer s.reconciling.Unlock()
	return s.reconcileWith(ctx, fn, nil, walk)
}

// lockLoaded takes the reconcile lock, which the caller releases, and
// loads the folders if they are not yet (the demo has none): the copy
// keys a reconcile needs are in the files' part. On an error it releases
// the lock itself.
func (s *Store) lockLoaded() error {
	s.reconciling.Lock()
	if s.folders == nil && s.dir != "" {
		if _, _, err := s.loadAll(); err != nil {
			s.reconciling.Unlock()
			return err
		}
	}
	return nil
}

// Index returns the archive's index, up to date: the cached one,
// reconciled with the archive before it is returned. It is what list,
// categories and show answer from. The stat walk runs while the cached
// articles are sorted.
func (s *Store) Index(ctx context.Context) (*feed.Index, error) {
	if s.dir == "" {
		return s.arch.Index(ctx, nil)
	}
	s.reconciling.Lock()
	defer s.reconciling.Unlock()
	raws, err := s.load()
	if err != nil {
		return nil, err
	}
	// The stat walk needs the records only: it runs while the articles
	// are decoded and sorted, until a change needs them (ready).
	var ix *feed.Index
	var decodeErr error
	ready := make(chan struct{})
	files := s.files
	go func() {
		defer close(ready)
		var arts []*feed.Article
		var ws []feed.Warning
		arts, ws, decodeErr = decodeAll(raws)
		if decodeErr == nil && len(raws) > 0 {
			ix = feed.NewIndexOf(arts, ws, files)
		}
	}()
	var updates []Update
	_, err = s.reconcile(ctx, func(u Update) { updates = append(updates, u) }, ready)
	<-ready
	if err == nil && decodeErr != nil {
		// A damaged record: start again from nothing.
		s.forget(decodeErr)
		ix, updates = nil, nil
		_, err = s.reconcile(ctx, func(u Update) { updates = append(updates, u) }, nil)
	}
	if err != nil {
		return nil, err
	}
	s.indexed = s.generation
	if ix == nil {
		// Nothing cached: build the index of what the reconcile read at
		// once, rather than merging it in article by article.
		na, nw := 0, 0
		for _, u := range updates {
			na, nw = na+len(u.Articles), nw+len(u.Warnings)
		}
		all := make([]*feed.Article, 0, na)
		ws := make([]feed.Warning, 0, nw)
		for _, u := range updates {
			all = append(all, u.Articles...)
			ws = append(ws, u.Warnings...)
		}
		return feed.NewIndexOf(all, ws, s.files), nil
	}
	for _, u := range updates {
		ix.Apply(u.Changes)
	}
	return ix, nil
}

// reconcile is Reconcile with the lock held and the folders loaded; the
// folders' copy keys may be set only once ready is closed (nil: they
// are).
func (s *Store) reconcile(ctx context.Context, fn func(Update), ready <-chan struct{}) (Summary, error) {
	return s.reconcileWith(ctx, fn, ready, s.arch.Reconcile)
}

// walkFunc compares the disk with what the store knows of its folders,
// as feed's Archive.Reconcile does, and returns the number of article
// files in the archive.
type walkFunc func(ctx context.Context, known map[string]*feed.Folder, fn func(feed.FolderUpdate)) (int, error)

// reconcileWith is reconcile with the comparison walk: the whole archive,
// or the paths a watcher named (ReconcileBatch).
func (s *Store) reconcileWith(ctx context.Context, fn func(Update), ready <-chan struct{}, walk walkFunc) (Summary, error) {
	known := make(map[string]*feed.Folder, len(s.folders))
	for p, f := range s.folders {
		known[p] = &f.Folder
	}
	cold := len(s.folders) == 0
	if cold {
		defer s.bulkWrite()()
	}
	r := &reconcileRun{s: s, fn: fn, last: time.Now(), ready: ready}
	files, err := walk(ctx, known, r.folder)
	r.flush()
	if err != nil {
		return r.sum, err
	}
	r.sum.Files = files
	s.files = files
	if r.ready != nil {
		<-r.ready
	}
	moved, err := s.follow(ctx, r.gone, cold)
	if err != nil {
		return r.sum, err
	}
	r.sum.Moved = len(moved) / 2
	if len(moved) > 0 {
		r.pending = append(r.pending, Update{Marks: moved})
	}
	r.flush()
	return r.sum, nil
}

// bulkWrite prepares the index for a reconcile that writes every folder,
// the first: SQLite's checkpoints, which copy what its write-ahead log
// holds into the file every 4 MB, wait until the end, and the function it
// returns checkpoints once, in the background, while the caller goes on
// with what it reconciled for. The copies every 4 MB rewrote pages that
// the next records changed again, and each waited for two fsyncs, in the
// walk's way; then closing the store waited for the last one. At 100,000
// articles this took a first `list --json` from 1.49 to 1.38 times the
// floor (12 runs each). The checkpoint is passive: it waits for no one,
// and leaves in the log what another process still reads.
func (s *Store) bulkWrite() (done func()) {
	// The index has one connection (openDB), which the setting stays
	// with; a failure leaves SQLite's checkpoints as they were.
	db := s.index
	if _, err := db.Exec(`PRAGMA wal_autocheckpoint=0`); err != nil {
		return func() {}
	}
	return func() {
		s.settling.Go(func() {
			_, _ = db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
			_, _ = db.Exec(`PRAGMA wal_autocheckpoint=1000`) // SQLite's default
		})
	}
}

// reconcileRun is one reconcile's bookkeeping: the changes not yet passed
// on, the rows not yet saved, and the files gone, whose marks may follow
// them.
type reconcileRun struct {
	s     *Store
	fn    func(Update)
	last  time.Time
	ready <-chan struct{}

	batch   feed.Changes
	pending []Update // built, passed on after the rows are saved
	rows    []folderRow
	gone    map[string]uint64    // ID → copyKey of files gone
	byKey   map[uint64][]fileRef // see keyIndex
	passes  int                  // look-ups without it (withKeys)
	sum     Summary
}

// folderRow is a folder to save (data, and its listedTime) or delete
// (data nil).
type folderRow struct {
	path  string
	data  []byte
	mtime int64
}

// folder takes one folder that changed.
func (r *reconcileRun) folder(u feed.FolderUpdate) {
	if r.ready != nil {
		<-r.ready
	}
	s := r.s
	old := s.folders[u.Path]
	var oldData map[string]fileData
	if old != nil {
		// What the index had: the data of files unchanged, and the dates
		// of those that go, which find their articles at once.
		oldData = r.oldFiles(old)
	}
	var removed []string
	var removedKeys []uint64
	if old != nil {
		for i, name := range old.Names {
			j, found := slices.BinarySearch(u.Names, name)
			if !u.Gone && found && u.Read[j] == nil {
				continue
			}
			p := feed.Join(u.Path, name)
			removed = append(removed, p)
			removedKeys = append(removedKeys, old.keys[i])
			if fd, ok := oldData[name]; ok && fd.art != nil {
				r.batch.Removed = append(r.batch.Removed, feed.Removed{Path: p, Date: fd.art.Date})
			} else if ok {
				r.batch.Unwarned = append(r.batch.Unwarned, p)
			} else {
				r.batch.Removed = append(r.batch.Removed, feed.Removed{Path: p}) // looked for everywhere
			}
			if u.Gone || !found {
				r.sum.Removed++
				if old.keys[i] != 0 {
					if r.gone == nil {
						r.gone = map[string]uint64{}
					}
					r.gone[feed.IDOf(p)] = old.keys[i]
				}
			}
		}
		// The folder's own warnings are replaced by the new ones.
		for _, w := range old.Warnings {
			r.batch.Unwarned = append(r.batch.Unwarned, w.Path)
		}
	}
	if len(removed) > 0 && len(r.batch.Articles) > 0 {
		// Removals apply before the batch's articles: an article added
		// earlier in the batch for a path removed now must go.
		gone := make(map[string]bool, len(removed))
		for _, p := range removed {
			gone[p] = true
		}
		r.batch.Articles = slices.DeleteFunc(r.batch.Articles, func(a *feed.Article) bool { return gone[a.Path] })
	}
	if u.Gone {
		delete(s.folders, u.Path)
		if r.byKey != nil {
			r.reindex(old, nil, u.Path)
		}
		r.rows = append(r.rows, folderRow{path: u.Path})
		r.survivors(removedKeys, nil, "")
		r.maybeFlush()
		return
	}

	rec := &folderRec{Folder: u.Folder, keys: make([]uint64, len(u.Names))}
	files := make([]fileData, 0, len(u.Names))
	n := 0
	for i, name := range u.Names {
		var fd fileData
		if p := u.Read[i]; p != nil {
			fd = fileData{art: p.Article, skipped: p.Skipped}
			r.sum.Read++
			if fd.art != nil {
				r.batch.Articles = append(r.batch.Articles, fd.art)
			} else {
				r.batch.Warnings = append(r.batch.Warnings, feed.Warning{Path: feed.Join(u.Path, name), Reason: fd.skipped})
			}
		} else if d, ok := oldData[name]; ok {
			fd = d
		} else {
			continue // not in the cache after all: read it next time
		}
		rec.Names[n], rec.Stats[n] = name, u.Stats[i]
		rec.keys[n] = copyKey(fd.art)
		files = append(files, fd)
		n++
	}
	rec.Names, rec.Stats, rec.keys = rec.Names[:n], rec.Stats[:n], rec.keys[:n]
	r.batch.Warnings = append(r.batch.Warnings, u.Warnings...)
	s.folders[u.Path] = rec
	if r.byKey != nil {
		r.reindex(old, rec, u.Path)
	}
	r.rows = append(r.rows, folderRow{path: u.Path, data: encodeFolder(&rec.Folder, files), mtime: listedTime(&rec.Folder)})
	r.survivors(removedKeys, files, u.Path)
	r.maybeFlush()
}

// oldFiles decodes what the index holds of a folder's files, by name.
func (r *reconcileRun) oldFiles(old *folderRec) map[string]fileData {
	var blob ownedBlob
	err := r.s.index.QueryRow(`SELECT data FROM folders WHERE path = ?`, old.Path).Scan(&blob)
	if err != nil {
		return nil // the files are read again next time
	}
	d, err := decodeFolder(old.Path, blob.string())
	if err != nil {
		return nil
	}
	out := make(map[string]fileData, len(d.rec.Names))
	for i, name := range d.rec.Names {
		out[name] = d.data[i]
	}
	return out
}

// survivors adds, for files removed or rewritten, the other copies of
// their articles that remain: Apply takes out the whole article, and
// these merge into it again. files is the new data of the folder at dir,
// which the index does not hold yet.
func (r *reconcileRun) survivors(keys []uint64, files []fileData, dir string) {
	want := map[uint64]bool{}
	for _, k := range keys {
		if k != 0 {
			want[k] = true
		}
	}
	if len(want) == 0 {
		return
	}
	read := map[string]bool{}
	for _, a := range r.batch.Articles {
		read[a.Path] = true
	}
	for p, idx := range r.withKeys(want, read) {
		f := r.s.folders[p]
		if p == dir {
			for _, i := range idx {
				if i < len(files) && files[i].art != nil {
					a := *files[i].art
					a.SetPaths(nil)
					r.batch.Articles = append(r.batch.Articles, &a)
				}
			}
			continue
		}
		// The index must hold the folders changed so far to be read.
		r.saveRows()
		d := r.oldFiles(f)
		for _, i := range idx {
			if fd, ok := d[f.Names[i]]; ok && fd.art != nil {
				r.batch.Articles = append(r.batch.Articles, fd.art)
			}
		}
	}
}

// withKeys finds the files that have the copy keys wanted, but for those
// whose paths are in read: their indexes in their folders' Names, by
// folder. The first few look-ups of a run pass over the folders' keys,
// which builds nothing; later ones go through keyIndex, which a run that
// removes files from many folders pays for once. (Building it for a
// watcher's batch of one rewritten file took 30 ms of the 35 on 100,000
// files; a pass takes a millisecond.)
func (r *reconcileRun) withKeys(want map[uint64]bool, read map[string]bool) map[string][]int {
	hits := map[string][]int{} // folder → indexes in its Names
	if r.byKey == nil && r.passes < keyPasses {
		r.passes++
		for d, f := range r.s.folders {
			for i, k := range f.keys {
				if want[k] && !read[feed.Join(d, f.Names[i])] {
					hits[d] = append(hits[d], i)
				}
			}
		}
		return hits
	}
	for k := range want {
		for _, ref := range r.keyIndex()[k] {
			f := r.s.folders[ref.dir]
			if f == nil || read[feed.Join(ref.dir, ref.name)] {
				continue
			}
			if i, ok := slices.BinarySearch(f.Names, ref.name); ok && f.keys[i] == k {
				hits[ref.dir] = append(hits[ref.dir], i)
			}
		}
	}
	return hits
}

// keyPasses is how many look-ups of a reconcile pass over the folders'
// keys before it builds keyIndex. (A variable, for tests.)
var keyPasses = 4

// fileRef names a file by its folder and its name, strings the folders'
// records hold already: keyIndex refers to every file of the archive,
// and joining their paths allocated 18 MB of the 169 MB that a reconcile
// after 1 % of 100,000 files changed allocated (BenchmarkReconcile1Percent).
type fileRef struct{ dir, name string }

// keyIndex maps copy keys to the files that have them, built at the
// first need and kept up to date by reindex.
func (r *reconcileRun) keyIndex() map[uint64][]fileRef {
	if r.byKey == nil {
		r.byKey = map[uint64][]fileRef{}
		for p, f := range r.s.folders {
			r.reindex(nil, f, p)
		}
	}
	return r.byKey
}

// reindex updates keyIndex for the folder at p, whose record old (nil:
// none) became rec (nil: gone).
func (r *reconcileRun) reindex(old, rec *folderRec, p string) {
	if old != nil {
		for i, k := range old.keys {
			if k != 0 {
				ref := fileRef{p, old.Names[i]}
				r.byKey[k] = slices.DeleteFunc(r.byKey[k], func(q fileRef) bool { return q == ref })
			}
		}
	}
	if rec != nil {
		for i, k := range rec.keys {
			if k != 0 {
				r.byKey[k] = append(r.byKey[k], fileRef{p, rec.Names[i]})
			}
		}
	}
}

// split is the inverse of feed.Join.
func split(p string) (dir, name string) {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i], p[i+1:]
	}
	return ".", p
}

// maybeFlush saves and passes on what is pending when it is enough.
func (r *reconcileRun) maybeFlush() {
	if len(r.rows) >= batchRows || len(r.batch.Articles)+len(r.batch.Removed) >= batchItems || time.Since(r.last) > batchEvery {
		r.flush()
	}
}

// flush saves the rows pending, then passes the changes on. It cannot
// fail: saveRows turns a failure into a warning.
func (r *reconcileRun) flush() {
	r.last = time.Now()
	r.saveRows()
	if !r.batch.Empty() {
		r.pending = append(r.pending, Update{Changes: r.batch})
		r.batch = feed.Changes{}
	}
	if len(r.pending) == 0 {
		return
	}
	// One count for them all: the folders do not change meanwhile, and
	// counting passes over every one of them.
	files := r.s.filesNow()
	for _, u := range r.pending {
		u.Files = files
		r.fn(u)
	}
	r.pending = nil
}

// saveRows saves the rows pending in one transaction. A failure leaves
// the index unsaved, with a warning; the changes still reach the caller.
func (r *reconcileRun) saveRows() {
	if len(r.rows) > 0 {
		rows := r.rows
		r.rows = nil
		var gen int64
		err := write(bg, r.s.index, func(tx *sql.Tx) error {
			put, err := tx.Prepare(`INSERT OR REPLACE INTO folders(path, data, mtime) VALUES(?, ?, ?)`)
			if err != nil {
				return err
			}
			defer put.Close()
			for _, row := range rows {
				if row.data == nil {
					_, err = tx.Exec(`DELETE FROM folders WHERE path = ?`, row.path)
				} else {
					_, err = put.Exec(row.path, row.data, row.mtime)
				}
				if err != nil {
					return err
				}
			}
			gen, err = r.s.nextGeneration(tx)
			return err
		})
		if err != nil {
			r.s.indexFailed(err)
		} else {
			r.s.generation = gen
		}
	}
}

// filesNow counts the article files the store knows of, as the
// archive's Reconcile counts them (feed.Folder.Files).
func (s *Store) filesNow() int {
	n := 0
	for _, f := range s.folders {
		n += f.Files()
	}
	return n
}

// indexFailed handles an index that can no longer be written: it is a
// cache, so the store goes on without saving it, and says so once. A
// damaged one is emptied, to be built again next time.
func (s *Store) indexFailed(err error) {
	// What the file holds is no longer what folders say.
	s.generation = -1
	if damaged(err) {
		s.notice("the index %s is damaged (%s): it is built again at the next start", s.paths.Index, reason(err))
		_ = write(bg, s.index, func(tx *sql.Tx) error {
			if _, err := tx.Exec(`DELETE FROM folders`); err != nil {
				return err
			}
			return bumpGeneration(tx)
		})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.warn(err, lostIndex)
}

// follow moves the marks of files gone to the articles that are now at
// other paths with the same title and date (a rename, or a move inside
// the archive): gone gives the IDs and copy keys of the files gone. After
// a cold build (all), every mark whose ID matches no file is looked for.
func (s *Store) follow(ctx context.Context, gone map[string]uint64, all bool) ([]Entry, error) {
	db := s.stateDB()
	var orphans []markRow
	if all {
		rows, err := readMarkRows(db, "")
		if err != nil || len(rows) == 0 {
			return nil, err
		}
		ids := map[string]bool{}
		for p, f := range s.folders {
			for i, name := range f.Names {
				if f.keys[i] != 0 {
					ids[feed.IDOf(feed.Join(p, name))] = true
				}
			}
		}
		for _, r := range rows {
			if !ids[r.ID] && r.Date != 0 {
				orphans = append(orphans, r)
			}
		}
	} else if len(gone) > 0 {
		ids := make([]string, 0, len(gone))
		for id := range gone {
			ids = append(ids, id)
		}
		rows, err := markedIDs(ctx, db, ids)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.Date != 0 {
				orphans = append(orphans, r)
			}
		}
	}
	if len(orphans) == 0 {
		return nil, nil
	}
	return s.rekey(orphans)
}

// rekey moves orphan marks to the files with their title and date, when
// those have no mark of their own.
func (s *Store) rekey(orphans []markRow) ([]Entry, error) {
	byKey := map[uint64]markRow{}
	for _, o := range orphans {
		byKey[titleDateKey(o.Title, o.Date)] = o
	}
	type move struct {
		from markRow
		to   string // path
	}
	var moves []move
	for p, f := range s.folders {
		for i, k := range f.keys {
			if o, ok := byKey[k]; ok && k != 0 {
				moves = append(moves, move{o, feed.Join(p, f.Names[i])})
				delete(byKey, k)
			}
		}
	}
	if len(moves) == 0 {
		return nil, nil
	}
	var out []Entry
	err := s.writeState(func(tx *sql.Tx) error {
		out = out[:0]
		for _, m := range moves {
			id := feed.IDOf(m.to)
			var n int
			if err := tx.QueryRow(`SELECT count(*) FROM marks WHERE id = ?`, id).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue // the file there has a mark of its own
			}
			if _, err := tx.Exec(`UPDATE marks SET id = ?, path = ? WHERE id = ?`, id, m.to, m.from.ID); err != nil {
				return err
			}
			out = append(out, Entry{ID: m.from.ID, Path: m.from.Path}, Entry{ID: id, Path: m.to, Mark: m.from.Mark})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("move marks: %w", err)
	}
	return out, nil
}
