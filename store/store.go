package store

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"
	"unicode"

	"newsreader/feed"
)

// Paths are where one archive's store lives.
type Paths struct {
	// Dir is the store's folder: the state folder's archives/NAME-HASH,
	// or archives/demo for the embedded demo.
	Dir string
	// Index is the cache of the archive's articles; State is the user's
	// read marks, stars, positions and last place.
	Index, State string
}

// Location tells where the store of the archive in folder archive ("" for
// the embedded demo) lives under stateDir, without creating anything. The
// store is keyed by the archive's absolute path, links resolved: a
// readable name (the folder's) and a hash of the path.
func Location(stateDir, archive string) (Paths, error) {
	name := "demo"
	if archive != "" {
		abs, err := canonical(archive)
		if err != nil {
			return Paths{}, fmt.Errorf("store for %s: %w", archive, err)
		}
		sum := sha256.Sum256([]byte(abs))
		name = readableName(filepath.Base(abs)) + "-" + hex.EncodeToString(sum[:5])
	}
	dir := filepath.Join(stateDir, "archives", name)
	return Paths{Dir: dir, Index: filepath.Join(dir, "index.db"), State: filepath.Join(dir, "state.db")}, nil
}

// canonical is the absolute path of a folder, links resolved when it
// exists.
func canonical(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	}
	return abs, nil
}

// readableName makes a folder name safe for a file name: letters, digits
// and a few marks, at most 32 of them.
func readableName(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == 32 {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' && n > 0 {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
		n++
	}
	if b.Len() == 0 {
		return "archive"
	}
	return b.String()
}

// Store is the store of one archive: its cached index (index.db), which
// may be dropped and rebuilt at any time, and the user's state
// (state.db), which is never dropped. Its methods are safe for concurrent
// use, from tea.Cmds as from goroutines of a command; two processes may
// use one store at once.
type Store struct {
	paths Paths
	arch  *feed.Archive
	dir   string // the archive's absolute path; "" for the demo

	mu      sync.Mutex
	index   *sql.DB
	state   *sql.DB
	memory  bool // state is kept in memory only (see Warning)
	warning string
	notices []string

	// reconciling serializes reconciles, which own folders meanwhile.
	reconciling sync.Mutex
	folders     map[string]*folderRec // nil until loaded
	files       int
	// generation is the index's generation that folders are (see
	// fresh.go), -1 when unknown: another process saved records since
	// they were read.
	generation int64
	// indexed is the generation of the index that Index last returned,
	// -1 when none: SyncSearch takes items for those of the records only
	// while the generation is still this one. (The interface's items,
	// from an index that Load began and updates brought on, may be
	// behind the records: a rescan saves what it found before the
	// interface applies it.)
	indexed int64

	search searchIndex // see search.go

	// settling counts the checkpoints running in the background
	// (bulkWrite), which Close waits for.
	settling sync.WaitGroup
}

// Open opens the store of arch under stateDir, creating it when needed.
// A damaged index is rebuilt and a damaged state file moved aside, each
// with a notice (see Notices); a state folder that cannot be written
// leaves a store that works in memory, with one warning (see Warning).
// Open fails only when not even that is possible.
func Open(stateDir string, arch *feed.Archive) (*Store, error) {
	archive, onDisk := arch.OnDisk()
	s := &Store{arch: arch, generation: -1, indexed: -1}
	if onDisk {
		abs, err := canonical(archive)
		if err != nil {
			return nil, fmt.Errorf("open store: %w", err)
		}
		s.dir = abs
	}
	paths, err := Location(stateDir, s.dir)
	if err != nil {
		return nil, err
	}
	s.paths = paths
	_, err = os.Stat(paths.Dir)
	fresh := errors.Is(err, fs.ErrNotExist)
	if err := os.MkdirAll(paths.Dir, 0o700); err != nil {
		return s.inMemory(err)
	}
	if fresh && onDisk {
		s.adopt(stateDir)
	}
	if err := s.openState(); err != nil {
		return nil, err
	}
	if err := s.openIndex(fresh); err != nil {
		return nil, err
	}
	return s, nil
}

// inMemory opens a store that keeps everything in memory, for a state
// folder that cannot be created.
func (s *Store) inMemory(cause error) (*Store, error) {
	var err error
	if s.state, err = openDB("", durability{}); err == nil {
		err = migrate(s.state, stateSteps)
	}
	if err == nil {
		s.index, err = openDB("", durability{})
	}
	if err == nil {
		err = migrate(s.index, indexSteps)
	}
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	s.memory = true
	s.warn(cause, lostState)
	return s, nil
}

