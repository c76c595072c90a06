package render

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A line is what a reader sees as one line of an article before it is
// wrapped: the text and images of a block between its block boundaries and
// <br>s. The furniture layer judges lines by their shape and position, and
// removes a line by removing its leaves (text, images, the <br> that ends
// it); removeEmpty then drops the elements left empty.
type line struct {
	kind   lineKind
	leaves []*html.Node // text nodes, images and <br>, in order
	node   *html.Node   // a rule, table or code block: the element itself
	block  *html.Node   // the innermost block element holding the line
	text   string       // the text, white space collapsed
	runes  int          // runes of text
	// linkRunes counts the runes of text inside links; links are the
	// distinct links the line's text and images are in.
	linkRunes int
	links     []*html.Node
	images    []*html.Node
	// bold says that all the text is inside <strong> or <b>, inList that
	// the line is in a list item.
	bold    bool
	inList  bool
	removed bool
	// dialogue says the line is a turn of an interview ("记者：…" in an
	// article where the reporter asks questions), not a credit.
	dialogue bool
	// cut is the text a furniture rule removed from beside the line's
	// images, which stay.
	cut string
}

type lineKind int

const (
	textLine   lineKind = iota // text, perhaps with images
	mediaLine                  // images only
	hrLine                     // <hr>
	opaqueLine                 // a table or code block, which the layer leaves alone
)

// splitLines cuts the body into lines, in document order.
func splitLines(body *html.Node) []*line {
	var b lineBuilder
	b.walk(body, body)
	b.end()
	return b.lines
}

type lineBuilder struct {
	lines []*line
	cur   []*html.Node
}

func (b *lineBuilder) walk(n, block *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode || c.DataAtom == atom.Img:
			b.cur = append(b.cur, c)
		case c.DataAtom == atom.Br:
			b.cur = append(b.cur, c)
			b.end()
		case c.DataAtom == atom.Hr:
			b.end()
			b.lines = append(b.lines, &line{kind: hrLine, node: c, block: block})
		case c.DataAtom == atom.Table || c.DataAtom == atom.Pre:
			b.end()
			b.lines = append(b.lines, &line{kind: opaqueLine, node: c, block: block, text: collapse(textOf(c))})
		case c.Type == html.ElementNode && isBlock(c):
			b.end()
			b.walk(c, c)
			b.end()
		case c.Type == html.ElementNode:
			b.walk(c, block)
		}
	}
}

// end finishes the line being built, if it shows anything.
func (b *lineBuilder) end() {
	leaves := b.cur
	b.cur = nil
	l := &line{leaves: leaves}
	var text strings.Builder
	bold := true
	seen := map[*html.Node]bool{}
	for _, n := range leaves {
		if l.block == nil && n.Parent != nil {
			l.block = blockOf(n)
		}
		a := ancestor(n, atom.A)
		if a == nil {
			a = linkAround(l.block) // a card: <a><img><p>title</p></a>
		}
		if a != nil && !seen[a] {
			seen[a] = true
			l.links = append(l.links, a)
		}
		switch {
		case n.DataAtom == atom.Img:
			l.images = append(l.images, n)
		case n.Type == html.TextNode:
			t := n.Data
			text.WriteString(t)
			if strings.TrimSpace(t) == "" {
				continue
			}
			if a != nil {
				l.linkRunes += visibleRunes(t)
			}
			if ancestor(n, atom.Strong) == nil && ancestor(n, atom.B) == nil {
				bold = false
			}
		}
	}
	l.text = collapse(text.String())
	l.runes = utf8.RuneCountInString(l.text)
	l.inList = inListItem(l.block)
	switch {
	case l.text != "":
		l.kind = textLine
		l.bold = bold
	case len(l.images) > 0:
		l.kind = mediaLine
	default:
		return // white space and line breaks only
	}
	b.lines = append(b.lines, l)
}

// collapse joins the words of s with single spaces.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// blockOf is the innermost block element holding n.
func blockOf(n *html.Node) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if isBlock(p) {
			return p
		}
	}
	return nil
}

