package render

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// attached reports whether n is still in the tree under root.
func attached(n, root *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p == root {
			return true
		}
	}
	return false
}

// startsLine reports whether text node n is the first thing on its line:
// the first text in a block element or the first after a <br>.
func startsLine(n *html.Node) bool {
	for cur := n; cur != nil; cur = cur.Parent {
		for s := cur.PrevSibling; s != nil; s = s.PrevSibling {
			if s.DataAtom == atom.Br || isBlock(s) {
				return true
			}
			if strings.TrimSpace(textOf(s)) != "" || hasMedia(s) {
				return false
			}
		}
		if isBlock(cur.Parent) {
			return true
		}
	}
	return true
}

// isLine reports whether text node n makes a whole line of a block on its
// own, between <br>s; only then may a text pattern drop it.
func isLine(n *html.Node) bool {
	lineEnd := func(s *html.Node) bool { return s == nil || s.DataAtom == atom.Br || isBlock(s) }
	return lineEnd(n.PrevSibling) && lineEnd(n.NextSibling) && isBlock(n.Parent)
}

func inPre(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Pre || p.DataAtom == atom.Code {
			return true
		}
	}
	return false
}

// mergeText joins adjacent text nodes left by unwrapping, so that a
// paragraph's text rules see "来源：X" even when it was split by spans.
func mergeText(body *html.Node) {
	for n := range body.Descendants() {
		for n.Type == html.TextNode && n.NextSibling != nil && n.NextSibling.Type == html.TextNode {
			n.Data += n.NextSibling.Data
			n.Parent.RemoveChild(n.NextSibling)
		}
	}
}

func hasMedia(n *html.Node) bool {
	if contentElements[n.DataAtom] {
		return true
	}
	for d := range n.Descendants() {
		if contentElements[d.DataAtom] {
			return true
		}
	}
	return false
}

// blockElements start a new line when shown.
var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Blockquote: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Pre: true, atom.Table: true, atom.Tr: true,
	atom.Td: true, atom.Th: true, atom.Figure: true, atom.Figcaption: true, atom.Body: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Nav: true, atom.Main: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Hr: true, atom.Center: true,
}

func isBlock(n *html.Node) bool {
	if n == nil {
		return false
	}
	return n.Type == html.DocumentNode || (n.Type == html.ElementNode && blockElements[n.DataAtom])
}

func hasBlockChild(n *html.Node) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if isBlock(ch) {
			return true
		}
	}
	return false
}

// elements lists root's descendants of kind a, gathered before the
// caller changes the tree, which a walk in progress would not survive.
func elements(root *html.Node, a atom.Atom) []*html.Node {
	var out []*html.Node
	for n := range root.Descendants() {
		if n.DataAtom == a {
			out = append(out, n)
		}
	}
	return out
}

func remove(n *html.Node) {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
}

// unwrap replaces n with its children.
func unwrap(n *html.Node) {
	if n.Parent == nil {
		return
	}
	for ch := n.FirstChild; ch != nil; {
		next := ch.NextSibling
		n.RemoveChild(ch)
		n.Parent.InsertBefore(ch, n)
		ch = next
	}
	n.Parent.RemoveChild(n)
}

// textOf returns the text under n, with images counting as nothing.
func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

func excerptOf(n *html.Node) string {
	if t := strings.Join(strings.Fields(textOf(n)), " "); t != "" {
		return t
	}
	if src := attr(n, "src"); src != "" {
		return src
	}
	for d := range n.Descendants() {
		if src := attr(d, "src"); src != "" {
			return src
		}
	}
	return "<" + n.Data + ">"
}

// shorten keeps excerpts to one short line.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	const limit = 60
	if r := []rune(s); len(r) > limit {
		return string(r[:limit]) + "…"
	}
	return s
}

func getAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

func attr(n *html.Node, key string) string {
	v, _ := getAttr(n, key)
	return v
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}
