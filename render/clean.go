package render

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"newsreader/display"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/width"
)

// Action is one thing the cleaner did to an article, so that `newsreader
// explain` can show why text vanished and a user can write a rule.
type Action struct {
	// Rule is the name of the rule in rules.yml, or "generic" for the
	// built-in clean-up that needs code (comments, hidden elements, videos,
	// unsafe links).
	Rule string `json:"rule"`
	// Kind is what happened: remove, unwrap, comment, drop (a paragraph
	// matched a text pattern), source (a paragraph became the source),
	// rewrite (a link or image URL), video, or unsafe (a URL refused).
	Kind string `json:"action"`
	// Selector is the CSS selector, pattern or attribute responsible.
	Selector string `json:"selector"`
	// Excerpt is the start of the affected text or URL.
	Excerpt string `json:"excerpt"`

	node *html.Node // what was removed, for the corpus test's bookkeeping
}

const genericRule = "generic"

// cleaner holds one article's cleaning state; it is used once.
type cleaner struct {
	rules  []*rule
	title  string
	report []Action
	source string
}

// parseBody parses an article body as the content of <body>. The HTML
// parser never fails on text input, so neither does this; the brace
// entities that Hexo writes to keep its template engine away are restored
// first, which matters inside <style> and comments, where entities are not
// decoded.
func parseBody(body string) *html.Node {
	body = strings.NewReplacer("&#123;", "{", "&#125;", "}").Replace(body)
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
	z := html.NewTokenizer(strings.NewReader(body))
	var out, para strings.Builder
	flush := func() {
		if t := strings.TrimSpace(para.String()); t != "" {
			out.WriteString("<p>" + html.EscapeString(t) + "</p>\n")
		}
		para.Reset()
	}
	var raw atom.Atom // inside <script> or <style>
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return out.String()
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

// keyFor collects what rules can match on. Link hosts are taken before any
// rewrite so that a redirector's host can select a rule.
func keyFor(body *html.Node, categories []string, author string) articleKey {
	k := articleKey{author: strings.TrimSpace(author), hosts: map[string]bool{}}
	for _, c := range categories {
		k.categories = append(k.categories, splitCategory(c)...)
	}
	for n := range body.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		for _, key := range []string{"href", "src"} {
			if v := attr(n, key); v != "" {
				if u, err := url.Parse(strings.TrimSpace(v)); err == nil && u.Host != "" {
					k.hosts[strings.ToLower(u.Hostname())] = true
				}
			}
		}
	}
	return k
}

// clean applies the rules that match the article, then the generic
// clean-up, to the tree under body.
func (c *cleaner) clean(body *html.Node) {
	c.removeComments(body)
	c.rewriteURLs(body)
	for _, r := range c.rules {
		c.applySelectors(body, r.name, "remove", r.remove, remove)
	}
	for _, r := range c.rules {
		c.applySelectors(body, r.name, "unwrap", r.unwrap, unwrap)
	}
	c.removeHidden(body)
	c.replaceEmbeds(body)
	c.checkMedia(body)
	c.checkLinks(body)
	unwrapNoise(body)
	normalizeText(body)
	fixEmphasis(body)
	c.applyTextRules(body)
	removeEmpty(body)
	stripAttributes(body)
	clampSpans(body)
	limitNesting(body)
}

func (c *cleaner) record(rule, kind, sel, excerpt string, n *html.Node) {
	c.report = append(c.report, Action{Rule: rule, Kind: kind, Selector: sel, Excerpt: shorten(excerpt), node: n})
}

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
					c.record(r.name, "rewrite", key+" ~ "+pattern, out, nil)
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
				c.record(r.name, "rewrite", key, v, nil)
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

// attached reports whether n is still in the tree under root.
func attached(n, root *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p == root {
			return true
		}
	}
	return false
}

var hiddenStyle = regexp.MustCompile(`(?i)(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)`)

// removeHidden drops elements that a browser would not show; sites hide
// share pop-ups, tracking and SEO text this way.
func (c *cleaner) removeHidden(body *html.Node) {
	var hidden []*html.Node
	for n := range body.Descendants() {
		if n.Type == html.ElementNode && hiddenStyle.MatchString(attr(n, "style")) {
			hidden = append(hidden, n)
		}
	}
	for _, n := range hidden {
		if attached(n, body) {
			c.record(genericRule, "remove", "[style*=display:none]", excerptOf(n), n)
			remove(n)
		}
	}
}

