package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"newsreader/feed"
)

// A search must not cost a reconcile. `list` stats every file before it
// answers, which at 100,000 articles is most of a second of processor
// time; search answers in a tenth of that when its index is current, and
// checks only what it can check cheaply:
//
//   - index.db keeps a generation, which every change to the folders'
//     records moves on (in the transaction that makes it, whichever
//     process makes it);
//   - a SyncSearch that brings the search index up to date with the
//     records of one generation says so (searchCurrentKey), with what
//     made its text (searchTextKey); a sync that begins takes it back.
//     Only items of the index that Index returned at that generation
//     are known to be those of the records: the interface's, which
//     updates bring on, say nothing (Store.indexed);
//   - every folder's record keeps the folder's modification time in a
//     column of its own, which changes when a file is added, removed or
//     renamed in it.
//
// So when the generation is the one the search index was brought to, and
// every folder's time is the one its record has (a stat of each folder:
// a few hundred for 100,000 articles), no file was added or removed since
// the search index was made, and SearchCurrent says so. What it cannot
// see is a file rewritten in place, which changes no folder: the caller
// checks the files of the results it prints (FilesUnchanged); a rewritten
// file that did not match before is found by the next search after any
// full reconcile (list, the interface).

// generationKey is the row of index.db's meta table that counts the
// changes to the folders' records.
const generationKey = "generation"

// searchCurrentKey is the row of index.db's meta table that says which
// generation the search index was last brought up to date with, with
// what text, and in which tables (schemaVersion): "GENERATION MADE
// @SCHEMA".
const searchCurrentKey = "search_current"

