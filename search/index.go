package search

import (
	"bytes"
	"cmp"
	"compress/flate"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"slices"
	"strings"
	"time"
)

// schemaVersion numbers the layout of the search tables. The index is a
// cache: when the number changes, Open drops the tables and the next Sync
// builds them again.
const schemaVersion = 6

// The tables, all named search_* so that they can live in the store's
// index database beside its own.
//
//   - search_fts holds the tokens of the four fields (title, source,
//     author, body) and nothing else: it is contentless, since its text
//     is the tokenizer's output, of no use to show, and contentless_delete
//     lets a changed article be replaced without handing FTS5 its old
//     tokens. The ascii tokenizer splits only at ASCII spaces and
//     punctuation, so the tokens written here (lowercase letters, digits,
//     other scripts, ideograph pairs) are indexed exactly as made.
//     prefix='1' keeps an index of every token's first character: a
//     query of one ideograph is a prefix query (的*), which without it
//     merged the lists of every pair that starts with the character,
//     2.9 s to count 的 at 1,000,000 articles, 60 ms at 20,000; with
//     it, 1 ms at 20,000, for an index 1.36 times larger (FTS5 data 2.60
//     times the text instead of 1.70) and a build a quarter slower. The
//     interface searches as the user types, so every Chinese search
//     starts as a one-character query.
//   - search_ids maps an article's ID to its row and version, in ID
//     order: a Sync compares it with the archive by reading it alone
//     (as an index on search_docs it cost a table lookup a row, half a
//     second at 100,000 articles).
//   - search_docs maps a row to the article: ID, path, title,
//     categories, author, date. Its rowid is the article's date in
//     seconds times 4 plus a number from its ID, so that rowid order is
//     date order: FTS5 returns newest first (ORDER BY rowid DESC) without
//     sorting, stops after the first page, and bounds since:/until: as a
//     rowid range.
//   - search_text holds each article's cleaned text, for snippets: the
//     index keeps tokens, not text, and rendering 50 articles again for a
//     page of results would cost more than the search. It is compressed
//     with DEFLATE, to less than half: inflating the 50 texts of a page
//     costs about a millisecond.
var schema = []string{
	`CREATE TABLE search_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID`,
	`CREATE TABLE search_docs(
		rowid INTEGER PRIMARY KEY,
		id TEXT NOT NULL,
		path TEXT NOT NULL,
		title TEXT NOT NULL,
		categories TEXT NOT NULL,
		catkey TEXT NOT NULL,
		author TEXT NOT NULL,
		date INTEGER NOT NULL,
		estimated INTEGER NOT NULL
	)`,
	`CREATE TABLE search_ids(id TEXT PRIMARY KEY, version TEXT NOT NULL, row INTEGER NOT NULL) WITHOUT ROWID`,
	`CREATE TABLE search_text(rowid INTEGER PRIMARY KEY, body BLOB NOT NULL)`,
	`CREATE VIRTUAL TABLE search_fts USING fts5(title, source, author, body,
		content='', contentless_delete=1, tokenize='ascii', prefix='1')`,
	// FTS5 writes its in-memory buffer to a new segment whenever it
	// exceeds hashsize (1 MB by default; 16 MB here), and merges segments as they
	// pile up: a larger buffer makes fewer, larger segments and less
	// merging during a build.
	`INSERT INTO search_fts(search_fts, rank) VALUES('hashsize', 16777216)`,
}

var dropSchema = []string{
	`DROP TABLE IF EXISTS search_fts`,
	`DROP TABLE IF EXISTS search_text`,
	`DROP TABLE IF EXISTS search_docs`,
	`DROP TABLE IF EXISTS search_ids`,
	`DROP TABLE IF EXISTS search_meta`,
}

// Index is the full-text index of an archive's articles, in tables of a
// SQLite database that the caller opens (the store's index database).
// It is safe for concurrent use: searches read while a Sync or Apply
// writes, as SQLite's WAL mode allows.
type Index struct {
	db *sql.DB
}