// replaceEmbeds turns players into one line naming the video's URL: the
// terminal cannot play them, but the reader can open the link.
func (c *cleaner) replaceEmbeds(body *html.Node) {
	var embeds []*html.Node
	for n := range body.Descendants() {
		switch n.DataAtom {
		case atom.Iframe, atom.Video, atom.Embed, atom.Object, atom.Audio:
			embeds = append(embeds, n)
		}
	}
	for _, n := range embeds {
		if !attached(n, body) {
			continue
		}
		src := attr(n, "src")
		if src == "" {
			src = attr(n, "data")
		}
		if src == "" {
			for d := range n.Descendants() {
				if d.DataAtom == atom.Source && attr(d, "src") != "" {
					src = attr(d, "src")
					break
				}
			}
		}
		u, ok := SafeURL(src)
		if !ok {
			c.record(genericRule, "remove", n.Data, src, n)
			remove(n)
			continue
		}
		c.record(genericRule, "video", n.Data, u, nil)
		p := &html.Node{Type: html.ElementNode, DataAtom: atom.P, Data: "p"}
		p.AppendChild(&html.Node{Type: html.TextNode, Data: "▶ video: "})
		a := &html.Node{Type: html.ElementNode, DataAtom: atom.A, Data: "a", Attr: []html.Attribute{{Key: "href", Val: u}}}
		a.AppendChild(&html.Node{Type: html.TextNode, Data: u})
		p.AppendChild(a)
		n.Parent.InsertBefore(p, n)
		remove(n)
	}
}

// checkMedia drops images whose URL is a data: placeholder or otherwise
// unsafe, and gives the others an alt text so that the reader sees a label
// rather than a bare URL.
func (c *cleaner) checkMedia(body *html.Node) {
	var bad []*html.Node
	for n := range body.Descendants() {
		if n.DataAtom == atom.Source {
			bad = append(bad, n) // <picture> alternatives; the <img> inside remains
			continue
		}
		if n.DataAtom != atom.Img {
			continue
		}
		src := attr(n, "src")
		u, ok := SafeURL(src)
		if !ok {
			kind := "unsafe"
			if isDataURL(src) {
				kind = "remove" // a lazy-loading placeholder, not an attack
			}
			c.record(genericRule, kind, "img", src, n)
			bad = append(bad, n)
			continue
		}
		setAttr(n, "src", u)
		alt := strings.Join(strings.Fields(attr(n, "alt")), " ")
		if alt == "" {
			alt = "image"
		}
		setAttr(n, "alt", alt)
	}
	for _, n := range bad {
		remove(n)
	}
}

// checkLinks unwraps links whose URL is unsafe or missing, keeping their
// text.
func (c *cleaner) checkLinks(body *html.Node) {
	var bad []*html.Node
	for n := range body.Descendants() {
		if n.DataAtom != atom.A {
			continue
		}
		href, has := getAttr(n, "href")
		u, ok := SafeURL(href)
		if !ok {
			if has && strings.TrimSpace(href) != "" && !strings.HasPrefix(strings.TrimSpace(href), "#") {
				c.record(genericRule, "unsafe", "a", href, n)
			}
			bad = append(bad, n)
			continue
		}
		setAttr(n, "href", u)
	}
	for _, n := range bad {
		unwrap(n)
	}
}

// noiseElements carry only presentation; unwrapping them lets the text
// rules and the whitespace clean-up see whole paragraphs.
var noiseElements = map[string]bool{"span": true, "font": true, "o:p": true, "center": true, "big": true, "small": true}

func unwrapNoise(body *html.Node) {
	var noise []*html.Node
	for n := range body.Descendants() {
		if n.Type == html.ElementNode && noiseElements[n.Data] {
			noise = append(noise, n)
		}
	}
	for _, n := range noise {
		unwrap(n)
	}
}

