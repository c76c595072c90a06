package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"newsreader/feed"
)

// Mark is the user's state of one article.
type Mark struct {
	Read, Starred bool
	// Position is where reading stopped, in a unit the interface chooses
	// and keeps (0 is the top): the store only keeps it.
	Position int
	// Updated is when the mark last changed.
	Updated time.Time
}

// IsZero reports whether the mark says nothing: such marks are not kept.
func (m Mark) IsZero() bool { return !m.Read && !m.Starred && m.Position == 0 }

// Entry is the mark kept under one article ID, with the path the article
// had; a zero Mark means that the ID has none any more.
type Entry struct {
	ID, Path string
	Mark     Mark
}

// Marks are the marks of an archive's articles, as read from the store
// and kept up to date with the entries that Set and the other changes
// return. Marks is not safe for concurrent use: the interface keeps it in
// its model, and the commands read it once.
type Marks struct {
	byID map[string]Mark
	idOf map[string]string // path → ID, for the other copies of an article
}

// Of is the mark of an article: the one kept under its ID, or else under
// the ID of one of its other copies (a mark made when that copy was the
// primary).
func (ms *Marks) Of(a *feed.Article) Mark {
	if m, ok := ms.byID[a.ID]; ok {
		return m
	}
	if len(a.Paths) > 1 {
		for _, p := range a.Paths[1:] {
			if id, ok := ms.idOf[p]; ok {
				return ms.byID[id]
			}
		}
	}
	return Mark{}
}

// Len is the number of articles with a mark.
func (ms *Marks) Len() int { return len(ms.byID) }

// Apply takes entries that the store returned.
func (ms *Marks) Apply(entries []Entry) {
	if ms.byID == nil {
		ms.byID, ms.idOf = map[string]Mark{}, map[string]string{}
	}
	for _, e := range entries {
		if e.Mark.IsZero() {
			delete(ms.byID, e.ID)
			if ms.idOf[e.Path] == e.ID {
				delete(ms.idOf, e.Path)
			}
			continue
		}
		ms.byID[e.ID] = e.Mark
		ms.idOf[e.Path] = e.ID
	}
}

// markRow is a row of the marks table.
type markRow struct {
	Entry
	Title string
	Date  int64 // Unix nanoseconds; 0 for none
}

// Marks reads every mark of the archive.
func (s *Store) Marks() (*Marks, error) {
	rows, err := readMarkRows(s.stateDB(), "")
	if err != nil {
		return nil, fmt.Errorf("read marks: %w", err)
	}
	ms := &Marks{byID: make(map[string]Mark, len(rows)), idOf: make(map[string]string, len(rows))}
	for _, r := range rows {
		ms.byID[r.ID] = r.Mark
		ms.idOf[r.Path] = r.ID
	}
	return ms, nil
}

// readMarkRows reads the marks table, or the rows that where (an SQL
// condition of ours, never of user text) selects.
func readMarkRows(db *sql.DB, where string, args ...any) ([]markRow, error) {
	q := `SELECT id, path, title, date, read, starred, position, updated FROM marks`
	if where != "" {
		q += " WHERE " + where
	}
	rows, err := db.Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []markRow
	for rows.Next() {
		var r markRow
		var updated int64
		if err := rows.Scan(&r.ID, &r.Path, &r.Title, &r.Date, &r.Mark.Read, &r.Mark.Starred, &r.Mark.Position, &updated); err != nil {
			return nil, err
		}
		r.Mark.Updated = time.UnixMilli(updated)
		out = append(out, r)
	}
	return out, rows.Err()
}

