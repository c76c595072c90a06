package render

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"newsreader/feed"
)

// corpusDir is the shared sample of the real archive, beside the project.
const corpusDir = "../../shared/corpus"

// boilerplate must not survive cleaning in any article: each string is a
// piece of site furniture that one of the rules exists to remove.
var boilerplate = []string{
	"责任编辑", "海量资讯", "appendQr", "app-kaihu-qr", "&#123;", "&#125;", "<!--", "<style",
	"<script", "adsbygoogle", "授权发布于人人都是产品经理", "基于CC0协议", "查看知乎讨论",
	"扫码分享", "本文来自微信公众号", "GoToLink?url=", "link.zhihu.com/?target=",
	"cors.zfour.workers.dev", "data:image",
}

// withoutCode drops fenced code blocks and code spans: an article that
// teaches CSS may show "<style>" in its examples, and that is content.
func withoutCode(md string) string {
	return codeSpan.ReplaceAllString(codeFence.ReplaceAllString(md, ""), "")
}

var (
	codeFence = regexp.MustCompile("(?ms)^```.*?^```$")
	codeSpan  = regexp.MustCompile("`[^`\n]*`")
	// linkDestination is the "(url)" part of a Markdown link or image; it
	// is not paragraph text, and its letters would split the text around
	// the link when paragraphs are compared by their letters.
	image           = regexp.MustCompile(`!\[[^\]]*\]\([^)\s]*\)`)
	linkDestination = regexp.MustCompile(`\]\([^)\s]*(?:\s+"[^"]*")?\)`)
)

// proseText reduces Markdown to the text a reader sees, for comparison
// with paragraphs by their letters: images go (their alt is not paragraph
// text), link destinations go, entities the converter wrote ("&gt;") are
// decoded.
func proseText(md string) string {
	md = image.ReplaceAllString(md, "")
	md = linkDestination.ReplaceAllString(md, "]")
	return html.UnescapeString(md)
}

// paragraph is a <p> of the body as parsed, before cleaning.
type paragraph struct {
	node  *html.Node
	texts []*html.Node // its text nodes
	text  []string     // their content before cleaning
}

func collectParagraphs(root *html.Node) []paragraph {
	var out []paragraph
	for n := range root.Descendants() {
		if n.Type != html.ElementNode || n.DataAtom != atom.P {
			continue
		}
		p := paragraph{node: n}
		for d := range n.Descendants() {
			if d.Type == html.TextNode {
				p.texts = append(p.texts, d)
				p.text = append(p.text, d.Data)
			}
		}
		out = append(out, p)
	}
	return out
}

// removedBy reports whether walking up from n meets a node that a rule
// removed before reaching stop (or the top of a detached subtree).
func removedBy(n, stop *html.Node, removed map[*html.Node]bool) bool {
	for cur := n; cur != nil && cur != stop; cur = cur.Parent {
		if removed[cur] {
			return true
		}
	}
	return false
}

// realText is the text of p that no rule removed: the whole paragraph if
// neither it nor an ancestor was removed by a rule, minus the parts inside
// it that a rule removed. An empty result means p was boilerplate (or had
// no text).
func (p paragraph) realText(removed map[*html.Node]bool) string {
	if removedBy(p.node, nil, removed) {
		return ""
	}
	var b strings.Builder
	for i, t := range p.texts {
		if !removedBy(t, p.node, removed) {
			b.WriteString(p.text[i])
		}
	}
	return b.String()
}

