package search

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"newsreader/display"
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
	// RankLimit is how many of the newest matches Relevance ranks, 10,000
	// when zero, all when negative. The matches past it follow the ranked
	// ones, newest first: a word in a fifth of a million articles cannot
	// be ranked whole in the time of a key press.
	RankLimit int
}

// Results is a page of results.
type Results struct {
	// Total counts every article that matches, not only this page.
	Total int
	// Ranked is how many of the newest matches were ranked by relevance:
	// Total, unless there were more than Options.RankLimit; 0 when the
	// order is by date.
	Ranked int
	Hits   []Hit
}

// Hit is one article found. Its title, categories, author and snippet
// are safe to print (display.Line); its path is the archive's, raw.
type Hit struct {
	ID         string
	Path       string
	Title      string
	Categories []string
	Author     string
	Date       time.Time
	// DateEstimated is set when Date is the file's time, the file stating
	// none.
	DateEstimated bool
	// Score is the relevance, higher for a better match; 0 when the query
	// has no text to rank by or the article is past Options.RankLimit.
	Score float64
	// TitleMatches are the title's bytes that match.
	TitleMatches []Range
	Snippet      Snippet
}

// ErrNoMarks is returned for a query with is: filters when the read state
// is not available.
var ErrNoMarks = errors.New("is:read, is:unread and is:starred need the read state, which is not available")

// defaultRankLimit is how many of the newest matches Relevance ranks
// unless told otherwise. BM25 costs about 2.5 µs a match: ranking every
// match of a common word (企业 is in a fifth of the articles) took 58 ms
// of CPU at 100,000 articles and 565 ms at 1,000,000, against a target
// of 100 ms for the whole command, of which starting the process and
// checking the index take 40. Ranking 20,000 took 53 ms of the 120 of a
// search for a word in every one of 100,000 articles; 10,000 keeps a page
// to about 30 ms whatever the archive's size.
const defaultRankLimit = 10000

