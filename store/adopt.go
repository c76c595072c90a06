package store

import (
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// adoptSample is how many marked files of another store are looked for
// in this archive to tell that it is the same archive, moved.
const adoptSample = 50

// adopt takes over the store of an archive that was moved here: a store
// under stateDir whose recorded archive folder no longer exists, and most
// of whose marked files are in this archive at the same paths. A copied
// archive, whose first folder still exists, gets a store of its own. The
// whole store moves (its index too: paths in it are relative, so the
// first start after the move is warm).
func (s *Store) adopt(stateDir string) {
	root := filepath.Join(stateDir, "archives")
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	best, bestFound, from := "", 0, ""
	for _, e := range entries {
		dir := filepath.Join(root, e.Name())
		if !e.IsDir() || dir == s.paths.Dir {
			continue
		}
		archive, found := s.matches(filepath.Join(dir, "state.db"))
		if found > bestFound {
			best, bestFound, from = dir, found, archive
		}
	}
	if best == "" {
		return
	}
	// The store just made is empty: the moved one takes its place.
	if err := os.Remove(s.paths.Dir); err != nil {
		return
	}
	if err := os.Rename(best, s.paths.Dir); err != nil {
		// Another newsreader may have adopted it first; then its store
		// is there, or an empty one is made.
		_ = os.MkdirAll(s.paths.Dir, 0o700)
		return
	}
	s.notice("the archive was moved from %s: its read marks and stars came along", from)
}

// matches reads the state file of another store and tells the archive it
// recorded and, when that folder is gone, how many of a sample of its
// marked files are in this archive (0 unless most of them are).
func (s *Store) matches(state string) (string, int) {
	if _, err := os.Stat(state); err != nil {
		return "", 0
	}
	db, err := sql.Open("sqlite", fileURI(state)+"?mode=ro")
	if err != nil {
		return "", 0
	}
	defer db.Close()
	var archive string
	if err := db.QueryRow(`SELECT value FROM meta WHERE key = 'archive'`).Scan(&archive); err != nil || archive == "" {
		return "", 0
	}
	if _, err := os.Stat(archive); !errors.Is(err, fs.ErrNotExist) {
		return archive, 0 // still there (or unknown): a copy, not a move
	}
	rows, err := db.Query(`SELECT path FROM marks ORDER BY updated DESC LIMIT ?`, adoptSample)
	if err != nil {
		return archive, 0
	}
	defer rows.Close()
	n, found := 0, 0
	for rows.Next() {
		var p string
		if rows.Scan(&p) != nil {
			continue
		}
		n++
		if _, err := os.Stat(filepath.Join(s.dir, filepath.FromSlash(p))); err == nil {
			found++
		}
	}
	if n == 0 || 2*found <= n {
		return archive, 0
	}
	return archive, found
}
