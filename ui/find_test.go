package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"newsreader/search"
)

func TestFindInArticle(t *testing.T) {
	m := newModel(t, 100, 12)
	press(t, m, "tab", "enter")
	contains(t, m, "newsreader  Go 1.22")
	press(t, m, "/")
	contains(t, m, "/find in the article")
	press(t, m, "滚动")
	// The counter follows the typing; the line stays until enter.
	contains(t, m, "/滚动", "1/40")
	press(t, m, "enter")
	contains(t, m, "1/40", "n next match", "N previous", "esc clear")
	content := m.View().Content
	if n := strings.Count(content, curOn); n != 1 {
		t.Errorf("%d current matches on screen, want 1:\n%q", n, content)
	}
	if !strings.Contains(content, matchOn+"滚动"+matchOff) {
		t.Errorf("the other matches are not highlighted:\n%q", content)
	}
	// n and N go round the matches; the view follows the current one.
	press(t, m, "n")
	contains(t, m, "2/40")
	press(t, m, "N", "N")
	contains(t, m, "40/40")
	if m.reader.vp.YOffset() == 0 {
		t.Error("the last match did not scroll into view")
	}
	cur := m.reader.find.hits[m.reader.find.cur][0].line
	if top := m.reader.vp.YOffset(); cur < top || cur >= top+m.reader.vp.Height() {
		t.Errorf("the current match, line %d, is off the view at %d", cur, top)
	}
	// esc clears the search: no highlight, and n is the next article
	// again.
	press(t, m, "esc")
	lacks(t, m, "/40")
	if c := m.View().Content; strings.Contains(c, matchOn) || strings.Contains(c, curOn) {
		t.Errorf("highlights after esc:\n%q", c)
	}
	press(t, m, "n")
	contains(t, m, "newsreader  央行宣布")
	press(t, m, "N")
	contains(t, m, "no find in this article: / finds text")
}

func TestFindEdgeCases(t *testing.T) {
	m := newModel(t, 100, 20)
	press(t, m, "tab", "enter", "/", "不存在的词")
	contains(t, m, "no match")
	// n and N with nothing to go to say how to get n back.
	press(t, m, "enter", "n")
	contains(t, m, "no match in this article: esc clears the find")
	press(t, m, "/")
	// A query that cannot be read says why; esc while typing clears.
	press(t, m, "ctrl+u", "a)")
	contains(t, m, "a ) without its (")
	press(t, m, "esc")
	contains(t, m, "n next")
	// An empty line kept with enter is no search; q in the line is text.
	press(t, m, "/", "enter")
	contains(t, m, "n next")
	if press(t, m, "/", "q") {
		t.Fatal("q in the find line quit")
	}
	press(t, m, "esc")
	// A search does not follow to another article.
	press(t, m, "/", "Go", "enter")
	contains(t, m, "1/6 · 0% · 1/1")
	press(t, m, "q", "j", "enter")
	contains(t, m, "newsreader  央行宣布")
	lacks(t, m, "· 1/1")
	contains(t, m, "n next")
	checkFrame(t, m)
}

func TestFindAcrossWrappedLines(t *testing.T) {
	f := finder{page: "  一二三四\n  五六七\n\n  plain text\n  here", match: func(s string) []search.Range {
		var out []search.Range
		for _, w := range []string{"四五", "text\nhere", "texthere"} {
			if i := strings.Index(s, w); i >= 0 {
				out = append(out, search.Range{Start: i, End: i + len(w)})
			}
		}
		return out
	}}
	f.query = &search.Query{}
	f.locate()
	// Wide characters join across the break; other text keeps a
	// separator, as the space it was wrapped at.
	want := []pageHit{{{0, 11, 14}, {1, 2, 5}}, {{3, 8, 12}, {4, 2, 6}}}
	if !slices.EqualFunc(f.hits, want, slices.Equal) {
		t.Errorf("hits %v, want %v", f.hits, want)
	}
}

func TestMarkLine(t *testing.T) {
	sgr := "\x1b[38;5;252m"
	tests := []struct {
		name  string
		line  string
		spans []markSpan
		want  string
	}{
		{"plain", "abc def", []markSpan{{4, 7, false}}, "abc " + matchOn + "def" + matchOff},
		{"current", "abc def", []markSpan{{0, 3, true}}, curOn + "abc" + curOff + " def"},
		{"codes kept, highlight set again after a reset inside",
			sgr + "ab\x1b[0m" + sgr + "cd", []markSpan{{1, 3, false}},
			sgr + "a" + matchOn + "b\x1b[0m" + matchOn + sgr + matchOn + "c" + matchOff + "d"},
		{"two spans, wide characters", "企业发展企业", []markSpan{{0, 6, false}, {12, 18, true}},
			matchOn + "企业" + matchOff + "发展" + curOn + "企业" + curOff},
		{"a link's OSC 8 stays whole", "\x1b]8;;https://x.org\x07link\x1b]8;;\x07", []markSpan{{0, 4, false}},
			"\x1b]8;;https://x.org\x07" + matchOn + "link" + matchOff + "\x1b]8;;\x07"},
	}
	for _, tt := range tests {
		got := markLine(tt.line, tt.spans)
		if got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
		if ansi.Strip(got) != ansi.Strip(tt.line) {
			t.Errorf("%s: the text changed: %q", tt.name, ansi.Strip(got))
		}
	}
}

// BenchmarkFindLocate measures what a key press of the find line costs
// on a long article (5,000 lines) and a common character (25,000
// matches): the matches found and placed on the page's lines.
//
//	go test ./ui -run XXX -bench FindLocate
func BenchmarkFindLocate(b *testing.B) {
	page := strings.Repeat("  这是一段很长的正文的内容，的的确确是用来测试的。\n", 5000)
	q, err := search.Parse("的", search.ParseOptions{})
	if err != nil {
		b.Fatal(err)
	}
	f := finder{page: page, query: q, match: func(s string) []search.Range { return q.SubstringMatches(s, search.Body) }}
	for b.Loop() {
		f.locate()
	}
	b.ReportMetric(float64(len(f.hits)), "matches")
}
