package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// busyTimeout is how long SQLite itself waits for another process's
// write to end; write retries for longer still, so that two newsreaders
// on one archive never show "database is locked".
const busyTimeout = 10 * time.Second

// maxWait bounds write's retries.
const maxWait = time.Minute

// durability is how a database file is written: SQLite's synchronous
// setting, and the most memory its page cache may take, in KiB.
type durability struct {
	synchronous string
	cacheKiB    int
}

var (
	// The state is the user's: a mark is on disk once Set returns. Its
	// cache holds a whole table of 100,000 marks, which a change of all
	// of them rewrites: with SQLite's default 2 MB, that spilled pages
	// and read them back, for seconds.
	stateFile = durability{"FULL", 32 << 10}
	// The index is a cache: a power cut may lose its last changes, which
	// the next reconcile makes again. Its cache stays small: it is read
	// once, in order.
	indexFile = durability{"NORMAL", 2 << 10}
)

// dsn is the data source name of a database file: WAL, so that readers
// never wait for a writer; BEGIN IMMEDIATE, so that a transaction takes
// the write lock at its start, where waiting is safe, rather than when it
// first writes, where SQLite must fail it; and the durability asked.
func dsn(path string, d durability) string {
	return fileURI(path) + "?_pragma=busy_timeout(" + fmt.Sprint(busyTimeout.Milliseconds()) + ")" +
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(" + d.synchronous + ")" +
		"&_pragma=cache_size(-" + fmt.Sprint(d.cacheKiB) + ")" +
		// A statement that replaces rows keeps a journal of its own, to
		// undo just itself: in memory, not in a temporary file.
		"&_pragma=temp_store(MEMORY)&_txlock=immediate"
}

// fileURI is the SQLite URI of a file, escaped: archive paths may hold
// "?" or "#".
func fileURI(path string) string {
	u := url.URL{Scheme: "file", Path: path}
	return u.String()
}

// bg is the context of writes that no caller can cancel: state is saved
// whole or not at all.
var bg = context.Background()

// openDB opens a database file, or a private database in memory when
// path is empty.
func openDB(path string, d durability) (*sql.DB, error) {
	if path == "" {
		db, err := sql.Open("sqlite", "file::memory:?_txlock=immediate")
		if err != nil {
			return nil, err
		}
		// Every connection to ":memory:" is a database of its own.
		db.SetMaxOpenConns(1)
		return db, nil
	}
	db, err := sql.Open("sqlite", dsn(path, d))
	if err != nil {
		return nil, err
	}
	// One connection, kept: the store's work on one file is short and
	// serial, and a connection opened later, in the middle of another
	// process's write, could fail on its setup pragmas where no retry
	// waits. The WAL switch needs a lock the first time; Ping makes the
	// connection now, so that a failure shows here.
	db.SetMaxOpenConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := retry(context.Background(), db.Ping); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// code is the primary SQLite result code of err, or 0.
func code(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// busy reports whether err is another connection holding a lock.
func busy(err error) bool {
	c := code(err)
	return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
}

// damaged reports whether err says the file is not a sound database.
func damaged(err error) bool {
	c := code(err)
	return c == sqlite3.SQLITE_CORRUPT || c == sqlite3.SQLITE_NOTADB || errors.Is(err, errDamaged)
}

// errDamaged marks a database that opened but failed a check.
var errDamaged = errors.New("damaged")

// unwritable reports whether err says the database cannot be written
// where it is: a read-only folder or file, a full disk, an I/O error.
func unwritable(err error) bool {
	switch code(err) {
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_PERM:
		return true
	}
	return errors.Is(err, os.ErrPermission) || errors.Is(err, errReadOnly)
}

// errReadOnly marks a folder where the store cannot write.
var errReadOnly = errors.New("read-only")

// retry runs f until it succeeds, fails otherwise than busy, ctx ends or
// maxWait passes, waiting a little longer each time.
func retry(ctx context.Context, f func() error) error {
	deadline := time.Now().Add(maxWait)
	wait := 10 * time.Millisecond
	for {
		err := f()
		if err == nil || !busy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Second)
	}
}

// write runs f in a transaction (BEGIN IMMEDIATE), retrying while
// another process writes.
func write(ctx context.Context, db *sql.DB, f func(*sql.Tx) error) error {
	return retry(ctx, func() error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if err := f(tx); err != nil {
			tx.Rollback()
			return err
		}
		testHookInTx()
		return tx.Commit()
	})
}

// testHookInTx is called inside every write transaction, before its
// commit: the crash tests kill the process there.
var testHookInTx = func() {}

// migrate brings a database's schema to the last version, each step in
// one transaction: steps[i] takes user_version i to i+1. A database of a
// later version (a newer newsreader) is an error, not something to undo.
func migrate(db *sql.DB, steps []string) error {
	return write(context.Background(), db, func(tx *sql.Tx) error {
		var v int
		if err := tx.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
			return err
		}
		if v > len(steps) {
			return fmt.Errorf("schema version %d is newer than this newsreader's %d", v, len(steps))
		}
		for ; v < len(steps); v++ {
			for _, stmt := range strings.Split(steps[v], ";\n") {
				if strings.TrimSpace(stmt) == "" {
					continue
				}
				if _, err := tx.Exec(stmt); err != nil {
					return fmt.Errorf("migrate to version %d: %w", v+1, err)
				}
			}
			if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
				return err
			}
		}
		return nil
	})
}

// check runs SQLite's quick integrity check.
func check(db *sql.DB) error {
	var res string
	if err := db.QueryRow("PRAGMA quick_check(1)").Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("%w: integrity check: %s", errDamaged, res)
	}
	return nil
}