// TestCorpus runs every file of the shared corpus through the whole
// pipeline and checks what the issues promise: Markdown for every file, no
// known boilerplate, at least 99% of the real paragraphs kept in the
// Markdown and in the text format (reference numbers taken out), no
// rendered line wider than 60 cells but the URLs of the list of links, no
// line break inside an East Asian run in the Markdown, no Markdown syntax
// or entity in text or ansi output, and lines broken by the CJK rules.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("no corpus at %s", corpusDir)
	}
	dark, err := LoadStyle("dark")
	if err != nil {
		t.Fatal(err)
	}
	var kept, keptText, total int
	files, err := eachCorpusFile(func(rel string, a *feed.Article, root *html.Node, paras []paragraph) error {
		doc := prepareTree(a, root, Options{Location: shanghai})

		if !strings.HasPrefix(doc.Markdown, "# ") {
			t.Errorf("%s: Markdown does not start with the title: %.80q", rel, doc.Markdown)
		}
		prose := withoutCode(doc.Markdown)
		for _, s := range boilerplate {
			if i := strings.Index(prose, s); i >= 0 {
				t.Errorf("%s: output contains boilerplate %q: %s", rel, s, excerptAround(prose, i, len(s), 40))
			}
		}

		out60, err := Render(doc.Markdown, 60, dark)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
		}
		text60, err := RenderText(doc.Markdown, 60)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
		}

		inText := titleKey(refNumber.ReplaceAllString(text60, ""))
		inMarkdown := titleKey(refNumber.ReplaceAllString(proseText(doc.Markdown), ""))
		for _, key := range realParagraphs(doc, paras) {
			total++
			if strings.Contains(inMarkdown, key) {
				kept++
			} else {
				t.Logf("%s: paragraph lost: %.60q", rel, key)
			}
			if strings.Contains(inText, key) {
				keptText++
			} else {
				t.Logf("%s: paragraph lost in the text format: %.60q", rel, key)
			}
		}

		wrapped := WrapMarkdown(doc.Markdown, 80)
		if squashText(wrapped) != squashText(doc.Markdown) {
			t.Errorf("%s: WrapMarkdown changed the text", rel)
		}
		for _, md := range []string{doc.Markdown, wrapped} {
			for _, b := range eastAsianBreaks(md) {
				t.Errorf("%s: line break inside an East Asian run in the Markdown: %q", rel, b)
			}
		}
		for _, e := range entity.FindAllString(withoutCode(doc.Markdown), -1) {
			t.Errorf("%s: entity %s in the Markdown", rel, e)
		}

		proseOnly, err := RenderText(prose, 60)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
		}
		ansiProse, err := Render(prose, 60, dark)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
		}
		for _, out := range []string{proseOnly, ansi.Strip(ansiProse)} {
			for _, s := range straySyntax(withoutLinkList(out), prose) {
				t.Errorf("%s: Markdown syntax in the rendered text: %s", rel, s)
			}
		}
		for _, s := range []string{out60, text60} {
			for _, line := range tooWide(s, 60) {
				t.Errorf("%s: rendered line of %d cells: %q", rel, ansi.StringWidth(line), ansi.Strip(line))
			}
			for _, b := range badBreaks(ansi.Strip(s), doc.Markdown) {
				t.Errorf("%s: line broken against the CJK rules: %q", rel, b)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total == 0 {
		t.Fatal("no paragraphs in the corpus")
	}
	for _, c := range []struct {
		what string
		kept int
	}{{"Markdown", kept}, {"text format", keptText}} {
		ratio := float64(c.kept) / float64(total)
		t.Logf("%d files; real paragraphs kept in the %s: %d of %d (%.2f%%)", files, c.what, c.kept, total, 100*ratio)
		if ratio < 0.99 {
			t.Errorf("kept %.2f%% of real paragraphs in the %s, want at least 99%%", 100*ratio, c.what)
		}
	}
}

// eachCorpusFile parses every article of the corpus and hands fn its
// path, its body's tree and the paragraphs of the body as parsed, before
// any cleaning; it returns how many files there were.
func eachCorpusFile(fn func(rel string, a *feed.Article, root *html.Node, paras []paragraph) error) (int, error) {
	files := 0
	err := filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		rel, _ := filepath.Rel(corpusDir, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		a, body := feed.ParseFile(filepath.ToSlash(rel), data, feed.Options{})
		root := parseBody(string(body))
		return fn(rel, a, root, collectParagraphs(root))
	})
	return files, err
}

// realParagraphs returns the keys (titleKey) of the paragraphs that no
// rule reported removing, less the phrases rules cut from them: the text
// that must be in the output.
func realParagraphs(doc *Document, paras []paragraph) []string {
	removed := map[*html.Node]bool{}
	var cuts []string
	for _, act := range doc.Report {
		for _, n := range act.nodes {
			removed[n] = true
		}
		if act.cut != "" {
			cuts = append(cuts, titleKey(act.cut))
		}
	}
	var keys []string
	for _, p := range paras {
		// Text such as "nums[1]" would lose its digits with the
		// reference numbers.
		key := titleKey(refNumber.ReplaceAllString(p.realText(removed), ""))
		for _, cut := range cuts {
			key = strings.Replace(key, cut, "", 1)
		}
		if key != "" {
			keys = append(keys, key)
		}
	}
	return keys
}

