package render

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The generic furniture layer removes what is not the story from any
// source: credit and editor lines, reprint notices, related links, tag
// footers, widget labels, the title repeated, placeholder images. It judges
// by shape and position, never by site: a line is furniture when it is
// short, sits where furniture sits (at the start or end of the article,
// or under an image) and matches a pattern of the embedded rules.yml, or
// when a structural test in code says so (mostly links, the title again,
// an image's caption repeating its alt text). Each furniture rule is a
// named rule of rules.yml, so explain names it with its reason, and a user
// switches one off as any other ("disabled: true").
//
// It is conservative: a line is removed only when it is wholly furniture,
// and the start and the end of an article are peeled one line at a time,
// stopping at the first line that is not furniture, so that a real
// sentence that merely looks like a credit, in the middle of the text,
// stays.

// furniture is the compiled furniture part of a rule.
type furniture struct {
	where     position
	maxChars  int
	text      []*regexp.Regexp
	trailing  []*regexp.Regexp
	source    bool
	test      string
	lineTest  lineTest
	nodeTest  nodeTest
	selectors []selector
	reason    string
}

// position is where in an article a furniture rule looks.
type position int

const (
	anywhere   position = iota
	atStart             // before any line of the story
	atEnd               // after the last line of the story
	atEdge              // either
	afterImage          // right under an image, as its caption
)

var positions = map[string]position{
	"": anywhere, "anywhere": anywhere, "start": atStart, "end": atEnd, "edge": atEdge, "caption": afterImage,
}

// defaultMaxChars is how long a line a furniture pattern may remove when
// its rule does not say: furniture is short.
const defaultMaxChars = 120

// looksAt reports whether the rule looks at a line at position p; every
// rule that looks anywhere looks at captions too.
func (f *furniture) looksAt(p position) bool {
	switch f.where {
	case anywhere:
		return true
	case atEdge:
		return p == atStart || p == atEnd
	}
	return f.where == p
}

// A lineTest is a structural test: at line i of an article, looking from
// its start (dir 1) or its end (dir -1), it returns how many lines from i
// on, in that direction, are furniture.
type lineTest func(c *cleaner, r *rule, lines []*line, i, dir int) int

// A nodeTest is a structural test that works on the tree before the
// article is cut into lines.
type nodeTest func(c *cleaner, body *html.Node, r *rule)

// structuralTests are the tests a furniture rule may name.
var structuralTests = map[string]struct {
	lines lineTest
	nodes nodeTest
}{
	"title":        {lines: titleRepeat},
	"links":        {lines: linkBlock},
	"promo-image":  {lines: promoImage},
	"bold-bio":     {lines: boldBio},
	"decoration":   {lines: decoration},
	"date":         {lines: dateLine},
	"css":          {lines: cssText},
	"caption":      {lines: repeatedCaption},
	"plug-image":   {lines: plugImage},
	"layout-table": {nodes: layoutTables},
	"code-copy":    {nodes: codeCopyLabels},
	"images":       {nodes: furnitureImages},
}

