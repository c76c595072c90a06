package render

import (
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/html"
)

// Action is one thing the cleaner did to an article, so that `newsreader
// explain` can show why text vanished and a user can write a rule.
type Action struct {
	// Rule is the name of the rule in rules.yml, or "generic" for the
	// built-in clean-up that needs code (comments, hidden elements, videos,
	// unsafe links).
	Rule string
	// Kind is what happened: remove, unwrap, comment, drop (a paragraph
	// matched a text pattern), source (a paragraph became the source),
	// rewrite (a link or image URL), video, unsafe (a URL refused), or
	// panic (cleaning failed and the body's plain text is shown).
	Kind string
	// Selector is the CSS selector, pattern or attribute responsible.
	Selector string
	// Excerpt is the start of the affected text or URL.
	Excerpt string

	// nodes are what was removed and cut the text removed from a line,
	// for the corpus test's bookkeeping.
	nodes []*html.Node
	cut   string
}

const genericRule = "generic"

// cleaner holds one article's cleaning state; it is used once.
type cleaner struct {
	rules  []*rule
	title  string
	date   time.Time
	report []Action
	source string
	// titleRemoved says that a furniture rule removed the title repeated
	// in the body.
	titleRemoved bool
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
	if panicHook != nil {
		panicHook("clean", textOf(body))
	}
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
	c.removeFurniture(body)
	removeEmpty(body)
	stripAttributes(body)
	clampSpans(body)
	limitNesting(body)
}

func (c *cleaner) record(rule, kind, sel, excerpt string, nodes ...*html.Node) {
	c.report = append(c.report, Action{Rule: rule, Kind: kind, Selector: sel, Excerpt: shorten(excerpt), nodes: nodes})
}

// recordCut records the removal of text from a line that stays.
func (c *cleaner) recordCut(rule, kind, sel, cut string, nodes ...*html.Node) {
	c.record(rule, kind, sel, cut, nodes...)
	c.report[len(c.report)-1].cut = cut
}
