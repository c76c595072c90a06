package search

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Marks tells the read state and stars of articles, by ID, for is:read,
// is:unread and is:starred. The state lives in the store's state
// database, a different file from the index; the caller answers from it
// (the interface already holds the marks in memory for its dimmed rows
// and unread counts), so that the index never needs to open, attach or
// know the layout of the user's data.
type Marks interface {
	Read(id string) bool
	Starred(id string) bool
}

// Sort is the order of results.
type Sort uint8

const (
	// Relevance ranks by BM25, the title weighing most, the newer of
	// equally relevant articles first.
	Relevance Sort = iota
	// Newest puts the newest articles first.
	Newest
)

// column weights of BM25: a word in the title says more about the
// article than the same word in its body; source and author are short
// fields whose match says little about which of a source's articles is
// meant.
const bm25 = `bm25(search_fts, 10.0, 2.0, 2.0, 1.0)`

// Options shape a search's results.
type Options struct {
	Sort Sort
	// Limit is the size of a page, 50 when zero; Offset the results to
	// skip before it.
	Limit, Offset int
	// Category keeps only articles under this category path (a prefix of
	// their categories, compared after NFKC and case folding).
	Category []string
	// Marks answers is:read, is:unread and is:starred; a query that uses
	// them fails without it.
	Marks Marks
	// SnippetWidth is the width of a snippet in terminal cells, 100 when
	// zero.
	SnippetWidth int
}

// Results is a page of results.
type Results struct {
	// Total counts every article that matches, not only this page.
	Total int
	Hits  []Hit
}

// Hit is one article found.
type Hit struct {
	ID         string
	Path       string
	Title      string
	Categories []string
	Author     string
	Date       time.Time
	// Score is the relevance, higher for a better match; 0 when the query
	// has no text to rank by.
	Score float64
	// TitleMatches are the title's bytes that match.
	TitleMatches []Range
	Snippet      Snippet
}

// ErrNoMarks is returned for a query with is: filters when the read state
// is not available.
var ErrNoMarks = errors.New("is:read, is:unread and is:starred need the read state, which is not available")

// Search runs a query and returns a page of its results.
func (ix *Index) Search(ctx context.Context, q *Query, opts Options) (*Results, error) {
	if q.NeedsMarks() && opts.Marks == nil {
		return nil, ErrNoMarks
	}
	if opts.Limit <= 0 {
		opts.Limit = 50
	}
	opts.Offset = max(0, opts.Offset)
	s := plan(q, opts)
	res := &Results{}
	var page []scored
	var err error
	if q.NeedsMarks() {
		res.Total, page, err = s.filtered(ctx, ix.db, q, opts)
	} else {
		if err = ix.db.QueryRowContext(ctx, s.count, s.args...).Scan(&res.Total); err == nil {
			page, err = s.page(ctx, ix.db, opts)
		}
	}
	// The query is not in the message: it may be 10,000 characters long,
	// and the caller has it.
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if res.Hits, err = ix.hits(ctx, q, page, opts); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return res, nil
}

// statement is a search's SQL: every piece of it written here, the query
// text only in args.
type statement struct {
	from  string // FROM and WHERE, selecting rowid and score
	count string
	order string
	args  []any
}

// scored is a row found and its score.
type scored struct {
	row   int64
	score float64
}