// Open returns the index kept in db, creating its tables, or dropping and
// creating them when they were made by another version of this package.
// db must be a modernc.org/sqlite database, in WAL mode, with a busy
// timeout so that two processes writing at once wait for each other.
func Open(ctx context.Context, db *sql.DB) (*Index, error) {
	ix := &Index{db: db}
	err := ix.write(ctx, func(tx *sql.Conn) error {
		var v string
		err := tx.QueryRowContext(ctx, `SELECT value FROM search_meta WHERE key = 'schema'`).Scan(&v)
		if err == nil && v == fmt.Sprint(schemaVersion) {
			return nil
		}
		for _, s := range append(dropSchema, schema...) {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO search_meta(key, value) VALUES('schema', ?)`, fmt.Sprint(schemaVersion))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open search index: %w", err)
	}
	return ix, nil
}

// write runs fn in a transaction that takes the write lock at once
// (BEGIN IMMEDIATE): a transaction that reads first and writes later can
// fail with "database is locked" when another process wrote in between,
// whatever the busy timeout.
func (ix *Index) write(ctx context.Context, fn func(*sql.Conn) error) (err error) {
	conn, err := ix.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			// A background context: the rollback must run even when ctx
			// was cancelled.
			_, _ = conn.ExecContext(context.Background(), `ROLLBACK`)
		}
	}()
	if err := fn(conn); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `COMMIT`)
	return err
}

// Doc is an article to index.
type Doc struct {
	// ID is the article's stable identifier, the key of the index.
	ID string
	// Version is the caller's token for this state of the article (for
	// example the file's size and modification time, with the version of
	// the cleaning rules); Sync re-indexes an article whose version
	// differs.
	Version    string
	Path       string
	Title      string
	Categories []string
	Author     string
	Date       time.Time
	// DateEstimated is set when Date is the file's time, the file stating
	// none (feed.Article's).
	DateEstimated bool
	// Text is the cleaned body text, what `show --format text` prints;
	// wrapped lines are fine: a line break between two ideographs is
	// ignored.
	Text string
}

// prepared is a document tokenised for the index, ready to write.
type prepared struct {
	doc                         Doc
	row                         int64  // the rowid asked for
	title, source, author, body string // tokens, space separated
	categories, catkey          string
	text                        []byte // compressed
}

// prepare tokenises a document. It is the costly part of indexing and
// runs outside the write transaction, on as many goroutines as the
// caller likes.
func (t *tokenizer) prepare(d Doc) (prepared, error) {
	cats, err := json.Marshal(d.Categories)
	if err != nil {
		return prepared{}, fmt.Errorf("index %s: %w", d.Path, err)
	}
	if d.Categories == nil {
		cats = []byte("[]")
	}
	text, err := t.compress(d.Text)
	if err != nil {
		return prepared{}, fmt.Errorf("index %s: %w", d.Path, err)
	}
	p := prepared{
		doc:        d,
		text:       text,
		title:      t.indexText(d.Title),
		source:     t.indexText(strings.Join(d.Categories, "\n\n")),
		author:     t.indexText(d.Author),
		body:       t.indexText(d.Text),
		categories: string(cats),
		catkey:     categoryKey(d.Categories),
	}
	// The text is written compressed and as its tokens: a batch of
	// prepared documents waiting for its transaction holds neither copy.
	p.doc.Text = ""
	return p, nil
}

// compress deflates text for search_text.
func (t *tokenizer) compress(text string) ([]byte, error) {
	var b bytes.Buffer
	if t.deflate == nil {
		var err error
		if t.deflate, err = flate.NewWriter(&b, flate.DefaultCompression); err != nil {
			return nil, err
		}
	} else {
		t.deflate.Reset(&b)
	}
	if _, err := io.WriteString(t.deflate, text); err != nil {
		return nil, err
	}
	if err := t.deflate.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// inflater reads the texts of search_text, keeping its buffers between
// calls (a new DEFLATE reader costs more than a short text).
type inflater struct {
	r   io.ReadCloser
	src bytes.Reader
	out bytes.Buffer
}

func (f *inflater) text(b []byte) (string, error) {
	f.src.Reset(b)
	if f.r == nil {
		f.r = flate.NewReader(&f.src)
	} else if err := f.r.(flate.Resetter).Reset(&f.src, nil); err != nil {
		return "", err
	}
	f.out.Reset()
	if _, err := f.out.ReadFrom(f.r); err != nil {
		return "", err
	}
	return f.out.String(), nil
}

// indexText returns the tokens of s, space separated.
func (t *tokenizer) indexText(s string) string {
	var b strings.Builder
	b.Grow(len(s) * 2)
	t.tokens(s, func(tk token) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.Write(tk.text)
	})
	return b.String()
}

// categoryKey is the category path as keys, each level followed by a
// unit separator, for a prefix comparison that ignores case, width and
// punctuation (新浪财经－国內 is 新浪财经-国內).
func categoryKey(cats []string) string {
	var b []byte
	var buf []char
	for _, c := range cats {
		b = append(appendKey(b, c, &buf), 0x1f)
	}
	return string(b)
}

// Batch is a set of changes applied in one transaction.
type Batch struct {
	// Put adds or replaces articles, by ID.
	Put []Doc
	// Delete removes articles by ID; an ID not indexed is ignored.
	Delete []string
}

// Apply writes a batch of changes in one transaction: all or none. It is
// what the store's reconcile calls with the files it found new, changed
// or deleted.
func (ix *Index) Apply(ctx context.Context, b Batch) error {
	var t tokenizer
	docs := make([]prepared, 0, len(b.Put))
	for _, d := range b.Put {
		p, err := t.prepare(d)
		if err != nil {
			return err
		}
		docs = append(docs, p)
	}
	_, err := ix.apply(ctx, docs, b.Delete)
	return err
}

// apply writes prepared documents and deletions in one transaction. A
// document whose version is already indexed (another process did it
// meanwhile) is skipped. It returns how many documents were written.
//
// FTS5 buffers a transaction's tokens in memory only while rowids rise:
// a smaller rowid than the last flushes the buffer to a new segment, to
// be merged later. Dated rowids arrive in any order, so apply deletes
// first, then inserts by rising rowid; written as they come, a build
// spent most of its time merging segments of one article each.
func (ix *Index) apply(ctx context.Context, docs []prepared, deletes []string) (int, error) {
	written := 0
	err := ix.write(ctx, func(c *sql.Conn) error {
		w, err := newWriter(ctx, c)
		if err != nil {
			return err
		}
		defer w.close()
		var old []int64
		for _, id := range deletes {
			row, _, ok, err := w.lookup(ctx, id)
			if err != nil {
				return fmt.Errorf("delete %s: %w", id, err)
			}
			if ok {
				old = append(old, row)
				if _, err := w.delID.ExecContext(ctx, id); err != nil {
					return fmt.Errorf("delete %s: %w", id, err)
				}
			}
		}
		put := make([]*prepared, 0, len(docs))
		for i := range docs {
			p := &docs[i]
			row, version, ok, err := w.lookup(ctx, p.doc.ID)
			if err != nil {
				return fmt.Errorf("index %s: %w", p.doc.Path, err)
			}
			if ok && version == p.doc.Version {
				continue
			}
			if ok {
				old = append(old, row)
			}
			p.row = rowFor(&p.doc)
			put = append(put, p)
		}
		slices.Sort(old)
		for _, row := range slices.Compact(old) {
			if err := w.removeRow(ctx, row); err != nil {
				return err
			}
		}
		slices.SortFunc(put, func(a, b *prepared) int { return cmp.Compare(a.row, b.row) })
		for _, p := range put {
			if err := w.put(ctx, p); err != nil {
				return fmt.Errorf("index %s: %w", p.doc.Path, err)
			}
		}
		written = len(put)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("search index: %w", err)
	}
	return written, nil
}

// writer holds the statements of a write transaction.
type writer struct {
	find, after, delID, delFTS, delDoc, delText, insID, insFTS, insDoc, insText *sql.Stmt
}

func newWriter(ctx context.Context, c *sql.Conn) (*writer, error) {
	w := &writer{}
	for _, s := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&w.find, `SELECT row, version FROM search_ids WHERE id = ?`},
		{&w.delID, `DELETE FROM search_ids WHERE id = ?`},
		{&w.insID, `INSERT OR REPLACE INTO search_ids(id, version, row) VALUES(?, ?, ?)`},
		{&w.after, `SELECT rowid FROM search_docs WHERE rowid >= ? ORDER BY rowid`},
		{&w.delFTS, `DELETE FROM search_fts WHERE rowid = ?`},
		{&w.delDoc, `DELETE FROM search_docs WHERE rowid = ?`},
		{&w.delText, `DELETE FROM search_text WHERE rowid = ?`},
		{&w.insFTS, `INSERT INTO search_fts(rowid, title, source, author, body) VALUES(?, ?, ?, ?, ?)`},
		{&w.insDoc, `INSERT INTO search_docs(rowid, id, path, title, categories, catkey, author, date, estimated) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&w.insText, `INSERT INTO search_text(rowid, body) VALUES(?, ?)`},
	} {
		st, err := c.PrepareContext(ctx, s.sql)
		if err != nil {
			w.close()
			return nil, err
		}
		*s.stmt = st
	}
	return w, nil
}

func (w *writer) close() {
	for _, s := range []*sql.Stmt{w.find, w.after, w.delID, w.delFTS, w.delDoc, w.delText, w.insID, w.insFTS, w.insDoc, w.insText} {
		if s != nil {
			s.Close()
		}
	}
}

// lookup finds the row and version of the article id.
func (w *writer) lookup(ctx context.Context, id string) (row int64, version string, ok bool, err error) {
	err = w.find.QueryRowContext(ctx, id).Scan(&row, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", false, nil
	}
	return row, version, err == nil, err
}

func (w *writer) removeRow(ctx context.Context, row int64) error {
	for _, s := range []*sql.Stmt{w.delFTS, w.delDoc, w.delText} {
		if _, err := s.ExecContext(ctx, row); err != nil {
			return err
		}
	}
	return nil
}

// put writes a document at the first free rowid from p.row.
func (w *writer) put(ctx context.Context, p *prepared) error {
	d := &p.doc
	row, err := w.freeRow(ctx, p.row)
	if err != nil {
		return err
	}
	if _, err := w.insFTS.ExecContext(ctx, row, p.title, p.source, p.author, p.body); err != nil {
		return err
	}
	if _, err := w.insDoc.ExecContext(ctx, row, d.ID, d.Path, d.Title, p.categories, p.catkey, d.Author, d.Date.UnixNano(), d.DateEstimated); err != nil {
		return err
	}
	if _, err := w.insID.ExecContext(ctx, d.ID, d.Version, row); err != nil {
		return err
	}
	_, err = w.insText.ExecContext(ctx, row, p.text)
	return err
}

// rowBits is the number of low rowid bits that tell apart articles of
// the same second. FTS5 stores each article of a token's list as the
// difference from the previous rowid, in a varint: spreading rowids
// wider costs bytes in every list. With 20 bits the index was 3.2 times
// the text at 100,000 articles; with 2, 2.2 times (dense rowids would
// save about one byte more per entry, but lose the date order).
const rowBits = 2

// dateRow is the first rowid of the second t falls in. Dates before 1970
// share the first second; no article is that old.
func dateRow(t time.Time) int64 {
	s := t.Unix()
	s = max(0, min(s, 1<<(62-rowBits)))
	return s << rowBits
}

// rowFor is the rowid a document asks for: its date's, plus a number
// from its ID.
func rowFor(d *Doc) int64 {
	h := fnv.New32a()
	h.Write([]byte(d.ID))
	return dateRow(d.Date) | int64(h.Sum32())&(1<<rowBits-1)
}

// freeRow returns row, or the first free rowid after it: more than four
// articles of one second spill into the next seconds, where they sort
// and filter by date a few seconds off.
func (w *writer) freeRow(ctx context.Context, row int64) (int64, error) {
	rows, err := w.after.QueryContext(ctx, row)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var taken int64
		if err := rows.Scan(&taken); err != nil {
			return 0, err
		}
		if taken != row {
			break
		}
		row++
	}
	return row, rows.Err()
}

