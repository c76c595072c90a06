package render

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"newsreader/feed"
)

// osc8 matches an OSC 8 hyperlink that opens, with its URL.
var osc8 = regexp.MustCompile("\x1b\\]8;[^;\x07]*;([^\x07]+)\x07")

const linksBody = `<p>Both support native <a href="https://www.example.com/tag/picture-in-picture">picture-in-picture</a> mode, see <a href="https://www.example.com/tag/picture-in-picture">the tag</a>.</p>` +
	`<p>中文<a href="https://cn.example.com/a">一个很长很长很长很长很长很长很长很长很长很长的链接文字</a>，结束。</p>` +
	`<p><img src="https://img.example.com/a.jpg" alt="港口"> <img src="https://img.example.com/b.jpg"></p>` +
	`<p><a href="javascript:alert(1)">unsafe</a> <a href="#top">top</a> <a href="mailto:ed@example.com">ed@example.com</a></p>` +
	`<iframe src="https://v.example.com/player?id=1"></iframe>`

// TestLinksAreNumbered: links read as "text[N]", images as "🖼 alt[N]",
// the URLs follow under Links, and the numbers are the Document's.
func TestLinksAreNumbered(t *testing.T) {
	doc := Prepare(&feed.Article{Title: "链接"}, []byte(linksBody), Options{})
	want := []Link{
		{Text: "picture-in-picture", URL: "https://www.example.com/tag/picture-in-picture"},
		{Text: "一个很长很长很长很长很长很长很长很长很长很长的链接文字", URL: "https://cn.example.com/a"},
		{Text: "港口", URL: "https://img.example.com/a.jpg", Image: true},
		{URL: "https://img.example.com/b.jpg", Image: true},
		{Text: "ed@example.com", URL: "mailto:ed@example.com"},
		{Text: "video", URL: "https://v.example.com/player?id=1"},
	}
	if !slices.Equal(doc.Links, want) {
		t.Errorf("Links =\n%+v\nwant\n%+v", doc.Links, want)
	}
	if _, list := references(doc.Markdown, decorations{}); !slices.Equal(list, doc.Links) {
		t.Errorf("the header changes the numbering: %+v", list)
	}
	text, err := RenderText(doc.Markdown, 40)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"picture-in-picture[1] mode", "tag[1].", "链接文字[2]，", "🖼 港口[3]", "🖼[4]", "unsafe top ed@example.com[5]", "▶ video[6]"} {
		if !strings.Contains(strings.ReplaceAll(text, "\n", ""), s) {
			t.Errorf("the text lacks %q:\n%s", s, text)
		}
	}
	_, list, _ := strings.Cut(text, "\nLinks\n\n")
	var lines []string
	for i, l := range want {
		lines = append(lines, "["+strconv.Itoa(i+1)+"] "+l.URL)
	}
	if got := strings.TrimSpace(list); got != strings.Join(lines, "\n") {
		t.Errorf("the list of links is\n%s\nwant\n%s", got, strings.Join(lines, "\n"))
	}
	if strings.Contains(text, "javascript") || strings.Contains(text, "#top") {
		t.Errorf("a refused URL shows:\n%s", text)
	}
}

// TestTextStartsAtColumnZero: the text format has no left margin.
func TestTextStartsAtColumnZero(t *testing.T) {
	text, err := RenderText("# Title\n\nA paragraph.\n\n- item\n", 40)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Title\n\nA paragraph.\n\n• item\n"; text != want {
		t.Errorf("RenderText = %q, want %q", text, want)
	}
}

// TestHyperlinks: in the reader's rendering each link text carries an
// OSC 8 hyperlink to its URL, on every line it takes, and so does each URL
// of the list; the ascii style has none, and only ASCII decorations.
func TestHyperlinks(t *testing.T) {
	doc := Prepare(&feed.Article{Title: "链接", Categories: []string{"新闻", "示例"}, Author: "某人"}, []byte(linksBody), Options{})
	dark, err := LoadStyle("dark")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Render(doc.Markdown, 40, dark)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(out, "\n") {
		plain := ansi.Strip(line)
		opens := osc8.FindAllStringSubmatch(line, -1)
		closes := strings.Count(line, "\x1b]8;;\x07")
		if len(opens) != closes {
			t.Errorf("a hyperlink is left open: %q", line)
		}
		if strings.Contains(plain, "链接文字") || strings.Contains(plain, "很长很长") {
			if len(opens) == 0 || opens[0][1] != "https://cn.example.com/a" {
				t.Errorf("a line of the long link's text has no hyperlink to it: %q", line)
			}
		}
		if strings.Contains(plain, "picture-in-picture[1]") && (len(opens) == 0 || opens[0][1] != doc.Links[0].URL) {
			t.Errorf("no hyperlink on the link text: %q", line)
		}
		if m := linkListLine.FindString(plain); m != "" && (len(opens) != 1 || !strings.HasSuffix(m, opens[0][1])) {
			t.Errorf("the listed URL has no hyperlink to it: %q", line)
		}
	}

	asciiStyle, err := LoadStyle("ascii")
	if err != nil {
		t.Fatal(err)
	}
	ascii, err := Render(doc.Markdown, 40, asciiStyle)
	if err != nil {
		t.Fatal(err)
	}
	text, err := RenderTextASCII(doc.Markdown+"\n- item\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n---\n", 40)
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{ascii, text} {
		if strings.Contains(out, "\x1b]8;") {
			t.Errorf("ascii output has a hyperlink:\n%q", out)
		}
		// The article's own text (the Chinese link text) is not a
		// decoration.
		if i := strings.IndexFunc(ansi.Strip(out), func(r rune) bool {
			return r > unicode.MaxASCII && !unicode.Is(unicode.Han, r) && r != '，' && r != '。'
		}); i >= 0 {
			t.Errorf("ascii output has a decoration %q:\n%s", []rune(ansi.Strip(out)[i:])[0], ansi.Strip(out))
		}
	}
	if !strings.Contains(text, "Image: 港口[3]") || !strings.Contains(text, "Video[6]") || !strings.Contains(text, "* item") {
		t.Errorf("ascii text:\n%s", text)
	}
}

