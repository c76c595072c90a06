package search

import (
	"bytes"
	"slices"
	"strings"
)

// Range is a match in a text: its bytes [Start, End).
type Range struct {
	Start, End int
}

// matchExpr returns the FTS5 MATCH expression of the query's text, and
// whether it only excludes (the query is then every article but those it
// matches). Every token is quoted here; the expression reaches SQL only as
// a bound parameter.
func (q *Query) matchExpr() (expr string, exclude bool) {
	n := q.root
	if n == nil {
		return "", false
	}
	if n.neg {
		return positive(n), true
	}
	if n.kind == andNode && !slices.ContainsFunc(n.kids, func(k *node) bool { return !k.neg }) {
		return orOf(n.kids), true
	}
	return fts(n), false
}

// fts writes the expression of n, which must not be negated.
func fts(n *node) string { return expr(n, false) }

// rankExpr returns the expression that ranks the query's matches when it
// is not the query's own, else "": each term of several tokens stands
// for its longest token, and the exclusions are left out. FTS5's bm25()
// weighs each phrase by the number of articles it is in, and to count
// those for a phrase of several tokens it checks their positions in every
// article that has them all: 250 ms at 100,000 articles for a phrase in
// each of them, whatever the page, where a token's articles are counted
// from its list alone (10 ms). Its token's BM25 orders a phrase's matches
// much as its own does where the phrase is most of the token's uses (the
// same top 10 for three of four Chinese phrases measured, 6 of 10 for the
// fourth), less so for English words that often stand apart ("interest
// rates": 2 of 10); the articles found are still exactly the query's
// (statement.head), because the expression written here matches all of
// them and more.
func (q *Query) rankExpr() string {
	match, exclude := q.matchExpr()
	if match == "" || exclude || !hasPhrase(q.root) {
		return ""
	}
	return expr(q.root, true)
}

// hasPhrase reports whether a term under n has several tokens.
func hasPhrase(n *node) bool {
	if n == nil {
		return false
	}
	if n.kind == termNode {
		return len(n.toks) > 1
	}
	return slices.ContainsFunc(n.kids, hasPhrase)
}

// expr writes the expression of n, which must not be negated; for the
// ranking, as rankExpr says, when rank is set.
func expr(n *node, rank bool) string {
	switch n.kind {
	case termNode:
		if rank {
			return phrase(n, []qtoken{longest(n.toks)})
		}
		return phrase(n, n.toks)
	case orNode:
		parts := make([]string, len(n.kids))
		for i, k := range n.kids {
			parts[i] = expr(k, rank)
		}
		return "(" + strings.Join(parts, " OR ") + ")"
	}
	var pos []string
	var neg []*node
	for _, k := range n.kids {
		if k.neg {
			neg = append(neg, k)
		} else {
			pos = append(pos, expr(k, rank))
		}
	}
	e := "(" + strings.Join(pos, " AND ") + ")"
	if len(neg) > 0 && !rank {
		// One NOT of an OR: a chain of NOTs nests one level deeper per
		// exclusion, and FTS5 refuses more than 256 levels.
		e = "(" + e + " NOT " + orOf(neg) + ")"
	}
	return e
}

// longest is the longest of a term's tokens, the first of equals: the
// word that says most of a Latin phrase, where "the" would say nothing.
func longest(toks []qtoken) qtoken {
	best := toks[0]
	for _, t := range toks[1:] {
		if len(t.text) > len(best.text) {
			best = t
		}
	}
	return best
}

// positive is the expression of n as if it were not negated.
func positive(n *node) string {
	c := *n
	c.neg = false
	return fts(&c)
}

func orOf(ns []*node) string {
	parts := make([]string, len(ns))
	for i, k := range ns {
		parts[i] = positive(k)
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// phrase writes a term's tokens quoted as one FTS5 phrase, after the
// column filter of its fields.
func phrase(n *node, toks []qtoken) string {
	var b strings.Builder
	if n.fields != AllFields {
		b.WriteByte('{')
		sep := ""
		for i, c := range columns {
			if n.fields&(1<<i) != 0 {
				b.WriteString(sep + c)
				sep = " "
			}
		}
		b.WriteString("} : ")
	}
	b.WriteByte('"')
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strings.ReplaceAll(t.text, `"`, `""`))
	}
	b.WriteByte('"')
	if toks[len(toks)-1].prefix {
		b.WriteString(" *")
	}
	return b.String()
}