// Indexed calls fn with the ID and version of every indexed article, in
// ID order, so that a caller can tell what is missing or stale without
// holding the whole index in memory. An error from fn stops the walk and
// is returned.
func (ix *Index) Indexed(ctx context.Context, fn func(id, version string) error) error {
	rows, err := ix.db.QueryContext(ctx, `SELECT id, version FROM search_ids ORDER BY id`)
	if err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, version string
		if err := rows.Scan(&id, &version); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		if err := fn(id, version); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	return nil
}

// Len returns the number of indexed articles.
func (ix *Index) Len(ctx context.Context) (int, error) {
	var n int
	if err := ix.db.QueryRowContext(ctx, `SELECT count(*) FROM search_docs`).Scan(&n); err != nil {
		return 0, fmt.Errorf("search index: %w", err)
	}
	return n, nil
}

// Optimize merges the index's segments into one and drops what deleted
// articles left in them. A search on the index a build or rebuild leaves
// takes a fifth longer (a word in every one of 100,000 articles: 95
// against 80 ms, the whole process): a rebuild deletes every article and
// indexes it again, and FTS5 keeps each deletion as a mark that every
// search checks, until the segment is merged. FTS5's 'optimize' does it
// in one transaction, holding the write lock for seconds per 100,000
// articles, where another process's writes give up after the busy
// timeout; so this merges in steps of its own transactions (0.1 to 0.8 s
// each at 100,000 articles), and a cancelled Optimize leaves a merge that
// FTS5 takes up again as articles are written.
func (ix *Index) Optimize(ctx context.Context) error {
	// A negative step first: FTS5 puts every segment in one level, to be
	// merged; the positive steps go on with that merge.
	for pages := -mergePages; ; pages = mergePages {
		worked := false
		err := ix.write(ctx, func(c *sql.Conn) error {
			var before, after int64
			if err := c.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&before); err != nil {
				return err
			}
			if _, err := c.ExecContext(ctx, `INSERT INTO search_fts(search_fts, rank) VALUES('merge', ?)`, pages); err != nil {
				return err
			}
			if err := c.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&after); err != nil {
				return err
			}
			// FTS5's documentation: a change of less than two is no work.
			worked = after-before >= 2
			return nil
		})
		if err != nil {
			return fmt.Errorf("optimize search index: %w", err)
		}
		if !worked {
			break
		}
	}
	// The merge rewrote the whole index into the write-ahead log; give
	// the space back now rather than keep a log as large as the index.
	// A reader in the way only leaves the log for a later checkpoint.
	_, _ = ix.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	return nil
}

// mergePages is how many pages of merged index an Optimize step writes:
// 4 MB, about 0.3 s.
const mergePages = 1000
