package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"newsreader/display"
	"newsreader/feed"
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
	// want is the place to show the article at once its page comes (see
	// position); text counts the text of the page shown, for position.
	want int
	text []int
	// find is the search in the article (see find.go); fromSearch is
	// set for an article opened from the search screen, where back goes.
	find       finder
	fromSearch bool
	// count is the number typed before o, 0 for none (see countKey).
	count int
	// gone is set when the article's file was deleted: the reader shows
	// what it loaded, and says so.
	gone bool
}

// spinnerDueMsg says that render request req has taken long enough to
// show the spinner.
type spinnerDueMsg struct{ req int }

// resizedMsg says that the window has kept its size since resize number
// seq.
type resizedMsg struct{ seq int }

// defaultSpinnerDelay is how long rendering may take before a spinner
// shows: less, and the spinner would only flicker.
const defaultSpinnerDelay = 100 * time.Millisecond

// defaultResizeSettle is how long a window must keep its size before the
// open article renders again: dragging a window's edge sends many sizes.
const defaultResizeSettle = 80 * time.Millisecond

func newReader() reader {
	return reader{
		vp:   viewport.New(),
		spin: spinner.New(spinner.WithSpinner(spinner.Dot)),
		find: finder{input: newLineInput("/", "find in the article")},
	}
}

// updateReader handles the reader's keys, the mouse wheel over it, the
// renders it asked for and its timers.
func (m *Model) updateReader(msg tea.Msg) tea.Cmd {
	r := &m.reader
	k := &m.keys
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if cmd, ok := m.findKey(msg); ok {
			return cmd
		}
		if d, ok := k.move(msg, r.vp.Height()); ok {
			r.vp.SetYOffset(r.vp.YOffset() + d)
			return nil
		}
		switch {
		case key.Matches(msg, k.Back, k.Close, k.Left):
			if m.warnings.reading {
				m.openWarnings() // where the article was opened from
				return nil
			}
			return m.leaveReader()
		case key.Matches(msg, k.NextArticle):
			return m.step(1)
		case key.Matches(msg, k.PrevArticle):
			return m.step(-1)
		case key.Matches(msg, k.Pipe):
			m.startPrompt()
		case key.Matches(msg, k.OpenLink):
			m.showLinks()
		case key.Matches(msg, k.Edit):
			if r.gone {
				// An editor would open an empty file of its name.
				m.setMessage("its file was deleted: there is nothing to edit", true)
				return nil
			}
			return m.edit(r.art)
		case key.Matches(msg, k.CopyPath):
			return m.copyPath(r.art)
		case key.Matches(msg, k.ToggleRead):
			return m.toggle(r.art, readToggle)
		case key.Matches(msg, k.ToggleStar):
			return m.toggle(r.art, starToggle)
		case key.Matches(msg, k.NextUnread):
			if m.toNextUnread(m.listIndex(r.art)) {
				return m.open(m.list.selected())
			}
		}
	case tea.MouseWheelMsg:
		if d := wheelDelta(msg); d != 0 {
			r.vp.ScrollDown(d)
		}
	case renderedMsg:
		return m.rendered(msg)
	case spinnerDueMsg:
		if msg.req == r.req && r.loading && !r.spinning {
			r.spinning = true
			return r.spin.Tick
		}
	case spinner.TickMsg:
		if r.spinning {
			// The spinner's own command for the next frame sleeps in a
			// tea.Tick; the frame goes through m.after instead, as every
			// timer of the interface does, so that tests can deliver it.
			r.spin, _ = r.spin.Update(msg)
			return m.after(r.spin.Spinner.FPS, r.spin.Tick())
		}
	case resizedMsg:
		if msg.seq == r.resizes {
			return m.rerender()
		}
	}
	return nil
}

// open shows article a in the reader, where it was left, and marks it
// read. The place reached in the article open before is kept.
func (m *Model) open(a *feed.Article) tea.Cmd {
	var keep tea.Cmd
	if m.screen == readerScreen {
		keep = m.keepPosition()
	}
	m.screen = readerScreen
	m.reader.art = a
	m.reader.shown = pageKey{}
	m.reader.opened = true
	m.reader.gone = false
	m.reader.want = m.marks.Of(a).Position
	m.reader.find.forget() // the other article's
	return tea.Batch(keep, m.markOpened(a), m.showPage(m.reader.want))
}

