package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"newsreader/config"
	"newsreader/display"
	"newsreader/feed"
	"newsreader/render"
	"newsreader/search"
	"newsreader/store"
)

// searchFlags are the flags of search.
type searchFlags struct {
	category string
	limit    int
	sort     string
	json     bool
	width    int
}

// The orders of search's --sort.
var searchSorts = map[string]search.Sort{"relevance": search.Relevance, "date": search.Newest}

// defaultSearchLimit is how many results search prints unless told: a
// page, as a search engine gives.
const defaultSearchLimit = 20

func (a *app) searchCmd() *cobra.Command {
	var f searchFlags
	cmd := &cobra.Command{
		Use:   "search QUERY...",
		Short: "Search the articles' text, titles, sources and authors",
		Long: `Search the archive: the cleaned text of every article (what 'newsreader show
--format text' prints, without the site furniture), its title, every level of
its category path and its author. The words of the command line are one
query:

  企业 韩俊            articles with both (every word must match)
  '"exact phrase"'   the words in this order (quote the quotes for the shell)
  -word, NOT word    articles without it (after --, which ends the flags)
  a OR b             either; a b OR c is a (b OR c); ( ) group
  iphon*             a word beginning so
  title:企业          only in the title; also source: (any category level)
                     and author:
  since:2024-01-01   dates, as list's --since and --until take them: until:,
                     today, yesterday, 3d, 2w
  is:unread          also is:read, is:starred, is:unstarred

Chinese, Japanese and Korean text is found as written, whatever its length:
企业 finds every article that contains 企业, 韩 every one with 韩. Other text
is found by words, ignoring case and full- or half-width forms (ｉＰｈｏｎｅ is
iphone).

Results are ranked by relevance, a match in the title counting most and the
newer of equally relevant articles first (--sort date: newest first): the
newest 10,000 matches, and the rest newest first. A phrase (in quotes, or
Chinese of three characters or more) ranks its newest 5,000, by the relevance
of its longest word, and is counted as far ("more than 5,000"). Each
shows its date, category path, title and ID (for 'newsreader show'), and a
line of its text around the matches, highlighted in bold on a terminal and
between [ and ] in a pipe. --json prints JSON Lines: the fields of list --json
with "score", "snippet" and "matches" (the snippet's matched characters, as
[start, end) counted in characters).

The index lives in the archive's store, beside the listing's (see 'newsreader
config'); it is a cache, rebuilt when deleted. Search answers from it at once
when it is current: when no folder of the archive changed since it was brought
up to date, and the files of the results are as they were indexed. Otherwise,
like list, it first brings the listing up to date with the archive, checking
every file, then indexes what is new or changed. A file rewritten in place
that is not among the results is found once list, categories, show or the
interface has checked every file. --json and the is: filters always check
every file first. The first search of a large archive builds the whole
index, with its progress on the terminal: about a minute and a half for
100,000 articles on two cores. Interrupted, the next search goes on where it
stopped.`,
		Example: `  newsreader search 港口 吞吐量
  newsreader search -- 企业 -广告
  newsreader search '"interest rates"' since:2024-01-01 --sort date
  newsreader search source:新浪 is:unread --limit 50
  newsreader search --json 韩俊 | jq -r .id | xargs newsreader mark read`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("search needs a query, such as: newsreader search 企业 韩俊")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.search(cmd.Context(), strings.Join(args, " "), &f)
		},
	}
	fl := cmd.Flags()
	a.categoryFlag(cmd, &f.category, "only articles at or below this category `path`, such as 金融/新浪财经")
	fl.IntVarP(&f.limit, "limit", "n", defaultSearchLimit, "at most `N` results; 0 means all")
	fl.StringVar(&f.sort, "sort", "relevance", "result `order`: relevance or date (newest first)")
	_ = cmd.RegisterFlagCompletionFunc("sort", cobra.FixedCompletions([]string{"relevance", "date"}, cobra.ShellCompDirectiveNoFileComp))
	fl.BoolVar(&f.json, "json", false, "print JSON Lines, one result a line")
	fl.IntVar(&f.width, "width", 0, "line width in `columns` (default: the terminal's, else $COLUMNS, else 120)")
	cmd.SetFlagErrorFunc(searchFlagError)
	return cmd
}

