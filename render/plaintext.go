package render

import (
	"html"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Text returns the article's body as plain text, for the search index:
// the words RenderText shows of the body, in the same order, without its
// layout. It skips glamour, which costs about five times what Prepare
// does, and wraps nothing: each block (paragraph, heading, list item,
// table row, code block) is one line, blocks are separated by a blank
// line, and a line break inside a paragraph is a line break. Reference
// numbers and the Links list are left out, and so is the note of an
// article with no text beyond its title: neither is the article's own
// text, and either would match every article that has one.
//
// Where RenderText puts something between two words (a link's reference
// number, an image's 🖼, a list's bullet, a table's column rule), Text
// puts a space or a blank line, so that no word or run of ideographs is
// joined across it.
func (d *Document) Text() string {
	if strings.TrimSpace(d.Body) == noTextNote {
		return ""
	}
	return markdownText(d.Body)
}

// textParser parses Markdown as glamour does (GFM: tables, strikethrough,
// task lists and bare URLs as links; definition lists), so that the
// blocks and inlines are the ones RenderText shows. goldmark parsers are
// safe for concurrent use.
var textParser = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList)).Parser()

// markdownText is the text of Markdown, as Document.Text describes it.
func markdownText(md string) string {
	src := []byte(md)
	root := textParser.Parse(text.NewReader(src))
	w := &textWriter{src: src}
	w.b.Grow(len(md))
	_ = ast.Walk(root, w.visit) // visit returns no error
	return strings.TrimSpace(w.b.String())
}

// textWriter gathers the text of a Markdown tree.
type textWriter struct {
	src []byte
	b   strings.Builder
	// number is an ordered list item's number, written before its text.
	number string
	// gap asks for a space before the next text.
	gap bool
}

// write writes text, after the number of the list item it starts.
func (w *textWriter) write(t string) {
	if len(t) == 0 {
		return
	}
	if w.gap {
		if s := w.b.String(); s != "" && !strings.HasSuffix(s, " ") && !strings.HasSuffix(s, "\n") {
			w.b.WriteByte(' ')
		}
		w.gap = false
	}
	if w.number != "" {
		w.b.WriteString(w.number)
		w.number = ""
	}
	w.b.WriteString(t)
}

// block ends the current block with a blank line, once.
func (w *textWriter) block() {
	w.gap = false
	s := w.b.String()
	switch {
	case s == "" || strings.HasSuffix(s, "\n\n"):
	case strings.HasSuffix(s, "\n"):
		w.b.WriteByte('\n')
	default:
		w.b.WriteString("\n\n")
	}
}

// space separates two inlines, as a reference number or a table's column
// rule does on the screen: a space before the next text of the block.
func (w *textWriter) space() { w.gap = true }

// lines writes the lines of a code block.
func (w *textWriter) lines(n ast.Node) {
	lines := n.Lines()
	for i := range lines.Len() {
		line := lines.At(i)
		w.write(string(line.Value(w.src)))
	}
}

func (w *textWriter) visit(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		switch n.Kind() {
		case ast.KindLink, ast.KindImage, ast.KindAutoLink:
			if linkDest(n, w.src) {
				w.space()
			}
		case east.KindTableCell:
			w.space()
		default:
			if n.Type() == ast.TypeBlock && n.Kind() != ast.KindDocument {
				w.block()
			}
		}
		return ast.WalkContinue, nil
	}
	switch n := n.(type) {
	case *ast.Text:
		// As RenderText shows it: escapes and entities decoded.
		w.write(html.UnescapeString(string(util.UnescapePunctuations(n.Segment.Value(w.src)))))
		if n.SoftLineBreak() || n.HardLineBreak() {
			w.b.WriteByte('\n')
		}
	case *ast.String:
		w.write(string(n.Value))
	case *ast.CodeSpan:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				w.write(html.UnescapeString(string(t.Segment.Value(w.src))))
			}
		}
		return ast.WalkSkipChildren, nil
	case *ast.AutoLink:
		w.write(string(n.Label(w.src)))
		return ast.WalkSkipChildren, nil
	case *ast.Image:
		// On the screen an image is a line of its own, "🖼 alt[N]".
		w.space()
	case *east.TableCell:
		// Inline text: the space that stands for the column rule follows
		// it, on leaving.
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		w.block()
		w.lines(n)
		return ast.WalkSkipChildren, nil
	case *ast.HTMLBlock, *ast.RawHTML:
		// Prepare writes no HTML into the Markdown (the text's own < is
		// escaped); whatever is there is markup, not text.
		return ast.WalkSkipChildren, nil
	case *ast.ListItem:
		w.block()
		if l, ok := n.Parent().(*ast.List); ok && l.IsOrdered() {
			// The number RenderText shows: the item's place from the start.
			i := l.Start
			for p := n.PreviousSibling(); p != nil; p = p.PreviousSibling() {
				i++
			}
			w.number = strconv.Itoa(i) + ". "
		}
	default:
		if n.Type() == ast.TypeBlock {
			w.block()
		}
	}
	return ast.WalkContinue, nil
}

// linkDest reports whether a link or image has a URL that RenderText
// numbers, so that a reference number follows its text there.
func linkDest(n ast.Node, src []byte) bool {
	var dest string
	switch n := n.(type) {
	case *ast.Link:
		dest = string(n.Destination)
	case *ast.Image:
		dest = string(n.Destination)
	case *ast.AutoLink:
		dest = string(n.URL(src))
	}
	_, ok := SafeURL(dest)
	return ok
}
