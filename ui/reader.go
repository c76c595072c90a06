package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"newsreader/display"
	"newsreader/feed"
	"newsreader/render"
)

// reader is the article screen: the rendered article in a viewport.
type reader struct {
	art *feed.Article
	vp  viewport.Model
	// shown is what the viewport holds; it differs from the wanted page
	// while a new width or style renders, and the old page stays until
	// then.
	shown pageKey
	// req numbers render requests: only the answer to the latest one is
	// shown.
	req      int
	loading  bool
	spinning bool
	spin     spinner.Model
	// opened is set until the page of a newly opened article shows:
	// then the next article is prefetched, but not after a resize.
	opened bool
	// resizes numbers window resizes, so that only the last of a burst
	// renders.
	resizes int
}

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
	req  int
	key  pageKey
	doc  *render.Document
	page string
	err  error
}

// spinnerDueMsg says that render request req has taken long enough to
// show the spinner.
type spinnerDueMsg struct{ req int }

// resizedMsg says that the window has kept its size since resize number
// seq.
type resizedMsg struct{ seq int }

// spinnerDelay is how long rendering may take before a spinner shows:
// less, and the spinner would only flicker.
const spinnerDelay = 100 * time.Millisecond

// resizeSettle is how long a window must keep its size before the open
// article renders again: dragging a window's edge sends many sizes.
const resizeSettle = 80 * time.Millisecond

// Bounds of the caches. Prepared documents are small and reused at every
// width; rendered pages are bigger, with colour codes.
const (
	maxDocs      = 256
	maxDocBytes  = 32 << 20
	maxPages     = 64
	maxPageBytes = 64 << 20
)

func newReader() reader {
	return reader{vp: viewport.New(), spin: spinner.New(spinner.WithSpinner(spinner.Dot))}
}

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

// open shows article a in the reader.
func (m *Model) open(a *feed.Article) tea.Cmd {
	m.screen = readerScreen
	m.reader.art = a
	m.reader.shown = pageKey{}
	m.reader.opened = true
	return m.showPage(0)
}

// showPage puts the open article's page for the current window in the
// viewport at scroll position pos (a fraction), from the cache or by
// asking for a render. While the render runs the previous page stays.
func (m *Model) showPage(pos float64) tea.Cmd {
	r := &m.reader
	key := m.pageKey(r.art)
	r.req++
	r.loading, r.spinning = false, false
	if key == r.shown {
		return nil
	}
	if page, ok := m.pages.get(key); ok {
		r.setPage(key, page, pos)
		return m.prefetch()
	}
	if r.shown.path != key.path {
		r.vp.SetContent("")
	}
	r.loading = true
	req := r.req
	return tea.Batch(m.renderCmd(req, key), tea.Tick(spinnerDelay, func(time.Time) tea.Msg { return spinnerDueMsg{req} }))
}

