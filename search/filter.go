package search

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Item is an article as the browser's filter sees it: its metadata, no
// text.
type Item struct {
	ID         string
	Title      string
	Categories []string
	Author     string
	Date       time.Time
}

// Matcher filters a list of articles by title, source and author in
// memory, for the browser's / filter, which must answer each key press
// at once: a query of the same language as Search, each term matched as
// a substring of the fields (so that iph matches iPhone while it is
// being typed), ignoring case, width and punctuation. The FTS index
// could answer it too, but it holds the text of every article and its
// answers would have to be mapped back to the list the browser shows;
// scanning 100,000 short keys costs a few milliseconds.
//
// A Matcher is immutable once made and safe for concurrent use.
type Matcher struct {
	// keys holds, for each item, its title, source and author keys, each
	// followed by a NUL, so that no match spans two fields.
	keys   []string
	bounds [][2]int32 // the end of the title and of the source in keys[i]
	ids    []string
	dates  []int64
}

// NewMatcher prepares the items for matching. It costs about a
// microsecond an item; make it once per list and use it for every key
// press.
func NewMatcher(items []Item) *Matcher {
	m := &Matcher{
		keys:   make([]string, len(items)),
		bounds: make([][2]int32, len(items)),
		ids:    make([]string, len(items)),
		dates:  make([]int64, len(items)),
	}
	var b []byte
	var buf []char
	for i, it := range items {
		b = appendKey(b[:0], it.Title, &buf)
		b = append(b, 0)
		t := len(b)
		for j, c := range it.Categories {
			if j > 0 {
				b = append(b, 0)
			}
			b = appendKey(b, c, &buf)
		}
		b = append(b, 0)
		s := len(b)
		b = appendKey(b, it.Author, &buf)
		m.keys[i] = string(b)
		m.bounds[i] = [2]int32{int32(t), int32(s)}
		m.ids[i] = it.ID
		m.dates[i] = it.Date.UnixNano()
	}
	return m
}

// Len is the number of items.
func (m *Matcher) Len() int { return len(m.keys) }

// Match returns the indexes of the items that the query selects, in
// order. Terms limited to the body never match, since the matcher has
// no text; marks answers is: filters, and may be nil when the query has
// none (Match then returns ErrNoMarks).
func (m *Matcher) Match(q *Query, marks Marks) ([]int, error) {
	if q.NeedsMarks() && marks == nil {
		return nil, ErrNoMarks
	}
	var out []int
	for i := range m.keys {
		if m.match(q, marks, i) {
			out = append(out, i)
		}
	}
	return out, nil
}

func (m *Matcher) match(q *Query, marks Marks, i int) bool {
	if !q.Since.IsZero() && m.dates[i] < q.Since.UnixNano() {
		return false
	}
	if !q.Until.IsZero() && m.dates[i] > q.Until.UnixNano() {
		return false
	}
	if q.NeedsMarks() && !q.keep(m.ids[i], marks) {
		return false
	}
	return q.root == nil || m.eval(q.root, i) != q.root.neg
}

// eval reports whether n, ignoring its own negation, holds for item i.
func (m *Matcher) eval(n *node, i int) bool {
	switch n.kind {
	case termNode:
		return m.contains(i, n.key, n.fields)
	case orNode:
		for _, k := range n.kids {
			if m.eval(k, i) != k.neg {
				return true
			}
		}
		return false
	}
	for _, k := range n.kids {
		if m.eval(k, i) == k.neg {
			return false
		}
	}
	return true
}

// contains reports whether a key of item i in fields contains sub.
func (m *Matcher) contains(i int, sub string, fields Field) bool {
	key := m.keys[i]
	t, s := m.bounds[i][0], m.bounds[i][1]
	switch fields & (Title | Source | Author) {
	case Title | Source | Author:
		return strings.Contains(key, sub)
	case Title:
		return strings.Contains(key[:t], sub)
	case Source:
		return strings.Contains(key[t:s], sub)
	case Author:
		return strings.Contains(key[s:], sub)
	case 0:
		return false
	}
	return fields&Title != 0 && strings.Contains(key[:t], sub) ||
		fields&Source != 0 && strings.Contains(key[t:s], sub) ||
		fields&Author != 0 && strings.Contains(key[s:], sub)
}

// appendKey appends the key of s: NFKC, case folded, each run of
// punctuation and spaces one space, trimmed. The browser's filter and
// the category option compare keys. buf is scratch space, kept between
// calls.
func appendKey(b []byte, s string, buf *[]char) []byte {
	start := len(b)
	space := false
	*buf = normalize((*buf)[:0], s)
	for _, c := range *buf {
		if classify(c.r) == separator {
			space = len(b) > start
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = utf8.AppendRune(b, c.r)
	}
	return b
}

// key returns the key of s.
func key(s string) string {
	var buf []char
	return string(appendKey(nil, s, &buf))
}

// SubstringMatches returns the ranges of text that the query's terms for
// field f match as the Matcher matches them, as substrings: for the
// browser to mark the filter's matches in the titles it shows.
func (q *Query) SubstringMatches(text string, f Field) []Range {
	terms := q.terms(f)
	if len(terms) == 0 {
		return nil
	}
	// The key of text, with the source span of each of its bytes.
	var b []byte
	var from, to []int
	space := false
	for _, c := range normalize(nil, text) {
		if classify(c.r) == separator {
			space = len(b) > 0
			continue
		}
		if space {
			b = append(b, ' ')
			from, to = append(from, c.start), append(to, c.start)
			space = false
		}
		n := len(b)
		b = utf8.AppendRune(b, c.r)
		for range len(b) - n {
			from, to = append(from, c.start), append(to, c.end)
		}
	}
	k := string(b)
	var out []Range
	for _, t := range terms {
		if t.key == "" {
			continue
		}
		for off := 0; ; {
			j := strings.Index(k[off:], t.key)
			if j < 0 {
				break
			}
			j += off
			out = append(out, Range{from[j], to[j+len(t.key)-1]})
			_, size := utf8.DecodeRuneInString(k[j:])
			off = j + size
		}
	}
	return mergeRanges(out)
}