// terms returns the terms the query looks for in field f, leaving out
// the excluded ones: what to highlight.
func (q *Query) terms(f Field) []*node {
	var out []*node
	var walk func(n *node)
	walk = func(n *node) {
		if n.neg {
			return
		}
		if n.kind == termNode {
			if n.fields&f != 0 {
				out = append(out, n)
			}
			return
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	if q.root != nil {
		walk(q.root)
	}
	return out
}

// ftoken is a token of a text being highlighted, its text kept in an
// arena.
type ftoken struct {
	from, to        int // its text in the arena
	start, mid, end int
}

// Highlighter finds a query's matches in texts, as the index matches
// them. It keeps buffers between calls and is not safe for concurrent
// use; make one per goroutine.
type Highlighter struct {
	q     *Query
	tz    tokenizer
	toks  []ftoken
	arena []byte
}

// NewHighlighter returns a highlighter of q's matches.
func NewHighlighter(q *Query) *Highlighter { return &Highlighter{q: q} }

// Matches returns the ranges of text that the query's terms for field f
// match, sorted and merged: for the reader's in-article search use Body,
// for a title Title. Excluded terms are not highlighted.
func (h *Highlighter) Matches(text string, f Field) []Range {
	terms := h.q.terms(f)
	if len(terms) == 0 {
		return nil
	}
	h.toks, h.arena = h.toks[:0], h.arena[:0]
	h.tz.tokens(text, func(t token) {
		from := len(h.arena)
		h.arena = append(h.arena, t.text...)
		h.toks = append(h.toks, ftoken{from, len(h.arena), t.start, t.mid, t.end})
	})
	var out []Range
	for _, term := range terms {
		for p := 0; p+len(term.toks) <= len(h.toks); p++ {
			if r, ok := h.matchAt(term, p); ok {
				out = append(out, r)
			}
		}
	}
	return mergeRanges(out)
}

func (h *Highlighter) matchAt(term *node, p int) (Range, bool) {
	for k, qt := range term.toks {
		t := h.toks[p+k]
		text := h.arena[t.from:t.to]
		if qt.prefix {
			if !bytes.HasPrefix(text, []byte(qt.text)) {
				return Range{}, false
			}
		} else if string(text) != qt.text {
			return Range{}, false
		}
	}
	first, last := h.toks[p], h.toks[p+len(term.toks)-1]
	end := last.end
	if qt := term.toks[len(term.toks)-1]; qt.single {
		end = last.mid
	}
	return Range{first.start, end}, true
}

// mergeRanges sorts ranges and joins those that overlap; ranges that
// only touch stay apart, so that a pipe shows [企业][发展] for two terms.
func mergeRanges(rs []Range) []Range {
	if len(rs) < 2 {
		return rs
	}
	slices.SortFunc(rs, func(a, b Range) int { return a.Start - b.Start })
	out := rs[:1]
	for _, r := range rs[1:] {
		if last := &out[len(out)-1]; r.Start < last.End {
			last.End = max(last.End, r.End)
			continue
		}
		out = append(out, r)
	}
	return out
}

// Mark returns s with before and after around each range: the caller's
// SGR bold on a terminal, "[" and "]" in a pipe. The ranges must be
// sorted and apart, as Matches, SubstringMatches and snippets give them.
func Mark(s string, rs []Range, before, after string) string {
	var b strings.Builder
	b.Grow(len(s) + len(rs)*(len(before)+len(after)))
	last := 0
	for _, r := range rs {
		if r.Start < last || r.End > len(s) {
			continue
		}
		b.WriteString(s[last:r.Start])
		b.WriteString(before)
		b.WriteString(s[r.Start:r.End])
		b.WriteString(after)
		last = r.End
	}
	b.WriteString(s[last:])
	return b.String()
}