// searchFlagError is flagError, with a word on -word: the shell hands it
// over as a flag, which the query cannot get unless the flags end first.
func searchFlagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	// pflag names the argument last: "unknown shorthand flag: 'x' in
	// -xyz" (its 'x' is the first byte, not a character), "unknown flag:
	// --xyz".
	if strings.HasPrefix(msg, "unknown shorthand flag") || strings.HasPrefix(msg, "unknown flag") {
		arg := msg[strings.LastIndexByte(msg, ' ')+1:]
		return usageError{fmt.Errorf("%s is not a flag of search; to exclude a word, put the query after --: newsreader search -- 企业 -广告", arg)}
	}
	return flagError(cmd, err)
}

func (a *app) search(ctx context.Context, query string, f *searchFlags) error {
	order, ok := searchSorts[f.sort]
	if !ok {
		return usageError{fmt.Errorf("--sort %q is not relevance or date", f.sort)}
	}
	if f.limit < 0 {
		return usageError{errors.New("--limit must not be negative")}
	}
	if f.width < 0 {
		return usageError{errors.New("--width must not be negative")}
	}
	// The query is checked before the store is opened: a mistake in it
	// leaves no state folder behind.
	cfg, err := a.config()
	if err != nil {
		return err
	}
	q, err := search.Parse(query, search.ParseOptions{Location: cfg.Timezone})
	var syntax *search.SyntaxError
	if errors.As(err, &syntax) {
		return usageError{err}
	}
	if err != nil {
		return err
	}
	s, err := a.sessionOf(cfg, false)
	if err != nil {
		return err
	}
	defer s.close()
	if s.st == nil {
		return fmt.Errorf("search needs the store, where its index is kept, and it cannot be opened: %w", s.storeErr)
	}
	opts := search.Options{Sort: order, Limit: f.limit, Category: feed.ParseCategory(f.category)}
	if f.limit == 0 {
		opts.Limit = math.MaxInt32
	}
	width := f.width
	if width == 0 {
		width = a.width(a.stdout, 120)
	}
	opts.SnippetWidth = max(20, width-len(snippetIndent))
	var marks *hitMarks
	res, ok := a.searchCurrent(ctx, s, q, f, opts, cfg.Rules)
	if !ok {
		// The rules are compiled only here: the quick way needs their
		// version alone.
		rules, err := render.LoadRules(cfg.Rules)
		if err != nil {
			return err
		}
		if res, marks, err = a.searchReconciled(ctx, s, q, f, opts, rules); err != nil {
			return err
		}
	}
	out := bufio.NewWriter(a.stdout)
	if f.json {
		err = writeHitsJSON(out, res.Hits, marks, cfg.Timezone)
	} else {
		writeHits(out, res.Hits, a.highlight(), cfg.Timezone, width)
	}
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err == nil && !f.json && !a.quiet {
		fmt.Fprintln(a.stderr, "newsreader:", resultCount(res, order))
	}
	return err
}

// searchCurrent answers from the search index as it stands, without the
// reconcile that list makes, when the store can tell that it holds the
// archive as it is (store.SearchCurrent) and the files of the results
// are as it read them (store.FilesUnchanged): a tenth of the time. It
// reports false when it cannot, and the caller goes the long way
// (searchReconciled), which also reports every error. --json and the is:
// filters always go the long way: the marks and paths of an article that
// has copies are known from the whole index only. So does a search under
// --category that finds nothing, which may be a category that does not
// exist, said with the nearest.
func (a *app) searchCurrent(ctx context.Context, s *session, q *search.Query, f *searchFlags, opts search.Options, rulesFile string) (*search.Results, bool) {
	if f.json || q.NeedsMarks() {
		return nil, false
	}
	version, err := render.RulesVersion(rulesFile)
	if err != nil {
		return nil, false
	}
	if ok, err := s.st.SearchCurrent(ctx, version); err != nil || !ok {
		return nil, false
	}
	res, err := runSearch(ctx, s.st, q, opts)
	if err != nil || res.Total == 0 && len(opts.Category) > 0 {
		return nil, false
	}
	paths := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		paths[i] = h.Path
	}
	if ok, err := s.st.FilesUnchanged(paths); err != nil || !ok {
		return nil, false
	}
	s.report()
	return res, true
}

