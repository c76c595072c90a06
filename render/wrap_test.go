package render

import (
	"regexp"
	"strings"
	"testing"

	"newsreader/display"
)

func TestWrapMarkdown(t *testing.T) {
	tests := []struct {
		name, in string
		width    int
		want     string
	}{
		{"short line kept", "short line", 20, "short line"},
		{"spaces", "one two three four five six", 10, "one two\nthree four\nfive six"},
		{"cjk between characters", "中文句子需要在字符之间换行", 10, "中文句子需\n要在字符之\n间换行"},
		{"closing mark stays", "中文句子需要，在字符之间", 10, "中文句子需\n要，在字符\n之间"},
		{"image syntax stays whole", "文字文字 ![引起网友讨论的微博](https://n.example.cn/a.jpg) 文字", 20, "文字文字 ![引起网友\n讨论的微\n博](https://n.example.cn/a.jpg)\n文字"},
		{"escaped bracket stays", "链接文字 [文本\\]](https://x.example/y) 后", 12, "链接文字 [文\n本\\]](https://x.example/y)\n后"},
		{"long url unbroken", "see https://example.com/a/very/long/path ok", 12, "see\nhttps://example.com/a/very/long/path\nok"},
		{"list item continues indented", "- item with several words", 12, "- item with\n  several\n  words"},
		{"quote continues quoted", "> quoted text goes on", 12, "> quoted\n> text goes\n> on"},
		{"hard break kept", "one two three  \nfour", 9, "one two\nthree  \nfour"},
		{"no list from a wrapped dash", "a b - c", 4, "a b -\nc"},
		{"no list from a wrapped number", "a b 1. c", 5, "a b 1.\nc"},
		{"numbers stay whole", "总额23638.1亿元", 8, "总额\n23638.1\n亿元"},
		{"korean breaks at spaces", "줄바꿈이 올바르게 되어야", 12, "줄바꿈이\n올바르게\n되어야"},
		{"heading kept", "## a long heading here", 8, "## a long heading here"},
		{"table kept", "| a long | row |", 5, "| a long | row |"},
		{"code kept", "```\na very long code line\n```", 5, "```\na very long code line\n```"},
		{"zero width", "a b c", 0, "a b c"},
	}
	for _, tt := range tests {
		if got := WrapMarkdown(tt.in, tt.width); got != tt.want {
			t.Errorf("%s: WrapMarkdown(%q, %d) =\n%q\nwant\n%q", tt.name, tt.in, tt.width, got, tt.want)
		}
	}
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
			if w := display.Width(line); w > 40 && strings.Contains(strings.TrimSpace(line), " ") && !unwrappable.MatchString(line) && !strings.Contains(line, "](") {
				t.Errorf("%s: line of %d cells: %q", f.name, w, line)
			}
		}
	}
}
