package render

import (
	"regexp"
	"strings"
	"testing"

	"newsreader/display"
)

func TestWrapMarkdown(t *testing.T) {
	tests := []wrapTest{
		{"short line kept", "short line", 20, "short line"},
		{"spaces", "one two three four five six", 10, "one two\nthree four\nfive six"},
		{"no break inside a cjk run", "中文句子需要在字符之间换行", 10, "中文句子需要在字符之间换行"},
		{"no break at a space between cjk", "中文句子 需要在字符之间", 6, "中文句子 需要在字符之间"},
		{"break at a space beside latin", "中文句子 English 需要", 6, "中文句子\nEnglish\n需要"},
		{"link text stays whole", "see [the very long link text](https://x.example/y) ok", 12, "see\n[the very long link text](https://x.example/y)\nok"},
		{"image stays whole", "文字 ![引起 网友 讨论](https://n.example.cn/a.jpg) 文字", 8, "文字\n![引起 网友 讨论](https://n.example.cn/a.jpg)\n文字"},
		{"emphasis stays whole", "a **bold words here** b *em words* c", 8, "a\n**bold words here**\nb\n*em words*\nc"},
		{"code span stays whole", "run `go test ./...` now", 6, "run\n`go test ./...`\nnow"},
		{"no closing mark at a line start", "words here ） more", 10, "words\nhere ）\nmore"},
		{"no opening mark at a line end", "words （ here more", 10, "words\n（ here\nmore"},
		{"long url unbroken", "see https://example.com/a/very/long/path ok", 12, "see\nhttps://example.com/a/very/long/path\nok"},
		{"list item continues indented", "- item with several words", 12, "- item with\n  several\n  words"},
		{"quote continues quoted", "> quoted text goes on", 12, "> quoted\n> text goes\n> on"},
		{"hard break kept", "one two three  \nfour", 9, "one two\nthree  \nfour"},
		{"no list from a wrapped dash", "a b - c", 4, "a b -\nc"},
		{"no list from a wrapped number", "a b 1. c", 5, "a b 1.\nc"},
		{"korean breaks at spaces", "줄바꿈이 올바르게 되어야", 12, "줄바꿈이\n올바르게\n되어야"},
		{"heading kept", "## a long heading here", 8, "## a long heading here"},
		{"table kept", "| a long | row |", 5, "| a long | row |"},
		{"code kept", "```\na very long code line\n```", 5, "```\na very long code line\n```"},
		{"zero width", "a b c", 0, "a b c"},
	}
	checkWraps(t, "WrapMarkdown", WrapMarkdown, tests)
}

type wrapTest struct {
	name, in string
	width    int
	want     string
}

func checkWraps(t *testing.T, name string, wrap func(string, int) string, tests []wrapTest) {
	t.Helper()
	for _, tt := range tests {
		if got := wrap(tt.in, tt.width); got != tt.want {
			t.Errorf("%s: %s(%q, %d) =\n%q\nwant\n%q", tt.name, name, tt.in, tt.width, got, tt.want)
		}
	}
}

// TestWrapForScreen: the filling of the Markdown that glamour renders
// breaks East Asian text between characters, by the CJK rules.
func TestWrapForScreen(t *testing.T) {
	tests := []wrapTest{
		{"cjk between characters", "中文句子需要在字符之间换行", 10, "中文句子需\n要在字符之\n间换行"},
		{"closing mark stays", "中文句子需要，在字符之间", 10, "中文句子需\n要，在字符\n之间"},
		{"opening mark goes down", "中文句子（需要在字符之间", 10, "中文句子\n（需要在字\n符之间"},
		{"closing quote and full stop stay", "他说：“好的。”然后走了", 10, "他说：“好\n的。”然后\n走了"},
		{"reference number stays with its link", "中文[\u2063链接文字\u2064](#)[12]后面", 12, "中文[\u2063链接文\n字\u2064](#)[12]后面"},
		{"link text starts no further than its bracket", "中文中文中[\u2063链接\u2064](#)[1]", 10, "中文中文中\n[\u2063链接\u2064](#)[1]"},
		{"numbers stay whole", "总额23638.1亿元", 8, "总额\n23638.1\n亿元"},
		{"spaces", "one two three four five six", 10, "one two\nthree four\nfive six"},
	}
	checkWraps(t, "wrapForScreen", func(md string, width int) string { return wrapForScreen(md, width, 0) }, tests)
}

// squashText removes whitespace and the "> " that continuation rows of a
// quote repeat, leaving what wrapping must not change.
func squashText(s string) string {
	return strings.Join(strings.Fields(quoteMarks.ReplaceAllString(s, "")), "")
}

var quoteMarks = regexp.MustCompile(`(?m)^ {0,3}(?:> ?)+`)

// TestWrapMarkdownKeepsText checks on every fixture that wrapping only
// moves line breaks: the text without whitespace is unchanged and no line
// of prose is wider than the width.
func TestWrapMarkdownKeepsText(t *testing.T) {
	for i, f := range fixtures {
		md := prepareFixture(t, i).Markdown
		wrapped := WrapMarkdown(md, 40)
		if squashText(wrapped) != squashText(md) {
			t.Errorf("%s: wrapping changed the text:\n%s", f.name, wrapped)
		}
		for _, line := range strings.Split(wrapped, "\n") {
			first, _, _ := linePrefix(line)
			if w := display.Width(line); w > 40 && !unwrappable.MatchString(line) && len(splitAtSpaces(line[len(first):])) > 1 {
				t.Errorf("%s: line of %d cells that could break: %q", f.name, w, line)
			}
		}
	}
}