// renderCmd loads, prepares and renders an article in a command.
func (m *Model) renderCmd(req int, key pageKey) tea.Cmd {
	doc, cached := m.docs.get(key.path)
	arch, opts, st := m.arch, render.Options{Rules: m.rules, Location: m.cfg.Timezone}, m.glamour[key.style]
	return m.crash.guard(func() tea.Msg {
		if !cached {
			art, body, err := arch.Load(key.path)
			if err != nil {
				return renderedMsg{req: req, key: key, err: err}
			}
			doc = render.Prepare(art, body, opts)
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
		return renderedMsg{req: req, key: key, doc: doc, page: trimLeadingBlank(page), err: err}
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

// rendered stores a render's result and shows it if it is the latest
// request's.
func (m *Model) rendered(msg renderedMsg) tea.Cmd {
	if msg.doc != nil {
		m.docs.put(msg.key.path, msg.doc)
	}
	if msg.err == nil {
		m.pages.put(msg.key, msg.page)
	}
	r := &m.reader
	if msg.req != r.req || !r.loading {
		return nil
	}
	r.loading, r.spinning = false, false
	if msg.err != nil {
		r.shown = pageKey{}
		r.vp.SetContent(m.st.Warning.Render("Could not show this article: " + display.Printable(msg.err.Error())))
		return nil
	}
	pos := r.vp.ScrollPercent()
	if r.shown.path != msg.key.path {
		pos = 0
	}
	r.setPage(msg.key, msg.page, pos)
	return m.prefetch()
}

// setPage shows a rendered page scrolled to pos, a fraction of its
// length, so that a resize keeps the place being read.
func (r *reader) setPage(key pageKey, page string, pos float64) {
	r.shown = key
	r.vp.SetContent(page)
	r.vp.SetYOffset(int(pos * float64(max(0, r.vp.TotalLineCount()-r.vp.Height()))))
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

// spinnerDue starts the spinner if request req is still running.
func (m *Model) spinnerDue(msg spinnerDueMsg) tea.Cmd {
	r := &m.reader
	if msg.req != r.req || !r.loading || r.spinning {
		return nil
	}
	r.spinning = true
	return r.spin.Tick
}

// step opens the article delta places away in the list: n and p.
func (m *Model) step(delta int) tea.Cmd {
	i := m.list.cursor + delta
	switch {
	case i < 0:
		m.setMessage("this is the first article of the list", false)
		return nil
	case i >= len(m.list.items):
		m.setMessage("this is the last article of the list", false)
		return nil
	}
	m.list.cursor = i
	m.list.scroll(m.layout().bodyH)
	return m.open(m.list.items[i])
}

// readerView renders the reader's body: the viewport's lines.
func (m *Model) readerView() []string {
	r := &m.reader
	if r.spinning && r.vp.GetContent() == "" {
		return []string{"", "  " + r.spin.View() + " rendering…"}
	}
	return strings.Split(r.vp.View(), "\n")
}

// readerKey handles a key in the reader.
func (m *Model) readerKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &m.keys
	if d, ok := k.move(msg, m.reader.vp.Height()); ok {
		m.reader.vp.SetYOffset(m.reader.vp.YOffset() + d)
		return nil
	}
	switch {
	case key.Matches(msg, k.Back, k.Left):
		m.screen = browserScreen
		m.focus = listPane
		m.reader.loading, m.reader.spinning = false, false
		m.list.scroll(m.layout().bodyH)
	case key.Matches(msg, k.NextArticle):
		return m.step(1)
	case key.Matches(msg, k.PrevArticle):
		return m.step(-1)
	case key.Matches(msg, k.Pipe):
		m.prompting = true
		m.prompt.SetValue("")
	case key.Matches(msg, k.CopyPath):
		return m.copyPath(m.reader.art)
	}
	return nil
}

// readerMeta is the line under the title: date, category path and, once
// the article is loaded, its byline.
func (m *Model) readerMeta() string {
	a := m.reader.art
	date := a.Date.In(m.cfg.Timezone).Format("2006-01-02 15:04 Monday")
	if a.DateEstimated {
		date += " (estimated)"
	}
	meta := date + " · " + m.crumb(a.Categories)
	if doc, ok := m.docs.peek(a.Path); ok && doc.Byline() != "" {
		meta += " · " + doc.Byline()
	}
	return meta
}

// readerStatus is the reader's status line: the article's place in the
// list, how far down it is read, and the keys of the reader.
func (m *Model) readerStatus() string {
	r := &m.reader
	var parts []string
	if a := m.list.selected(); a != nil && a.Path == r.art.Path {
		parts = append(parts, fmt.Sprintf("%d/%d", m.list.cursor+1, len(m.list.items)))
	}
	switch {
	case r.spinning:
		parts = append(parts, r.spin.View())
	case !r.loading && r.shown.path != "":
		parts = append(parts, fmt.Sprintf("%.0f%%", r.vp.ScrollPercent()*100))
	}
	s := strings.Join(parts, " · ")
	k := &m.keys
	hints := m.help.ShortHelpView([]key.Binding{
		as(k.NextArticle, "next"), as(k.PrevArticle, "previous"), as(k.Pipe, "pipe"), as(k.CopyPath, "copy path"), as(k.Back, "back"),
	})
	return m.st.Status.Render(strings.TrimSpace(s)) + "  " + hints
}