// plan writes the SQL of a search. The rows it selects are rowid and
// score, and the article's ID when the is: filters need it.
func plan(q *Query, opts Options) *statement {
	s := &statement{}
	var where []string
	expr, exclude := q.matchExpr()
	join := len(opts.Category) > 0 || q.NeedsMarks()
	score := "0.0"
	switch {
	case expr != "" && !exclude:
		score = bm25
		s.from = `FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid`
		if !join {
			// Without a join FTS5 counts from its index alone.
			s.from = `FROM search_fts AS d`
		}
		where = append(where, `search_fts MATCH ?`)
	case exclude:
		s.from = `FROM search_docs d`
		where = append(where, `d.rowid NOT IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?)`)
	default:
		s.from = `FROM search_docs d`
	}
	if expr != "" {
		s.args = append(s.args, expr)
	}
	if !q.Since.IsZero() {
		where = append(where, `d.rowid >= ?`)
		s.args = append(s.args, dateRow(q.Since))
	}
	if !q.Until.IsZero() {
		where = append(where, `d.rowid < ?`)
		s.args = append(s.args, dateRow(q.Until.Add(time.Second)))
	}
	if len(opts.Category) > 0 {
		key := categoryKey(opts.Category)
		where = append(where, `d.catkey >= ? AND d.catkey < ?`)
		s.args = append(s.args, key, key[:len(key)-1]+"\x20")
	}
	if len(where) > 0 {
		s.from += ` WHERE ` + strings.Join(where, ` AND `)
	}
	s.count = `SELECT count(*) ` + s.from
	cols := `SELECT d.rowid, ` + score + ` AS score `
	if q.NeedsMarks() {
		cols = `SELECT d.rowid, ` + score + ` AS score, d.id `
	}
	s.from = cols + s.from
	s.order = ` ORDER BY d.rowid DESC`
	if opts.Sort == Relevance && score != "0.0" {
		s.order = ` ORDER BY score, d.rowid DESC`
	}
	return s
}

// page reads one page of rows.
func (s *statement) page(ctx context.Context, db *sql.DB, opts Options) ([]scored, error) {
	args := append(s.args[:len(s.args):len(s.args)], opts.Limit, opts.Offset)
	rows, err := db.QueryContext(ctx, s.from+s.order+` LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []scored
	for rows.Next() {
		var r scored
		if err := rows.Scan(&r.row, &r.score); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// filtered reads every row in order and keeps those the marks select:
// the state is not in the index, so neither are these filters.
func (s *statement) filtered(ctx context.Context, db *sql.DB, q *Query, opts Options) (int, []scored, error) {
	rows, err := db.QueryContext(ctx, s.from+s.order, s.args...)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	total := 0
	var page []scored
	for rows.Next() {
		var r scored
		var id string
		if err := rows.Scan(&r.row, &r.score, &id); err != nil {
			return 0, nil, err
		}
		if !q.keep(id, opts.Marks) {
			continue
		}
		if total >= opts.Offset && len(page) < opts.Limit {
			page = append(page, r)
		}
		total++
	}
	return total, page, rows.Err()
}

// keep applies the is: filters.
func (q *Query) keep(id string, m Marks) bool {
	if q.read != 0 && m.Read(id) != (q.read > 0) {
		return false
	}
	if q.starred != 0 && m.Starred(id) != (q.starred > 0) {
		return false
	}
	return true
}

// hits reads the articles of a page and makes their snippets.
func (ix *Index) hits(ctx context.Context, q *Query, page []scored, opts Options) ([]Hit, error) {
	if len(page) == 0 {
		return nil, nil
	}
	stmt, err := ix.db.PrepareContext(ctx, `SELECT d.id, d.path, d.title, d.categories, d.author, d.date, t.body
		FROM search_docs d JOIN search_text t ON t.rowid = d.rowid WHERE d.rowid = ?`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	h := NewHighlighter(q)
	var inf inflater
	width := opts.SnippetWidth
	if width <= 0 {
		width = 100
	}
	out := make([]Hit, 0, len(page))
	for _, p := range page {
		var hit Hit
		var cats string
		var body []byte
		var date int64
		err := stmt.QueryRowContext(ctx, p.row).Scan(&hit.ID, &hit.Path, &hit.Title, &cats, &hit.Author, &date, &body)
		if errors.Is(err, sql.ErrNoRows) {
			continue // deleted since the page was read
		}
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(cats), &hit.Categories); err != nil {
			return nil, fmt.Errorf("categories of %s: %w", hit.Path, err)
		}
		text, err := inf.text(body)
		if err != nil {
			return nil, fmt.Errorf("text of %s: %w", hit.Path, err)
		}
		hit.Date = time.Unix(0, date).UTC()
		hit.Score = -p.score
		hit.TitleMatches = h.Matches(hit.Title, Title)
		hit.Snippet = makeSnippet(text, h.Matches(text, Body), width)
		out = append(out, hit)
	}
	return out, nil
}
