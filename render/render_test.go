package render

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"newsreader/display"
	"newsreader/feed"
	"newsreader/internal/golden"
)

func TestLoadStyle(t *testing.T) {
	for _, name := range []string{"dark", "light", "notty", "ascii"} {
		if _, err := LoadStyle(name); err != nil {
			t.Errorf("LoadStyle(%q): %v", name, err)
		}
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(good, []byte(`{"document":{"margin":1},"h1":{"prefix":"= "}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte(`{"document":`), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := LoadStyle(good)
	if err != nil {
		t.Fatal(err)
	}
	if out, _ := Render("# Title", 40, st); !strings.Contains(out, "= Title") {
		t.Errorf("the JSON style was not used: %q", out)
	}
	for _, name := range []string{"auto", filepath.Join(dir, "missing.json"), bad} {
		if _, err := LoadStyle(name); err == nil {
			t.Errorf("LoadStyle(%q) succeeded", name)
		}
	}
}

func TestResolveStyle(t *testing.T) {
	tests := []struct {
		name    string
		noColor bool
		want    string
	}{
		{"dark", false, "dark"},
		{"light", true, "notty"},
		{"auto", true, "notty"},
		{"/some/style.json", true, "/some/style.json"},
	}
	for _, tt := range tests {
		// "auto" without NO_COLOR would query a terminal; the cases above
		// never reach it, so nil files are fine.
		if got := ResolveStyle(tt.name, tt.noColor, nil, nil); got != tt.want {
			t.Errorf("ResolveStyle(%q, %v) = %q, want %q", tt.name, tt.noColor, got, tt.want)
		}
	}
}

// markdownSyntax is what the text format must never print.
var markdownSyntax = regexp.MustCompile("(?m)^#+ |\\*\\*|__|^> |^```|!\\[|\\]\\(|^\\s*[-*+] |~~|`")

func TestRenderTextHasNoMarkdown(t *testing.T) {
	for i, f := range fixtures {
		if f.name == "hostile" {
			continue // its text is Markdown syntax written out on purpose
		}
		doc := prepareFixture(t, i)
		out, err := RenderText(doc.Markdown, 60)
		if err != nil {
			t.Fatal(err)
		}
		if m := markdownSyntax.FindString(out); m != "" {
			t.Errorf("%s: text output holds Markdown syntax %q:\n%s", f.name, m, out)
		}
		if strings.Contains(out, "\x1b") {
			t.Errorf("%s: text output holds an escape sequence", f.name)
		}
		checkWidth(t, out, 60)
	}
}

func TestRenderSanitizes(t *testing.T) {
	dark, err := LoadStyle("dark")
	if err != nil {
		t.Fatal(err)
	}
	// Markdown handed to Render directly, not through Prepare.
	md := "# T\x1b]0;x\x07\n\n[a](javascript:alert(1)) [b](https://ok.example/) `\x1b[2J` \u009b31m\n"
	out, err := Render(md, 40, dark)
	if err != nil {
		t.Fatal(err)
	}
	checkNoControls(t, out)
	for _, link := range regexp.MustCompile("\x1b\\]8;[^;]*;([^\x07]*)\x07").FindAllStringSubmatch(out, -1) {
		if link[1] != "" && link[1] != "https://ok.example/" {
			t.Errorf("hyperlink to %q kept", link[1])
		}
	}
}

func TestRenderConcurrent(t *testing.T) {
	dark, err := LoadStyle("dark")
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{}
	for i := range fixtures {
		doc := prepareFixture(t, i)
		out, err := Render(doc.Markdown, 80, dark)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = out
	}
	var wg sync.WaitGroup
	for range 4 {
		for i := range fixtures {
			wg.Go(func() {
				doc := prepareFixture(t, i)
				if out, err := Render(doc.Markdown, 80, dark); err != nil || out != want[i] {
					t.Errorf("%s: concurrent render differs (%v)", fixtures[i].name, err)
				}
			})
		}
	}
	wg.Wait()
}

func FuzzClean(f *testing.F) {
	for _, fx := range fixtures {
		body, err := os.ReadFile(filepath.Join("testdata", fx.name+".html"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(body), fx.title)
	}
	f.Add("<table><tr><td rowspan=99999>x<td colspan=0>", "t")
	f.Add("<p>**a**</p><pre>```</pre><a href='//'>x</a><img src='data:,'>", "#")
	f.Add("<svg><style>&#123;</style></svg><math><mi>x</mi></math>", "")
	f.Add(strings.Repeat("<div><b>", 300)+"x", "deep")
	dark, err := LoadStyle("dark")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body, title string) {
		a := &feed.Article{Title: title, Categories: []string{"金融", "新浪财经"}, Author: title}
		doc := Prepare(a, []byte(body), Options{Location: shanghai})
		if strings.ContainsFunc(doc.Markdown, display.Unsafe) {
			t.Fatalf("Markdown holds a control character: %q", doc.Markdown)
		}
		out, err := Render(doc.Markdown, 40, dark)
		if err != nil {
			t.Fatal(err)
		}
		checkNoControls(t, out)
		checkWidth(t, out, 40)
	})
}

// TestRenderLongDocument checks that cutting a long document into pieces
// rendered in parallel gives the text of one whole render.
func TestRenderLongDocument(t *testing.T) {
	var b strings.Builder
	for b.Len() < 3*chunkSize {
		for i := range fixtures {
			b.WriteString(prepareFixture(t, i).Markdown + "\n")
		}
	}
	md := display.Clean(b.String())
	chunks := splitMarkdown(md, chunkSize)
	if len(chunks) < 2 || strings.Join(chunks, "") != md {
		t.Fatalf("split into %d pieces that do not join back", len(chunks))
	}
	dark, err := LoadStyle("dark")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Render(md, 80, dark)
	if err != nil {
		t.Fatal(err)
	}
	defer func(size int) { chunkSize = size }(chunkSize)
	chunkSize = len(md) * 2
	want, err := Render(md, 80, dark)
	if err != nil {
		t.Fatal(err)
	}
	blankLines := regexp.MustCompile(`(?m)^ +$`)
	norm := func(s string) string { return blankLines.ReplaceAllString(ansi.Strip(s), "") }
	if norm(got) != norm(want) {
		t.Errorf("the pieces render differently from the whole:\n%s", golden.Diff("whole", "pieces", norm(want), norm(got)))
	}
}

// TestHTMLIsClean checks the HTML format: structure only, no scripts,
// styles, event handlers or unsafe URLs, whatever the fixture held.
func TestHTMLIsClean(t *testing.T) {
	unsafe := regexp.MustCompile(`(?i)<script|<style|<iframe|\son\w+=|\sstyle=|javascript:|vbscript:|data:|file:|\x1b`)
	for i, f := range fixtures {
		doc := prepareFixture(t, i)
		if m := unsafe.FindString(doc.HTML); m != "" {
			t.Errorf("%s: HTML holds %q:\n%s", f.name, m, doc.HTML)
		}
	}
}

// TestDeepNesting: the HTML parser refuses more than 512 open elements;
// the text must survive anyway.
func TestDeepNesting(t *testing.T) {
	body := "<p>before</p><script>hidden()</script>" + strings.Repeat("<div><span>", 600) + "deep text" + strings.Repeat("</span></div>", 600)
	md := Prepare(nil, []byte(body), Options{}).Markdown
	if !strings.Contains(md, "before") || !strings.Contains(md, "deep text") || strings.Contains(md, "hidden") {
		t.Errorf("deeply nested body lost its text or kept its script:\n%s", md)
	}
}

// TestTextCannotForgeLinks: the converter sees placeholders instead of
// URLs; text that imitates one must stay text and leave the real links
// alone (it used to crash Prepare, or swap the text for a link's URL).
func TestTextCannotForgeLinks(t *testing.T) {
	body := `<p>](nrurl:0 ](nrurl:99 ](&#1;0 ](&#1;7 end</p><p><a href="https://example.com/real">real</a></p>`
	md := Prepare(nil, []byte(body), Options{}).Body
	if !strings.Contains(md, "[real](https://example.com/real)") || strings.Count(md, "example.com") != 1 {
		t.Errorf("the real link changed:\n%s", md)
	}
	if !strings.Contains(md, "nrurl:99") || !strings.Contains(md, "end") || strings.Contains(md, "\x01") {
		t.Errorf("the text changed:\n%q", md)
	}
}

// TestImagesKeepTheirBlock: an image becomes a line of its own inside its
// quote, and stays inline in a table cell, where a line break would tear
// the row apart; its URL goes to the list of links.
func TestImagesKeepTheirBlock(t *testing.T) {
	st, err := LoadStyle("notty")
	if err != nil {
		t.Fatal(err)
	}
	render := func(body string) []string {
		out, err := Render(Prepare(nil, []byte(body), Options{}).Body, 60, st)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Split(ansi.Strip(out), "\n")
	}
	find := func(lines []string, s string) string {
		for _, l := range lines {
			if strings.Contains(l, s) {
				return l
			}
		}
		t.Errorf("no line holds %q:\n%s", s, strings.Join(lines, "\n"))
		return ""
	}

	table := render(`<table><tr><th>名称</th><th>图</th></tr><tr><td>甲</td><td><img src="http://x/a.png" alt="甲图"></td></tr><tr><td>乙</td><td>无</td></tr></table>`)
	if row := find(table, "甲图[1]"); !strings.Contains(row, "甲 ") || !strings.Contains(row, "|") {
		t.Errorf("the image left its table row: %q", row)
	}
	if row := find(table, "乙"); !strings.Contains(row, "无") {
		t.Errorf("the next row broke: %q", row)
	}
	if l := find(table, "http://x/a.png"); strings.TrimSpace(l) != "[1] http://x/a.png" {
		t.Errorf("the image's URL is not in the list: %q", l)
	}

	quote := render(`<blockquote><p><img src="http://x/b.png" alt="引图"> 引用结束</p></blockquote><p>after</p>`)
	for _, s := range []string{"🖼 引图[1]", "引用结束"} {
		if l := find(quote, s); !strings.HasPrefix(strings.TrimSpace(l), "|") {
			t.Errorf("%q left the quote: %q", s, l)
		}
	}
}

// TestDeepQuotesAndLists: glamour's time grows exponentially with quote
// depth; both entry points must bound it.
func TestDeepQuotesAndLists(t *testing.T) {
	dark, err := LoadStyle("dark")
	if err != nil {
		t.Fatal(err)
	}
	bodies := []string{
		strings.Repeat("<blockquote>", 300) + "quoted",
		strings.Repeat("<ul><li>item ", 200) + "listed",
	}
	for _, body := range bodies {
		md := Prepare(nil, []byte(body), Options{}).Markdown
		if depth := strings.Count(md, ">"); depth > maxQuoteDepth {
			t.Errorf("quotes %d deep in %.80q", depth, md)
		}
		if _, err := Render(md, 40, dark); err != nil {
			t.Fatal(err)
		}
	}
	out, err := Render(strings.Repeat("> ", 300)+"quoted\n", 40, dark)
	if err != nil || !strings.Contains(out, "quoted") {
		t.Errorf("deep Markdown quote: %v, %q", err, ansi.Strip(out))
	}
}

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Second & last", "Second & last"},
		{"C# and F#", "C# and F#"},
		{"Title #", `Title \#`},
		{"# hash", `\# hash`},
		{"- dash", `\- dash`},
		{"1. one", `1\. one`},
		{"3.5 版发布", "3.5 版发布"},
		{"a*b_c`d[e]<f>", "a\\*b_c\\`d\\[e]\\<f>"},
		{"_a_ 中_文", `\_a\_ 中_文`},
		{"a < b > c", "a < b > c"},
		{"满100~200元减10~20元", `满100\~200元减10\~20元`},
		{"&amp; is an entity", `\&amp; is an entity`},
		{"> q", `\> q`},
		{"===", `\===`},
		{"x | y !", "x | y !"},
	}
	for _, tt := range tests {
		if got := escapeMarkdown(tt.in); got != tt.want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
		// The escaped text must read as the original once rendered, as a
		// paragraph and as a heading.
		if out, _ := RenderText(escapeMarkdown(tt.in), 80); strings.TrimSpace(out) != tt.in {
			t.Errorf("%q renders as %q", tt.in, strings.TrimSpace(out))
		}
		if out, _ := RenderText("# "+escapeInline(tt.in), 80); strings.TrimSpace(out) != strings.TrimSpace(tt.in) {
			t.Errorf("heading %q renders as %q", tt.in, strings.TrimSpace(out))
		}
	}
}