// normalizeText turns non-breaking spaces into spaces and removes the
// full-width indentation that Chinese sites put at the start of each
// paragraph or line; the terminal layout has its own paragraph breaks.
func normalizeText(body *html.Node) {
	for n := range body.Descendants() {
		if n.Type != html.TextNode || inPre(n) {
			continue
		}
		n.Data = strings.ReplaceAll(n.Data, "\u00a0", " ")
		if startsLine(n) {
			n.Data = strings.TrimLeft(n.Data, " \t\n\r\u3000")
		}
		if strings.Contains(n.Data, "\n") {
			n.Data = indentAfterNewline.ReplaceAllString(n.Data, "\n")
		}
	}
	mergeText(body)
}

var indentAfterNewline = regexp.MustCompile(`\n[ \t\x{3000}]+`)

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

// fixEmphasis moves punctuation at the edges of bold and italic text
// outside the element. CommonMark only closes "**" that touches a letter
// on the inside when the outside is space or punctuation, so Chinese
// "的**「设置」**，" would print its asterisks; "的「**设置**」，" works.
func fixEmphasis(body *html.Node) {
	var marks []*html.Node
	for n := range body.Descendants() {
		switch n.DataAtom {
		case atom.Strong, atom.B, atom.Em, atom.I, atom.Del, atom.S:
			marks = append(marks, n)
		}
	}
	for _, n := range marks {
		if n.Parent == nil {
			continue
		}
		if first := n.FirstChild; first != nil && first.Type == html.TextNode {
			trimmed := strings.TrimLeftFunc(first.Data, isEdgeRune)
			if lead := first.Data[:len(first.Data)-len(trimmed)]; lead != "" {
				n.Parent.InsertBefore(&html.Node{Type: html.TextNode, Data: lead}, n)
				first.Data = trimmed
			}
		}
		if last := n.LastChild; last != nil && last.Type == html.TextNode {
			trimmed := strings.TrimRightFunc(last.Data, isEdgeRune)
			if trail := last.Data[len(trimmed):]; trail != "" {
				n.Parent.InsertBefore(&html.Node{Type: html.TextNode, Data: trail}, n.NextSibling)
				last.Data = trimmed
			}
		}
	}
	mergeText(body)
}

func isEdgeRune(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) }

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

// contentElements count as content even without text.
var contentElements = map[atom.Atom]bool{
	atom.Img: true, atom.Hr: true, atom.Table: true, atom.Pre: true,
	atom.Iframe: true, atom.Video: true, atom.Td: true, atom.Th: true, atom.Tr: true,
}

// removeEmpty drops elements left without text or media, innermost first,
// so that a wrapper emptied by the rules goes too, in one pass however
// deep the nesting. Table cells stay: removing one would shift the
// columns.
func removeEmpty(body *html.Node) {
	var walk func(n *html.Node) bool // reports whether n holds text or media
	walk = func(n *html.Node) bool {
		if n.Type == html.TextNode {
			return strings.TrimSpace(n.Data) != ""
		}
		has := contentElements[n.DataAtom]
		for ch := n.FirstChild; ch != nil; {
			next := ch.NextSibling
			if walk(ch) {
				has = true
			}
			ch = next
		}
		if !has && n != body && n.Type == html.ElementNode && n.DataAtom != atom.Br {
			remove(n)
		}
		return has
	}
	walk(body)
	trimBreaks(body)
}

// trimBreaks removes <br> at the start or end of a block, which would
// otherwise become stray hard line breaks.
func trimBreaks(body *html.Node) {
	var brs []*html.Node
	for n := range body.Descendants() {
		if n.DataAtom == atom.Br && (onlySpaceBefore(n) || onlySpaceAfter(n)) {
			brs = append(brs, n)
		}
	}
	for _, n := range brs {
		remove(n)
	}
}

func onlySpaceBefore(n *html.Node) bool {
	for s := n.PrevSibling; s != nil; s = s.PrevSibling {
		if s.DataAtom != atom.Br && (strings.TrimSpace(textOf(s)) != "" || hasMedia(s)) {
			return false
		}
	}
	return isBlock(n.Parent)
}

func onlySpaceAfter(n *html.Node) bool {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if strings.TrimSpace(textOf(s)) != "" || hasMedia(s) {
			return false
		}
	}
	return isBlock(n.Parent)
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

// keptAttributes are the only attributes that survive cleaning: the
// Markdown converter needs no others, and the HTML format should not carry
// styles, scripts' data or event handlers.
var keptAttributes = map[string]bool{"href": true, "src": true, "alt": true, "colspan": true, "rowspan": true, "start": true}

