package render

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"newsreader/display"
	"newsreader/feed"
)

// Options are the settings of Prepare.
type Options struct {
	// Rules are the cleaning rules; nil means the built-in ones.
	Rules *Rules
	// Location is the zone the header's date is shown in; nil means
	// time.Local.
	Location *time.Location
	// Raw skips the cleaning rules (`show --raw`). Control characters and
	// unsafe URLs are still removed: that is safety, not cleaning.
	Raw bool
	// HTML fills Document.HTML, which only `show --format html` prints:
	// writing the tree out again was a twentieth of what the search
	// index's build allocated for an article.
	HTML bool
}

// Document is one article made ready for display. It holds no terminal
// state and can be rendered at any width and style.
type Document struct {
	// ID, Path, Title, Date, DateEstimated, Categories and Author are the
	// article's metadata, each made printable.
	ID            string
	Path          string
	Title         string
	Date          time.Time
	DateEstimated bool
	Categories    []string
	Author        string
	// Source is the original publisher the body names (a "来源：" line),
	// lifted out of the text by a rule.
	Source string
	// Markdown is the header (title, date, categories, byline) followed by
	// the cleaned body.
	Markdown string
	// Body is the cleaned body alone, for a reader that shows the header
	// its own way.
	Body string
	// HTML is the cleaned body as HTML, with only structural attributes,
	// when Options.HTML asked for it.
	HTML string
	// Links are the body's links and images, each URL once, in the order
	// of the numbers Render and RenderText give them: "text[3]" in the
	// text is Links[2]. Every URL is one SafeURL accepted.
	Links []Link
	// Report lists what the rules removed or rewrote, in order.
	Report []Action
}

// mdConverter is shared: the converter keeps per-call state in the call's
// context and is safe for concurrent use.
var mdConverter = converter.NewConverter(converter.WithPlugins(
	base.NewBasePlugin(),
	// The list end comment would separate adjacent lists with
	// "<!--THE END-->", which glamour prints.
	commonmark.NewCommonmarkPlugin(commonmark.WithListEndComment(false)),
	table.NewTablePlugin(
		table.WithHeaderPromotion(true),
		table.WithSpanCellBehavior(table.SpanBehaviorMirror),
		table.WithNewlineBehavior(table.NewlineBehaviorPreserve),
	),
	strikethrough.NewStrikethroughPlugin(),
))

// Prepare cleans an article body and converts it to Markdown with a
// header. body is the file's content after the front matter, as
// feed.ParseFile returns it. a may be nil (a bare HTML file).
//
// Prepare never fails: a body that is not HTML at all comes out as its
// text. Nor does it panic: the body comes from the web, and should it
// drive the cleaner or the converter into a panic (a bug), the Document
// holds the body's plain text instead, one paragraph per block, and its
// report says what happened, so that the reader still gets the article.
func Prepare(a *feed.Article, body []byte, opts Options) (doc *Document) {
	defer func() {
		if r := recover(); r != nil {
			doc = plainDocument(a, body, opts, r)
		}
	}()
	return prepareTree(a, parseBody(string(body)), opts)
}

// newDocument fills in the article's metadata, made printable.
func newDocument(a *feed.Article) *Document {
	if a == nil {
		a = &feed.Article{}
	}
	doc := &Document{
		ID:            a.ID,
		Path:          a.Path,
		Title:         display.Line(a.Title),
		Date:          a.Date,
		DateEstimated: a.DateEstimated,
		Author:        display.Line(a.Author),
	}
	for _, c := range a.Categories {
		if c = display.Line(c); c != "" {
			doc.Categories = append(doc.Categories, c)
		}
	}
	return doc
}

// prepareTree is Prepare on a parsed body; the corpus test uses it to look
// at the tree before and after cleaning.
func prepareTree(a *feed.Article, root *html.Node, opts Options) *Document {
	rules := opts.Rules
	if rules == nil {
		rules = defaultRules()
	}
	doc := newDocument(a)
	bodyNode := findBody(root)
	c := &cleaner{title: doc.Title, date: doc.Date}
	if !opts.Raw {
		c.rules = rules.matching(keyFor(bodyNode, doc.Categories, doc.Author))
	}
	c.clean(bodyNode)
	doc.Report = c.report
	doc.Source = display.Line(c.source)

	if opts.HTML {
		var buf bytes.Buffer
		for ch := bodyNode.FirstChild; ch != nil; ch = ch.NextSibling {
			_ = html.Render(&buf, ch) // a bytes.Buffer does not fail
		}
		doc.HTML = buf.String()
	}
	md := toMarkdown(bodyNode)
	if strings.TrimSpace(md) == "" && c.titleRemoved {
		md = noTextNote
	}
	doc.setBody(md, opts.Location)
	return doc
}

