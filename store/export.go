package store

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"newsreader/feed"
)

// exportLine is one line of an export, JSON Lines as newsboat's -E/-I
// keep state: an article's ID, where it was and what it was called, and
// its marks. updated is when the marks last changed, which decides what
// an import keeps.
type exportLine struct {
	ID       string     `json:"id"`
	Path     string     `json:"path"`
	Title    string     `json:"title"`
	Date     *time.Time `json:"date"`
	Read     bool       `json:"read"`
	Starred  bool       `json:"starred"`
	Position int        `json:"position"`
	Updated  *time.Time `json:"updated,omitempty"`
}

// Export writes every mark as JSON Lines, one article a line, ordered by
// ID.
func (s *Store) Export(w io.Writer) error {
	rows, err := readMarkRows(s.stateDB(), "1 ORDER BY id")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, r := range rows {
		l := exportLine{ID: r.ID, Path: r.Path, Title: r.Title, Read: r.Mark.Read, Starred: r.Mark.Starred, Position: r.Mark.Position}
		if r.Date != 0 {
			d := time.Unix(0, r.Date).UTC()
			l.Date = &d
		}
		u := r.Mark.Updated.UTC()
		l.Updated = &u
		if err := enc.Encode(l); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// ImportSummary counts what an import did.
type ImportSummary struct {
	// Lines is the number of articles read; Added those that had no mark,
	// Updated those whose mark changed, Unchanged the others.
	Lines, Added, Updated, Unchanged int
	// Moved counts lines whose ID is of no file of the archive but whose
	// title and date are: their marks went to that file's ID.
	Moved int
}

// Import merges an export into the store, in one transaction: nothing is
// imported when a line cannot be read. For an article with a mark in both,
// the one changed last wins whole; when they were changed at the same
// time, or the line says not when (a line written by hand), they are
// merged: read or starred in either stays so, and a position kept wins
// over none. A line whose ID is of no file of the archive goes to the
// file with its title and date, if there is one; otherwise it is kept as
// it is, for a file that may come back.
func (s *Store) Import(r io.Reader) (ImportSummary, error) {
	lines, err := readExport(r)
	if err != nil {
		return ImportSummary{}, err
	}
	ids, byKey, err := s.archiveIDs()
	if err != nil {
		return ImportSummary{}, err
	}
	var sum ImportSummary
	err = s.writeState(func(tx *sql.Tx) error {
		sum = ImportSummary{Lines: len(lines)}
		get, err := tx.Prepare(`SELECT path, title, date, read, starred, position, updated FROM marks WHERE id = ?`)
		if err != nil {
			return err
		}
		defer get.Close()
		for _, l := range lines {
			in := markRow{Entry: Entry{ID: l.ID, Path: l.Path, Mark: Mark{Read: l.Read, Starred: l.Starred, Position: max(l.Position, 0)}}, Title: l.Title}
			if l.Date != nil {
				in.Date = l.Date.UnixNano()
			}
			if l.Updated != nil {
				in.Mark.Updated = time.UnixMilli(l.Updated.UnixMilli())
			}
			if !ids[in.ID] && in.Date != 0 {
				if p, ok := byKey[titleDateKey(in.Title, in.Date)]; ok {
					in.ID, in.Path = feed.IDOf(p), p
					sum.Moved++
				}
			}
			var old markRow
			var updated int64
			err := get.QueryRow(in.ID).Scan(&old.Path, &old.Title, &old.Date, &old.Mark.Read, &old.Mark.Starred, &old.Mark.Position, &updated)
			switch {
			case err == sql.ErrNoRows:
				if in.Mark.IsZero() {
					sum.Unchanged++
					continue
				}
				if in.Mark.Updated.IsZero() {
					in.Mark.Updated = time.UnixMilli(time.Now().UnixMilli())
				}
				sum.Added++
			case err != nil:
				return err
			default:
				old.ID = in.ID
				old.Mark.Updated = time.UnixMilli(updated)
				merged := merge(old, in)
				if merged.Mark == old.Mark && merged.Path == old.Path {
					sum.Unchanged++
					continue
				}
				in = merged
				sum.Updated++
			}
			if err := putMarkRows(tx, []markRow{in}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return ImportSummary{}, fmt.Errorf("import: %w", err)
	}
	return sum, nil
}

// merge resolves a mark kept (old) and an imported one (in), as Import
// documents.
func merge(old, in markRow) markRow {
	switch {
	case !in.Mark.Updated.IsZero() && in.Mark.Updated.After(old.Mark.Updated):
		return in
	case in.Mark.Updated.IsZero() || in.Mark.Updated.Equal(old.Mark.Updated):
		m := old
		m.Mark.Read = old.Mark.Read || in.Mark.Read
		m.Mark.Starred = old.Mark.Starred || in.Mark.Starred
		if m.Mark.Position == 0 {
			m.Mark.Position = in.Mark.Position
		}
		return m
	}
	return old
}

// readExport reads every line of an export, or fails with the first
// line that is not one.
func readExport(r io.Reader) ([]exportLine, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	var out []exportLine
	for n := 1; sc.Scan(); n++ {
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var l exportLine
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			return nil, fmt.Errorf("import: line %d: %w", n, err)
		}
		if l.ID == "" && l.Path != "" {
			l.ID = feed.IDOf(l.Path)
		}
		if l.ID == "" {
			return nil, fmt.Errorf("import: line %d: no id and no path", n)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	return out, nil
}

// archiveIDs are the IDs of the archive's files as the index knows them,
// and the path of each by its copy key, for marks to find them again.
func (s *Store) archiveIDs() (map[string]bool, map[uint64]string, error) {
	if err := s.lockLoaded(); err != nil {
		return nil, nil, err
	}
	defer s.reconciling.Unlock()
	ids := map[string]bool{}
	byKey := map[uint64]string{}
	for p, f := range s.folders {
		for i, name := range f.Names {
			path := feed.Join(p, name)
			ids[feed.IDOf(path)] = true
			if f.keys[i] != 0 {
				byKey[f.keys[i]] = path
			}
		}
	}
	return ids, byKey, nil
}