func testNames() []string {
	var names []string
	for n := range structuralTests {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// removeFurniture applies the furniture rules: the node tests, then the
// start and the end of the article peeled line by line, then the lines
// anywhere, then the phrases that end a line.
func (c *cleaner) removeFurniture(body *html.Node) {
	var rules []*rule
	for _, r := range c.rules {
		if r.furniture == nil {
			continue
		}
		rules = append(rules, r)
		if t := r.furniture.nodeTest; t != nil {
			t(c, body, r)
		}
		if sels := r.furniture.selectors; len(sels) > 0 {
			for _, n := range matchAny(body, sels) {
				if attached(n, body) && utf8.RuneCountInString(collapse(textOf(n))) <= r.furniture.maxChars {
					c.record(r.name, "remove", r.furniture.reason, excerptOf(n), n)
					remove(n)
				}
			}
		}
	}
	if len(rules) == 0 {
		return
	}
	lines := splitLines(body)
	markDialogue(lines)
	c.peel(rules, lines, atStart)
	c.peel(rules, lines, atEnd)
	for i, l := range lines {
		if l.removed || l.kind != textLine && l.kind != mediaLine {
			continue
		}
		p := anywhere
		if c.underImage(lines, i) {
			p = afterImage
		}
		c.furnitureAt(rules, lines, i, 1, p)
	}
	c.trailingPhrases(rules, lines)
}

// peel removes furniture lines from the start or the end of the article,
// one after the other, and stops at the first line of the story. Images
// do not stop it (a credit follows the top image); tables and code do.
//
// At the end, the peel steps over one short line that is not furniture
// (a column's blurb, a slogan) to reach the furniture before it; the line
// itself stays. A heading before the line it stepped over heads that
// line, which is the story's: the peel stops there.
func (c *cleaner) peel(rules []*rule, lines []*line, p position) {
	i, dir, skips := 0, 1, 0
	if p == atEnd {
		i, dir, skips = len(lines)-1, -1, 1
	}
	skipped := false
	for i >= 0 && i < len(lines) {
		l := lines[i]
		switch {
		case l.removed:
			i += dir
			continue
		case l.kind == opaqueLine, skipped && isHeadingBlock(l.block):
			return
		}
		n := c.furnitureAt(rules, lines, i, dir, p)
		if n == 0 {
			switch {
			case l.kind == mediaLine:
			case skips > 0 && l.kind == textLine && l.runes <= 100 && !l.linkHeavy():
				skips--
				skipped = true
			default:
				return
			}
			i += dir
			continue
		}
		i += n * dir
	}
}

// furnitureAt tries the rules on line i at position p, and removes the
// lines the first matching rule says are furniture; it returns how many.
// Patterns pass over list items: a list is the article's own structure
// ("作者：…" among a book's details), and the furniture in lists, related
// links, is the structural tests' business. Between the edges they pass
// over headings too: a heading inside the story is the story's
// ("Satellite Images", "Photos: What the flood left behind"), while at an
// edge one may be a widget's ("Share this:").
func (c *cleaner) furnitureAt(rules []*rule, lines []*line, i, dir int, p position) int {
	l := lines[i]
	patterns := l.kind == textLine && !l.inList && !l.dialogue && !(isHeadingBlock(l.block) && (p == anywhere || p == afterImage))
	for _, r := range rules {
		f := r.furniture
		if !f.looksAt(p) {
			continue
		}
		n := 0
		if f.lineTest != nil {
			n = f.lineTest(c, r, lines, i, dir)
		} else if patterns && l.runes <= f.maxChars {
			if re := firstMatch(f.text, l.text); re != nil {
				if f.source && c.source == "" {
					c.source = strings.TrimSpace(re.FindStringSubmatch(l.text)[1])
				}
				n = 1
			}
		}
		if n == 0 {
			continue
		}
		kind := "drop"
		if f.source {
			kind = "source"
		}
		for k := 0; k < n; k++ {
			m := lines[i+k*dir]
			switch {
			case m.removed:
			case m.kind == textLine && len(m.images) > 0:
				// The text beside an image is furniture, not the image.
				c.record(r.name, kind, f.reason, m.text, m.textLeaves()...)
				for _, t := range m.textLeaves() {
					remove(t)
				}
				m.kind, m.cut, m.text, m.runes = mediaLine, m.text, "", 0
			case m.kind == textLine && m.text == "" && len(m.images) == 0:
				m.remove() // emptied by a cut, reported already
			default:
				c.record(r.name, kind, f.reason, lineExcerpt(m), m.nodes()...)
				m.remove()
			}
		}
		return n
	}
	return 0
}

// markDialogue marks the reporter's turns of an interview: when a line
// "记者：…" asks a question, every line that starts so is the
// interview's, even "记者：谢谢您接受采访", which has a credit's shape.
func markDialogue(lines []*line) {
	var turns []*line
	asks := false
	for _, l := range lines {
		if l.kind != textLine {
			continue
		}
		if rest, ok := cutTurn(l.text); ok {
			turns = append(turns, l)
			asks = asks || strings.ContainsAny(rest, "？?")
		}
	}
	if !asks {
		return
	}
	for _, l := range turns {
		l.dialogue = true
	}
}

// cutTurn returns what follows "记者：" at the start of text.
func cutTurn(text string) (string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(text), "记者")
	if !ok {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	for _, colon := range []string{"：", ":"} {
		if r, ok := strings.CutPrefix(rest, colon); ok {
			return r, true
		}
	}
	return "", false
}

func lineExcerpt(l *line) string {
	switch {
	case l.text != "":
		return l.text
	case len(l.images) > 0:
		return attr(l.images[0], "src")
	case l.node != nil:
		return "<" + l.node.Data + ">"
	}
	return ""
}

// underImage reports whether line i is an image's caption: the line
// before it is an image, it is a <figcaption>, or its text follows an
// image on the same line (a CMS's "<div><img><span>caption</span></div>").
func (c *cleaner) underImage(lines []*line, i int) bool {
	if l := lines[i]; l.block != nil && l.block.DataAtom == atom.Figcaption || l.imageFirst() {
		return true
	}
	for j := i - 1; j >= 0; j-- {
		if !lines[j].removed {
			return lines[j].kind == mediaLine || len(lines[j].images) > 0 && lines[j].block == lines[i].block
		}
	}
	return false
}

// trailingPhrases removes the phrases that end a line, such as "阅读全文"
// or "（阅读英文原文）": at the end of the article's last line, anywhere
// when the phrase is a link of its own, at the end of a caption for a
// caption rule (an agency credit), and at the end of any line for a rule
// that looks anywhere ("（点击查看详情）").
func (c *cleaner) trailingPhrases(rules []*rule, lines []*line) {
	last := -1
	for i, l := range lines {
		if !l.removed && l.kind == textLine {
			last = i
		}
	}
	for i, l := range lines {
		if l.removed || l.kind != textLine {
			continue
		}
		// The phrases are short: look at the end of the line only, since a
		// pattern anchored at the end still scans from the start.
		tail := l.text
		if len(tail) > 240 {
			cut := len(tail) - 240
			for cut < len(tail) && !utf8.RuneStart(tail[cut]) {
				cut++
			}
			tail = tail[cut:]
		}
		caption := c.underImage(lines, i)
		linkAtEnd := endsInLink(l)
		for _, r := range rules {
			f := r.furniture
			applies := i == last || f.where == anywhere || linkAtEnd || f.where == afterImage && caption
			if !applies {
				continue
			}
			re := firstMatch(f.trailing, tail)
			if re == nil {
				continue
			}
			m := re.FindStringSubmatch(tail)
			if i != last && f.where != anywhere && !endsWithLink(l, m[0]) && !(f.where == afterImage && caption) {
				continue
			}
			if f.source && len(m) > 1 && c.source == "" {
				c.source = strings.TrimSpace(m[1])
			}
			kind := "drop"
			if f.source {
				kind = "source"
			}
			c.recordCut(r.name, kind, f.reason, m[0], l.cutEnd(m[0])...)
			if strings.TrimSpace(l.text) == "" {
				l.remove()
			}
			break
		}
	}
}

// endsInLink reports whether the line's text ends in a link, or a
// bracket after one.
func endsInLink(l *line) bool {
	leaves := l.textLeaves()
	for i := len(leaves) - 1; i >= 0; i-- {
		if ancestor(leaves[i], atom.A) != nil {
			return true
		}
		if t := strings.TrimSpace(leaves[i].Data); t != "" && strings.Trim(t, ")）]】") != "" {
			return false
		}
	}
	return false
}

// endsWithLink reports whether the phrase at the end of the line is a
// link's text, with perhaps brackets around it.
func endsWithLink(l *line, phrase string) bool {
	if len(l.links) == 0 {
		return false
	}
	a := l.links[len(l.links)-1]
	text := collapse(textOf(a))
	return text != "" && strings.Contains(phrase, text) && visibleRunes(phrase)-visibleRunes(text) <= 2
}

// matchAny returns the elements under body that match any of the
// selectors, in one walk.
func matchAny(body *html.Node, sels []selector) []*html.Node {
	var out []*html.Node
	for n := range body.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		for _, s := range sels {
			if s.sel.Match(n) {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// The structural tests.

// titleRepeat finds the title repeated at the start of the article: a line
// that is the title or its beginning (a heading, a banner, the question
// of an answer, the body's only line), the title with a label or issue
// number glued before it, or a short label line right before such a
// repeat. A line with a link stays ("Link: the title" is the way to the
// story), and so does a field of data ("标题：…").
func titleRepeat(c *cleaner, r *rule, lines []*line, i, dir int) int {
	if dir != 1 || c.title == "" {
		return 0
	}
	l := lines[i]
	title := titleKey(c.title)
	if l.kind != textLine || len(l.links) > 0 || utf8.RuneCountInString(title) < 2 ||
		strings.HasSuffix(l.text, "：") || strings.HasSuffix(l.text, ":") { // it leads into what follows
		return 0
	}
	// "标题：…", "书名：…" is a field of the article's data.
	at := strings.Index(l.text, collapse(c.title))
	if i := strings.IndexAny(l.text, "：:"); i > 0 && (at < 0 || i < at) && !strings.Contains(title, titleKey(l.text[:i])) {
		return 0
	}
	key := titleKey(l.text)
	rest, withSite := strings.CutPrefix(l.text, collapse(c.title))
	withSite = withSite && siteSuffix.MatchString(rest) // "the title - Example Gazette"
	if withSite || sameTitle(key, title) || (utf8.RuneCountInString(key) >= 10 && strings.HasPrefix(title, key)) {
		c.titleRemoved = true
		return 1
	}
	// A label glued before the title, and the lead after it: "科技 某公司
	// 发布新款手机 某公司今天宣布…". The label has no sentence punctuation,
	// and a space or the line's end follows the title.
	if prefix, ok := gluedTitle(l.text, c.title); ok && utf8.RuneCountInString(title) >= 6 {
		c.recordCut(r.name, "drop", r.furniture.reason, prefix, l.cutStart(prefix)...)
		c.titleRemoved = true
		if l.text == "" {
			return 1
		}
		return 0
	}
	// A one-word label right before the title ("娱乐").
	if l.runes <= 6 && !strings.ContainsAny(l.text, " ，。：:") {
		for j := i + 1; j < len(lines) && j <= i+2; j++ {
			if m := lines[j]; !m.removed && m.kind == textLine {
				if len(m.links) == 0 && sameTitle(titleKey(m.text), title) {
					c.titleRemoved = true
					return j - i + 1
				}
				break
			}
		}
	}
	return 0
}

// siteSuffix is the site's name after the title, as in a page's <title>.
// A Chinese site's name is short ("示例音乐网") and an English one is in
// capitals ("The Example Gazette"); otherwise the words after the dash are
// the lead's ("- and it is better than ever").
var siteSuffix = regexp.MustCompile(`^(?:\s+[-–—·•]\s+|\s*[|｜_]\s*)(?:[\p{Lu}\d][^\s，。！？,.!?:：\p{Han}]*(?:\s+(?:[\p{Lu}\d&][^\s，。！？,.!?:：\p{Han}]*|of|the|and|for|on|in|de)){0,5}|[^，。！？,.!?:：\s][^，。！？,.!?:：]{0,9})$`)

// gluedTitle returns the label, title and separator at the start of text
// when text starts with a short label and then the title followed by a
// space or nothing.
func gluedTitle(text, title string) (string, bool) {
	title = collapse(title)
	i := strings.Index(text, title)
	if i <= 0 {
		return "", false
	}
	label := text[:i]
	if utf8.RuneCountInString(label) > 30 || strings.ContainsAny(label, "，。；：,;:！？!?") {
		return "", false
	}
	end := i + len(title)
	end += len(text[end:]) - len(strings.TrimLeft(text[end:], `"”’」』》)）]`))
	if rest := text[end:]; rest != "" && !strings.HasPrefix(rest, " ") {
		return "", false
	}
	return text[:end], true
}

// relatedLabel is the label of a list of links to other articles.
var relatedLabel = regexp.MustCompile(`(?i)^[【\[#]?(?:相关|推荐|延伸|热门|往期|更多|猜你)(?:阅读|文章|推荐|新闻|报道|回顾|精彩|内容|喜欢|资讯|话题|好文)[】\]#]?\s*[:：]?$|^(?:related(?: articles| posts| stories| reading| coverage| content)?|more (?:from|on|stories|articles|to read|news)|you (?:may|might) also like|recommended(?: for you| reading| articles)?|popular(?: posts| articles)?|trending|read next|see also)\s*:?$`)

// linkBlock finds links to elsewhere at the start or end: a labelled list
// of links ("相关阅读" and the titles under it), or a bar of links with
// nothing but separators between them ("更多手机相关 | 评测相关").
func linkBlock(c *cleaner, r *rule, lines []*line, i, dir int) int {
	l := lines[i]
	if isLinkBar(l) || isDiscussionLink(l) {
		return 1
	}
	if dir == 1 {
		if isLabelLink(l) {
			for j := i + 1; j < len(lines); j++ {
				if m := lines[j]; !m.removed && m.kind == textLine {
					if !m.linkHeavy() {
						return 1
					}
					break
				}
			}
		}
		if !isRelatedLabel(l) {
			return 0
		}
		n := 1
		for j := i + 1; j < len(lines) && inLinkList(lines[j]); j++ {
			n++
		}
		if n == 1 {
			return 0
		}
		return n
	}
	j := i
	for j >= 0 && inLinkList(lines[j]) {
		j--
	}
	switch {
	case j < 0:
		return 0 // the whole article is links: a digest, not furniture
	case j < i && isRelatedLabel(lines[j]):
		return i - j + 1
	case j == i && isRelatedLabel(l):
		return 1 // a label whose links went
	case j < i && unlabelledRelated(lines, j, i):
		return i - j
	}
	return 0
}

// inLinkList reports whether a line may be part of a list of links: it is
// mostly links, or a linked picture (a related article's thumbnail), or
// gone already.
func inLinkList(l *line) bool {
	return l.removed || l.linkHeavy() || l.kind == mediaLine && len(l.links) > 0
}

// unlabelledRelated reports whether lines j+1 to i, which end the article,
// are a list of links to other articles with no label: at least three
// lines that are each one link with a title's length, after a line that
// does not introduce them (no colon, not a heading), in an article with
// text of its own.
func unlabelledRelated(lines []*line, j, i int) bool {
	n := 0
	for k := j + 1; k <= i; k++ {
		l := lines[k]
		if l.removed {
			continue
		}
		if len(l.links) != 1 || len(l.images) > 0 || l.runes < 6 || l.linkRunes < visibleRunes(strings.TrimRight(l.text, "。.，,；;")) {
			return false
		}
		n++
	}
	intro := lines[j]
	if n < 3 || intro.kind != textLine || strings.HasSuffix(intro.text, "：") || strings.HasSuffix(intro.text, ":") || isHeadingBlock(intro.block) {
		return false
	}
	text := 0
	for _, l := range lines[:j+1] {
		if !l.removed && l.kind == textLine {
			text += l.runes - l.linkRunes
		}
	}
	return text >= 300
}

func isHeadingBlock(n *html.Node) bool {
	if n == nil {
		return false
	}
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// isLabelLink reports whether a line is one short link alone to a
// category ("Style" over an article): a short path, or one that names a
// category, tag or section.
func isLabelLink(l *line) bool {
	if l.kind != textLine || len(l.links) != 1 || l.inList || l.runes > 16 ||
		l.linkRunes != visibleRunes(l.text) || strings.ContainsAny(l.text, "，。：:,.!?！？") {
		return false
	}
	u, err := url.Parse(attr(l.links[0], "href"))
	if err != nil {
		return false
	}
	path := strings.Trim(u.Path, "/")
	return categoryPath.MatchString(path) || strings.Count(path, "/") < 2 && !idLike.MatchString(path)
}

var (
	// categoryPath is a URL path to a list of articles.
	categoryPath = regexp.MustCompile(`(?i)(?:^|/)(?:tags?|category|categories|cat|topics?|column|channel|section|label|work_type|genre|series|keywords?)(?:/|=|$)`)
	// idLike is a path segment that names one article or file.
	idLike = regexp.MustCompile(`[0-9a-zA-Z_-]{16,}|\d{4,}|\.[a-z]{2,4}$`)
)

// discussionLabel is the text of a link to an article's comments
// elsewhere ("查看某某讨论", "View the discussion on …").
var discussionLabel = regexp.MustCompile(`(?i)^(?:查看|参与|加入|前往|去)\S{0,10}(?:讨论|评论区?)$|^(?:view|join|see|read) (?:the )?(?:full )?(?:discussion|comments)(?: on \S+)?$`)

// isDiscussionLink reports whether a line is one link alone to the
// discussion of the article.
func isDiscussionLink(l *line) bool {
	return l.kind == textLine && len(l.links) == 1 && l.runes <= 30 &&
		l.linkRunes == visibleRunes(l.text) && discussionLabel.MatchString(l.text)
}

func isRelatedLabel(l *line) bool {
	return l.kind == textLine && l.runes <= 24 && relatedLabel.MatchString(strings.TrimSpace(l.text))
}

// linkSeparators may stand between the links of a bar.
const linkSeparators = "|｜/·•・,，、丨>»›-–—:： \u3000"

func isLinkBar(l *line) bool {
	if l.kind != textLine || len(l.links) < 2 {
		return false
	}
	rest := l.text
	for _, a := range l.links {
		t := collapse(textOf(a))
		if t == "" || utf8.RuneCountInString(t) > 16 {
			return false
		}
		rest = strings.Replace(rest, t, "", 1)
	}
	if strings.Trim(rest, linkSeparators) != "" {
		return false
	}
	if strings.ContainsAny(rest, "|｜/·•・丨") {
		return true
	}
	// Links with only spaces between them: short tags, three or more.
	if len(l.links) < 3 {
		return false
	}
	for _, a := range l.links {
		if utf8.RuneCountInString(collapse(textOf(a))) > 8 {
			return false
		}
	}
	return true
}

// promoImage finds an advertisement at the start or end: an image that is
// all of a link to a page (not to a larger picture) and says nothing about
// itself.
func promoImage(c *cleaner, r *rule, lines []*line, i, dir int) int {
	l := lines[i]
	if l.kind != mediaLine || len(l.links) == 0 {
		return 0
	}
	for _, img := range l.images {
		a := ancestor(img, atom.A)
		if a == nil || !genericAlt(attr(img, "alt")) {
			return 0
		}
		href := attr(a, "href")
		if href == attr(img, "src") || imageURL.MatchString(href) {
			return 0
		}
	}
	return 1
}

// plugImage finds the picture of an account or app plug, a QR code: an
// image alone in a box, or on a line, whose only text was a plug that a
// furniture rule removed ("海量资讯，尽在某某APP" beside the code). A
// picture beside text that stays, or beside a credit, is the story's.
func plugImage(c *cleaner, r *rule, lines []*line, i, dir int) int {
	l := lines[i]
	if l.kind != mediaLine || len(l.images) != 1 {
		return 0
	}
	if l.cut != "" {
		return plugLine(l.cut)
	}
	img := l.images[0]
	for box := img.Parent; box != nil && box.DataAtom != atom.Body; box = box.Parent {
		// A box's lines are next to each other: the lines are in document
		// order.
		var inBox []*line
		for _, step := range []int{-1, 1} {
			for j := i + step; j >= 0 && j < len(lines) && lines[j].in(box) && len(inBox) <= 2; j += step {
				inBox = append(inBox, lines[j])
			}
		}
		if len(inBox) == 0 {
			if box.Parent == nil || isBlock(box) && box.DataAtom != atom.Div {
				return 0 // a paragraph or figure of its own
			}
			continue
		}
		if len(inBox) > 2 {
			return 0
		}
		for _, m := range inBox {
			if !m.removed || m.kind != textLine || plugLine(m.text) == 0 {
				return 0
			}
		}
		return 1
	}
	return 0
}

// plugLine returns 1 when text, which a furniture rule removed, is a short
// plug.
func plugLine(text string) int {
	if utf8.RuneCountInString(text) <= 60 && plugText.MatchString(text) && !notPlug.MatchString(strings.ToLower(text)) {
		return 1
	}
	return 0
}

// plugText is what the text beside a QR code says, and notPlug a caption
// or credit, which may name an app or an account too ("素材来源：某某公众号").
var (
	plugText = regexp.MustCompile(`(?i)二维码|扫码|扫一扫|长按(?:识别|扫描)|识别.{0,4}码|下载\S{0,8}(?:APP|客户端)|(?:APP|客户端)\s*下载|尽在\S{0,12}(?:APP|客户端)|关注\S{0,12}(?:公众号|微博|视频号)|公众号|免费领取|>>|》》|scan (?:the|this) (?:code|qr)|download (?:the|our) app|app store|google play`)
	notPlug  = regexp.MustCompile(`^[（(【\[]?\s*(?:图|题图|头图|资料图|配图|摄|视频|来源|截图|示意图|photo|image)|来源|来自|出处|提供|credit|source|courtesy`)
)

// imageURL is a URL whose path ends like an image file's.
var imageURL = regexp.MustCompile(`(?i)\.(?:jpe?g|png|gif|webp|bmp|avif|heic)(?:[?#!].*)?$`)

// accountPlug is what an author's bio plugs.
var accountPlug = regexp.MustCompile(`公众号|微信号|微博|知乎|ID[:：]|作者简介|专栏作者|关注`)

// boldBio finds an author's bio and account plug set as a bold first
// paragraph ("公众号：…").
func boldBio(c *cleaner, r *rule, lines []*line, i, dir int) int {
	l := lines[i]
	if dir == 1 && l.kind == textLine && l.bold && l.runes <= 150 && accountPlug.MatchString(l.text) {
		return 1
	}
	return 0
}

// decoration finds a rule or a line of symbols alone at the start or end:
// "●　●　●", "▼", a leading or trailing <hr>.
func decoration(c *cleaner, r *rule, lines []*line, i, dir int) int {
	l := lines[i]
	if l.kind == hrLine {
		return 1
	}
	if l.kind != textLine || len(l.links) > 0 {
		return 0
	}
	for _, r := range l.text {
		if !unicode.IsSpace(r) && !isDecorationRune(r) {
			return 0
		}
	}
	return 1
}

// isDecorationRune reports whether r only decorates: geometric shapes,
// arrows, box drawing and the like, but not emoji or punctuation.
func isDecorationRune(r rune) bool {
	switch {
	case r >= 0x2190 && r <= 0x21ff, // arrows
		r >= 0x2500 && r <= 0x25ff,                               // box drawing, block elements, geometric shapes
		r >= 0x2700 && r <= 0x27bf && r != 0x2705 && r != 0x274c, // dingbats
		r >= 0x2b00 && r <= 0x2bff && r != 0x2b50 && r != 0x2b55, // arrows and shapes
		strings.ContainsRune("·•●○◆◇■□▲△▼▽★☆※✦✧❖〓", r):
		return true
	}
	return false
}

// dateLine finds the article's own date alone on a line at its start
// ("18 Mar 2021" under the title); the header shows the date already.
func dateLine(c *cleaner, r *rule, lines []*line, i, dir int) int {
	l := lines[i]
	if dir != 1 || l.kind != textLine || l.runes > 40 || c.date.IsZero() {
		return 0
	}
	if d, ok := parseDateLine(l.text); ok {
		y, m, day := c.date.Date()
		diff := d.Sub(time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
		if diff < 0 {
			diff = -diff
		}
		if diff <= 24*time.Hour {
			return 1
		}
	}
	return 0
}

// The shapes of a date alone on a line.
var (
	numericDate  = regexp.MustCompile(`^(?:\S+\s+)?(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*[（(]?[周星期礼拜][一二三四五六日天][）)]?)?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$`)
	dayMonthYear = regexp.MustCompile(`(?i)^(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})` + clockTime)
	monthDayYear = regexp.MustCompile(`(?i)^(?:[a-z]{3,9},?\s+)?([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})` + clockTime)
)

// clockTime is the time that may follow a date: "at 10:00 am", ", 9:30".
const clockTime = `(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)?$`

// parseDateLine reads a line that is nothing but a date, in the common
// shapes ("2021-03-18", "2021年3月18日", "18 Mar 2021", "March 18, 2021").
func parseDateLine(s string) (time.Time, bool) {
	var y, m, d string
	if g := numericDate.FindStringSubmatch(s); g != nil {
		y, m, d = g[1], g[2], g[3]
	} else if g := dayMonthYear.FindStringSubmatch(s); g != nil {
		y, m, d = g[3], monthNumber(g[2]), g[1]
	} else if g := monthDayYear.FindStringSubmatch(s); g != nil {
		y, m, d = g[3], monthNumber(g[1]), g[2]
	}
	if m == "" {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-1-2", y+"-"+m+"-"+d)
	return t, err == nil
}

func monthNumber(name string) string {
	i := slices.IndexFunc(months, func(m string) bool { return strings.HasPrefix(strings.ToLower(name), m) })
	if i < 0 || len(name) < 3 {
		return ""
	}
	return strconv.Itoa(i + 1)
}

var months = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// cssRule is CSS that reached the text: selectors and declarations.
var cssRule = regexp.MustCompile(`^(?:\s*[@.#]?[\w\-\[\]="':>~+*, .#]+\{[^{}]*[\w-]+\s*:\s*[^{};]+;?[^{}]*\}\s*)+$`)

// cssText finds style sheet text that is not inside a <style>.
func cssText(c *cleaner, r *rule, lines []*line, i, dir int) int {
	if l := lines[i]; l.kind == textLine && strings.Contains(l.text, "{") && cssRule.MatchString(l.text) {
		return 1
	}
	return 0
}

// repeatedCaption finds a caption that repeats its image's alt text,
// perhaps with a credit after it: the alt text shows with the image
// already.
func repeatedCaption(c *cleaner, r *rule, lines []*line, i, dir int) int {
	l := lines[i]
	if l.kind != textLine || len(l.links) > 0 || !c.underImage(lines, i) {
		return 0
	}
	var img *html.Node
	for j := i; j >= 0 && img == nil; j-- {
		if m := lines[j]; !m.removed && len(m.images) > 0 && (j < i || m.imageFirst()) {
			img = m.images[len(m.images)-1]
		}
	}
	if img == nil {
		return 0
	}
	alt, caption := titleKey(attr(img, "alt")), titleKey(l.text)
	if utf8.RuneCountInString(alt) < 4 {
		return 0
	}
	if alt == caption || strings.HasPrefix(caption, alt) && utf8.RuneCountInString(caption)-utf8.RuneCountInString(alt) <= 30 && agencyCredit.MatchString(strings.TrimSpace(l.text[len(l.text)-min(len(l.text), 60):])) {
		return 1
	}
	return 0
}

// agencyCredit ends a caption with the photographer and agency.
var agencyCredit = regexp.MustCompile(`(?:[\p{L}.'’ -]+/[\p{L}.'’ -]+|Getty Images|Reuters|AFP|AP|EPA|Shutterstock|视觉中国|图虫创意|东方IC|新华社|中新社)\s*$`)

// layoutTables unwraps tables of one cell, which lay a page out rather
// than hold data; glamour would squeeze the whole article into a cell.
func layoutTables(c *cleaner, body *html.Node, r *rule) {
	tables := elements(body, atom.Table)
	for _, t := range tables {
		var cells []*html.Node
		for n := range t.Descendants() {
			if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
				cells = append(cells, n)
			}
		}
		if len(cells) != 1 || !attached(t, body) {
			continue
		}
		c.record(r.name, "unwrap", r.furniture.reason, excerptOf(t))
		cell := cells[0]
		cell.DataAtom, cell.Data = atom.Div, "div"
		cell.Parent.RemoveChild(cell)
		t.Parent.InsertBefore(cell, t)
		remove(t)
	}
}

// codeCopyLabels removes the label of a code block's copy button, which
// reaches the code as its last line once the button's markup is gone
// ("复制代码", "Copy code").
func codeCopyLabels(c *cleaner, body *html.Node, r *rule) {
	pres := elements(body, atom.Pre)
	for _, pre := range pres {
		var last *html.Node
		for n := range pre.Descendants() {
			if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
				last = n
			}
		}
		if last == nil {
			continue
		}
		data := strings.TrimRightFunc(last.Data, unicode.IsSpace)
		i := strings.LastIndexByte(data, '\n')
		label := strings.TrimSpace(data[i+1:])
		code := strings.TrimSpace(textOf(pre))
		if !copyLabel.MatchString(label) || len(code) == len(label) {
			continue // the code itself, or a block that is only the label
		}
		c.record(r.name, "drop", r.furniture.reason, label)
		last.Data = data[:max(i, 0)]
	}
}

// copyLabel is the text of a code block's copy button.
var copyLabel = regexp.MustCompile(`(?i)^(?:复制代码|代码复制|一键复制|copy code|copy to clipboard)$`)

// furnitureImages drops placeholder, tracking and icon images, QR codes
// and the avatars of bylines, and clears alt text that is no caption: a
// file name, "image", or the title again.
func furnitureImages(c *cleaner, body *html.Node, r *rule) {
	imgs := elements(body, atom.Img)
	title := titleKey(c.title)
	for _, img := range imgs {
		src, alt := attr(img, "src"), collapse(attr(img, "alt"))
		switch {
		case qrCode.MatchString(alt) || qrCode.MatchString(src):
			c.record(r.name, "remove", "a QR code", src, img)
			remove(img)
		case placeholderImage.MatchString(src) || iconImage(img) || buttonImage(img, alt):
			c.record(r.name, "remove", "placeholder, icon or avatar image", src, img)
			if avatarImage(img) {
				c.avatarByline(body, img, r)
			}
			if alt != "" && utf8.RuneCountInString(alt) <= 3 && !strings.ContainsFunc(alt, unicode.IsLetter) {
				img.Parent.InsertBefore(&html.Node{Type: html.TextNode, Data: alt}, img) // an emoji
			}
			remove(img)
		case alt != "" && genericAlt(alt):
			c.record(r.name, "alt", "alt text that is no caption", alt)
			setAttr(img, "alt", "")
		case alt != "" && title != "" && sameTitle(titleKey(alt), title):
			c.record(r.name, "alt", "alt text that repeats the title", alt)
			setAttr(img, "alt", "")
		case title != "" && titleAndTags(alt, collapse(c.title)):
			c.record(r.name, "alt", "alt text that is the title and its tags", alt)
			setAttr(img, "alt", "")
		}
	}
}

// titleAndTags reports whether alt is the title followed by a list of
// keywords, as design portfolios fill it ("Mobile App music player stats
// fitness ux ui"): six or more lower-case words that hardly read as a
// sentence.
func titleAndTags(alt, title string) bool {
	rest, ok := strings.CutPrefix(alt, title)
	if !ok {
		return false
	}
	words := strings.Fields(rest)
	if len(words) < 6 {
		return false
	}
	stop := 0
	for _, w := range words {
		if !lowerWord.MatchString(w) {
			return false
		}
		if slices.Contains(stopWords, w) {
			stop++
		}
	}
	return stop <= 1
}

var (
	lowerWord = regexp.MustCompile(`^[\p{Ll}\p{N}][\p{Ll}\p{N}'’&-]*$`)
	stopWords = []string{"a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "with", "by", "over", "under", "and", "or", "is", "are", "was", "his", "her", "their", "its"}
)

// buttonImage reports whether img is a link's button or icon: it is
// inside a link and its alt text says so. A picture that links to its
// own larger file, or that is declared large, is the story's, whatever
// its alt text ("Princess Zelda and Link", "新版应用图标").
func buttonImage(img *html.Node, alt string) bool {
	a := ancestor(img, atom.A)
	if a == nil || !buttonAlt.MatchString(alt) || imageURL.MatchString(attr(a, "href")) {
		return false
	}
	return pixels(attr(img, "width")) <= 200 && pixels(attr(img, "height")) <= 200
}

// buttonAlt is the alt text of a picture that is a link's button or icon
// ("DL Author Profile link", "Twitter icon", "分享按钮").
var buttonAlt = regexp.MustCompile(`(?i)^(?:[\p{L}\p{N}]+ ){0,4}(?:icon|button|link)$|^\S{0,12}(?:图标|按钮)$`)

// qrCode is the alt text or URL of a QR code, which a terminal cannot
// scan and which only ever plugs an account or an app.
var qrCode = regexp.MustCompile(`(?i)二维码|qr[ _-]?code|erweima|扫码`)

// placeholderImage is the URL of an image that stands in for another.
var placeholderImage = regexp.MustCompile(`(?i)(?:placeholder|/blank\.(?:gif|png)|/spacer\.gif|/loading\.(?:gif|svg|png)|/lazy(?:load)?\.(?:gif|png|svg)|/grey\.gif|/pixel\.(?:gif|png)|/transparent\.(?:gif|png)|/1x1\.(?:gif|png)|/undefined$|/default\.(?:gif|png|jpe?g)$)`)

// avatarByline removes the byline beside an author's avatar at the start
// of the article ("某某，一句自我介绍"): the short text that shares the
// avatar's element, before any of the story.
func (c *cleaner) avatarByline(body, img *html.Node, r *rule) {
	box := img.Parent
	if box == nil || box == body || box.DataAtom == atom.Body {
		return
	}
	text := collapse(textOf(box))
	if text == "" || utf8.RuneCountInString(text) > 40 || strings.ContainsAny(text, "。！？!?") || runesBefore(body, box, 80) > 80 {
		return
	}
	var leaves []*html.Node
	for n := range box.Descendants() {
		switch {
		case n.DataAtom == atom.Img && n != img:
			return // a row of pictures, not a byline
		case n.Type == html.TextNode:
			leaves = append(leaves, n)
		}
	}
	c.record(r.name, "drop", "the byline beside an avatar", text, leaves...)
	for _, n := range leaves {
		remove(n)
	}
}

// runesBefore counts the runes of text before n in the body, up to limit
// and a little more.
func runesBefore(body, n *html.Node, limit int) int {
	count := 0
	for d := range body.Descendants() {
		if d == n || count > limit {
			break
		}
		if d.Type == html.TextNode {
			count += utf8.RuneCountInString(strings.TrimSpace(d.Data))
		}
	}
	return count
}

// avatarImage reports whether an image is named an avatar and not
// declared large: a film's poster may be named after "Avatar".
func avatarImage(img *html.Node) bool {
	return strings.Contains(strings.ToLower(attr(img, "class")+" "+attr(img, "src")), "avatar") &&
		pixels(attr(img, "width")) <= 200 && pixels(attr(img, "height")) <= 200
}

// iconImage reports whether an image is an icon, an emoji or an avatar:
// at most 40 pixels each way, or named an avatar.
func iconImage(img *html.Node) bool {
	if avatarImage(img) {
		return true
	}
	w, h := pixels(attr(img, "width")), pixels(attr(img, "height"))
	if w > 0 && h > 0 && w <= 40 && h <= 40 {
		return true
	}
	if m := sizedName.FindStringSubmatch(attr(img, "src")); m != nil {
		return pixels(m[1]) <= 80 && pixels(m[2]) <= 80
	}
	return false
}

// sizedName is a file name that gives the picture's size, as CMSs name
// their thumbnails ("Connor-Lau_img_60_60.png").
var sizedName = regexp.MustCompile(`[_-](\d{2,4})[_x-](\d{2,4})\.(?:png|jpe?g|gif|webp)$`)

func pixels(s string) int {
	n := 0
	for _, r := range strings.TrimSuffix(strings.TrimSpace(s), "px") {
		if r < '0' || r > '9' {
			return 0
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// genericAltText is alt text that names no picture: "image", a file name,
// a hash, a screenshot's default name.
var genericAltText = regexp.MustCompile(`(?i)^(?:image|img|picture|pic|photo|photograph|图片?|图像|配图|插图|照片|untitled|null|undefined|none|default|banner|ad|广告|二维码|qr ?code|(?:image|img|图片)\s*\d+|.*\.(?:jpe?g|png|gif|webp|bmp|svg|heic|avif)|[0-9a-f]{16,}|[\w-]*\d{6,}[\w-]*|微信图片_\S*|qq截图\S*|screenshot\S*|截屏\S*|屏幕截图\S*)$`)

func genericAlt(alt string) bool {
	return strings.TrimSpace(alt) == "" || genericAltText.MatchString(strings.TrimSpace(alt))
}
