package search

import (
	"context"
	"errors"
	"testing"
)

// FuzzQuery feeds the parser anything: it never panics, refuses only
// with a *SyntaxError, and whatever it accepts FTS5 runs without an
// error. Matches fall on character boundaries of the text, in order.
//
//	go test ./search -run '^$' -fuzz FuzzQuery -fuzztime 1m
func FuzzQuery(f *testing.F) {
	for _, s := range []string{
		"企业", "韩", `"interest rates"`, "企业 -韩俊", "a OR b", "title:企业", "source:(a OR b)", "since:3d is:unread",
		`NEAR(a b) AND "x" * ^y {title}: z`, `"`, "(((", "-", "iphon*", "ｉｐｈｏｎｅ", "コーヒー", "서울", "e\u0301", "\xff",
	} {
		f.Add(s)
	}
	ix := openIndex(f, fixtures...)
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s, ParseOptions{Now: now})
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q): %v is not a syntax error", s, err)
			}
			return
		}
		if _, err := ix.Search(context.Background(), q, Options{Marks: testMarks, Limit: 5}); err != nil {
			t.Fatalf("Search(%q): %v", s, err)
		}
		h := NewHighlighter(q)
		for _, text := range []string{fixtures[0].Text, fixtures[5].Text, s} {
			checkRanges(t, s, text, h.Matches(text, AllFields))
			checkRanges(t, s, text, q.SubstringMatches(text, AllFields))
		}
	})
}

func checkRanges(t *testing.T, query, text string, rs []Range) {
	t.Helper()
	// Where characters start, a stray byte of broken UTF-8 being one.
	starts := map[int]bool{len(text): true}
	for i := range text {
		starts[i] = true
	}
	last := 0
	for _, r := range rs {
		if r.Start < last || r.End <= r.Start || r.End > len(text) || !starts[r.Start] || !starts[r.End] {
			t.Fatalf("%q in %q: bad ranges %v", query, text, rs)
		}
		last = r.End
	}
}