// leaveReader goes back to the list, on the article last read, and keeps
// the place reached in it.
func (m *Model) leaveReader() tea.Cmd {
	keep := m.keepPosition()
	m.reader.loading, m.reader.spinning = false, false
	if m.reader.fromSearch {
		m.reader.fromSearch = false
		m.screen = searchScreen
		return keep
	}
	m.screen = browserScreen
	m.focus = listPane
	m.list.scroll(m.layout().paneH)
	return keep
}

// step opens the article delta places away in the list, or among the
// search results for an article opened from them: n and p.
func (m *Model) step(delta int) tea.Cmd {
	if m.reader.fromSearch {
		return m.stepHit(delta)
	}
	at := m.listIndex(m.reader.art)
	i := at + delta
	if at < 0 && m.reader.gone {
		// Its file went, and its row with it: the articles around it
		// are where it was, in the list's order.
		at, _ = slices.BinarySearchFunc(m.list.items, m.reader.art, m.list.order.Compare)
		i = at + delta
		if delta > 0 {
			i-- // the article at at is the next already
		}
	}
	switch {
	case at < 0:
		m.setMessage("this article is not in the list, which n and p follow", false)
		return nil
	case i < 0:
		m.setMessage("this is the first article of the list", false)
		return nil
	case i >= len(m.list.items):
		m.setMessage("this is the last article of the list", false)
		return nil
	}
	m.list.cursor = i
	m.list.scroll(m.layout().paneH)
	return m.open(m.list.items[i])
}

// listIndex is the place of article a among the articles the list shows,
// -1 when it does not show it.
func (m *Model) listIndex(a *feed.Article) int {
	return slices.IndexFunc(m.list.items, func(b *feed.Article) bool { return b == a || b.Path == a.Path })
}

// showPage puts the open article's page for the current window in the
// viewport at place pos (see position), from the cache or by asking for
// a render. While the render runs the previous page stays.
func (m *Model) showPage(pos int) tea.Cmd {
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
		r.text = nil
	}
	r.want = pos
	r.loading = true
	req := r.req
	return tea.Batch(m.renderCmd(req, key), m.after(m.spinnerDelay, spinnerDueMsg{req}))
}

// rendered stores a render's result and shows it if it is the latest
// request's.
func (m *Model) rendered(msg renderedMsg) tea.Cmd {
	// A render that read its file before files changed may be stale: it
	// shows if still asked for (a changed open article is asked for
	// again), but fills no cache.
	if msg.forgets == m.forgets {
		if msg.doc != nil {
			m.docs.put(msg.key.path, msg.doc)
		}
		if msg.err == nil {
			m.pages.put(msg.key, msg.page)
		}
	}
	r := &m.reader
	if msg.req != r.req || !r.loading {
		return nil
	}
	r.loading, r.spinning = false, false
	if msg.err != nil {
		r.shown = pageKey{}
		r.text = nil
		r.vp.SetContent(m.st.Warning.Render("Could not show this article: " + display.Printable(msg.err.Error())))
		return nil
	}
	pos := r.want
	if r.shown.path == msg.key.path {
		pos = r.position() // a new width or style: the place on screen
	}
	r.setPage(msg.key, msg.page, pos)
	return m.prefetch()
}

// The place reached in an article is kept in a unit that no width
// changes: the share of the article's text above the top line on screen,
// in billionths. Text is what a page shows but its spaces, each line
// counting one more, so that no two lines have the same place; a page
// rewrapped at another width has the same text, in more or fewer lines,
// so that the place falls on the line where that text now is. (A share
// of the lines would drift, as headings and images take a line at any
// width while paragraphs take more the narrower the window; a line
// number would be another line at another width.)
const positionScale = 1_000_000_000

// pageText counts, for each line of a page, its text and that of the
// lines above it; the last entry is the whole page's.
func pageText(page string) []int {
	lines := strings.Split(page, "\n")
	out := make([]int, len(lines)+1)
	for i, l := range lines {
		n := 1
		for _, c := range ansi.Strip(l) {
			if !unicode.IsSpace(c) {
				n++
			}
		}
		out[i+1] = out[i] + n
	}
	return out
}

// position is the place of the page's top line on screen.
func (r *reader) position() int {
	top := r.vp.YOffset()
	if top <= 0 || top >= len(r.text)-1 {
		return 0
	}
	return int(int64(r.text[top]) * positionScale / int64(r.text[len(r.text)-1]))
}

