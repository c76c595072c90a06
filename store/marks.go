package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"io"
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
	ids  map[string]string // path → ID of other copies, as Of met them
}

// Of is the mark of an article: the one kept under its ID, or else under
// the ID of one of its other copies (a mark made when that copy was the
// primary).
func (ms *Marks) Of(a *feed.Article) Mark {
	if m, ok := ms.byID[a.ID]; ok {
		return m
	}
	for _, p := range a.OtherPaths() {
		id, ok := ms.ids[p]
		if !ok {
			id = feed.IDOf(p)
			if ms.ids == nil {
				ms.ids = map[string]string{}
			}
			ms.ids[p] = id
		}
		if m, ok := ms.byID[id]; ok {
			return m
		}
	}
	return Mark{}
}

// Len is the number of articles with a mark.
func (ms *Marks) Len() int { return len(ms.byID) }

// Apply takes entries that the store returned.
func (ms *Marks) Apply(entries []Entry) {
	if ms.byID == nil {
		ms.byID = map[string]Mark{}
	}
	for _, e := range entries {
		if e.Mark.IsZero() {
			delete(ms.byID, e.ID)
		} else {
			ms.byID[e.ID] = e.Mark
		}
	}
}

// markRow is a row of the marks table.
type markRow struct {
	Entry
	Title string
	Date  int64 // Unix nanoseconds; 0 for none
}

// Marks reads every mark of the archive. Only what Of needs is read: the
// driver's cost is per row and per column, and a reader who marked
// 100,000 articles read pays it at every start.
func (s *Store) Marks() (*Marks, error) {
	ms := &Marks{byID: map[string]Mark{}}
	conn, err := s.stateDB().Conn(bg)
	if err != nil {
		return nil, fmt.Errorf("read marks: %w", err)
	}
	defer conn.Close()
	// The driver's rows directly: database/sql's Scan converts each
	// value by reflection, a third of the time for 100,000 rows.
	err = conn.Raw(func(dc any) error {
		q, ok := dc.(driver.QueryerContext)
		if !ok {
			return fmt.Errorf("the SQLite driver cannot query")
		}
		rows, err := q.QueryContext(bg, `SELECT id, read, starred, position, updated FROM marks`, nil)
		if err != nil {
			return err
		}
		defer rows.Close()
		v := make([]driver.Value, 5)
		for {
			if err := rows.Next(v); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			id, ok1 := v[0].(string)
			read, ok2 := v[1].(int64)
			starred, ok3 := v[2].(int64)
			pos, ok4 := v[3].(int64)
			updated, ok5 := v[4].(int64)
			if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
				return fmt.Errorf("%w: a mark of unexpected types %T %T %T %T %T", errDamaged, v[0], v[1], v[2], v[3], v[4])
			}
			ms.byID[id] = Mark{Read: read != 0, Starred: starred != 0, Position: int(pos), Updated: time.UnixMilli(updated)}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("read marks: %w", err)
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
// zero mark are deleted. Rows go a hundred to a statement: the driver's
// cost is per statement, and marking a category of 100,000 articles read
// is one call.
func putMarkRows(tx *sql.Tx, rows []markRow) error {
	var puts []any
	var dels []string
	for _, r := range rows {
		if r.Mark.IsZero() {
			dels = append(dels, r.ID)
			continue
		}
		puts = append(puts, r.ID, r.Path, r.Title, r.Date, r.Mark.Read, r.Mark.Starred, r.Mark.Position, r.Mark.Updated.UnixMilli())
	}
	const cols, per = 8, 100
	for len(puts) > 0 {
		n := min(len(puts), cols*per)
		q := `INSERT OR REPLACE INTO marks(id, path, title, date, read, starred, position, updated) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?), ", n/cols), ", ")
		if _, err := tx.Exec(q, puts[:n]...); err != nil {
			return err
		}
		puts = puts[n:]
	}
	return inChunks(dels, func(q string, args []any) error {
		_, err := tx.Exec(`DELETE FROM marks WHERE id IN `+q, args...)
		return err
	})
}

// inChunks calls f with the IDs, 500 at a time, as an SQL list of
// parameters and its arguments.
func inChunks(ids []string, f func(list string, args []any) error) error {
	const chunk = 500
	for i := 0; i < len(ids); i += chunk {
		part := ids[i:min(len(ids), i+chunk)]
		args := make([]any, len(part))
		for j, id := range part {
			args[j] = id
		}
		if err := f("(?"+strings.Repeat(", ?", len(part)-1)+")", args); err != nil {
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

// String is the op's name, as ParseOp reads it and the mark command
// takes it.
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
	return s.change(arts, op.Apply)
}

// Apply makes the change to m, as Set makes it to the marks it keeps:
// for an interface that shows a change before the store has saved it.
func (op Op) Apply(m *Mark) {
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
		var ids []string
		for _, a := range arts {
			ids = append(ids, a.ID)
			for _, p := range a.OtherPaths() {
				ids = append(ids, feed.IDOf(p))
			}
		}
		old := map[string]Mark{}
		err := inChunks(ids, func(list string, args []any) error {
			rows, err := tx.Query(`SELECT id, read, starred, position FROM marks WHERE id IN `+list, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id string
				var m Mark
				if err := rows.Scan(&id, &m.Read, &m.Starred, &m.Position); err != nil {
					return err
				}
				old[id] = m
			}
			return rows.Err()
		})
		if err != nil {
			return err
		}
		now := time.UnixMilli(time.Now().UnixMilli()) // as the table keeps it
		rows := make([]markRow, 0, len(arts))
		for _, a := range arts {
			// The marks of the other copies fold into the primary's.
			m, ok := old[a.ID]
			for _, p := range a.OtherPaths() {
				id := feed.IDOf(p)
				c, found := old[id]
				if !found {
					continue
				}
				m.Read, m.Starred = m.Read || c.Read, m.Starred || c.Starred
				if !ok && m.Position == 0 {
					m.Position = c.Position
				}
				rows = append(rows, markRow{Entry: Entry{ID: id, Path: p}})
				out = append(out, Entry{ID: id, Path: p})
			}
			f(&m)
			m.Updated = now
			rows = append(rows, markRow{Entry: Entry{ID: a.ID, Path: a.Path, Mark: m}, Title: a.Title, Date: dateOf(a)})
			out = append(out, Entry{ID: a.ID, Path: a.Path, Mark: m})
		}
		return putMarkRows(tx, rows)
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
	err := inChunks(ids, func(list string, args []any) error {
		rows, err := readMarkRows(db, "id IN "+list, args...)
		for _, r := range rows {
			out[r.ID] = r
		}
		if err == nil {
			err = ctx.Err()
		}
		return err
	})
	return out, err
}
