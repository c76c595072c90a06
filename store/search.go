package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"newsreader/feed"
	"newsreader/render"
	"newsreader/search"
)

// searchIndex is the store's full-text index, opened at its first use:
// the commands other than search never pay for it.
type searchIndex struct {
	mu sync.Mutex
	ix *search.Index
	db *sql.DB // its own pool on index.db; nil when it shares the store's
	// syncing serializes SyncSearch: two at once would index the same
	// articles twice.
	syncing sync.Mutex
}

// searchFile is how the search tables' pool writes index.db: a cache,
// like the rest of it. Its page cache is 4 MB a connection, up to four:
// the file's pages stay in the system's cache, which serves a miss in
// microseconds. With 16 MB the interface's first session at 100,000
// articles, which builds the index, peaked at 214-216 MB, with 4 MB at
// 193-194 MB, in as long (54-56 s); searches from the command line took
// as long or less (38 against 40 ms, 71 against 82 ms, hyperfine).
var searchFile = durability{"NORMAL", 4 << 10}

// searchConns is the size of the search tables' pool: searches read
// while a SyncSearch writes, as WAL lets them, rather than wait for its
// batch to commit behind the store's single connection.
const searchConns = 4

// Search returns the full-text index of the archive, kept in the tables
// search_* of index.db (a cache: deleting index.db loses nothing; the
// next SyncSearch builds it again). It is opened at the first call, on a
// pool of connections of its own, so that searches go on while a
// SyncSearch or a reconcile writes. The index may be behind the archive:
// SyncSearch brings it up to date.
func (s *Store) Search(ctx context.Context) (*search.Index, error) {
	si := &s.search
	si.mu.Lock()
	defer si.mu.Unlock()
	if si.ix != nil {
		return si.ix, nil
	}
	db := s.index
	var own *sql.DB
	if file, err := dbFile(s.index); err == nil && file != "" {
		// A file: a pool of its own. (An index kept in memory, when the
		// state folder cannot be written, is one connection's alone.)
		if own, err = openDB(file, searchFile); err != nil {
			return nil, fmt.Errorf("open the search index: %w", err)
		}
		own.SetMaxOpenConns(searchConns)
		db = own
	}
	ix, err := search.Open(ctx, db)
	if err != nil {
		if own != nil {
			own.Close()
		}
		return nil, err
	}
	si.ix, si.db = ix, own
	return ix, nil
}

