package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// The brute force of this file evaluates random queries of words,
// prefixes, Latin and Chinese phrases, column filters, OR, NOT, dates,
// categories and is: filters on random articles, and checks every way of
// paging through their results against it.

var bruteWords = []string{"go", "gopher", "rate", "rates", "cut", "new", "iphone", "iphon", "bank", "interest"}

var bruteHan = []rune("居民消费价格企业")

var bruteCats = [][]string{{"金融", "新浪"}, {"金融", "网易"}, {"科技"}}

func bruteText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		switch r.IntN(8) {
		case 0:
			b.WriteString(" ")
		case 1:
			b.WriteString("，")
		case 2, 3:
			w := bruteWords[r.IntN(len(bruteWords))]
			if r.IntN(6) == 0 {
				w = strings.ToUpper(w)
			}
			b.WriteString(" " + w + " ")
		default:
			b.WriteRune(bruteHan[r.IntN(len(bruteHan))])
		}
	}
	return b.String()
}

// latin are the tokens of text as the brute force reads Latin words: a
// run of letters and digits is a word, each ideograph stands apart as #.
func latin(s string) []string {
	var out []string
	var w []rune
	end := func() {
		if len(w) > 0 {
			out = append(out, string(w))
			w = w[:0]
		}
	}
	for _, c := range plain(s) {
		switch {
		case bruteIdeograph(c):
			end()
			out = append(out, "#")
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			w = append(w, c)
		default:
			end()
		}
	}
	end()
	return out
}

func isHan(s string) bool {
	c, _ := utf8.DecodeRuneInString(s)
	return bruteIdeograph(c)
}

