package render

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"newsreader/display"
)

// hexoBraces restores the brace entities Hexo writes. A Replacer is made
// once: its first Replace builds a lookup table (for parseBody's, a
// quarter of what Prepare allocated when each call made its own).
var hexoBraces = strings.NewReplacer("&#123;", "{", "&#125;", "}")

// parseBody parses an article body as the content of <body>. The HTML
// parser never fails on text input, so neither does this; the brace
// entities that Hexo writes to keep its template engine away are restored
// first, which matters inside <style> and comments, where entities are not
// decoded.
func parseBody(body string) *html.Node {
	if strings.Contains(body, "&#12") {
		body = hexoBraces.Replace(body)
	}
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		// The parser refuses markup nested more than 512 elements deep;
		// keep its text instead.
		doc, err = html.Parse(strings.NewReader(flatten(body)))
	}
	if err != nil { // flatten's output nests two deep; this cannot happen
		doc = &html.Node{Type: html.DocumentNode}
	}
	sanitizeTree(doc)
	return doc
}

// flatten turns markup into one escaped paragraph of text per block, with
// scripts and styles left out.
func flatten(body string) string {
	var out strings.Builder
	for _, t := range blockTexts(body) {
		out.WriteString("<p>" + html.EscapeString(t) + "</p>\n")
	}
	return out.String()
}

// blockTexts returns the text of markup, one string per block, with
// scripts and styles left out. It reads tokens, not a tree, so it copes
// with any nesting depth.
func blockTexts(body string) []string {
	z := html.NewTokenizer(strings.NewReader(body))
	var out []string
	var para strings.Builder
	flush := func() {
		if t := strings.TrimSpace(para.String()); t != "" {
			out = append(out, t)
		}
		para.Reset()
	}
	var raw atom.Atom // inside <script> or <style>
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return out
		case html.TextToken:
			if raw == 0 {
				para.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case (a == atom.Script || a == atom.Style) && tt == html.StartTagToken:
				raw = a
			case a == raw && tt == html.EndTagToken:
				raw = 0
			case blockElements[a] || a == atom.Br:
				flush()
			}
		}
	}
}

// findBody returns the <body> element that html.Parse always creates.
func findBody(doc *html.Node) *html.Node {
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			return n
		}
	}
	return doc
}

// sanitizeTree strips control characters from every text, comment and
// attribute value, including those that arrived as numeric entities (the
// parser has decoded those already).
func sanitizeTree(doc *html.Node) {
	for n := range doc.Descendants() {
		n.Data = display.Clean(n.Data)
		for i := range n.Attr {
			n.Attr[i].Key = display.Clean(n.Attr[i].Key)
			n.Attr[i].Val = display.Clean(n.Attr[i].Val)
		}
	}
}