// searchReconciled answers after bringing the index up to date with the
// archive, and the search index with the index, as list does; with the
// marks of the results for --json and the is: filters.
func (a *app) searchReconciled(ctx context.Context, s *session, q *search.Query, f *searchFlags, opts search.Options, rules *render.Rules) (*search.Results, *hitMarks, error) {
	ix, err := s.index(ctx, false)
	if err != nil {
		return nil, nil, err
	}
	if f.category != "" {
		if _, err := findCategory(ix, f.category); err != nil {
			return nil, nil, err
		}
	}
	if err := a.syncSearch(ctx, s.st, ix, rules); err != nil {
		return nil, nil, err
	}
	var marks *hitMarks
	if f.json || q.NeedsMarks() {
		ms, err := s.marks()
		if err != nil {
			return nil, nil, err
		}
		marks = newHitMarks(ix, ms)
		opts.Marks = marks
	}
	res, err := runSearch(ctx, s.st, q, opts)
	if err != nil {
		return nil, nil, err
	}
	return res, marks, nil
}

// runSearch runs q on the store's search index.
func runSearch(ctx context.Context, st *store.Store, q *search.Query, opts search.Options) (*search.Results, error) {
	idx, err := st.Search(ctx)
	if err != nil {
		return nil, err
	}
	return idx.Search(ctx, q, opts)
}

// syncSearch brings the search index up to date with the archive's
// index, with its progress on a terminal.
func (a *app) syncSearch(ctx context.Context, st *store.Store, ix *feed.Index, rules *render.Rules) error {
	var done, total atomic.Int64
	var merging atomic.Bool
	status := func() string {
		switch {
		case merging.Load():
			return "merging the search index…"
		case total.Load() == 0:
			return "checking the search index…"
		}
		return fmt.Sprintf("indexing %s of %s articles…", display.Thousands(int(done.Load())), display.Thousands(int(total.Load())))
	}
	var err error
	a.withProgress(status, func() {
		_, err = st.SyncSearch(ctx, store.SearchItems(ix), rules, func(p search.Progress) {
			done.Store(int64(p.Done))
			total.Store(int64(p.Total))
			merging.Store(p.Merging)
		})
	})
	return err
}

// resultCount says how many articles were found, and how they are
// ordered when not all could be ranked.
func resultCount(res *search.Results, order search.Sort) string {
	switch {
	case res.Total == 0:
		return "no article found"
	case len(res.Hits) == res.Total && !res.More:
		return display.Plural(res.Total, "article") + " found"
	}
	msg := fmt.Sprintf("%s of %s found", display.Thousands(len(res.Hits)), search.Found(res.Total, res.More))
	switch {
	case order == search.Relevance && res.Ranked == 0:
		// A query that only excludes has no word to rank by.
		msg += " (newest first: nothing in the query to rank by)"
	case order == search.Relevance && (res.Ranked < res.Total || res.More):
		msg += fmt.Sprintf(" (the newest %s ranked by relevance, the rest newest first)", display.Thousands(res.Ranked))
	}
	return msg + "; --limit shows more"
}

// highlight is how matches stand out: bold on a terminal that shows it,
// between [ and ] elsewhere.
type highlight struct{ before, after string }

var (
	boldMatches   = highlight{"\x1b[1m", "\x1b[22m"}
	bracketedHits = highlight{"[", "]"}
)

// highlight chooses for stdout: a terminal is bold unless it is dumb
// (TERM=dumb prints escape codes as text).
func (a *app) highlight() highlight {
	if a.isTerminal(a.stdout) && !config.DumbTerminal(a.env.Getenv) {
		return boldMatches
	}
	return bracketedHits
}

// snippetIndent starts a result's second line, its snippet.
const snippetIndent = "    "