// bruteIdeograph is the brute force's own test for a character the index
// splits into pairs, written apart from the tokenizer's so that the two
// can disagree.
func bruteIdeograph(c rune) bool {
	return unicode.In(c, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// canon is text as the index's tokens see it: its words and runs of
// ideographs, one space between each.
func canon(s string) string {
	var items []string
	var w []rune
	han := false
	end := func() {
		if len(w) > 0 {
			items = append(items, string(w))
			w = w[:0]
		}
	}
	for _, c := range plain(s) {
		switch {
		case bruteIdeograph(c):
			if !han {
				end()
			}
			han = true
			w = append(w, c)
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			if han {
				end()
			}
			han = false
			w = append(w, c)
		default:
			end()
		}
	}
	end()
	return strings.Join(items, " ")
}

// bruteSample are the canonical texts of the articles, for phrases that
// are found.
var bruteSample []string

// bq is a generated query: its text and what it matches.
type bq struct {
	text string
	// match tells whether the query matches an article, its terms
	// restricted to the fields of the group around them (AllFields
	// when none) as the parser's restrict does.
	match  func(Doc, Field) bool
	phrase bool
}

func anyField(d Doc, f Field, ok func(string) bool) bool {
	return slices.ContainsFunc(fieldTexts(d, f), ok)
}

// bruteTerm makes a term: a Latin word, a prefix, a Latin phrase or
// ideographs, in all fields or one.
func bruteTerm(r *rand.Rand) bq {
	var q bq
	var ok func(string) bool
	switch r.IntN(5) {
	case 0:
		w := bruteWords[r.IntN(len(bruteWords))]
		q.text = w
		ok = func(s string) bool { return slices.Contains(latin(s), w) }
	case 1:
		w := bruteWords[r.IntN(len(bruteWords))]
		w = w[:1+r.IntN(len(w))]
		q.text = w + "*"
		ok = func(s string) bool {
			return slices.ContainsFunc(latin(s), func(t string) bool { return t != "#" && strings.HasPrefix(t, w) })
		}
	case 2:
		// A phrase of words and ideographs: quoted, or glued where
		// words and ideographs alternate.
		n := 2 + r.IntN(2)
		glued := r.IntN(2) == 0
		var items []string
		if c := strings.Fields(bruteSample[r.IntN(len(bruteSample))]); len(c) >= n && r.IntN(2) == 0 {
			// Taken from an article, to be found.
			i := r.IntN(len(c) - n + 1)
			items = slices.Clone(c[i : i+n])
			if rs := []rune(items[0]); isHan(items[0]) && len(rs) > 1 {
				items[0] = string(rs[r.IntN(len(rs)):])
			}
			if rs := []rune(items[n-1]); isHan(items[n-1]) && len(rs) > 1 {
				items[n-1] = string(rs[:1+r.IntN(len(rs))])
			}
			glued = false
		}
		for i := range n {
			if len(items) == n {
				break
			}
			han := r.IntN(2) == 0
			if glued {
				han = i%2 == 1
			}
			if han {
				cs := make([]rune, 1+r.IntN(3))
				for j := range cs {
					cs[j] = bruteHan[r.IntN(len(bruteHan))]
				}
				items = append(items, string(cs))
			} else {
				items = append(items, bruteWords[r.IntN(len(bruteWords))])
			}
		}
		prefix := !isHan(items[len(items)-1]) && r.IntN(3) == 0
		if glued {
			q.text = strings.Join(items, "")
			if prefix {
				q.text += "*"
			}
		} else {
			q.text = `"` + strings.Join(items, " ") + `"`
			if prefix {
				q.text += "*"
			}
		}
		want := strings.Join(items, " ")
		first, last := !isHan(items[0]), !isHan(items[len(items)-1]) && !prefix
		ok = func(s string) bool {
			c := canon(s)
			for i := 0; ; {
				j := strings.Index(c[i:], want)
				if j < 0 {
					return false
				}
				j += i
				end := j + len(want)
				if (!first || j == 0 || c[j-1] == ' ') && (!last || end == len(c) || c[end] == ' ') {
					return true
				}
				i = j + 1
			}
		}
	default:
		n := 1 + r.IntN(4)
		cs := make([]rune, n)
		for i := range cs {
			cs[i] = bruteHan[r.IntN(len(bruteHan))]
		}
		sub := string(cs)
		q.text, q.phrase = sub, n >= 3
		ok = func(s string) bool { return strings.Contains(plain(s), sub) }
	}
	f := AllFields
	switch r.IntN(6) {
	case 0:
		q.text, f = "title:"+q.text, Title
	case 1:
		q.text, f = "source:"+q.text, Source
	case 2:
		q.text, f = "author:"+q.text, Author
	}
	q.match = func(d Doc, in Field) bool {
		g := f & in
		if g == 0 {
			g = in
		}
		return anyField(d, g, ok)
	}
	return q
}

// bruteExpr makes an expression of depth at most depth: a term, an OR of
// two, or a group of all of one to three with exclusions beside them.
func bruteExpr(r *rand.Rand, depth int) bq {
	if depth == 0 {
		return bruteTerm(r)
	}
	switch r.IntN(3) {
	case 0:
		return bruteTerm(r)
	case 1:
		a, b := bruteExpr(r, depth-1), bruteExpr(r, depth-1)
		return bq{text: "(" + a.text + " OR " + b.text + ")", match: func(d Doc, in Field) bool { return a.match(d, in) || b.match(d, in) }, phrase: a.phrase || b.phrase}
	}
	var pos, neg []bq
	for range 1 + r.IntN(2) {
		pos = append(pos, bruteExpr(r, depth-1))
	}
	for range r.IntN(3) {
		neg = append(neg, bruteExpr(r, depth-1))
	}
	var parts []string
	phrase := false
	for _, p := range pos {
		parts = append(parts, p.text)
		phrase = phrase || p.phrase
	}
	for _, n := range neg {
		parts = append(parts, "-"+n.text)
		phrase = phrase || n.phrase
	}
	g := bq{text: "(" + strings.Join(parts, " ") + ")", phrase: phrase, match: func(d Doc, in Field) bool {
		for _, p := range pos {
			if !p.match(d, in) {
				return false
			}
		}
		for _, n := range neg {
			if n.match(d, in) {
				return false
			}
		}
		return true
	}}
	if depth == 2 && r.IntN(4) == 0 {
		// A field's group, once: the parser restricts each term in it.
		name, f := [...]string{"title", "source", "author"}[r.IntN(3)], Field(0)
		switch name {
		case "title":
			f = Title
		case "source":
			f = Source
		default:
			f = Author
		}
		inner := g.match
		g.text = name + ":" + g.text
		g.match = func(d Doc, _ Field) bool { return inner(d, f) }
	}
	return g
}

// bruteQuery makes a whole query: an expression, or exclusions alone,
// with dates and is: filters now and then.
func bruteQuery(r *rand.Rand) bq {
	var q bq
	switch r.IntN(4) {
	case 0:
		q = bruteTerm(r)
	case 1:
		a, b := bruteTerm(r), bruteTerm(r)
		q = bq{text: a.text + " -" + b.text, match: func(d Doc, in Field) bool { return a.match(d, in) && !b.match(d, in) }}
	case 2:
		a, b := bruteTerm(r), bruteTerm(r)
		q = bq{text: a.text + " OR " + b.text, match: func(d Doc, in Field) bool { return a.match(d, in) || b.match(d, in) }}
	default:
		q = bruteExpr(r, 2)
	}
	if r.IntN(8) == 0 {
		n := bruteExpr(r, 1)
		q = bq{text: "-" + n.text, match: func(d Doc, in Field) bool { return !n.match(d, in) }, phrase: n.phrase}
	}
	switch r.IntN(5) {
	case 0:
		q.text += " since:2024-01-20"
	case 1:
		q.text += " until:2024-02-10"
	case 2:
		q.text += " since:2024-01-10 until:2024-02-20"
	}
	switch r.IntN(6) {
	case 0:
		q.text += " is:unread"
	case 1:
		q.text += " is:starred"
	}
	return q
}

func bruteDocs(r *rand.Rand, n int) ([]Doc, marks) {
	docs := make([]Doc, n)
	m := marks{read: map[string]bool{}, starred: map[string]bool{}}
	for i := range docs {
		docs[i] = Doc{
			ID:         fmt.Sprintf("b%03d", i),
			Version:    "1",
			Path:       fmt.Sprintf("%03d.md", i),
			Title:      bruteText(r, 2+r.IntN(6)),
			Categories: bruteCats[r.IntN(len(bruteCats))],
			Author:     bruteText(r, r.IntN(3)),
			// Few days, so that dates are shared.
			Date: day(2024, 1, 1+r.IntN(60)),
			Text: bruteText(r, 5+r.IntN(40)),
		}
		m.read[docs[i].ID] = r.IntN(2) == 0
		m.starred[docs[i].ID] = r.IntN(3) == 0
	}
	return docs, m
}

// TestBrute pages through random queries in every order, rank limit,
// count limit and page size, and checks the results, their count and
// their order against brute force.
func TestBrute(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	docs, mk := bruteDocs(r, 160)
	ix := openIndex(t, docs...)
	ctx := context.Background()
	bruteSample = nil
	for _, d := range docs {
		bruteSample = append(bruteSample, canon(d.Text))
	}
	rows := map[string]int64{}
	rs, err := ix.db.Query(`SELECT id, rowid FROM search_docs`)
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var id string
		var row int64
		if err := rs.Scan(&id, &row); err != nil {
			t.Fatal(err)
		}
		rows[id] = row
	}
	if rs.Close(); len(rows) != len(docs) {
		t.Fatalf("%d rows of %d articles", len(rows), len(docs))
	}
	found, phrases := 0, 0
	n := bruteQueries
	switch {
	case raceDetector:
		// 120 queries took 468 s under the race detector.
		n = 12
	case testing.Short():
		n = 20
	}
	for range n {
		g := bruteQuery(r)
		q, err := Parse(g.text, ParseOptions{Now: now, Location: time.UTC})
		if err != nil {
			t.Fatalf("Parse(%s): %v", g.text, err)
		}
		var cats []string
		switch r.IntN(4) {
		case 0:
			cats = []string{"金融"}
		case 1:
			cats = []string{"金融", "网易"}
		}
		// The matches, newest first, before and after the is: filters.
		var text, want []string
		for _, d := range docs {
			if !g.match(d, AllFields) || !q.Since.IsZero() && d.Date.Before(q.Since) || !q.Until.IsZero() && d.Date.After(q.Until) {
				continue
			}
			if len(cats) > 0 && (len(d.Categories) < len(cats) || !slices.Equal(d.Categories[:len(cats)], cats)) {
				continue
			}
			text = append(text, d.ID)
			if q.keep(d.ID, mk) {
				want = append(want, d.ID)
			}
		}
		newest := func(a, b string) int { return cmp.Compare(rows[b], rows[a]) }
		slices.SortFunc(text, newest)
		slices.SortFunc(want, newest)
		found += len(want)
		if q.rankExpr() != "" && len(want) > 1 {
			phrases++
		}
		for _, rankLimit := range []int{0, -1, 1, 2, 5} {
			for _, countLimit := range []int{0, 1, 4} {
				for _, sort := range []Sort{Relevance, Newest} {
					opts := Options{Sort: sort, RankLimit: rankLimit, CountLimit: countLimit, Category: cats, Marks: mk}
					name := fmt.Sprintf("%s %+v", g.text, Options{Sort: sort, RankLimit: rankLimit, CountLimit: countLimit, Category: cats})
					checkBrute(t, ctx, ix, q, opts, name, text, want, rows)
				}
			}
		}
	}
	if found == 0 || phrases < n/20 {
		t.Fatalf("%d found, %d queries with a phrase found more than one: the test proves little", found, phrases)
	}
}

func checkBrute(t *testing.T, ctx context.Context, ix *Index, q *Query, opts Options, name string, text, want []string, rows map[string]int64) {
	t.Helper()
	// The rows ranked: the newest rankLimit matches of the text (a
	// phrase's, half), of which the is: filters keep some.
	ranked := 0
	expr, exclude := q.matchExpr()
	if opts.Sort == Relevance && expr != "" && !exclude {
		limit := opts.RankLimit
		if limit == 0 {
			limit = defaultRankLimit
		}
		if q.rankExpr() != "" && limit > 0 {
			limit = max(1, limit/phraseRankShare)
		}
		head := text
		if limit > 0 && len(head) > limit {
			head = head[:limit]
		}
		for _, id := range head {
			if slices.Contains(want, id) {
				ranked++
			}
		}
	}
	var all []string
	for _, size := range []int{2, 5, math.MaxInt32} {
		var got []string
		for off := 0; off <= len(want)+1; off += size {
			o := opts
			o.Limit, o.Offset = size, off
			res, err := ix.Search(ctx, q, o)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if len(res.Hits) != min(size, max(0, len(want)-off)) {
				t.Errorf("%s limit %d offset %d: %d hits, want %d", name, size, off, len(res.Hits), min(size, max(0, len(want)-off)))
			}
			switch {
			case res.More && res.Total >= len(want):
				t.Errorf("%s limit %d offset %d: total %d and more, of %d", name, size, off, res.Total, len(want))
			case !res.More && res.Total != len(want):
				t.Errorf("%s limit %d offset %d: total %d, want %d", name, size, off, res.Total, len(want))
			case res.Total < min(len(want), off+len(res.Hits)):
				t.Errorf("%s limit %d offset %d: total %d, not to the end of the page", name, size, off, res.Total)
			}
			if res.Ranked != ranked {
				t.Errorf("%s limit %d offset %d: ranked %d, want %d", name, size, off, res.Ranked, ranked)
			}
			if res.Ranked > res.Total && !res.More {
				t.Errorf("%s limit %d offset %d: ranked %d of %d", name, size, off, res.Ranked, res.Total)
			}
			got = append(got, hitIDs(res.Hits)...)
			if size == math.MaxInt32 {
				break
			}
		}
		if t.Failed() {
			return // one query's failures are enough to read
		}
		if !slices.Equal(sorted(got), sorted(want)) {
			t.Errorf("%s limit %d: got %v\nwant %v", name, size, got, want)
			continue
		}
		if all == nil {
			all = got
		} else if !slices.Equal(got, all) {
			t.Errorf("%s limit %d: pages in another order: %v, %v", name, size, got, all)
		}
	}
	// The ranked first, then the rest newest first.
	if len(all) == len(want) {
		if !slices.Equal(sorted(all[:ranked]), sorted(want[:ranked])) {
			t.Errorf("%s: ranked %v, the newest are %v", name, all[:ranked], want[:ranked])
		}
		if !slices.Equal(all[ranked:], want[ranked:]) {
			t.Errorf("%s: after the ranked %v, want %v", name, all[ranked:], want[ranked:])
		}
	}
}

// bruteQueries is how many random queries TestBrute checks.
const bruteQueries = 120

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