func stripAttributes(body *html.Node) {
	for n := range body.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		lang := ""
		if n.DataAtom == atom.Pre {
			lang = codeLanguage(n)
		}
		kept := n.Attr[:0]
		for _, a := range n.Attr {
			if keptAttributes[a.Key] && a.Namespace == "" {
				kept = append(kept, a)
			}
		}
		n.Attr = kept
		if lang != "" {
			// The converter reads the fence's language from the class.
			n.Attr = append(n.Attr, html.Attribute{Key: "class", Val: "language-" + lang})
		}
	}
}

// codeLanguages are the languages kept on code blocks; any other becomes
// "text". glamour hands the name to chroma, which for a name it does not
// know tries every lexer's file patterns: half of the render time of a
// long article with many code blocks went there.
var codeLanguages = map[string]bool{
	"bash": true, "c": true, "cpp": true, "csharp": true, "css": true, "diff": true, "go": true,
	"html": true, "java": true, "javascript": true, "js": true, "json": true, "kotlin": true,
	"lua": true, "markdown": true, "php": true, "python": true, "ruby": true, "rust": true,
	"scala": true, "shell": true, "sh": true, "sql": true, "swift": true, "text": true,
	"typescript": true, "ts": true, "xml": true, "yaml": true,
}

// codeLanguage finds a language-X or lang-X class on a <pre> or the
// <code> inside it.
func codeLanguage(pre *html.Node) string {
	classes := attr(pre, "class")
	for ch := pre.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.DataAtom == atom.Code {
			classes += " " + attr(ch, "class")
		}
	}
	for _, c := range strings.Fields(strings.ToLower(classes)) {
		for _, prefix := range []string{"language-", "lang-"} {
			if l, ok := strings.CutPrefix(c, prefix); ok && codeLanguages[l] {
				return l
			}
		}
	}
	return "text"
}

// Quotes and lists nested deeper than this are flattened: glamour's time
// grows exponentially with quote depth (300 nested quotes took minutes),
// and each level takes columns from a narrow terminal.
const (
	maxQuoteDepth = 4
	maxListDepth  = 6
)

// limitNesting unwraps quotes below maxQuoteDepth and turns lists below
// maxListDepth into plain paragraphs, keeping their text.
func limitNesting(body *html.Node) {
	var walk func(n *html.Node, quotes, lists int)
	walk = func(n *html.Node, quotes, lists int) {
		for ch := n.FirstChild; ch != nil; {
			next := ch.NextSibling
			q, l := quotes, lists
			switch ch.DataAtom {
			case atom.Blockquote:
				q++
			case atom.Ul, atom.Ol:
				l++
			}
			walk(ch, q, l)
			switch {
			case ch.DataAtom == atom.Blockquote && q > maxQuoteDepth:
				unwrap(ch)
			case (ch.DataAtom == atom.Ul || ch.DataAtom == atom.Ol) && l > maxListDepth:
				ch.DataAtom, ch.Data = atom.Div, "div"
			case ch.DataAtom == atom.Li && lists > maxListDepth:
				ch.DataAtom, ch.Data = atom.P, "p"
			}
			ch = next
		}
	}
	walk(body, 0, 0)
}

// maxColspan bounds colspan: the converter repeats a spanning cell into
// every column and row it covers, so "rowspan=65534" would turn a one-line
// table into megabytes of Markdown.
const maxColspan = 50

// clampSpans limits rowspan to the rows the table has and colspan to
// maxColspan.
func clampSpans(body *html.Node) {
	for table := range body.Descendants() {
		if table.DataAtom != atom.Table {
			continue
		}
		rows := 0
		for n := range table.Descendants() {
			if n.DataAtom == atom.Tr {
				rows++
			}
		}
		for n := range table.Descendants() {
			if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
				clampAttr(n, "rowspan", max(rows, 1))
				clampAttr(n, "colspan", maxColspan)
			}
		}
	}
}

func clampAttr(n *html.Node, key string, limit int) {
	v, ok := getAttr(n, key)
	if !ok {
		return
	}
	if i, err := strconv.Atoi(strings.TrimSpace(v)); err != nil || i < 1 {
		setAttr(n, key, "1")
	} else if i > limit {
		setAttr(n, key, strconv.Itoa(limit))
	}
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