// writeHits prints two lines a result: date, category path, title and ID
// in list's columns, then the snippet, indented; matches highlighted.
func writeHits(w io.Writer, hits []search.Hit, hl highlight, loc *time.Location, width int) {
	catW, titleW := listColumns(width)
	for _, h := range hits {
		fmt.Fprintf(w, "%s  %s  %s  %s\n",
			dateCell(h.Date, h.DateEstimated, loc),
			display.Fit(strings.Join(h.Categories, " › "), catW),
			fitMarked(h.Title, h.TitleMatches, titleW, hl),
			h.ID)
		// An article with no text of its own has no snippet.
		if h.Snippet.Text != "" {
			fmt.Fprintf(w, "%s%s\n", snippetIndent, search.Mark(h.Snippet.Text, h.Snippet.Matches, hl.before, hl.after))
		}
	}
}

// fitMarked fits s to width cells with its ranges highlighted. Brackets
// take cells: the text is cut shorter by theirs, so that the column after
// it stays in line.
func fitMarked(s string, rs []search.Range, width int, hl highlight) string {
	marks := display.Width(hl.before + hl.after)
	cut := display.Truncate(s, max(1, width-marks*len(rs)))
	// The ellipsis Truncate may end with is not s's: a range is kept only
	// in the part of s that is left.
	kept := len(cut)
	if kept < len(s) {
		kept = len(strings.TrimSuffix(cut, display.Ellipsis))
	}
	var in []search.Range
	for _, r := range rs {
		if r.End <= kept {
			in = append(in, r)
		}
	}
	return display.Pad(search.Mark(cut, in, hl.before, hl.after), width)
}

// writeHitsJSON prints one JSON object a result: the article as list
// --json shows it, with its mark, then score, snippet and matches.
func writeHitsJSON(w io.Writer, hits []search.Hit, marks *hitMarks, loc *time.Location) error {
	var j jsonLine
	for _, h := range hits {
		a := marks.article(h)
		j.start()
		j.article(a, marks.mark(h.ID), loc)
		j.key("score")
		j.b = strconv.AppendFloat(j.b, h.Score, 'g', 6, 64)
		j.str("snippet", h.Snippet.Text)
		j.key("matches")
		j.b = append(j.b, '[')
		for i, r := range h.Snippet.Matches {
			if i > 0 {
				j.b = append(j.b, ',')
			}
			start := utf8.RuneCountInString(h.Snippet.Text[:r.Start])
			end := start + utf8.RuneCountInString(h.Snippet.Text[r.Start:r.End])
			j.b = append(j.b, '[')
			j.b = strconv.AppendInt(j.b, int64(start), 10)
			j.b = append(j.b, ',')
			j.b = strconv.AppendInt(j.b, int64(end), 10)
			j.b = append(j.b, ']')
		}
		j.b = append(j.b, ']')
		if err := j.end(w); err != nil {
			return err
		}
	}
	return nil
}

// hitMarks finds the articles of results in the archive's index, and
// their marks: the marks of an article may be kept under the ID of one
// of its copies, which only the index knows. It is the search's Marks,
// for is:unread and is:starred.
type hitMarks struct {
	ms   *store.Marks
	byID map[string]*feed.Article
}

func newHitMarks(ix *feed.Index, ms *store.Marks) *hitMarks {
	arts := ix.Articles()
	m := &hitMarks{ms: ms, byID: make(map[string]*feed.Article, len(arts))}
	for _, a := range arts {
		m.byID[a.ID] = a
	}
	return m
}

// mark is the mark of the article id.
func (m *hitMarks) mark(id string) store.Mark {
	a := m.byID[id]
	if a == nil {
		return store.Mark{}
	}
	return markOf(m.ms, a)
}

// Read and Starred are search.Marks.
func (m *hitMarks) Read(id string) bool    { return m.mark(id).Read }
func (m *hitMarks) Starred(id string) bool { return m.mark(id).Starred }

// article is the index's article of a result, or one made of the result
// when the index no longer holds it.
func (m *hitMarks) article(h search.Hit) *feed.Article {
	if a := m.byID[h.ID]; a != nil {
		return a
	}
	return &feed.Article{ID: h.ID, Path: h.Path, Title: h.Title, Categories: h.Categories, Author: h.Author, Date: h.Date}
}
