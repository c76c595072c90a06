package search

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The brute force below is written apart from the tokenizer on purpose:
// it reads the text as a person would (NFKC, lower case, a wrapped line
// ignored), so that a bug in the pairs cannot hide in both.

var wrapped = regexp.MustCompile(`([\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}ー])[ \t]*\n[ \t]*([\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}ー])`)

// plain is text as the brute force searches it.
func plain(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	for {
		t := wrapped.ReplaceAllString(s, "$1$2")
		if t == s {
			return s
		}
		s = t
	}
}

// words are the words of Latin text, as the brute force reads them.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(norm.NFKC.String(s)), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r)) || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || r == 'ー'
	})
}

// fields of a document, for the brute force: each category level alone,
// since a match never spans two levels.
func fieldTexts(d Doc, f Field) []string {
	var out []string
	if f&Title != 0 {
		out = append(out, d.Title)
	}
	if f&Source != 0 {
		out = append(out, d.Categories...)
	}
	if f&Author != 0 {
		out = append(out, d.Author)
	}
	if f&Body != 0 {
		out = append(out, d.Text)
	}
	return out
}

func bruteContains(docs []Doc, sub string, f Field) []string {
	var out []string
	for _, d := range docs {
		for _, t := range fieldTexts(d, f) {
			if strings.Contains(plain(t), sub) {
				out = append(out, d.ID)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

func bruteWord(docs []Doc, w string) []string {
	var out []string
	for _, d := range docs {
		if slices.ContainsFunc(fieldTexts(d, AllFields), func(t string) bool { return slices.Contains(words(t), w) }) {
			out = append(out, d.ID)
		}
	}
	slices.Sort(out)
	return out
}

// alphabet is small so that pairs and triples repeat across documents.
var alphabet = []rune("企业发展中国韩俊经济コーヒ서울")

func randomText(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		switch r.IntN(14) {
		case 0:
			b.WriteString(" ")
		case 1:
			b.WriteString("，")
		case 2:
			b.WriteString("\n  ")
		case 3:
			b.WriteString("\n\n")
		case 4:
			b.WriteString([]string{" go ", " Go", "ＧＯ", " gopher ", "a"}[r.IntN(5)])
		default:
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
	}
	return b.String()
}

func randomDocs(r *rand.Rand, n int) []Doc {
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = Doc{
			ID:         fmt.Sprintf("d%03d", i),
			Version:    "1",
			Path:       fmt.Sprintf("%03d.md", i),
			Title:      randomText(r, 3+r.IntN(10)),
			Categories: []string{randomText(r, 2), randomText(r, 3)},
			Author:     randomText(r, r.IntN(4)),
			Date:       day(2024, 1, 1+r.IntN(60)),
			Text:       randomText(r, 10+r.IntN(120)),
		}
	}
	return docs
}

// TestExactSubstrings checks the index against brute force on random
// documents: every query of ideographs finds exactly the documents that
// contain it, in any field or in the one it names.
func TestExactSubstrings(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	docs := randomDocs(r, 400)
	ix := openIndex(t, docs...)
	var queries []string
	for _, c := range alphabet {
		queries = append(queries, string(c))
	}
	for range 150 {
		n := 2 + r.IntN(4)
		q := make([]rune, n)
		for i := range q {
			q[i] = alphabet[r.IntN(len(alphabet))]
		}
		queries = append(queries, string(q))
	}
	// Substrings of the texts themselves, so that long queries have hits.
	for range 100 {
		d := docs[r.IntN(len(docs))]
		rs := []rune(plain(d.Text))
		i := r.IntN(len(rs))
		j := min(len(rs), i+2+r.IntN(5))
		if q := string(rs[i:j]); !strings.ContainsFunc(q, func(c rune) bool { return !slices.Contains(alphabet, c) }) {
			queries = append(queries, q)
		}
	}
	hits := 0
	for i, q := range queries {
		want := bruteContains(docs, q, AllFields)
		hits += len(want)
		if got := ids(t, ix, q, Options{}); !slices.Equal(got, want) {
			t.Errorf("%s: got %d %v\nwant %d %v", q, len(got), got, len(want), want)
		}
		if i%3 != 0 {
			continue
		}
		for _, f := range []struct {
			name  string
			field Field
		}{{"title", Title}, {"source", Source}, {"author", Author}} {
			want := bruteContains(docs, q, f.field)
			if got := ids(t, ix, f.name+":"+q, Options{}); !slices.Equal(got, want) {
				t.Errorf("%s:%s: got %v, want %v", f.name, q, got, want)
			}
		}
	}
	if hits == 0 {
		t.Fatal("no query had a hit: the test proves nothing")
	}
	for _, w := range []string{"go", "gopher", "a"} {
		if got, want := ids(t, ix, w, Options{}), bruteWord(docs, w); !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("%s: got %v, want %v", w, got, want)
		}
	}
	// Boolean combinations against set operations on the brute force.
	for range 100 {
		a, b := queries[r.IntN(len(queries))], queries[r.IntN(len(queries))]
		wa, wb := bruteContains(docs, a, AllFields), bruteContains(docs, b, AllFields)
		var and, or, not []string
		for _, d := range docs {
			ina, inb := slices.Contains(wa, d.ID), slices.Contains(wb, d.ID)
			if ina && inb {
				and = append(and, d.ID)
			}
			if ina || inb {
				or = append(or, d.ID)
			}
			if ina && !inb {
				not = append(not, d.ID)
			}
		}
		for _, c := range []struct {
			q    string
			want []string
		}{{a + " " + b, and}, {a + " OR " + b, or}, {a + " -" + b, not}} {
			if got := ids(t, ix, c.q, Options{}); !slices.Equal(got, c.want) {
				t.Errorf("%s: got %v, want %v", c.q, got, c.want)
			}
		}
	}
}

// TestHighlightAgrees checks that the highlighter finds a match in a
// document exactly when the index does, and only the query's text.
func TestHighlightAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	docs := randomDocs(r, 200)
	for range 200 {
		n := 1 + r.IntN(3)
		qr := make([]rune, n)
		for i := range qr {
			qr[i] = alphabet[r.IntN(len(alphabet))]
		}
		q := parse(t, string(qr))
		h := NewHighlighter(q)
		for _, d := range docs {
			ms := h.Matches(d.Text, Body)
			if (len(ms) > 0) != strings.Contains(plain(d.Text), string(qr)) {
				t.Errorf("%s in %q: matches %v", string(qr), d.Text, ms)
			}
			for _, m := range ms {
				if got := wrapped.ReplaceAllString(d.Text[m.Start:m.End], "$1$2"); !strings.Contains(plain(got), string(qr)) {
					t.Errorf("%s: match %q", string(qr), d.Text[m.Start:m.End])
				}
			}
		}
	}
}