// lineAt is the line of the page at place pos: the first whose place is
// pos or more.
func (r *reader) lineAt(pos int) int {
	if pos <= 0 || len(r.text) < 2 {
		return 0
	}
	total := int64(r.text[len(r.text)-1])
	line, _ := slices.BinarySearchFunc(r.text[:len(r.text)-1], pos, func(n, pos int) int {
		return cmp.Compare(int64(n)*positionScale/total, int64(pos))
	})
	return line
}

// setPage shows a rendered page at place pos.
func (r *reader) setPage(key pageKey, page string, pos int) {
	r.shown = key
	r.find.setPage(&r.vp, page)
	r.text = pageText(page)
	r.vp.SetYOffset(r.lineAt(pos))
	r.find.jumpIfDue(&r.vp)
}

// resizeReader fits the viewport to a body of bodyH rows. The open
// article renders again at the new width once the size has settled; the
// other articles when they are next opened.
func (m *Model) resizeReader(bodyH int) tea.Cmd {
	r := &m.reader
	r.vp.SetWidth(m.width)
	r.vp.SetHeight(max(0, bodyH-2)) // under the date line and a blank one
	if m.screen != readerScreen {
		return nil
	}
	r.resizes++
	return m.after(m.resizeSettle, resizedMsg{r.resizes})
}

// rerender shows the open article for the current width and style.
func (m *Model) rerender() tea.Cmd {
	if m.screen != readerScreen || m.width == 0 {
		return nil
	}
	return m.showPage(m.reader.position())
}

// readerView renders the reader's body: the date line, a blank line and
// the viewport's lines.
func (m *Model) readerView() []string {
	r := &m.reader
	head := []string{m.st.Muted.Render(display.Fit(" "+m.readerMeta(), m.width)), ""}
	if r.spinning && r.vp.GetContent() == "" {
		return append(head, "", "  "+r.spin.View()+" rendering…")
	}
	return append(head, strings.Split(r.vp.View(), "\n")...)
}

// readerMeta is the line under the title: date, category path and, once
// the article is loaded, its byline.
func (m *Model) readerMeta() string {
	a := m.reader.art
	date := a.Date.In(m.cfg.Timezone).Format("2006-01-02 15:04 Monday")
	if a.DateEstimated {
		// The file's time is often a copy's: an estimate, said as one.
		date = "no date · file modified " + a.Date.In(m.cfg.Timezone).Format("2006-01-02 15:04")
	}
	meta := date + " · " + crumb(a.Categories)
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
	if r.count > 0 {
		parts = append(parts, m.countStatus())
	}
	if v := &m.searching; r.fromSearch && v.cursor < len(v.hits) && v.hits[v.cursor].Path == r.art.Path {
		of := display.Thousands(v.total)
		if v.more {
			of += "+"
		}
		parts = append(parts, "result "+display.Thousands(v.cursor+1)+"/"+of)
	} else if a := m.list.selected(); a != nil && a.Path == r.art.Path {
		parts = append(parts, fmt.Sprintf("%d/%d", m.list.cursor+1, len(m.list.items)))
	}
	switch {
	case r.spinning:
		parts = append(parts, r.spin.View())
	case !r.loading && r.shown.path != "":
		parts = append(parts, fmt.Sprintf("%.0f%%", r.vp.ScrollPercent()*100))
	}
	if mk := m.marks.Of(r.art); mk.Starred {
		parts = append(parts, "starred")
	} else if !mk.Read {
		parts = append(parts, "unread")
	}
	if m.pipe.running {
		parts = append(parts, "| "+display.Printable(m.pipe.line)+" running…")
	}
	k := &m.keys
	hints := []key.Binding{
		as(k.NextArticle, "next"), as(k.PrevArticle, "previous"), as(k.OpenLink, "links"), as(k.Pipe, "pipe"), as(k.Edit, "edit"), as(k.CopyPath, "copy path"), hint("back", k.Back, k.Close),
	}
	if f := m.findStatus(); f != "" {
		parts = append(parts, f)
		if r.find.active() {
			hints = []key.Binding{as(k.NextArticle, "next match"), as(k.PrevMatch, "previous"), as(k.Back, "clear"), as(k.Close, "back")}
		}
	}
	s := m.st.Status.Render(strings.TrimSpace(strings.Join(parts, " · ")))
	if r.gone {
		s = m.st.Warning.Render(goneText) + m.st.Status.Render(" · ") + s
	}
	return s + "  " + m.help.ShortHelpView(hints)
}
