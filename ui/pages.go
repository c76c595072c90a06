package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"newsreader/display"
	"newsreader/feed"
	"newsreader/render"
)

// pageKey identifies a rendered page in the cache.
type pageKey struct {
	path  string
	width int
	style string
	// header is set for a page that starts with the article's title and
	// metadata, because the window is too narrow for the title bar to show
	// the whole title. It depends on the window's width, which width does
	// not follow beyond max_width.
	header bool
}

// renderedMsg is the answer to a render request. req 0 is a prefetch.
type renderedMsg struct {
	req int
	key pageKey
	// forgets is Model.forgets as the render started.
	forgets int
	doc     *render.Document
	page    string
	err     error
}

// Bounds of the caches. Prepared documents are small and reused at every
// width; rendered pages are bigger, with colour codes.
const (
	maxDocs      = 256
	maxDocBytes  = 32 << 20
	maxPages     = 64
	maxPageBytes = 64 << 20
)

// pageKey is the cache key of article a rendered for the current window.
func (m *Model) pageKey(a *feed.Article) pageKey {
	titleRoom := m.width - display.Width(m.st.App.Render("newsreader")) - 1
	return pageKey{path: a.Path, width: m.renderWidth(), style: m.articleStyle(), header: display.Width(display.Printable(a.Title)) > titleRoom}
}

// renderWidth is the width articles are rendered at: the window's, up to
// the configured maximum.
func (m *Model) renderWidth() int {
	w := m.width
	if m.cfg.MaxWidth > 0 {
		w = min(w, m.cfg.MaxWidth)
	}
	return max(w, 20)
}

// renderCmd loads, prepares and renders an article in a command.
func (m *Model) renderCmd(req int, key pageKey) tea.Cmd {
	doc, cached := m.docs.get(key.path)
	arch, rules, loc, st, forgets := m.arch, m.rules, m.cfg.Timezone, m.glamour[key.style], m.forgets
	return m.crash.guard(func() tea.Msg {
		if !cached {
			r, err := rules()
			var art *feed.Article
			var body []byte
			if err == nil {
				art, body, err = arch.Load(key.path)
			}
			if err != nil {
				return renderedMsg{req: req, key: key, forgets: forgets, err: err}
			}
			doc = render.Prepare(art, body, render.Options{Rules: r, Location: loc})
		}
		// The title bar and the line under it show the title and the
		// metadata: render the body alone so that they do not appear
		// twice, unless the window is too narrow for the whole title.
		md := doc.Body
		if key.header {
			md = doc.Markdown
		}
		if strings.TrimSpace(doc.Body) == "" {
			// The crawler often stores a title and nothing else: say so
			// rather than show a blank page that looks unfinished.
			md += "\n*This article has no text.*\n"
		}
		page, err := render.Render(md, key.width, st)
		return renderedMsg{req: req, key: key, forgets: forgets, doc: doc, page: trimLeadingBlank(page), err: err}
	})
}

// trimLeadingBlank drops the blank lines a style puts above the first
// block: the reader keeps one blank line under its header whatever the
// style.
func trimLeadingBlank(page string) string {
	for {
		line, rest, ok := strings.Cut(page, "\n")
		if !ok || strings.TrimSpace(ansi.Strip(line)) != "" {
			return page
		}
		page = rest
	}
}

// prefetch renders the next article of the list ahead, once an article
// opened shows, so that n shows the next at once.
func (m *Model) prefetch() tea.Cmd {
	i := m.list.cursor + 1
	if !m.reader.opened || m.screen != readerScreen || i >= len(m.list.items) {
		return nil
	}
	m.reader.opened = false
	key := m.pageKey(m.list.items[i])
	if _, ok := m.pages.get(key); ok {
		return nil
	}
	return m.renderCmd(0, key)
}