// What cannot be kept, for the store's warning.
const (
	lostState = "read marks and stars last until newsreader quits"
	lostIndex = "the next start reads the whole archive again"
)

// warn sets the store's one warning: what will not be kept, and why.
func (s *Store) warn(cause error, lost string) {
	if s.warning == "" {
		s.warning = fmt.Sprintf("cannot save in %s (%s): %s", s.paths.Dir, reason(cause), lost)
	}
}

// reason is an error's message without the path an os call put in it.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Paths tells where the store's files are.
func (s *Store) Paths() Paths { return s.paths }

// Warning is "" while the store keeps its state on disk; otherwise it
// says, once and for the user, that state will not outlast the process
// (a read-only state folder, a full disk).
func (s *Store) Warning() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.warning
}

// Saving reports whether changes to the state reach the state file:
// false once the state is kept in memory only (see Warning), when what
// Set and Import change lasts only until the process ends. A command that
// exists to change the state fails then rather than say it did.
func (s *Store) Saving() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.memory
}

// Notices are what the store did that the user should know of: an index
// rebuilt, a damaged state file moved aside (and where to), the state of
// a moved archive adopted. Each is returned once.
func (s *Store) Notices() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.notices
	s.notices = nil
	return n
}

func (s *Store) notice(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notices = append(s.notices, fmt.Sprintf(format, args...))
}

// Close closes the store's databases. It waits for a reconcile or a
// SyncSearch that is running: cancel its context first.
func (s *Store) Close() error {
	err := s.closeSearch()
	s.reconciling.Lock()
	defer s.reconciling.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settling.Wait()
	return errors.Join(err, s.index.Close(), s.state.Close())
}

// openState opens state.db, moving a damaged one aside.
func (s *Store) openState() error {
	db, err := openChecked(s.paths.State, stateFile, stateSteps, true)
	if err != nil && damaged(err) {
		aside, merr := moveAside(s.paths.State)
		if merr != nil {
			return fmt.Errorf("state %s is damaged (%v), and could not be moved aside: %w", s.paths.State, err, merr)
		}
		s.notice("the state file %s was damaged (%s): it was moved to %s, and read marks and stars start afresh", s.paths.State, reason(err), aside)
		db, err = openChecked(s.paths.State, stateFile, stateSteps, true)
	}
	if err == nil && s.dir != "" {
		err = setMeta(db, "archive", s.dir)
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		return s.stateInMemory(err)
	}
	s.state = db
	return nil
}