// dbFile is the file of a database's main schema, "" for one in memory.
func dbFile(db *sql.DB) (string, error) {
	var file string
	err := db.QueryRow(`SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file)
	return file, err
}

// closeSearch closes the search index's pool, after the SyncSearch that
// is running. (SyncSearch takes the reconcile's lock inside its own:
// Close takes them in that order too.)
func (s *Store) closeSearch() error {
	si := &s.search
	si.syncing.Lock()
	defer si.syncing.Unlock()
	si.mu.Lock()
	defer si.mu.Unlock()
	if si.db == nil {
		return nil
	}
	err := si.db.Close()
	si.db, si.ix = nil, nil
	return err
}

// SearchItem is an article the search index should hold: the ID and path
// of its primary copy, whose file is indexed.
type SearchItem struct {
	ID, Path string
}

// SearchItems lists the articles of ix for SyncSearch, newest first (the
// order they are indexed in, so that a search during a first build finds
// the recent ones). It copies what it needs: the interface calls it where
// it keeps the index (in Update) and passes the copy to SyncSearch in a
// tea.Cmd, while Update goes on changing the index.
func SearchItems(ix *feed.Index) []SearchItem {
	arts := ix.Articles()
	out := make([]SearchItem, len(arts))
	for i, a := range arts {
		out[i] = SearchItem{a.ID, a.Path}
	}
	return out
}

// SearchChanges lists for UpdateSearch what changes, applied to ix, did
// to the articles the search index holds: the articles of ix with a copy
// among the files the changes name, and the IDs that may have gone and
// that no article of ix has now: those of the files removed, and those
// the touched articles had while another of their copies was primary
// (an article's ID is its primary copy's). Like SearchItems, it reads ix
// where the caller keeps it, and returns copies.
func SearchChanges(ix *feed.Index, changes []feed.Changes) (items []SearchItem, gone []string) {
	touched := map[string]bool{}
	for _, c := range changes {
		for _, r := range c.Removed {
			touched[r.Path] = true
		}
		for _, a := range c.Articles {
			for _, p := range a.Paths() {
				touched[p] = true
			}
		}
	}
	if len(touched) == 0 {
		return nil, nil
	}
	maybeGone := make(map[string]bool, len(touched))
	for p := range touched {
		maybeGone[feed.IDOf(p)] = true
	}
	arts := ix.Articles()
	for _, a := range arts {
		if !slices.ContainsFunc(a.Paths(), func(p string) bool { return touched[p] }) {
			continue
		}
		items = append(items, SearchItem{a.ID, a.Path})
		for _, p := range a.OtherPaths() {
			maybeGone[feed.IDOf(p)] = true
		}
	}
	for _, a := range arts {
		delete(maybeGone, a.ID)
	}
	for id := range maybeGone {
		gone = append(gone, id)
	}
	slices.Sort(gone)
	return items, gone
}

// SyncSearch brings the search index up to date with items, the articles
// of the store's index as a reconcile left it (SearchItems of what Index
// returned, or of the interface's index after Reconcile): it removes the
// articles that are gone and indexes those that are new or changed, in
// batches, each committed as it is written, calling progress (when not
// nil) after each. A SyncSearch that is cancelled or killed keeps what it
// wrote, and the next one does only the rest. Searches go on meanwhile,
// and so do reconciles.
//
// An article is indexed from its file as `show --format text` shows it:
// cleaned by rules (the user's, from render.LoadRules), as plain text
// (render's Document.Text, without glamour's costly layout), with its
// title, every level of its category path, and its author and the
// publisher its text names. It is indexed again when its file's size or
// times change, when rules change, and when newsreader does (another
// build may clean otherwise).
//
// A file that cannot be read (gone since the reconcile) is left out and
// counted in Progress.Failed; the next SyncSearch tries it again.
//
// Change the search index only through SyncSearch: it keeps a
// fingerprint of what it last brought the index to (the items, their
// files' sizes and times, what cleaned them), and when nothing changed
// since, it returns at once rather than compare the whole index with
// items (a tenth of a second at 100,000 articles, most of a search).
func (s *Store) SyncSearch(ctx context.Context, items []SearchItem, rules *render.Rules, progress func(search.Progress)) (search.Progress, error) {
	ix, made, unlock, err := s.lockSearch(ctx, rules)
	if err != nil {
		return search.Progress{}, err
	}
	defer unlock()
	want, fingerprint, gen, err := s.searchWant(ctx, items, made)
	if err != nil {
		return search.Progress{}, err
	}
	// What SearchCurrent will find, once the index holds items: they are
	// the records of generation gen.
	current := ""
	if gen >= 0 && fingerprint != "" {
		current = strconv.FormatInt(gen, 10) + " " + made
	}
	if want == nil {
		s.markSearchCurrent(ctx, fingerprint, current)
		return search.Progress{}, nil
	}
	// Until this sync ends, the index matches no fingerprint: a sync
	// that is killed, or another process's running meanwhile, leaves
	// the next one to compare the whole index.
	token := "syncing " + strconv.FormatInt(time.Now().UnixNano(), 36)
	if err := s.setSearchState(ctx, token, "", ""); err != nil {
		return search.Progress{}, err
	}
	// Most syncs have little to load: the items are ordered by ID at the
	// first need. (A map from every ID to its path took 83 MB at
	// 1,000,000 articles, where this order takes 4.) Stably, so that the
	// path found for an ID two articles share is always the first's.
	byID := sync.OnceValue(func() []int32 {
		order := make([]int32, len(items))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortStableFunc(order, func(a, b int32) int { return strings.Compare(items[a].ID, items[b].ID) })
		return order
	})
	load := func(_ context.Context, e search.Entry) (search.Doc, error) {
		order := byID()
		path := ""
		if k, ok := slices.BinarySearchFunc(order, e.ID, func(i int32, id string) int { return strings.Compare(items[i].ID, id) }); ok {
			path = items[order[k]].Path
		}
		return s.searchDoc(path, rules)
	}
	pr, err := ix.Sync(ctx, want, load, search.SyncOptions{Progress: progress})
	if err != nil {
		return pr, fmt.Errorf("index the archive for search: %w", err)
	}
	if pr.Failed == 0 && fingerprint != "" {
		if err := s.setSearchState(ctx, fingerprint, token, current); err != nil {
			return pr, err
		}
	}
	return pr, nil
}

// UpdateSearch brings the search index up to date with a change the
// caller knows, such as a watcher's batch that a ReconcileBatch made:
// items are the articles the change touched, as the index has them
// after it, and gone the IDs it may have taken away (an ID that items
// holds stays). It indexes those items that are new or changed and
// deletes the gone, and reads nothing else: SyncSearch compares every
// article, which a day of new files, each its own batch, paid for each
// time. It leaves the search index matching no fingerprint (the next
// SyncSearch compares the whole index once) and not current for
// SearchCurrent (the next search from the command line reconciles
// first).
func (s *Store) UpdateSearch(ctx context.Context, items []SearchItem, gone []string, rules *render.Rules, progress func(search.Progress)) (search.Progress, error) {
	ix, made, unlock, err := s.lockSearch(ctx, rules)
	if err != nil {
		return search.Progress{}, err
	}
	defer unlock()
	want, err := s.changedEntries(items, made)
	if err != nil {
		return search.Progress{}, err
	}
	token := "updated " + strconv.FormatInt(time.Now().UnixNano(), 36)
	if err := s.setSearchState(ctx, token, "", ""); err != nil {
		return search.Progress{}, err
	}
	paths := make(map[string]string, len(items))
	for _, it := range items {
		if _, ok := paths[it.ID]; !ok {
			paths[it.ID] = it.Path
		}
	}
	load := func(_ context.Context, e search.Entry) (search.Doc, error) {
		return s.searchDoc(paths[e.ID], rules)
	}
	pr, err := ix.Update(ctx, want, gone, load, search.SyncOptions{Progress: progress})
	if err != nil {
		return pr, fmt.Errorf("index the archive's changes for search: %w", err)
	}
	return pr, nil
}

// changedEntries is searchEntries for the few items of a change.
func (s *Store) changedEntries(items []SearchItem, made string) ([]search.Entry, error) {
	if s.dir != "" {
		if err := s.lockFolders(); err != nil {
			return nil, err
		}
		defer s.reconciling.Unlock()
	}
	return s.searchEntries(items, made), nil
}

// lockFolders takes s.reconciling, which the caller releases, with the
// folders' records loaded; on an error it holds nothing.
func (s *Store) lockFolders() error {
	s.reconciling.Lock()
	if s.folders == nil {
		if _, err := s.load(); err != nil {
			s.reconciling.Unlock()
			return err
		}
	}
	return nil
}

// lockSearch opens the search index and takes the lock that serializes
// its updates, which the caller releases with unlock; made is
// searchTextKey for rules.
func (s *Store) lockSearch(ctx context.Context, rules *render.Rules) (ix *search.Index, made string, unlock func(), err error) {
	if ix, err = s.Search(ctx); err != nil {
		return nil, "", nil, err
	}
	s.search.syncing.Lock()
	return ix, searchTextKey(s.arch.Options(), rules.Version()), s.search.syncing.Unlock, nil
}

// searchStateKey is the row of index.db's meta table that says what the
// search index was last brought to: a fingerprint and the database's
// schema version then (a table dropped or made since, by another build
// of the search tables, changes it), or a token while a sync runs.
const searchStateKey = "search"

// searchWant returns the entries the search index should hold, their
// fingerprint ("" when the files' times cannot be trusted yet), and the
// generation of the records that items are of (-1: unknown, or items
// are not known to be those of the records: see Store.indexed); nil
// entries when the index holds them already, by the fingerprint.
func (s *Store) searchWant(ctx context.Context, items []SearchItem, made string) ([]search.Entry, string, int64, error) {
	gen := int64(-1)
	if s.dir != "" {
		if err := s.lockFolders(); err != nil {
			return nil, "", gen, err
		}
		defer s.reconciling.Unlock()
		if s.indexed == s.generation {
			gen = s.generation
		}
	}
	fingerprint := s.searchFingerprint(items, made)
	if fingerprint != "" {
		state, err := s.searchState(ctx)
		if err != nil {
			return nil, "", gen, err
		}
		if state == fingerprint {
			return nil, fingerprint, gen, nil
		}
	}
	return s.searchEntries(items, made), fingerprint, gen, nil
}

// searchFingerprint hashes what the search index is made from: items,
// the sizes and times of every file of the store (the folders' records:
// cheaper to hash whole than to look up each item's), and made. Files
// whose times cannot be trusted yet (see searchEntries) have none. The
// folders must not change meanwhile (s.reconciling).
func (s *Store) searchFingerprint(items []SearchItem, made string) string {
	h := sha256.New()
	var b []byte
	flush := func() {
		if len(b) > 32<<10 {
			h.Write(b)
			b = b[:0]
		}
	}
	b = append(b, made...)
	for _, it := range items {
		b = append(b, 0)
		b = append(b, it.ID...)
		b = append(b, 0)
		b = append(b, it.Path...)
		flush()
	}
	dirs := make([]string, 0, len(s.folders))
	for p := range s.folders {
		dirs = append(dirs, p)
	}
	slices.Sort(dirs)
	for _, p := range dirs {
		f := s.folders[p]
		b = append(b, 1)
		b = append(b, p...)
		for i, name := range f.Names {
			st := f.Stats[i]
			if st.MTime == 0 {
				return ""
			}
			b = append(b, 0)
			b = append(b, name...)
			b = binary.AppendVarint(b, st.Size)
			b = binary.AppendVarint(b, st.MTime)
			b = binary.AppendVarint(b, st.CTime)
		}
		flush()
	}
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// searchDB is the database of the search tables.
func (s *Store) searchDB() *sql.DB {
	if db := s.search.db; db != nil {
		return db
	}
	return s.index
}

// searchState reads what the search index was last brought to, with the
// schema version it was then, or "" when it does not match the schema
// now.
func (s *Store) searchState(ctx context.Context) (string, error) {
	db := s.searchDB()
	var state, schema string
	err := db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, searchStateKey).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err == nil {
		schema, err = schemaVersion(ctx, db)
	}
	if err != nil {
		return "", fmt.Errorf("read the search index's state: %w", err)
	}
	fingerprint, version, _ := strings.Cut(state, " @")
	if version != schema {
		return "", nil
	}
	return fingerprint, nil
}

// setSearchState records what the search index is brought to: a token
// while a sync runs, a fingerprint after; with was set, only while the
// state is still was (no other sync began meanwhile), and then also
// current, for SearchCurrent, when it is not "". A sync that begins (was
// "") takes back what SearchCurrent found.
func (s *Store) setSearchState(ctx context.Context, state, was, current string) error {
	err := write(ctx, s.searchDB(), func(tx *sql.Tx) error {
		schema, err := schemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		value := state + " @" + schema
		if was == "" {
			if _, err := tx.Exec(`DELETE FROM meta WHERE key = ?`, searchCurrentKey); err != nil {
				return err
			}
			_, err := tx.Exec(`INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)`, searchStateKey, value)
			return err
		}
		was += " @"
		res, err := tx.Exec(`UPDATE meta SET value = ? WHERE key = ? AND substr(value, 1, length(?)) = ?`, value, searchStateKey, was, was)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 || current == "" {
			return err
		}
		_, err = tx.Exec(`INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)`, searchCurrentKey, current+" @"+schema)
		return err
	})
	if err != nil {
		return fmt.Errorf("save the search index's state: %w", err)
	}
	return nil
}

// searchEntries gives each item its version: the size and times of its
// file as the last reconcile saw them, and made, what its text was made
// with. An item whose file the store does not know (gone since items
// were listed) is left out. The folders must not change meanwhile
// (s.reconciling).
func (s *Store) searchEntries(items []SearchItem, made string) []search.Entry {
	want := make([]search.Entry, 0, len(items))
	if s.dir == "" {
		// The demo is in the binary: the build is its version.
		for _, it := range items {
			want = append(want, search.Entry{ID: it.ID, Version: made})
		}
		return want
	}
	// A file that changed too recently for its times to be trusted (MTime
	// 0, read again at each reconcile) gets a version no later sync
	// matches, so that each indexes it again until it settles.
	unsettled := "unsettled " + strconv.FormatInt(time.Now().UnixNano(), 36)
	var b []byte
	for _, it := range items {
		dir, name := split(it.Path)
		f := s.folders[dir]
		if f == nil {
			continue
		}
		i, ok := slices.BinarySearch(f.Names, name)
		if !ok {
			continue
		}
		st := f.Stats[i]
		b = b[:0]
		if st.MTime == 0 {
			b = append(b, unsettled...)
		} else {
			b = strconv.AppendInt(b, st.Size, 36)
			b = append(b, '.')
			b = strconv.AppendInt(b, st.MTime, 36)
			b = append(b, '.')
			b = strconv.AppendInt(b, st.CTime, 36)
		}
		b = append(b, ' ')
		b = append(b, made...)
		want = append(want, search.Entry{ID: it.ID, Version: string(b)})
	}
	return want
}

// searchTextKey identifies what made an article's indexed text besides
// its file: the build of newsreader and the feed options (as for the
// store's index, see buildKey), and the cleaning rules.
func searchTextKey(opts feed.Options, rulesVersion string) string {
	sum := sha256.Sum256([]byte(buildKey(opts) + "\x00" + rulesVersion))
	return hex.EncodeToString(sum[:6])
}

// searchDoc reads and cleans the article at path for the search index.
func (s *Store) searchDoc(path string, rules *render.Rules) (search.Doc, error) {
	art, body, err := s.arch.Load(path)
	if err != nil {
		return search.Doc{}, err
	}
	doc := render.Prepare(art, body, render.Options{Rules: rules})
	author := doc.Author
	if doc.Source != "" && doc.Source != doc.Author {
		// The publisher the text names, which the byline shows: author:
		// finds the articles of an agency whoever reprinted them.
		if author != "" {
			author += " · "
		}
		author += doc.Source
	}
	return search.Doc{
		Path:          path,
		Title:         doc.Title,
		Categories:    doc.Categories,
		Author:        author,
		Date:          art.Date,
		DateEstimated: art.DateEstimated,
		Text:          doc.Text(),
	}, nil
}
