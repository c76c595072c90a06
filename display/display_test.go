package display

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestRules is the one table of what reaches the terminal: every function
// that cleans text for display is checked against the same inputs.
func TestRules(t *testing.T) {
	tests := []struct {
		name                   string
		in                     string
		printable, clean, line string
	}{
		{"plain", "Tidewater 3.2 发布", "Tidewater 3.2 发布", "Tidewater 3.2 发布", "Tidewater 3.2 发布"},
		{"escape", "a\x1b[31mb", "a\uFFFD[31mb", "a[31mb", "a[31mb"},
		{"C1 CSI and DEL", "a\u009b2Jb\x7f", "a\uFFFD2Jb\uFFFD", "a2Jb", "a2Jb"},
		{"line breaks", "one\r\ntwo\rthree\nfour", "one\uFFFD\uFFFDtwo\uFFFDthree\uFFFDfour", "one\ntwo\nthree\nfour", "one two three four"},
		{"tab", "a\tb", "a\uFFFDb", "a\tb", "a b"},
		{"bidi override", "abc\u202edcba\u202c", "abcdcba", "abcdcba", "abcdcba"},
		{"bidi isolate and marks", "\u2067x\u2069\u200ey\u200f\u061c", "xy", "xy", "xy"},
		{"zero-width space, word joiner, BOM", "a\u200bb\u2060c\ufeffd", "abcd", "abcd", "abcd"},
		{"family emoji keeps its joiners", "👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"},
		{"zero-width non-joiner stays", "می\u200cخواهم", "می\u200cخواهم", "می\u200cخواهم", "می\u200cخواهم"},
		{"bad UTF-8", "a\xffb", "a\uFFFDb", "a\uFFFDb", "a\uFFFDb"},
		{"literal replacement character", "a\uFFFDb", "a\uFFFDb", "a\uFFFDb", "a\uFFFDb"},
		{"CJK around a zero-width space", "新浪\u200b财经", "新浪财经", "新浪财经", "新浪财经"},
		{"CJK cut in a character", "财经\xe4\xb8", "财经\uFFFD", "财经\uFFFD", "财经\uFFFD"},
		{"C1 control as UTF-8 among hangul", "한국\u0085어", "한국\uFFFD어", "한국어", "한국어"},
		{"kana and hangul", "ニュース 뉴스", "ニュース 뉴스", "ニュース 뉴스", "ニュース 뉴스"},
		{"spaces", "  多  个\u3000空格 ", "  多  个\u3000空格 ", "  多  个\u3000空格 ", "多 个 空格"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Printable(tt.in); got != tt.printable {
				t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.printable)
			}
			if got := Clean(tt.in); got != tt.clean {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.clean)
			}
			if got := Line(tt.in); got != tt.line {
				t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.line)
			}
			for _, out := range []string{Printable(tt.in), Clean(tt.in), Line(tt.in)} {
				for _, r := range out {
					if IsInvisible(r) || IsControl(r) && r != '\n' && r != '\t' {
						t.Errorf("%q keeps %U", out, r)
					}
				}
			}
		})
	}
}

func TestWidth(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"abc", 3},
		{"新浪财经", 8},
		{"“…—·▶①”", 7}, // East Asian ambiguous: one cell, whatever the locale
		{"한국어", 6},
		{"👨\u200d👩\u200d👧", 2},
		{"\x1b[1mbold\x1b[0m", 4},
	}
	for _, tt := range tests {
		if got := Width(tt.in); got != tt.want {
			t.Errorf("Width(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
	for r, want := range map[rune]int{'a': 1, '新': 2, '“': 1, '가': 2, '…': 1} {
		if got := RuneWidth(r); got != want {
			t.Errorf("RuneWidth(%q) = %d, want %d", r, got, want)
		}
	}
}

func TestTruncatePad(t *testing.T) {
	tests := []struct {
		fn    func(string, int) string
		name  string
		in    string
		width int
		want  string
	}{
		{Truncate, "Truncate", "新浪财经国内", 7, "新浪财…"},
		{Truncate, "Truncate", "short", 10, "short"},
		{TruncateLeft, "TruncateLeft", "post/编程/a.md", 8, "…程/a.md"},
		{TruncateLeft, "TruncateLeft", "post/编程/a.md", 7, "…/a.md"},
		{Pad, "Pad", "中", 4, "中  "},
		{Pad, "Pad", "新浪财经", 5, "新浪 "},
		{Fit, "Fit", "新浪财经", 5, "新浪…"},
		{Fit, "Fit", "ab", 4, "ab  "},
	}
	for _, tt := range tests {
		got := tt.fn(tt.in, tt.width)
		if got != tt.want {
			t.Errorf("%s(%q, %d) = %q, want %q", tt.name, tt.in, tt.width, got, tt.want)
		}
		if w := Width(got); w > tt.width {
			t.Errorf("%s(%q, %d) is %d cells wide", tt.name, tt.in, tt.width, w)
		}
	}
}

func TestCounts(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1234567: "1,234,567", -12345: "-12,345"} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
	if got := Plural(1, "file") + ", " + Plural(12345, "file"); got != "1 file, 12,345 files" {
		t.Errorf("Plural: %q", got)
	}
}

func BenchmarkPrintable(b *testing.B) {
	titles := []string{"Tidewater 3.2 发布", strings.Repeat("新浪财经－国內 ", 4), "plain ascii title"}
	for b.Loop() {
		for _, s := range titles {
			Printable(s)
		}
	}
}

// FuzzIsPlain checks the fast test against its definition: valid UTF-8
// with no control and no invisible character.
func FuzzIsPlain(f *testing.F) {
	for _, s := range []string{"", "ascii", "新浪财经", "财经\xe4\xb8", "\xe3\x80", "a\u200bb", "한국\u0085어", "\xed\xa0\x80", "\xef\xbf\xbd", "\u3000\ucfff\ud000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool { return IsControl(r) || IsInvisible(r) })
		if got := isPlain(s); got != want {
			t.Errorf("isPlain(%q) = %v, want %v", s, got, want)
		}
	})
}