// TestHeadingColours: headings keep glamour's heading colour and the
// title its H1 style; the body text has the document's colour.
func TestHeadingColours(t *testing.T) {
	dark, err := LoadStyle("dark")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Render("# 标题\n\n正文一段。\n\n## 小标题\n\n正文二段。\n", 40, dark)
	if err != nil {
		t.Fatal(err)
	}
	colour := func(text string) string {
		for _, line := range strings.Split(out, "\n") {
			if i := strings.Index(line, text); i >= 0 {
				sgr := regexp.MustCompile(`\x1b\[([0-9;]*)m`).FindAllStringSubmatch(line[:i], -1)
				if len(sgr) > 0 {
					return sgr[len(sgr)-1][1]
				}
			}
		}
		return ""
	}
	for _, c := range []struct{ text, want string }{
		{"标题", "38;5;228;48;5;63;1"}, // dark's H1
		{"小标题", "38;5;39;1"},         // dark's headings
		{"正文一段", "38;5;252"},         // dark's document
	} {
		if got := colour(c.text); got != c.want {
			t.Errorf("%q is in SGR %q, want %q", c.text, got, c.want)
		}
	}
}

// TestRenderKeepsCJKRules: every line of every fixture, in every width
// and format, starts with no closing mark and ends with no opening one,
// long headings and titles included.
func TestRenderKeepsCJKRules(t *testing.T) {
	dark, err := LoadStyle("dark")
	if err != nil {
		t.Fatal(err)
	}
	long := "# 标题很长很长很长很长很长很长，很长很长很长很长（很长很长很长）很长。很长很长很长\n\n" +
		"## 小标题也很长很长很长很长很长很长，很长很长很长很长很长很长。很长很长很长很长\n\n" +
		strings.Repeat("正文（括号里的话）很长很长，很长很长。“引号里的话”很长很长！", 6) + "\n"
	docs := []string{long}
	for i := range fixtures {
		docs = append(docs, prepareFixture(t, i).Markdown)
	}
	for _, md := range docs {
		for _, w := range []int{21, 24, 30, 40, 57, 80} {
			out, text := renderBoth(t, md, w, dark)
			for _, s := range []string{ansi.Strip(out), text} {
				for _, b := range badBreaks(s, md) {
					t.Errorf("width %d: %q", w, b)
				}
			}
			checkWidth(t, out, w)
		}
	}
}

// TestNoMarkdownSyntaxShows: escapes, entities, emphasis around links,
// images and punctuation, and tildes come out as text.
func TestNoMarkdownSyntaxShows(t *testing.T) {
	body := `<p>满100~200元减10~20元，a&lt;b&gt;c &amp; d，3.5 a_b</p>` +
		`<p>中国<b><a href="http://a.example/">多名</a></b>网民<b><a href="http://b.example/">遭到</a>警方</b>拘留，<strong><img src="http://i.example/a.png" alt="图"></strong>文<b>「设置」</b>，<em>a <code>x</code></em>b</p>` +
		`<h2>3.5 版 a_b</h2><p>` + strings.Repeat("很长的句子，<b>加粗的部分也很长很长</b>，", 8) + `</p>`
	doc := Prepare(&feed.Article{Title: "满100~200元 3.5 a_b & c"}, []byte(body), Options{})
	if strings.Contains(doc.Markdown, "&lt;") || strings.Contains(doc.Markdown, "&gt;") || strings.Contains(doc.Markdown, `a\_b`) || strings.Contains(doc.Markdown, `3\.5`) {
		t.Errorf("needless escapes or entities in the Markdown:\n%s", doc.Markdown)
	}
	dark, err := LoadStyle("dark")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{24, 40, 80} {
		out, text := renderBoth(t, doc.Markdown, w, dark)
		for _, s := range []string{ansi.Strip(out), text} {
			for _, bad := range []string{"**", "__", `\~`, `\_`, `\.`, "&lt;", "&gt;", "&amp;", "&#"} {
				if strings.Contains(s, bad) {
					t.Errorf("width %d: %q shows:\n%s", w, bad, s)
				}
			}
			if flat := strings.Join(strings.Fields(s), ""); !strings.Contains(flat, "满100~200元减10~20元") || !strings.Contains(flat, "a<b>c&d") {
				t.Errorf("width %d: the text changed:\n%s", w, s)
			}
		}
	}
}