// querier is a database or a transaction, to read from.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// metaValue reads the row key of a meta table: "" when there is none.
func metaValue(ctx context.Context, q querier, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// schemaVersion is the database's schema version, which the records of
// the search index's state end with (" @" and it): a table dropped or
// made since they were written, as another build makes the search tables
// again, empty, changes it.
func schemaVersion(ctx context.Context, q querier) (string, error) {
	var v int64
	if err := q.QueryRowContext(ctx, `PRAGMA schema_version`).Scan(&v); err != nil {
		return "", err
	}
	return strconv.FormatInt(v, 10), nil
}

// bumpGeneration moves the index's generation on, in the transaction that
// changes the records.
func bumpGeneration(tx *sql.Tx) error {
	_, err := tx.Exec(`INSERT INTO meta(key, value) VALUES(?, '1')
		ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`, generationKey)
	return err
}

// generationOf reads the index's generation from q: 0 before any change.
func generationOf(q querier) (int64, error) {
	v, err := metaValue(bg, q, generationKey)
	if err != nil || v == "" {
		return 0, err
	}
	return strconv.ParseInt(v, 10, 64)
}

// readGeneration is generationOf, -1 when it cannot be read.
func readGeneration(db *sql.DB) int64 {
	n, err := generationOf(db)
	if err != nil {
		return -1
	}
	return n
}

// nextGeneration moves the generation on in tx, which saves records, and
// returns what s.generation becomes once tx commits: the new generation,
// or -1 when another process saved records since s.folders were read,
// which are then of no one generation.
func (s *Store) nextGeneration(tx *sql.Tx) (int64, error) {
	was, err := generationOf(tx)
	if err := bumpGeneration(tx); err != nil {
		return -1, err
	}
	if err != nil || s.generation < 0 || was != s.generation {
		return -1, nil
	}
	return was + 1, nil
}

// listedTime is the time a folder's record keeps in its mtime column:
// the folder's, or 0 when a reconcile lists it again whatever its time,
// as it does a folder with warnings (a broken link may have been
// mended).
func listedTime(f *feed.Folder) int64 {
	if len(f.Warnings) > 0 {
		return 0
	}
	return f.MTime
}

// SearchCurrent reports whether the search index holds the archive as it
// is, as far as can be told without a reconcile: it was last brought up
// to date (by SyncSearch, with the rules of rulesVersion: see
// render.RulesVersion) with the records the index has now,
// and no folder of the archive changed since (see above for what that
// misses, and FilesUnchanged for the rest). When it reports false, or an
// error, bring the index up to date first (Index, then SyncSearch). The
// demo is never current: it is scanned.
func (s *Store) SearchCurrent(ctx context.Context, rulesVersion string) (bool, error) {
	if s.dir == "" {
		return false, nil
	}
	made := searchTextKey(s.arch.Options(), rulesVersion)
	state := func() (string, error) {
		gen := readGeneration(s.index)
		schema, err := schemaVersion(ctx, s.index)
		if err != nil {
			return "", fmt.Errorf("read the search index's state: %w", err)
		}
		return strconv.FormatInt(gen, 10) + " " + made + " @" + schema, nil
	}
	want, err := state()
	if err != nil {
		return false, err
	}
	current, err := metaValue(ctx, s.index, searchCurrentKey)
	if err != nil {
		return false, fmt.Errorf("read the search index's state: %w", err)
	}
	if current != want {
		return false, nil
	}
	rows, err := s.index.QueryContext(ctx, `SELECT path, mtime FROM folders`)
	if err != nil {
		return false, fmt.Errorf("read the index: %w", err)
	}
	type folder struct {
		path  string
		mtime int64
	}
	var folders []folder
	for rows.Next() {
		var f folder
		if err := rows.Scan(&f.path, &f.mtime); err != nil {
			rows.Close()
			return false, fmt.Errorf("read the index: %w", err)
		}
		folders = append(folders, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("read the index: %w", err)
	}
	if len(folders) == 0 {
		return false, nil
	}
	for _, f := range folders {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		t, err := s.arch.FolderTime(f.path)
		if err != nil || f.mtime == 0 || t != f.mtime {
			return false, nil
		}
	}
	// The times are those of the generation read first, and the tables
	// those it was synced in, unless another process saved records or
	// made the tables again meanwhile.
	now, err := state()
	return err == nil && now == want, err
}

// FilesUnchanged reports whether the article files at paths are as the
// index's records have them: present, with the same size and times, and
// the records still those the search index was brought up to date with
// (another process's save since SearchCurrent may hold a rewrite that
// the search index has not). After SearchCurrent, it tells whether
// results read from the search index are of the files as they are.
func (s *Store) FilesUnchanged(paths []string) (bool, error) {
	if s.dir == "" {
		return false, nil
	}
	recs := map[string]*folderRec{}
	for _, p := range paths {
		dir, name := split(p)
		rec, ok := recs[dir]
		if !ok {
			var data string
			err := s.index.QueryRow(`SELECT data FROM folders WHERE path = ?`, dir).Scan(&data)
			if errors.Is(err, sql.ErrNoRows) {
				return false, nil
			}
			if err != nil {
				return false, fmt.Errorf("read the index: %w", err)
			}
			if rec, _, err = decodeRecord(dir, data); err != nil {
				return false, nil
			}
			recs[dir] = rec
		}
		i, found := slices.BinarySearch(rec.Names, name)
		if !found || rec.Stats[i].MTime == 0 {
			return false, nil
		}
		st, err := s.arch.FileStat(p)
		if err != nil || st != rec.Stats[i] {
			return false, nil
		}
	}
	// Read last: the generation does not go back, so the records read
	// before are of the one it is now.
	current, err := metaValue(bg, s.index, searchCurrentKey)
	if err != nil {
		return false, fmt.Errorf("read the search index's state: %w", err)
	}
	gen, _, _ := strings.Cut(current, " ")
	return current != "" && gen == strconv.FormatInt(readGeneration(s.index), 10), nil
}

// markSearchCurrent records current for SearchCurrent, after a SyncSearch
// that found the search index up to date by its fingerprint; "" records
// nothing. It records it only while the index's state is still that
// fingerprint, in the same tables: a sync that began since (another
// process's) or tables made again empty would be taken for current. It
// fails silently: what it cannot read or write (a full disk, a lock held
// too long) leaves SearchCurrent false, which costs the next search its
// reconcile, and must not cost this one its answer.
func (s *Store) markSearchCurrent(ctx context.Context, fingerprint, current string) {
	if current == "" {
		return
	}
	db := s.searchDB()
	schema, err := schemaVersion(ctx, db)
	if err != nil {
		return
	}
	if was, err := metaValue(ctx, db, searchCurrentKey); err != nil || was == current+" @"+schema {
		return
	}
	_ = write(ctx, db, func(tx *sql.Tx) error {
		schema, err := schemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		state, err := metaValue(ctx, tx, searchStateKey)
		if err != nil || state != fingerprint+" @"+schema {
			return err
		}
		_, err = tx.Exec(`INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)`, searchCurrentKey, current+" @"+schema)
		return err
	})
}
