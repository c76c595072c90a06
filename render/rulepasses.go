package render

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/width"
)

func (c *cleaner) removeComments(body *html.Node) {
	var comments []*html.Node
	for n := range body.Descendants() {
		if n.Type == html.CommentNode {
			comments = append(comments, n)
		}
	}
	for _, n := range comments {
		if strings.TrimSpace(n.Data) == "" {
			remove(n) // Vue's <!----> placeholders: nothing to explain
			continue
		}
		rule, pattern := genericRule, "<!-- -->"
		for _, r := range c.rules {
			if re := firstMatch(r.comments, n.Data); re != nil {
				rule, pattern = r.name, re.String()
				break
			}
		}
		c.record(rule, "comment", pattern, n.Data, n)
		remove(n)
	}
}

// urlAttrs are the attributes whose URLs are rewritten and checked.
var urlAttrs = []string{"href", "src"}

// rewriteURLs fixes lazy images and applies link rewrites, rule by rule, so
// that a proxy rule and a redirect rule can both apply to one URL.
func (c *cleaner) rewriteURLs(body *html.Node) {
	for n := range body.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if isMedia(n) {
			c.lazySource(n)
		}
		for _, key := range urlAttrs {
			v, ok := getAttr(n, key)
			if !ok {
				continue
			}
			for _, r := range c.rules {
				if out, pattern, ok := r.rewriteURL(v); ok && out != v {
					c.record(r.name, "rewrite", key+" ~ "+pattern, out)
					v = out
				}
			}
			setAttr(n, key, v)
		}
	}
}

func isMedia(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Img, atom.Iframe, atom.Video, atom.Audio, atom.Embed, atom.Source:
		return true
	}
	return false
}

// lazySource replaces a placeholder src with the real URL that lazy
// loading scripts would have put there.
func (c *cleaner) lazySource(n *html.Node) {
	src := attr(n, "src")
	for _, r := range c.rules {
		for _, key := range r.imageSource {
			v := attr(n, key)
			if key == "data-srcset" || key == "srcset" {
				v, _, _ = strings.Cut(strings.TrimSpace(v), " ")
			}
			v = strings.TrimSpace(v)
			if v == "" || isDataURL(v) {
				continue
			}
			if v != src {
				c.record(r.name, "rewrite", key, v)
				setAttr(n, "src", v)
			}
			return
		}
	}
}

func isDataURL(u string) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(u)), "data:")
}

type nodeFunc func(*html.Node)

func (c *cleaner) applySelectors(body *html.Node, rule, kind string, sels []selector, fn nodeFunc) {
	for _, s := range sels {
		for _, n := range cascadia.QueryAll(body, s.sel) {
			if !attached(n, body) {
				continue // inside something removed already
			}
			c.record(rule, kind, s.text, excerptOf(n), n)
			fn(n)
		}
	}
}

// paragraphElements are the blocks whose whole text the text rules test.
var paragraphElements = map[atom.Atom]bool{
	atom.P: true, atom.Li: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Figcaption: true,
	atom.Div: true, atom.Section: true, atom.Blockquote: true, atom.Td: true,
}

// applyTextRules drops paragraphs by text pattern: the title repeated as
// "原标题", the source line (whose text moves to the header), and each
// rule's boilerplate. Lines between <br>s are tested on their own too.
func (c *cleaner) applyTextRules(body *html.Node) {
	var candidates []*html.Node
	for n := range body.Descendants() {
		switch {
		case n.Type == html.ElementNode && paragraphElements[n.DataAtom] && !hasBlockChild(n):
			candidates = append(candidates, n)
		case n.Type == html.TextNode && isLine(n) && !inPre(n):
			candidates = append(candidates, n)
		}
	}
	title := titleKey(c.title)
	for _, n := range candidates {
		if !attached(n, body) {
			continue
		}
		text := strings.Join(strings.Fields(textOf(n)), " ")
		if text == "" {
			continue
		}
		if rule, kind, pattern := c.matchText(text, title); rule != "" {
			c.record(rule, kind, pattern, text, n)
			remove(n)
		}
	}
}

// matchText finds the first rule whose text patterns match, and lifts the
// source when a source pattern does.
func (c *cleaner) matchText(text, title string) (rule, kind, pattern string) {
	for _, r := range c.rules {
		for _, re := range r.dropTitleRepeat {
			if m := re.FindStringSubmatch(text); m != nil && title != "" && sameTitle(titleKey(m[1]), title) {
				return r.name, "drop", re.String()
			}
		}
		for _, re := range r.source {
			if m := re.FindStringSubmatch(text); m != nil {
				if c.source == "" {
					c.source = strings.TrimSpace(m[1])
				}
				return r.name, "source", re.String()
			}
		}
		if re := firstMatch(r.dropText, text); re != nil {
			return r.name, "drop", re.String()
		}
	}
	return "", "", ""
}

func firstMatch(list []*regexp.Regexp, s string) *regexp.Regexp {
	for _, re := range list {
		if re.MatchString(s) {
			return re
		}
	}
	return nil
}

// titleKey reduces a title to its letters and digits, folded to half
// width, so that "1—4月份 全国…“CPI”" and "1-4月份全国…\"CPI\"" compare equal.
func titleKey(s string) string {
	s = width.Fold.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// sameTitle accepts a repeated title that adds or loses a little, such as
// a year in front ("2021年1—11月份…" for "1-11月份…").
func sameTitle(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	return strings.Contains(a, b) && len([]rune(b))*5 >= len([]rune(a))*4
}
