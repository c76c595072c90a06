package render

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/width"

	"newsreader/feed"
)

func TestDocumentText(t *testing.T) {
	tests := []struct {
		name, md, want string
	}{
		{"paragraphs", "第一段。\n\n第二段。", "第一段。\n\n第二段。"},
		{"a line break is kept", "一行\n二行", "一行\n二行"},
		{"emphasis and code", "**重要** and *em* `code` ~~gone~~", "重要 and em code gone"},
		{"entities", "Tom &amp; Jerry &lt;b&gt;", "Tom & Jerry <b>"},
		{"escapes", `1\. not a list \* a\~b`, "1. not a list * a~b"},
		{"hard break", "一行\\\n二行", "一行\n二行"},
		{"heading", "## 小标题\n\n正文", "小标题\n\n正文"},
		{"link: its text, a space for its number", "见[报告](https://example.com/r)全文", "见报告 全文"},
		{"a link refused keeps its text", "见[报告](javascript:x)全文", "见报告全文"},
		{"image: its alt on its own", "文字![港口](https://example.com/p.jpg)文字", "文字 港口 文字"},
		{"autolink", "<https://example.com/a>", "https://example.com/a"},
		{"bullets", "- 甲\n- 乙", "甲\n\n乙"},
		{"numbers", "3. 甲\n4. 乙", "3. 甲\n\n4. 乙"},
		{"loose list", "1. 甲\n\n2. 乙", "1. 甲\n\n2. 乙"},
		{"nested list", "- 甲\n  - 乙\n- 丙", "甲\n\n乙\n\n丙"},
		{"quote", "> 引文\n\n正文", "引文\n\n正文"},
		{"code block", "```go\nfunc 主() {}\nreturn\n```", "func 主() {}\nreturn"},
		{"table", "| 名称 | 数量 |\n|---|---|\n| 苹果 | 3 |", "名称 数量\n\n苹果 3"},
		{"rule", "上\n\n---\n\n下", "上\n\n下"},
		{"html is markup", "<div>x</div>\n\n正文 <b>粗</b>", "正文 粗"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Document{Body: tt.md + "\n"}
			if got := d.Text(); got != tt.want {
				t.Errorf("Text of %q:\n%q\nwant\n%q", tt.md, got, tt.want)
			}
		})
	}
	if got := (&Document{Body: noTextNote + "\n"}).Text(); got != "" {
		t.Errorf("the note of an article without text: %q", got)
	}
}

// TestTextMatchesRenderText checks Text against what `show --format
// text` prints of the body, on every fixture and, when it is there, the
// corpus: the same letters and digits in the same order, and the same
// words, once the reference numbers and the Links list are gone (the
// layout, bullets and rules are not letters).
func TestTextMatchesRenderText(t *testing.T) {
	files := map[string][]byte{}
	matches, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	for _, m := range matches {
		data, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		files[m] = append([]byte("---\ntitle: 测试\n---\n"), data...)
	}
	if _, err := os.Stat(corpusDir); err == nil {
		err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
				return err
			}
			data, err := os.ReadFile(path)
			files[path] = data
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	} else {
		t.Logf("no corpus at %s: fixtures only", corpusDir)
	}
	if len(files) < 10 {
		t.Fatalf("only %d files", len(files))
	}
	for path, data := range files {
		a, body := feed.ParseFile(filepath.ToSlash(path), data, feed.Options{})
		doc := Prepare(a, body, Options{Location: shanghai})
		if strings.TrimSpace(doc.Body) == noTextNote {
			continue
		}
		// Wide enough that glamour neither breaks a long word nor cuts
		// the cells of a wide table.
		shown, err := RenderText(doc.Body, 2000)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		shown = refNumber.ReplaceAllString(withoutLinkList(shown), " ")
		text := refNumber.ReplaceAllString(doc.Text(), " ")
		if got, want := titleKey(text), titleKey(shown); got != want {
			i := commonPrefix(got, want)
			t.Errorf("%s: letters differ at %d:\n text %q\n show %q", path, i, excerpt(got, i), excerpt(want, i))
			continue
		}
		if i, j, ok := sameWords(latinWords(text), latinWords(shown)); !ok {
			got, want := latinWords(text), latinWords(shown)
			t.Errorf("%s: words differ: text %q, show %q", path, got[i:min(len(got), i+5)], want[j:min(len(want), j+5)])
		}
	}
}

// latinWords are the words of text in scripts written with spaces, as the
// search index reads them.
func latinWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(width.Fold.String(s)), func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r)) || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
	})
}

// sameWords compares the words of Text with those RenderText shows,
// which are the same but where glamour joins the paragraphs of a list
// item without a space ("keypressesWe"): there one word shown may be
// several of Text's. It returns where they differ.
func sameWords(text, shown []string) (int, int, bool) {
	i, j := 0, 0
	for i < len(text) && j < len(shown) {
		w := text[i]
		k := i + 1
		for w != shown[j] && k < len(text) && strings.HasPrefix(shown[j], w) {
			w += text[k]
			k++
		}
		if w != shown[j] {
			return i, j, false
		}
		i, j = k, j+1
	}
	return i, j, i == len(text) && j == len(shown)
}

func commonPrefix(a, b string) int {
	i := 0
	for i < min(len(a), len(b)) && a[i] == b[i] {
		i++
	}
	return i
}

func excerpt(s string, i int) string {
	r := []rune(s[:i])
	start := len(string(r[:max(0, len(r)-10)]))
	end := min(len(s), i+40)
	return strings.ToValidUTF8(s[start:end], "")
}

// BenchmarkText is the text the search index reads, against RenderText,
// which `show --format text` prints, on the Markdown Prepare made.
func BenchmarkText(b *testing.B) {
	for _, size := range []string{"typical", "large"} {
		doc := Prepare(benchArticle, []byte(benchBodies(b)[size]), Options{Location: shanghai})
		b.Run("Text/"+size, func(b *testing.B) {
			b.SetBytes(int64(len(doc.Body)))
			for b.Loop() {
				doc.Text()
			}
		})
		b.Run("RenderText/"+size, func(b *testing.B) {
			b.SetBytes(int64(len(doc.Body)))
			for b.Loop() {
				if _, err := RenderText(doc.Body, 80); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
