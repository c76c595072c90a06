package search

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
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
	// CountLimit is how far the matches of a query with a phrase of
	// several tokens (a quoted phrase, or Chinese of three characters or
	// more) are counted, 5,000 when zero, or to the end of the page when
	// that is further: Results.More tells that there are more.
	CountLimit int
}

// Results is a page of results.
type Results struct {
	// Total counts every article that matches, not only this page; when
	// More is set, it counted only as far as Options.CountLimit, and
	// there are more.
	Total int
	More  bool
	// Ranked is how many of the newest matches were ranked by relevance:
	// Total, unless there were more than Options.RankLimit (half of it
	// for a query with a phrase of several tokens); 0 when the order is
	// by date.
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

// Found says how many articles a search found, from its Results' Total
// and More: "1 article", "more than 5,000 articles".
func Found(total int, more bool) string {
	s := display.Plural(total, "article")
	if more {
		return "more than " + s
	}
	return s
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

// defaultCountLimit is how far a phrase's matches are counted unless told
// otherwise: as far as they are ranked. Counting them costs as much as
// checking them for the ranking, and runs beside it on the other core;
// to 10,000, it made a search for a phrase in every article a fifth
// slower on a loaded machine (98 against 81 ms in process).
const defaultCountLimit = defaultRankLimit / phraseRankShare

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
	if opts.CountLimit <= 0 {
		opts.CountLimit = defaultCountLimit
	}
	// No archive holds 2^31 articles: past that, a Limit or Offset says
	// "all" or "none" alike, and bounded so, Offset+Limit (the end of the
	// page, how far a phrase is counted) cannot overflow.
	opts.Limit = min(opts.Limit, math.MaxInt32)
	opts.Offset = min(max(0, opts.Offset), math.MaxInt32)
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

// find counts the matches and reads the rows of the page. The count
// runs beside the page, on another connection of the pool: for a word in
// every article it costs about as much as the ranking (11 and 26 ms at
// 100,000 articles, 110 and 26 at 1,000,000).
func (ix *Index) find(ctx context.Context, q *Query, opts Options) (*Results, []scored, error) {
	s := plan(q, opts)
	if q.NeedsMarks() {
		return ix.filtered(ctx, s, q, opts)
	}
	res := &Results{}
	counted := make(chan error, 1)
	go func() { counted <- ix.count(ctx, s, opts, res) }()
	start, end := opts.Offset, opts.Offset+opts.Limit
	var page []scored
	var err error
	switch {
	case !s.rank:
		query, args := s.tail(false)
		page, err = scanRows(ctx, ix.db, query, args, opts.Limit, start)
	case s.rankLimit < 0 || start < s.rankLimit:
		n := opts.Limit
		if s.rankLimit > 0 {
			n = min(end, s.rankLimit) - start
		}
		query, args := s.head()
		page, err = scanRows(ctx, ix.db, query, args, n, start)
	}
	if cerr := <-counted; err == nil {
		err = cerr
	}
	if err != nil || !s.rank {
		return res, page, err
	}
	res.Ranked = res.Total
	if s.rankLimit > 0 && (res.More || res.Total > s.rankLimit) {
		res.Ranked = s.rankLimit
		if end > s.rankLimit {
			from := max(start, s.rankLimit)
			query, args := s.tail(true)
			var rest []scored
			rest, err = scanRows(ctx, ix.db, query, args, end-from, from-s.rankLimit)
			page = append(page, rest...)
		}
	}
	return res, page, err
}

// count counts the matches into res. A query with a phrase of several
// tokens is counted up to Options.CountLimit, or as far as it is ranked
// or to the end of the page when that is further: counting every match
// means checking its tokens' positions in every article that has them
// all (250 ms for a phrase in each of 100,000 articles, 2.5 s at
// 1,000,000), where the articles of words are counted from their lists
// alone.
func (ix *Index) count(ctx context.Context, s *statement, opts Options, res *Results) error {
	if !s.phrase || s.rank && s.rankLimit < 0 {
		return ix.db.QueryRowContext(ctx, `SELECT count(*) `+s.from, s.args...).Scan(&res.Total)
	}
	limit := max(opts.CountLimit, opts.Offset+opts.Limit)
	if s.rank {
		limit = max(limit, s.rankLimit)
	}
	var n int
	err := ix.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 `+s.from+` LIMIT ?)`, s.argsAnd(limit+1)...).Scan(&n)
	res.Total, res.More = min(n, limit), n > limit
	return err
}

// scanRows reads rows of rowid and score.
func scanRows(ctx context.Context, db *sql.DB, query string, args []any, limit, offset int) ([]scored, error) {
	rows, err := db.QueryContext(ctx, query+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
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

// statement is a search's SQL: every piece of it written here, the query
// text only in args.
type statement struct {
	from string // FROM and WHERE, with d the articles' rows
	args []any
	rank bool // the order is by relevance
	id   bool // the rows carry the article's ID, for the is: filters
	// phrase is set when a term has several tokens, which FTS5 checks
	// position by position.
	phrase bool
	// rankLimit is how many of the newest matches are ranked, all when
	// negative.
	rankLimit int
	// rankArgs are args with the expression that ranks the matches, when
	// it is not the query's own (Query.rankExpr).
	rankArgs []any
}

// argsAnd returns the statement's args followed by more, in a slice of
// its own: statements are built of several that share s.args.
func (s *statement) argsAnd(more ...any) []any {
	return append(s.args[:len(s.args):len(s.args)], more...)
}

// idCol is the column of the article's ID, when the rows carry it.
func (s *statement) idCol() string {
	if s.id {
		return `, d.id`
	}
	return ""
}

// scored is a row found, its score and, for the is: filters, the
// article's ID.
type scored struct {
	row   int64
	score float64
	id    string
}

// phraseRankShare is the share of Options.RankLimit that a query with a
// phrase of several tokens ranks: each of its matches costs twice a
// word's, once to check its positions and once for its token's BM25, so
// that a phrase in every article is ranked in the time of a word in every
// article.
const phraseRankShare = 2

// plan writes the SQL of a search.
func plan(q *Query, opts Options) *statement {
	s := &statement{id: q.NeedsMarks(), phrase: hasPhrase(q.root), rankLimit: opts.RankLimit}
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
	if r := q.rankExpr(); s.rank && r != "" {
		s.rankArgs = append([]any{r}, s.args[1:]...)
		if s.rankLimit > 0 {
			s.rankLimit = max(1, s.rankLimit/phraseRankShare)
		}
	}
	return s
}

// newest is the statement of the rowids of the newest rankLimit matches.
func (s *statement) newest() (string, []any) {
	return `SELECT d.rowid ` + s.from + ` ORDER BY d.rowid DESC LIMIT ?`, s.argsAnd(s.rankLimit)
}

// oldestRanked is the expression of the rowid of the oldest match ranked
// when there are rankLimit matches or more, else NULL: FTS5 skips to it
// faster than it hands the rows before it over to min().
func (s *statement) oldestRanked() (string, []any) {
	return `(SELECT d.rowid ` + s.from + ` ORDER BY d.rowid DESC LIMIT 1 OFFSET ?)`, s.argsAnd(s.rankLimit - 1)
}

// head is the statement of the ranked matches, best first and, among
// equals, newest first: the newest rankLimit of them, or all. When the
// query's expression is not what ranks them (rankArgs), the matches are
// those of the query, ranked by the scores of the other expression's
// rows.
func (s *statement) head() (string, []any) {
	cols := `SELECT d.rowid, ` + bm25 + ` AS score` + s.idCol() + ` ` + s.from
	order := ` ORDER BY score, d.rowid DESC`
	switch {
	case s.rankArgs != nil:
		// The matches are read once, and looked up by the other rows: the
		// + keeps SQLite from asking FTS5 for each match by its rowid,
		// which begins its query again each time (a minute for 10,000).
		newest, args := s.newest()
		return `WITH m(r) AS MATERIALIZED (` + newest + `) ` + cols + ` AND d.rowid >= (SELECT min(r) FROM m) AND +d.rowid IN m` + order,
			append(args, s.rankArgs...)
	case s.rankLimit < 0:
		return cols + order, s.argsAnd()
	}
	oldest, args := s.oldestRanked()
	return cols + ` AND d.rowid >= coalesce(` + oldest + `, -9223372036854775808)` + order, s.argsAnd(args...)
}

// tail is the statement of the matches newest first, with no score: all
// of them, or, with pastHead, those older than the head's.
func (s *statement) tail(pastHead bool) (string, []any) {
	query := `SELECT d.rowid, 0.0` + s.idCol() + ` ` + s.from
	args := s.argsAnd()
	if pastHead {
		oldest, oargs := s.oldestRanked()
		query += ` AND d.rowid < ` + oldest
		args = append(args, oargs...)
	}
	return query + ` ORDER BY d.rowid DESC`, args
}

// filtered reads every match in order and keeps those the marks select:
// the state is not in the index, so neither are these filters.
func (ix *Index) filtered(ctx context.Context, s *statement, q *Query, opts Options) (*Results, []scored, error) {
	res := &Results{}
	var page []scored
	read := func(query string, args []any) (int, error) {
		rows, err := ix.db.QueryContext(ctx, query, args...)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var r scored
			if err := rows.Scan(&r.row, &r.score, &r.id); err != nil {
				return 0, err
			}
			n++
			if !q.keep(r.id, opts.Marks) {
				continue
			}
			if res.Total >= opts.Offset && len(page) < opts.Limit {
				page = append(page, r)
			}
			res.Total++
		}
		return n, rows.Err()
	}
	if !s.rank {
		_, err := read(s.tail(false))
		return res, page, err
	}
	n, err := read(s.head())
	res.Ranked = res.Total
	if err == nil && s.rankLimit > 0 && n == s.rankLimit {
		_, err = read(s.tail(true))
	}
	return res, page, err
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