// ancestor returns the nearest ancestor of n (or n) of the given kind
// within n's block, or nil.
func ancestor(n *html.Node, a atom.Atom) *html.Node {
	for p := n; p != nil && !isBlock(p); p = p.Parent {
		if p.DataAtom == a {
			return p
		}
	}
	return nil
}

// linkAround returns the link that holds the block n, or nil.
func linkAround(n *html.Node) *html.Node {
	for p := n; p != nil; p = p.Parent {
		if p.DataAtom == atom.A {
			return p
		}
	}
	return nil
}

// remove takes the line out of the tree.
func (l *line) remove() {
	l.removed = true
	if l.node != nil {
		remove(l.node)
		return
	}
	for _, n := range l.leaves {
		remove(n)
	}
}

// nodes are what the line's removal removed, for the explain report's
// bookkeeping.
func (l *line) nodes() []*html.Node {
	switch {
	case l.node != nil:
		return []*html.Node{l.node}
	case l.block != nil && collapse(textOf(l.block)) == l.text:
		return append([]*html.Node{l.block}, l.leaves...)
	}
	return l.leaves
}

// inListItem reports whether n is inside a list item.
func inListItem(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p.DataAtom == atom.Li {
			return true
		}
	}
	return false
}

// linkHeavy reports whether the line is mostly the text of links.
func (l *line) linkHeavy() bool {
	return l.kind == textLine && len(l.links) > 0 && l.linkRunes*10 >= 7*visibleRunes(l.text)
}

// cutEnd removes the text s from the end of the line, across its leaves,
// counting only what is not white space (the line's text has its white
// space collapsed); it returns the leaves it emptied.
func (l *line) cutEnd(s string) []*html.Node {
	n := visibleRunes(s)
	var gone []*html.Node
	for i := len(l.leaves) - 1; i >= 0 && n > 0; i-- {
		leaf := l.leaves[i]
		if leaf.Type != html.TextNode {
			continue
		}
		r := []rune(leaf.Data)
		end := len(r)
		for end > 0 && n > 0 {
			end--
			if !unicode.IsSpace(r[end]) {
				n--
			}
		}
		leaf.Data = strings.TrimRightFunc(string(r[:end]), unicode.IsSpace)
		if strings.TrimSpace(leaf.Data) == "" {
			gone = append(gone, leaf)
		}
	}
	l.text = collapse(l.textOfLeaves())
	return gone
}

// cutStart removes the text s from the start of the line.
func (l *line) cutStart(s string) []*html.Node {
	n := visibleRunes(s)
	var gone []*html.Node
	for _, leaf := range l.leaves {
		if n <= 0 {
			break
		}
		if leaf.Type != html.TextNode {
			continue
		}
		r := []rune(leaf.Data)
		start := 0
		for start < len(r) && n > 0 {
			if !unicode.IsSpace(r[start]) {
				n--
			}
			start++
		}
		leaf.Data = strings.TrimLeftFunc(string(r[start:]), unicode.IsSpace)
		if strings.TrimSpace(leaf.Data) == "" {
			gone = append(gone, leaf)
		}
	}
	l.text = collapse(l.textOfLeaves())
	return gone
}

// visibleRunes counts the runes of s that are not white space.
func visibleRunes(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// in reports whether the line is inside box.
func (l *line) in(box *html.Node) bool {
	return l.block != nil && (l.block == box || contains(box, l.block))
}

// contains reports whether n is a descendant of box.
func contains(box, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == box {
			return true
		}
	}
	return false
}

// imageFirst reports whether the line has an image before its text: the
// text is that image's caption.
func (l *line) imageFirst() bool {
	for _, n := range l.leaves {
		switch {
		case n.DataAtom == atom.Img:
			return true
		case n.Type == html.TextNode && strings.TrimSpace(n.Data) != "":
			return false
		}
	}
	return false
}

// textLeaves are the line's text nodes.
func (l *line) textLeaves() []*html.Node {
	var out []*html.Node
	for _, n := range l.leaves {
		if n.Type == html.TextNode {
			out = append(out, n)
		}
	}
	return out
}

func (l *line) textOfLeaves() string {
	var b strings.Builder
	for _, n := range l.leaves {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
	}
	return b.String()
}