// openChecked opens a database file and migrates it; with full, it also
// checks every page. That is for the state, which is small and must be
// sound; checking the index would read all of it at every start, and a
// damaged page of it shows when it is read.
func openChecked(path string, d durability, steps []string, full bool) (*sql.DB, error) {
	db, err := openDB(path, d)
	if err != nil {
		return nil, err
	}
	if err := migrate(db, steps); err != nil {
		db.Close()
		return nil, err
	}
	if full {
		if err := check(db); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// stateInMemory switches the state to a database in memory that starts
// with what the file holds, when it can still be read: the state cannot
// be written where it is (cause).
func (s *Store) stateInMemory(cause error) error {
	mem, err := openDB("", durability{})
	if err == nil {
		err = migrate(mem, stateSteps)
	}
	if err != nil {
		return fmt.Errorf("open state: %w (and in memory: %w)", cause, err)
	}
	if err := copyState(mem, s.paths.State); err != nil && !errors.Is(err, fs.ErrNotExist) {
		s.notice("the state in %s could not be read either (%s)", s.paths.State, reason(err))
	}
	if s.state != nil {
		s.state.Close()
	}
	s.state = mem
	s.memory = true
	s.mu.Lock()
	s.warn(cause, lostState)
	s.mu.Unlock()
	return nil
}

// copyState copies the marks and settings of the state file at path into
// db, reading the file without writing anything beside it.
func copyState(db *sql.DB, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	var lastErr error
	for _, mode := range []string{"mode=ro", "immutable=1"} {
		u := fileURI(path) + "?" + mode
		src, err := sql.Open("sqlite", u)
		if err != nil {
			lastErr = err
			continue
		}
		err = copyRows(src, db)
		src.Close()
		if err == nil {
			return nil
		}
		lastErr = err
	}
	return lastErr
}

// copyRows copies the state tables from src into dst.
func copyRows(src, dst *sql.DB) error {
	marks, err := readMarkRows(src, "")
	if err != nil {
		return err
	}
	meta, err := readMeta(src)
	if err != nil {
		return err
	}
	return write(bg, dst, func(tx *sql.Tx) error {
		for k, v := range meta {
			if _, err := tx.Exec(`INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)`, k, v); err != nil {
				return err
			}
		}
		return putMarkRows(tx, marks)
	})
}

// moveAside renames a damaged database file, and its WAL files, to a
// name of its own beside it, and returns that name.
func moveAside(path string) (string, error) {
	aside := path + ".damaged-" + time.Now().Format("20060102-150405")
	for i := 2; ; i++ {
		if _, err := os.Lstat(aside); errors.Is(err, fs.ErrNotExist) {
			break
		}
		aside = fmt.Sprintf("%s.damaged-%s-%d", path, time.Now().Format("20060102-150405"), i)
	}
	if err := os.Rename(path, aside); err != nil {
		return "", err
	}
	for _, ext := range []string{"-wal", "-shm"} {
		if err := os.Rename(path+ext, aside+ext); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return aside, err
		}
	}
	return aside, nil
}

// removeDB deletes a database file and its WAL files.
func removeDB(path string) error {
	var errs []error
	for _, ext := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + ext); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// openIndex opens index.db, rebuilding a damaged one and emptying one
// built by another parser. fresh is set for a store created now, whose
// index is missing for no one to be told.
func (s *Store) openIndex(fresh bool) error {
	_, statErr := os.Stat(s.paths.Index)
	if errors.Is(statErr, fs.ErrNotExist) && !fresh && s.dir != "" {
		s.notice("the index %s was missing: it is built again from the archive", s.paths.Index)
	}
	db, err := openChecked(s.paths.Index, indexFile, indexSteps, false)
	if err != nil && damaged(err) {
		if rerr := removeDB(s.paths.Index); rerr != nil {
			return fmt.Errorf("index %s is damaged (%v), and could not be removed: %w", s.paths.Index, err, rerr)
		}
		s.notice("the index %s was damaged (%s): it is built again from the archive", s.paths.Index, reason(err))
		db, err = openChecked(s.paths.Index, indexFile, indexSteps, false)
	}
	if err == nil {
		err = s.checkBuild(db)
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		// The index is a cache: without a file it lives in memory, and
		// every start reads the whole archive.
		mem, merr := openDB("", durability{})
		if merr == nil {
			merr = migrate(mem, indexSteps)
		}
		if merr != nil {
			return fmt.Errorf("open index: %w (and in memory: %w)", err, merr)
		}
		s.mu.Lock()
		s.warn(err, lostIndex)
		s.mu.Unlock()
		db = mem
	}
	s.index = db
	return nil
}

// checkBuild empties an index that another build of newsreader, or other
// feed options, made: what a parser gave cannot be trusted from another.
func (s *Store) checkBuild(db *sql.DB) error {
	want := buildKey(s.arch.Options())
	meta, err := readMeta(db)
	if err != nil {
		return err
	}
	if meta["build"] == want {
		return nil
	}
	return write(bg, db, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`DELETE FROM folders`); err != nil {
			return err
		}
		if err := bumpGeneration(tx); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT OR REPLACE INTO meta(key, value) VALUES('build', ?)`, want)
		return err
	})
}

// buildKey says what made an index: the BLOB layout, the zone dates
// without one are read in, and the build of the program (its version, or
// for a development build the executable's size and time).
func buildKey(opts feed.Options) string {
	zone := "UTC"
	if opts.SourceZone != nil {
		zone = opts.SourceZone.String()
	}
	return fmt.Sprintf("layout %d; zone %s; build %s", layoutVersion, zone, buildID())
}

var buildID = sync.OnceValue(func() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version + " " + info.Main.Sum
	}
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%d bytes, %d", fi.Size(), fi.ModTime().UnixNano())
})

// readMeta reads a meta table.
func readMeta(db *sql.DB) (map[string]string, error) {
	rows, err := db.Query(`SELECT key, value FROM meta`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

func setMeta(db *sql.DB, key, value string) error {
	return write(bg, db, func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE value != excluded.value`, key, value)
		return err
	})
}