// Search runs a query and returns a page of its results.
func (ix *Index) Search(ctx context.Context, q *Query, opts Options) (*Results, error) {
	if q.NeedsMarks() && opts.Marks == nil {
		return nil, ErrNoMarks
	}
	if opts.Limit <= 0 {
		opts.Limit = 50
	}
	if opts.RankLimit == 0 {
		opts.RankLimit = defaultRankLimit
	}
	opts.Offset = max(0, opts.Offset)
	res, page, err := ix.find(ctx, q, opts)
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

// find counts the matches and reads the rows of the page. The count runs
// beside the page, on another connection of the pool: for a word in every
// article it costs about as much as the ranking (11 and 26 ms at 100,000
// articles, 110 and 26 at 1,000,000), and a phrase's more.
func (ix *Index) find(ctx context.Context, q *Query, opts Options) (*Results, []scored, error) {
	s := plan(q, opts)
	res := &Results{}
	var counted chan error
	if !q.NeedsMarks() {
		counted = make(chan error, 1)
		go func() {
			counted <- ix.db.QueryRowContext(ctx, `SELECT count(*) `+s.from, s.args...).Scan(&res.Total)
		}()
	}
	var bound int64
	if s.rank && opts.RankLimit > 0 {
		// The rowid of the RankLimit-th newest match, when there are
		// more: FTS5 walks its lists backwards and stops there.
		args := append(s.args[:len(s.args):len(s.args)], opts.RankLimit-1)
		rows, err := ix.db.QueryContext(ctx, `SELECT d.rowid `+s.from+` ORDER BY d.rowid DESC LIMIT 2 OFFSET ?`, args...)
		if err == nil {
			var found []int64
			for rows.Next() {
				var r int64
				if err = rows.Scan(&r); err != nil {
					break
				}
				found = append(found, r)
			}
			rows.Close()
			if err == nil {
				err = rows.Err()
			}
			if len(found) == 2 {
				bound = found[0]
			}
		}
		if err != nil {
			if counted != nil {
				<-counted
			}
			return nil, nil, err
		}
	}
	parts := s.parts(bound)
	ranked := opts.RankLimit // the rows of the first part, when there are two
	if counted != nil {
		page, err := readPage(ctx, ix.db, parts, ranked, opts)
		if cerr := <-counted; err == nil {
			err = cerr
		}
		if s.rank {
			res.Ranked = res.Total
			if bound != 0 {
				res.Ranked = opts.RankLimit
			}
		}
		return res, page, err
	}
	total, page, err := filtered(ctx, ix.db, parts, q, opts)
	res.Total = total
	if s.rank {
		res.Ranked = total
		if bound != 0 {
			res.Ranked = min(opts.RankLimit, total)
		}
	}
	return res, page, err
}

// statement is a search's SQL: every piece of it written here, the query
// text only in args.
type statement struct {
	from string // FROM and WHERE, with d the articles' rows
	args []any
	rank bool // the order is by relevance
	id   bool // the rows carry the article's ID, for the is: filters
}

// scored is a row found and its score.
type scored struct {
	row   int64
	score float64
}

// plan writes the SQL of a search.
func plan(q *Query, opts Options) *statement {
	s := &statement{id: q.NeedsMarks()}
	var where []string
	expr, exclude := q.matchExpr()
	join := len(opts.Category) > 0 || q.NeedsMarks()
	switch {
	case expr != "" && !exclude:
		s.rank = opts.Sort == Relevance
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
	return s
}

// part is a statement that selects rows in order: rowid, score and, for
// the is: filters, the ID.
type part struct {
	query string
	args  []any
}

// parts returns the statements that select the rows in order. With a
// bound, the rows from it on are ranked and those below follow, newest
// first with a score of 0: two statements, so that FTS5 reads only the
// bound's rows for the ranking, and stops after the page for the rest.
func (s *statement) parts(bound int64) []part {
	cols := `SELECT d.rowid, 0.0 AS score`
	if s.rank {
		cols = `SELECT d.rowid, ` + bm25 + ` AS score`
	}
	if s.id {
		cols += `, d.id`
	}
	args := s.args[:len(s.args):len(s.args)]
	switch {
	case !s.rank:
		return []part{{cols + ` ` + s.from + ` ORDER BY d.rowid DESC`, args}}
	case bound == 0:
		return []part{{cols + ` ` + s.from + ` ORDER BY score, d.rowid DESC`, args}}
	}
	rest := `SELECT d.rowid, 0.0 AS score`
	if s.id {
		rest += `, d.id`
	}
	return []part{
		{cols + ` ` + s.from + ` AND d.rowid >= ? ORDER BY score, d.rowid DESC`, append(args, bound)},
		{rest + ` ` + s.from + ` AND d.rowid < ? ORDER BY d.rowid DESC`, append(args, bound)},
	}
}

// readPage reads one page of rows from the parts: with two, results
// [0, ranked) are the first's and the rest the second's.
func readPage(ctx context.Context, db *sql.DB, parts []part, ranked int, opts Options) ([]scored, error) {
	start, end := opts.Offset, opts.Offset+opts.Limit
	if len(parts) == 1 {
		return scan(ctx, db, parts[0], opts.Limit, start)
	}
	var out []scored
	if start < ranked {
		rows, err := scan(ctx, db, parts[0], min(end, ranked)-start, start)
		if err != nil {
			return nil, err
		}
		out = rows
	}
	if end > ranked {
		from := max(start, ranked)
		rows, err := scan(ctx, db, parts[1], end-from, from-ranked)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

func scan(ctx context.Context, db *sql.DB, p part, limit, offset int) ([]scored, error) {
	rows, err := db.QueryContext(ctx, p.query+` LIMIT ? OFFSET ?`, append(p.args, limit, offset)...)
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

// filtered reads every row of the parts in order and keeps those the
// marks select: the state is not in the index, so neither are these
// filters.
func filtered(ctx context.Context, db *sql.DB, parts []part, q *Query, opts Options) (int, []scored, error) {
	total := 0
	var page []scored
	for _, p := range parts {
		rows, err := db.QueryContext(ctx, p.query, p.args...)
		if err != nil {
			return 0, nil, err
		}
		for rows.Next() {
			var r scored
			var id string
			if err := rows.Scan(&r.row, &r.score, &id); err != nil {
				rows.Close()
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
		err = rows.Err()
		rows.Close()
		if err != nil {
			return 0, nil, err
		}
	}
	return total, page, nil
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
	stmt, err := ix.db.PrepareContext(ctx, `SELECT d.id, d.path, d.title, d.categories, d.author, d.date, d.estimated, t.body
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
		err := stmt.QueryRowContext(ctx, p.row).Scan(&hit.ID, &hit.Path, &hit.Title, &cats, &hit.Author, &date, &hit.DateEstimated, &body)
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
		// Fields the feed cleaned already, cleaned again before they are
		// matched: what a caller prints must be safe, whoever indexed it.
		hit.Title, hit.Author = display.Line(hit.Title), display.Line(hit.Author)
		for i, c := range hit.Categories {
			hit.Categories[i] = display.Line(c)
		}
		hit.Date = time.Unix(0, date).UTC()
		hit.Score = -p.score
		hit.TitleMatches = h.Matches(hit.Title, Title)
		hit.Snippet = makeSnippet(text, h.Matches(text, Body), width)
		out = append(out, hit)
	}
	return out, nil
}