// setBody stores the body's Markdown and the whole Markdown with the
// header; loc nil means time.Local.
func (d *Document) setBody(md string, loc *time.Location) {
	if loc == nil {
		loc = time.Local
	}
	d.Body = strings.TrimRight(md, "\n") + "\n"
	d.Markdown = d.header(loc) + d.Body
	_, d.Links = references(d.Body, decorations{})
}

// noTextNote is the body of an article whose body repeats its title and
// says nothing else, as many crawled articles do.
const noTextNote = "*This article has no text beyond its title.*"

// urlToken stands in for link and image URLs during conversion: the
// converter re-encodes query strings ("imageView2/2/w/1000" becomes
// "imageView2%2F2%2Fw%2F1000"), which changes what some image servers
// return, so the original URLs are put back afterwards. The token starts
// with a control character, which sanitizeTree has removed from every text
// and attribute: an article that writes "](token" cannot have its text
// replaced by a URL, or name a URL that does not exist.
var urlToken = regexp.MustCompile(`\]\(\x01(\d+)`)

// markdownURL escapes what would end a Markdown link destination.
var markdownURL = strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E")

// toMarkdown converts the cleaned tree; it consumes the tree.
func toMarkdown(body *html.Node) string {
	var urls []string
	for n := range body.Descendants() {
		key := "href"
		if n.DataAtom == atom.Img {
			key = "src"
		} else if n.DataAtom != atom.A {
			continue
		}
		if v, ok := getAttr(n, key); ok {
			setAttr(n, key, "\x01"+strconv.Itoa(len(urls)))
			urls = append(urls, markdownURL.Replace(v))
		}
	}
	md, err := mdConverter.ConvertNode(body)
	if err != nil {
		// The converter only fails on its own configuration; fall back to
		// the text so that the reader still gets the article.
		return escapeMarkdown(strings.TrimSpace(textOf(body)))
	}
	out := tidyMarkdown(string(md))
	// Both patterns need a "](": a text without links is not copied twice
	// more (a regexp's Replace copies its input even when nothing
	// matches).
	if strings.Contains(out, "](") {
		out = urlToken.ReplaceAllStringFunc(out, func(m string) string {
			i, _ := strconv.Atoi(m[len("](\x01"):])
			return "](" + urls[i]
		})
		out = selfLink.ReplaceAllStringFunc(out, autolink)
	}
	return strings.TrimSpace(out)
}

// selfLink finds links whose text looks like a URL; autolink turns those
// whose text is their own URL into <URL>, which terminals show once
// instead of twice.
var (
	selfLink        = regexp.MustCompile(`\[((?:https?|mailto):[^\]\s]+)\]\(([^)\s]+)\)`)
	markdownEscapes = regexp.MustCompile("\\\\([!-/:-@\\[-`{-~])")
)

func autolink(m string) string {
	parts := selfLink.FindStringSubmatch(m)
	if markdownEscapes.ReplaceAllString(parts[1], "$1") != parts[2] {
		return m
	}
	return "<" + parts[2] + ">"
}

func (rs *Rules) matching(k articleKey) []*rule {
	var out []*rule
	for _, r := range rs.rules {
		if r.matches(k) {
			out = append(out, r)
		}
	}
	return out
}

// header renders the title as an H1 and one line of metadata:
// date · categories · byline.
func (d *Document) header(loc *time.Location) string {
	var meta []string
	if !d.Date.IsZero() {
		date := d.Date.In(loc).Format("2006-01-02 15:04")
		if d.DateEstimated {
			date += " (estimated)"
		}
		meta = append(meta, date)
	}
	if len(d.Categories) > 0 {
		meta = append(meta, strings.Join(d.Categories, " › "))
	}
	if by := d.Byline(); by != "" {
		meta = append(meta, by)
	}
	title := d.Title
	if title == "" {
		title = "(untitled)"
	}
	h := "# " + escapeInline(title) + "\n\n"
	if len(meta) > 0 {
		h += escapeMarkdown(strings.Join(meta, " · ")) + "\n\n"
	}
	return h
}

// Byline names who the article is by: the author, unless the category
// path already names it as the source, and the publisher the body names
// ("via 临江日报").
func (d *Document) Byline() string {
	by := d.Author
	if slices.Contains(d.Categories, by) {
		by = ""
	}
	if d.Source != "" && d.Source != d.Author {
		if by != "" {
			by += " "
		}
		by += "via " + d.Source
	}
	return by
}

// String returns the Markdown, so that a Document prints as itself.
func (d *Document) String() string { return d.Markdown }

// Explain formats the report for `newsreader explain`: one line per
// action, tab-separated (rule, action, selector, excerpt), for a terminal
// or for cut(1).
func (d *Document) Explain() string {
	var b strings.Builder
	for _, a := range d.Report {
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", a.Rule, a.Kind, a.Selector, a.Excerpt)
	}
	if d.Source != "" {
		fmt.Fprintf(&b, "source\t%s\n", d.Source)
	}
	return b.String()
}
