package render

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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
// pipeline and checks what the issue promises: Markdown for every file, no
// known boilerplate, at least 99% of the real paragraphs kept, and no
// rendered line wider than 60 cells.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("no corpus at %s", corpusDir)
	}
	dark, err := LoadStyle("dark")
	if err != nil {
		t.Fatal(err)
	}
	var files, kept, total int
	err = filepath.WalkDir(corpusDir, func(path string, d fs.DirEntry, err error) error {
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
		paras := collectParagraphs(root)
		doc := prepareTree(a, root, Options{Location: shanghai})

		if !strings.HasPrefix(doc.Markdown, "# ") {
			t.Errorf("%s: Markdown does not start with the title: %.80q", rel, doc.Markdown)
		}
		prose := withoutCode(doc.Markdown)
		for _, s := range boilerplate {
			if i := strings.Index(prose, s); i >= 0 {
				t.Errorf("%s: output contains boilerplate %q: …%s…", rel, s, prose[max(i-80, 0):min(i+80, len(prose))])
			}
		}

		removed := map[*html.Node]bool{}
		for _, act := range doc.Report {
			if act.node != nil {
				removed[act.node] = true
			}
		}
		out := titleKey(proseText(doc.Markdown))
		for _, p := range paras {
			key := titleKey(p.realText(removed))
			if key == "" {
				continue
			}
			total++
			if strings.Contains(out, key) {
				kept++
			} else {
				t.Logf("%s: paragraph lost: %.60q", rel, p.realText(removed))
			}
		}

		if wrapped := WrapMarkdown(doc.Markdown, 80); squashText(wrapped) != squashText(doc.Markdown) {
			t.Errorf("%s: WrapMarkdown changed the text", rel)
		}

		out60, err := Render(doc.Markdown, 60, dark)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
		}
		text60, err := RenderText(doc.Markdown, 60)
		if err != nil {
			t.Errorf("%s: %v", rel, err)
		}
		for _, s := range []string{out60, text60} {
			for _, line := range strings.Split(s, "\n") {
				if w := ansi.StringWidth(line); w > 60 {
					t.Errorf("%s: rendered line of %d cells: %q", rel, w, ansi.Strip(line))
				}
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
	ratio := float64(kept) / float64(total)
	t.Logf("%d files; real paragraphs kept: %d of %d (%.2f%%)", files, kept, total, 100*ratio)
	if ratio < 0.99 {
		t.Errorf("kept %.2f%% of real paragraphs, want at least 99%%", 100*ratio)
	}
}
