package render

import (
	"fmt"
	"html"
	"strings"

	"newsreader/display"
	"newsreader/feed"
)

// panicHook, when set, is called by the cleaner with an article's text and
// by each rendering goroutine with its piece of Markdown, with stage
// "clean" or "render". Tests set it to panic on a chosen input, to check
// that a panic is contained where untrusted text is handled; it is nil
// otherwise.
var panicHook func(stage, input string)

// plainDocument is Prepare's fallback when cleaning panicked: the body's
// text, one escaped paragraph per block, and a report naming the panic.
func plainDocument(a *feed.Article, body []byte, opts Options, cause any) (doc *Document) {
	doc = newDocument(a)
	doc.Report = []Action{{Rule: genericRule, Kind: "panic", Selector: "plain text shown", Excerpt: shorten(fmt.Sprint(cause))}}
	defer func() {
		if recover() != nil { // the fallback failed too: keep the metadata
			doc.HTML = ""
			doc.setBody("", opts.Location)
		}
	}()
	var md, h strings.Builder
	for _, t := range blockTexts(string(body)) {
		if t = display.Line(t); t != "" {
			md.WriteString(escapeMarkdown(t) + "\n\n")
			h.WriteString("<p>" + html.EscapeString(t) + "</p>\n")
		}
	}
	if opts.HTML {
		doc.HTML = h.String()
	}
	doc.setBody(md.String(), opts.Location)
	return doc
}