// TestCorpusGenericOnly renders the corpus with the site rules switched
// off, as newsreader meets a source it has no rules for: the generic
// layer alone must keep every real paragraph, in the text format too.
func TestCorpusGenericOnly(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("no corpus at %s", corpusDir)
	}
	generic := &Rules{version: "generic"}
	for _, r := range defaultRules().rules {
		if len(r.categories)+len(r.authors)+len(r.hosts) == 0 {
			generic.rules = append(generic.rules, r)
		}
	}
	if len(generic.rules) == len(defaultRules().rules) {
		t.Fatal("no site rule to switch off")
	}
	var total int
	files, err := eachCorpusFile(func(rel string, a *feed.Article, root *html.Node, paras []paragraph) error {
		doc := prepareTree(a, root, Options{Location: shanghai, Rules: generic})
		text, err := RenderText(doc.Markdown, 60)
		if err != nil {
			return fmt.Errorf("%s: %w", rel, err)
		}
		inText := titleKey(refNumber.ReplaceAllString(text, ""))
		for _, key := range realParagraphs(doc, paras) {
			total++
			if !strings.Contains(inText, key) {
				t.Errorf("%s: paragraph lost with the site rules off: %.60q", rel, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if total == 0 {
		t.Fatal("no paragraphs in the corpus")
	}
	t.Logf("%d files, %d real paragraphs, with the site rules off", files, total)
}

// refNumber is a link's reference number in rendered text.
var refNumber = regexp.MustCompile(`\[\d+\]`)

// bareURL is a URL in rendered text.
var bareURL = regexp.MustCompile(`(?:https?|mailto):\S+`)

// entity is an HTML character reference.
var entity = regexp.MustCompile(`&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)

// excerptAround cuts about context characters either side of s[i:i+n],
// at rune boundaries.
func excerptAround(s string, i, n, context int) string {
	before := []rune(s[:i])
	after := []rune(s[i+n:])
	before = before[max(len(before)-context, 0):]
	after = after[:min(context, len(after))]
	return "…" + string(before) + s[i:i+n] + string(after) + "…"
}

// eastAsianBreaks finds soft line breaks between two East Asian
// characters in Markdown, which every Markdown renderer turns into a
// space. Code, hard breaks and breaks between blocks do not count.
func eastAsianBreaks(md string) []string {
	var found []string
	lines := strings.Split(md, "\n")
	inFence := false
	for i := 0; i+1 < len(lines); i++ {
		if isFence(lines[i]) {
			inFence = !inFence
		}
		a, b := lines[i], lines[i+1]
		if inFence || isFence(b) || strings.HasSuffix(a, "  ") || strings.HasSuffix(a, "\\") {
			continue
		}
		_, rest, _ := linePrefix(b)
		text := strings.TrimPrefix(b, rest)
		if startsTopBlock(text) && text != b {
			continue // a new block at a deeper level
		}
		last, _ := utf8.DecodeLastRuneInString(a)
		first, _ := utf8.DecodeRuneInString(text)
		if eastAsian(last) && eastAsian(first) && !blockStarter.MatchString(firstWord(text)) {
			found = append(found, a+"⏎"+b)
		}
	}
	return found
}

// straySyntax finds Markdown syntax in rendered text that the Markdown
// does not have as literal text (escaped): "**", "__", escapes and
// entities. md is the Markdown without code, as rendered.
func straySyntax(out, md string) []string {
	out = bareURL.ReplaceAllString(out, "") // "jack__studio__" is a URL's
	var found []string
	for _, c := range []struct{ shown, literal string }{
		{"**", `\*\*`}, {"__", `\_\_`}, {`\~`, `\\\~`}, {`\_`, `\\\_`}, {`\.`, `\\\.`},
		{"&gt;", `\&gt;`}, {"&lt;", `\&lt;`}, {"&amp;", `\&amp;`},
	} {
		if n, lit := strings.Count(out, c.shown), strings.Count(md, c.literal); n > lit {
			i := strings.Index(out, c.shown)
			found = append(found, fmt.Sprintf("%d × %q, %d in the text: %s", n, c.shown, lit, excerptAround(out, i, len(c.shown), 30)))
		}
	}
	return found
}

// badBreaks finds lines that start with a closing mark or end with an
// opening one, but for the line breaks the Markdown has (a <br> before
// "……") and table rows, whose cells glamour breaks on its own.
func badBreaks(out, md string) []string {
	var found []string
	lines := strings.Split(out, "\n")
	text := func(line string) string { return strings.TrimSpace(strings.TrimLeft(line, " │|>")) }
	for i, line := range lines {
		t := text(line)
		if t == "" || strings.Count(line, "│") >= 2 || strings.Contains(line, "┼") {
			continue
		}
		first, _ := utf8.DecodeRuneInString(t)
		last, _ := utf8.DecodeLastRuneInString(t)
		if i > 0 && text(lines[i-1]) != "" && strings.ContainsRune(wideNoLineStart, first) && !startsMarkdownLine(md, t) {
			found = append(found, lines[i-1]+"⏎"+line)
		}
		if i+1 < len(lines) && text(lines[i+1]) != "" && strings.ContainsRune(wideNoLineEnd, last) && !startsMarkdownLine(md, text(lines[i+1])) {
			found = append(found, line+"⏎"+lines[i+1])
		}
	}
	return found
}

// startsMarkdownLine reports whether text begins a line of the Markdown.
func startsMarkdownLine(md, text string) bool {
	r := []rune(text)
	start := string(r[:min(len(r), 8)])
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(strings.TrimLeft(line, " >"), start) {
			return true
		}
	}
	return false
}

// withoutLinkList drops the list of links that ends rendered text.
func withoutLinkList(out string) string {
	lines := strings.Split(out, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if t := strings.TrimSpace(lines[i]); t == "Links" || t == "## Links" {
			return strings.Join(lines[:i], "\n")
		}
	}
	return out
}
