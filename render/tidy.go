package render

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsreader/display"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

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

// replaceEmbeds turns players into a line "▶ video" that links to the
// video: the terminal cannot play them, but the reader can open the link.
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
		c.record(genericRule, "video", n.Data, u)
		p := &html.Node{Type: html.ElementNode, DataAtom: atom.P, Data: "p"}
		p.AppendChild(&html.Node{Type: html.TextNode, Data: "▶ "})
		a := &html.Node{Type: html.ElementNode, DataAtom: atom.A, Data: "a", Attr: []html.Attribute{{Key: "href", Val: u}}}
		a.AppendChild(&html.Node{Type: html.TextNode, Data: "video"})
		p.AppendChild(a)
		n.Parent.InsertBefore(p, n)
		remove(n)
	}
}

// checkMedia drops images whose URL is a data: placeholder or otherwise
// unsafe.
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
		setAttr(n, "alt", strings.Join(strings.Fields(attr(n, "alt")), " "))
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

// normalizeText turns non-breaking spaces into spaces, removes the
// full-width indentation that Chinese sites put at the start of each
// paragraph or line (the terminal layout has its own paragraph breaks),
// and joins lines broken between two East Asian characters.
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
			n.Data = joinEastAsianLines(indentAfterNewline.ReplaceAllString(n.Data, "\n"))
		}
	}
	mergeText(body)
}

// joinEastAsianLines removes the white space around a line break between
// two East Asian characters. HTML collapses such a break to a space, which
// shows in the middle of a Chinese sentence ("比去年 同期"); CSS Text 3
// removes it, as Firefox does, because these scripts do not separate words
// with spaces. Korean does, so Hangul is not East Asian here.
func joinEastAsianLines(s string) string {
	var b strings.Builder
	last := rune(0) // the last rune written before the pending space
	space := -1     // start of a pending run of white space, or -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if space < 0 {
				space = i
			}
			continue
		}
		if space >= 0 {
			gap := s[space:i]
			if !strings.Contains(gap, "\n") || !eastAsian(last) || !eastAsian(r) {
				b.WriteString(gap)
			}
			space = -1
		}
		b.WriteRune(r)
		last = r
	}
	if space >= 0 {
		b.WriteString(s[space:])
	}
	return b.String()
}

// eastAsian reports whether r is a wide character of a script written
// without spaces between words: Chinese, Japanese, and their full-width
// punctuation.
func eastAsian(r rune) bool {
	return display.RuneWidth(r) == 2 && !unicode.Is(unicode.Hangul, r)
}

var indentAfterNewline = regexp.MustCompile(`\n[ \t\x{3000}]+`)

// fixEmphasis makes bold, italic and struck text come out as Markdown
// that reads as such. CommonMark only opens "**" that is followed by
// punctuation when it follows space or punctuation, and closes it by the
// same rule mirrored; otherwise the asterisks show. So punctuation at the
// edges of the element moves outside ("的**「设置」**，" prints its
// asterisks; "的「**设置**」，" works), and an element that still could
// not open or close, because it starts or ends with a link or code
// ("中文**[链接](url)**中文"), or holds no text at all (bold around an
// image), loses its emphasis and keeps its content.
func fixEmphasis(body *html.Node) {
	var marks []*html.Node
	for n := range body.Descendants() {
		switch n.DataAtom {
		case atom.Strong, atom.B, atom.Em, atom.I, atom.Del, atom.S:
			if !inPre(n) {
				marks = append(marks, n)
			}
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
	for _, n := range marks {
		if n.Parent == nil {
			continue
		}
		if a := onlyElement(n); a != nil && a.DataAtom == atom.A {
			// Bold around a link becomes a link around bold text, which
			// the brackets delimit.
			n.RemoveChild(a)
			n.Parent.InsertBefore(a, n)
			n.Parent.RemoveChild(n)
			for c := a.FirstChild; c != nil; c = a.FirstChild {
				a.RemoveChild(c)
				n.AppendChild(c)
			}
			a.AppendChild(n)
		}
		first, last := markdownEdges(n)
		opens := first != 0 && !unicode.IsSpace(first) && (!isMarkdownPunct(first) || spaceOrPunct(runeBefore(n)))
		closes := last != 0 && !unicode.IsSpace(last) && (!isMarkdownPunct(last) || spaceOrPunct(runeAfter(n)))
		if strings.TrimSpace(textOf(n)) == "" || !opens || !closes {
			unwrap(n)
		}
	}
	mergeText(body)
}

// isMarkdownPunct is CommonMark's punctuation: Unicode punctuation and
// symbols.
func isMarkdownPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

func spaceOrPunct(r rune) bool { return r == 0 || unicode.IsSpace(r) || isMarkdownPunct(r) }

// markdownEdges returns the first and last characters of the Markdown
// that the content of n becomes: text, or the bracket, parenthesis or
// backtick of a link, an image or code; 0 when it is empty.
func markdownEdges(n *html.Node) (first, last rune) {
	for c := n.FirstChild; c != nil && first == 0; c = c.NextSibling {
		first, _ = edgeRunes(c)
	}
	for c := n.LastChild; c != nil && last == 0; c = c.PrevSibling {
		_, last = edgeRunes(c)
	}
	return first, last
}

func edgeRunes(n *html.Node) (first, last rune) {
	switch {
	case n.Type == html.TextNode:
		t := strings.TrimSpace(n.Data)
		if t == "" {
			return 0, 0
		}
		first, _ = utf8.DecodeRuneInString(t)
		last, _ = utf8.DecodeLastRuneInString(t)
		return first, last
	case n.DataAtom == atom.A:
		return '[', ')'
	case n.DataAtom == atom.Img:
		return '!', ')'
	case n.DataAtom == atom.Code:
		return '`', '`'
	case n.DataAtom == atom.Br:
		return 0, 0
	}
	return markdownEdges(n)
}

// onlyElement returns the one element child of n when n holds nothing
// else but white space.
func onlyElement(n *html.Node) *html.Node {
	var only *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.ElementNode && only == nil:
			only = c
		default:
			return nil
		}
	}
	return only
}

// runeBefore is the last character of the Markdown just before n on its
// line, 0 at the start of a line; at the start of a link's text, it is
// the link's bracket.
func runeBefore(n *html.Node) rune { return runeBeside(n, -1) }

// runeAfter is the first character of the Markdown just after n on its
// line, 0 at the end of a line, the bracket at the end of a link's text.
func runeAfter(n *html.Node) rune { return runeBeside(n, 1) }

func runeBeside(n *html.Node, dir int) rune {
	sibling := func(s *html.Node) *html.Node {
		if dir < 0 {
			return s.PrevSibling
		}
		return s.NextSibling
	}
	for cur := n; cur != nil && !isBlock(cur); cur = cur.Parent {
		if cur != n && cur.DataAtom == atom.A {
			if dir < 0 {
				return '['
			}
			return ']'
		}
		for s := sibling(cur); s != nil; s = sibling(s) {
			if s.DataAtom == atom.Br || isBlock(s) {
				return 0
			}
			first, last := edgeRunes(s)
			if dir < 0 && last != 0 {
				return last
			}
			if dir > 0 && first != 0 {
				return first
			}
		}
	}
	return 0
}

func isEdgeRune(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) }

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