// putMarkRows writes rows, replacing those of the same IDs; rows with a
// zero mark are deleted.
func putMarkRows(tx *sql.Tx, rows []markRow) error {
	put, err := tx.Prepare(`INSERT OR REPLACE INTO marks(id, path, title, date, read, starred, position, updated) VALUES(?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer put.Close()
	del, err := tx.Prepare(`DELETE FROM marks WHERE id = ?`)
	if err != nil {
		return err
	}
	defer del.Close()
	for _, r := range rows {
		if r.Mark.IsZero() {
			_, err = del.Exec(r.ID)
		} else {
			_, err = put.Exec(r.ID, r.Path, r.Title, r.Date, r.Mark.Read, r.Mark.Starred, r.Mark.Position, r.Mark.Updated.UnixMilli())
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// stateDB is the state database in use: the file's, or the one in memory
// that replaced it.
func (s *Store) stateDB() *sql.DB {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// writeState runs f in a transaction of the state database. When the
// file cannot be written (a read-only folder, a full disk), the state
// moves to memory, starting from what the file holds, and f runs there:
// nothing saved is lost, and the store's Warning says that what follows
// will not be kept.
func (s *Store) writeState(f func(*sql.Tx) error) error {
	db := s.stateDB()
	err := write(bg, db, f)
	if err == nil || !unwritable(err) {
		return err
	}
	s.mu.Lock()
	if s.state == db && !s.memory {
		s.mu.Unlock()
		if merr := s.stateInMemory(err); merr != nil {
			return merr
		}
	} else {
		s.mu.Unlock()
	}
	return write(bg, s.stateDB(), f)
}

// Op is a change to the marks of articles.
type Op int

// The changes Set makes.
const (
	Read Op = iota
	Unread
	Star
	Unstar
)

func (op Op) String() string {
	return [...]string{"read", "unread", "star", "unstar"}[op]
}

// ParseOp reads an Op by its name: read, unread, star or unstar.
func ParseOp(s string) (Op, error) {
	for op := Read; op <= Unstar; op++ {
		if s == op.String() {
			return op, nil
		}
	}
	return 0, fmt.Errorf("%q is not read, unread, star or unstar", s)
}

// Set changes the marks of arts in one transaction: all or none. The
// mark of an article is kept under its ID; the marks kept under the IDs
// of its other copies are folded into it. It returns the entries to
// Apply to a Marks.
func (s *Store) Set(arts []*feed.Article, op Op) ([]Entry, error) {
	return s.change(arts, func(m *Mark) {
		switch op {
		case Read:
			m.Read = true
		case Unread:
			m.Read = false
		case Star:
			m.Starred = true
		case Unstar:
			m.Starred = false
		}
	})
}

// SetPosition keeps where reading a stopped.
func (s *Store) SetPosition(a *feed.Article, position int) ([]Entry, error) {
	return s.change([]*feed.Article{a}, func(m *Mark) { m.Position = max(position, 0) })
}

// change applies f to the marks of arts in one transaction.
func (s *Store) change(arts []*feed.Article, f func(*Mark)) ([]Entry, error) {
	var out []Entry
	err := s.writeState(func(tx *sql.Tx) error {
		out = out[:0]
		get, err := tx.Prepare(`SELECT read, starred, position FROM marks WHERE id = ?`)
		if err != nil {
			return err
		}
		defer get.Close()
		put, err := tx.Prepare(`INSERT INTO marks(id, path, title, date, read, starred, position, updated) VALUES(?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET path = excluded.path, title = excluded.title, date = excluded.date,
				read = excluded.read, starred = excluded.starred, position = excluded.position, updated = excluded.updated`)
		if err != nil {
			return err
		}
		defer put.Close()
		del, err := tx.Prepare(`DELETE FROM marks WHERE id = ?`)
		if err != nil {
			return err
		}
		defer del.Close()
		now := time.UnixMilli(time.Now().UnixMilli()) // as the table keeps it
		for _, a := range arts {
			ids := []string{a.ID}
			for _, p := range a.Paths[min(1, len(a.Paths)):] {
				ids = append(ids, feed.IDOf(p))
			}
			var m Mark
			var copies []string
			for i, id := range ids {
				var old Mark
				err := get.QueryRow(id).Scan(&old.Read, &old.Starred, &old.Position)
				if err == sql.ErrNoRows {
					continue
				}
				if err != nil {
					return err
				}
				m.Read = m.Read || old.Read
				m.Starred = m.Starred || old.Starred
				if i == 0 || m.Position == 0 {
					m.Position = old.Position
				}
				if i > 0 {
					copies = append(copies, id)
				}
			}
			f(&m)
			m.Updated = now
			if m.IsZero() {
				_, err = del.Exec(a.ID)
			} else {
				_, err = put.Exec(a.ID, a.Path, a.Title, dateOf(a), m.Read, m.Starred, m.Position, now.UnixMilli())
			}
			if err != nil {
				return err
			}
			out = append(out, Entry{ID: a.ID, Path: a.Path, Mark: m})
			for _, id := range copies {
				if _, err := del.Exec(id); err != nil {
					return err
				}
				out = append(out, Entry{ID: id, Path: pathOfID(a, id)})
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("save marks: %w", err)
	}
	return out, nil
}

// dateOf is an article's date as the marks table keeps it.
func dateOf(a *feed.Article) int64 {
	if a.DateEstimated || a.Date.IsZero() {
		return 0
	}
	return a.Date.UnixNano()
}

// pathOfID is the path of the copy of a whose ID is id.
func pathOfID(a *feed.Article, id string) string {
	for _, p := range a.Paths {
		if feed.IDOf(p) == id {
			return p
		}
	}
	return ""
}

// Last is the place the interface was left at: a category path and an
// article ID, each empty when none was kept.
func (s *Store) Last() (category []string, article string, err error) {
	meta, err := readMeta(s.stateDB())
	if err != nil {
		return nil, "", fmt.Errorf("read the last place: %w", err)
	}
	if c := meta["last_category"]; c != "" {
		if err := json.Unmarshal([]byte(c), &category); err != nil {
			category = nil // written by us: a damaged value is no place
		}
	}
	return category, meta["last_article"], nil
}

// SetLast keeps the place the interface is at.
func (s *Store) SetLast(category []string, article string) error {
	c, err := json.Marshal(category)
	if err != nil {
		return err
	}
	err = s.writeState(func(tx *sql.Tx) error {
		for k, v := range map[string]string{"last_category": string(c), "last_article": article} {
			if _, err := tx.Exec(`INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)`, k, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save the last place: %w", err)
	}
	return nil
}

// markedIDs reads which of ids have a mark, with the rows.
func markedIDs(ctx context.Context, db *sql.DB, ids []string) (map[string]markRow, error) {
	out := map[string]markRow{}
	const chunk = 500
	for i := 0; i < len(ids); i += chunk {
		part := ids[i:min(len(ids), i+chunk)]
		args := make([]any, len(part))
		for j, id := range part {
			args[j] = id
		}
		rows, err := readMarkRows(db, "id IN (?"+strings.Repeat(", ?", len(part)-1)+")", args...)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			out[r.ID] = r
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	return out, nil
}
