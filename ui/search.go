package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"newsreader/display"
	"newsreader/feed"
	"newsreader/render"
	"newsreader/search"
	"newsreader/store"
)

// searchView is the search screen: a query line, and the archive's
// articles that match it, ranked, each with a line of its text around the
// matches. It searches the store's full-text index, which it brings up to
// date in the background (see indexSearch).
type searchView struct {
	input lineInput
	// typing is set while keys go to the query line; else they move in
	// the results.
	typing bool
	// from is the screen search was opened from, where back goes.
	from screen
	// req numbers the queries as they are typed: a debounce timer or an
	// answer for any but the latest is dropped.
	req int
	// text is the query of the results shown (hits, of total found, and
	// more when the total is only how far a phrase was counted), err why
	// it gave none.
	text  string
	hits  []search.Hit
	total int
	more  bool
	err   error
	// running is set from the query's timer to its answer; paging while
	// the next page of results is asked for. q is the query of the
	// results shown, for their next page.
	running, paging bool
	q               *search.Query
	// cancel stops the query or page running, when a newer query starts
	// (its answer would be dropped, and it takes the processor from the
	// next) or the interface quits (the store's close waits for it).
	cancel         context.CancelFunc
	cursor, offset int
	// snippetW is the width the results' snippets were asked for: a
	// window resized to another asks for them again.
	snippetW int
	index    indexState
}

// indexState is the search index's update in the background.
type indexState struct {
	// running is set while an update runs; again when the whole index
	// must be compared after it (see indexSearch).
	running, again bool
	// changes are the watcher's batches applied since the last update
	// began, for the next (see indexChanges).
	changes     []feed.Changes
	done, total int
	merging     bool
	err         error
	// cancel stops it, when the interface quits: the store closes only
	// once it has stopped.
	cancel context.CancelFunc
}

// searchDebounce is how long the query must stay unchanged before it
// runs: a query of each key typed would search for 企 before 企业.
const searchDebounce = 150 * time.Millisecond

// searchPage is how many results the screen asks for at a time: more
// come when the cursor reaches the last. Each costs a snippet, about
// 0.4 ms at 100,000 articles.
const searchPage = 50

// searchDueMsg says that query number req has stayed unchanged for
// searchDebounce.
type searchDueMsg struct{ req int }

// searchedMsg is the answer to query number req.
type searchedMsg struct {
	req int
	// offset is the number of results before this page's.
	offset int
	text   string
	q      *search.Query
	res    *search.Results
	err    error
}

// indexProgressMsg reports the search index's update, with the command
// that waits for the next report.
type indexProgressMsg struct {
	p    search.Progress
	next tea.Cmd
}

func (msg indexProgressMsg) chain(next tea.Cmd) tea.Msg {
	msg.next = next
	return msg
}

// indexedMsg ends the search index's update.
type indexedMsg struct {
	p   search.Progress
	err error
}

func newSearchView() searchView {
	return searchView{input: newLineInput("search: ", "words, \"a phrase\", -word, a OR b, title: source: author: since: is:unread")}
}

// openSearch shows the search screen, its query line ready for typing,
// with the results of the last search if any. The place reached in the
// article open is kept, as when the reader is left.
func (m *Model) openSearch() tea.Cmd {
	v := &m.searching
	var keep tea.Cmd
	if m.screen == readerScreen {
		m.reader.fromSearch = false
		keep = m.keepPosition()
	}
	if m.screen != searchScreen {
		v.from = m.screen
	}
	m.screen = searchScreen
	v.typing = true
	return keep
}

// leaveSearch goes back to where the search screen was opened from.
func (m *Model) leaveSearch() tea.Cmd {
	v := &m.searching
	v.typing = false
	m.screen = v.from
	if m.screen == readerScreen {
		return m.rerender()
	}
	return nil
}

// updateSearch handles the search screen's keys, its query line's while
// it is typed, and its timers and answers, wherever the user is.
func (m *Model) updateSearch(msg tea.Msg) tea.Cmd {
	v := &m.searching
	switch msg := msg.(type) {
	case searchDueMsg:
		if msg.req == v.req {
			return m.runSearch()
		}
		return nil
	case searchedMsg:
		m.searched(msg)
		return nil
	case indexProgressMsg:
		v.index.done, v.index.total, v.index.merging = msg.p.Done, msg.p.Total, msg.p.Merging
		return msg.next
	case indexedMsg:
		return m.indexed(msg)
	case tea.KeyPressMsg:
		if v.typing {
			return m.searchTyping(msg)
		}
		return m.searchKey(msg)
	case tea.MouseWheelMsg:
		v.move(wheelDelta(msg), m.searchRows())
		return m.nextPage()
	}
	if v.typing {
		return m.searchTyping(msg)
	}
	return nil
}

// searchTyping edits the query line. The arrows move in the results,
// enter opens the one under the cursor, esc leaves the line for the
// results (and the screen, when there are none).
func (m *Model) searchTyping(msg tea.Msg) tea.Cmd {
	v := &m.searching
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "esc":
			if len(v.hits) == 0 {
				return m.leaveSearch()
			}
			v.typing = false
			return nil
		case "enter":
			return m.openHit()
		case "up":
			v.move(-1, m.searchRows())
			return nil
		case "down":
			v.move(1, m.searchRows())
			return m.nextPage()
		case "pgup", "pgdown":
			return m.searchKey(k)
		}
	}
	changed, cmd := v.input.update(msg)
	if changed {
		v.req++
		cmd = tea.Batch(cmd, m.after(searchDebounce, searchDueMsg{v.req}))
	}
	return cmd
}

// searchKey handles the keys of the results: movement, open, back, and
// / or the search key to type again.
func (m *Model) searchKey(msg tea.KeyPressMsg) tea.Cmd {
	v, k := &m.searching, &m.keys
	if d, ok := k.move(msg, m.searchRows()); ok {
		v.move(d, m.searchRows())
		return m.nextPage()
	}
	switch {
	case key.Matches(msg, k.Open, k.Right):
		return m.openHit()
	case key.Matches(msg, k.Back, k.Close, k.Left):
		return m.leaveSearch()
	case key.Matches(msg, k.Filter, k.Search):
		v.typing = true
	}
	return nil
}

// move moves the cursor by delta results and keeps it among the rows
// results shown.
func (v *searchView) move(delta, rows int) {
	if len(v.hits) == 0 {
		return
	}
	v.cursor = clamp(v.cursor+delta, 0, len(v.hits)-1)
	v.offset = follow(v.offset, v.cursor, rows, len(v.hits))
}

// searchRows is how many results fit on the screen, two lines each under
// the head (searchHead); at least one.
func (m *Model) searchRows() int { return max(1, (m.layout().bodyH-m.searchHead())/2) }

// searchHead is how many lines are above the results: the query line,
// the count, and a blank line when a result fits under the three, so
// that in a window of five lines one still shows.
func (m *Model) searchHead() int {
	if m.layout().bodyH < 5 {
		return 2
	}
	return 3
}

// runSearch parses the query typed and searches for it in a command. A
// query that cannot be read says why at once.
func (m *Model) runSearch() tea.Cmd {
	v := &m.searching
	v.q = nil // until the answer, no page follows the results shown
	text := strings.TrimSpace(v.input.Value())
	if text == "" {
		v.text, v.hits, v.total, v.more, v.err, v.running = "", nil, 0, false, nil, false
		return nil
	}
	q, err := search.Parse(text, search.ParseOptions{Location: m.cfg.Timezone, Now: m.now()})
	if err != nil {
		v.text, v.hits, v.total, v.more, v.err, v.running = text, nil, 0, false, err, false
		return nil
	}
	switch {
	case m.store == nil:
		v.text, v.hits, v.err = text, nil, errors.New("search needs the store, where its index is kept, and it could not be opened")
		return nil
	case !m.cached:
		v.text, v.hits, v.err = text, nil, errors.New("search needs the archive's index in the store, which could not be read (see the warnings)")
		return nil
	}
	v.running, v.paging = true, false
	if v.cancel != nil {
		v.cancel()
	}
	ctx, cancel := context.WithCancel(m.ctx)
	v.cancel = cancel
	// The query shown, run again on an index brought up to date, asks
	// for as many results as are shown, so that the cursor keeps its
	// place among them.
	limit := searchPage
	if text == v.text {
		limit = max(limit, len(v.hits))
	}
	return m.searchCmd(ctx, q, text, 0, limit)
}

// moreHits reports whether more results were found than are shown.
func (v *searchView) moreHits() bool { return len(v.hits) < v.total || v.more }

// nextPage asks for the next page of results when the cursor is on the
// last result there is and more were found.
func (m *Model) nextPage() tea.Cmd {
	v := &m.searching
	if v.paging || v.running || v.q == nil || v.cursor < len(v.hits)-1 || !v.moreHits() {
		return nil
	}
	v.paging = true
	if v.cancel != nil {
		v.cancel()
	}
	ctx, cancel := context.WithCancel(m.ctx)
	v.cancel = cancel
	return m.searchCmd(ctx, v.q, v.text, len(v.hits), searchPage)
}

// searchCmd searches for q in a command, limit results after offset of
// them.
func (m *Model) searchCmd(ctx context.Context, q *search.Query, text string, offset, limit int) tea.Cmd {
	opts := search.Options{Limit: limit, Offset: offset, SnippetWidth: m.snippetWidth()}
	if offset == 0 {
		m.searching.snippetW = opts.SnippetWidth
	}
	if q.NeedsMarks() {
		opts.Marks = m.markSet()
	}
	st, req := m.store, m.searching.req
	return m.crash.guard(func() tea.Msg {
		idx, err := st.Search(ctx)
		var res *search.Results
		if err == nil {
			res, err = idx.Search(ctx, q, opts)
		}
		return searchedMsg{req: req, offset: offset, text: text, q: q, res: res, err: err}
	})
}

// snippetWidth is the width of the results' snippets in the window.
func (m *Model) snippetWidth() int { return max(20, m.width-len(snippetIndent)-1) }

// resizeSearch keeps the results' cursor on screen in a window of another
// size, and asks for the results again when their snippets were made for
// another width, once the window has kept its size for the debounce.
func (m *Model) resizeSearch() tea.Cmd {
	v := &m.searching
	v.offset = follow(v.offset, v.cursor, m.searchRows(), len(v.hits))
	if v.text == "" || v.err != nil || v.snippetW == m.snippetWidth() {
		return nil
	}
	v.req++
	return m.after(searchDebounce, searchDueMsg{v.req})
}

// searched shows the answer to the latest query; older ones are dropped.
func (m *Model) searched(msg searchedMsg) {
	v := &m.searching
	if msg.req != v.req {
		return
	}
	if msg.offset > 0 {
		// The next page: kept unless it failed, when the cursor's next
		// move asks again.
		if v.paging && msg.offset == len(v.hits) && msg.err == nil {
			v.hits = append(v.hits, msg.res.Hits...)
			// Counted further, to the end of this page.
			v.total, v.more = msg.res.Total, msg.res.More
		}
		v.paging = false
		return
	}
	v.running = false
	if v.cancel != nil {
		v.cancel()
	}
	// The same query again (the index brought up to date) keeps the
	// cursor on its article, which the user may have just read.
	var on string
	if msg.text == v.text && v.cursor < len(v.hits) {
		on = v.hits[v.cursor].Path
	}
	v.text, v.q, v.err = msg.text, msg.q, msg.err
	v.hits, v.total, v.more = nil, 0, false
	if msg.err == nil {
		v.hits, v.total, v.more = msg.res.Hits, msg.res.Total, msg.res.More
	}
	i := slices.IndexFunc(v.hits, func(h search.Hit) bool { return h.Path == on })
	if on == "" || i < 0 {
		v.cursor, v.offset = 0, 0
		return
	}
	v.cursor = i
	v.offset = follow(v.offset, i, m.searchRows(), len(v.hits))
}

// markSet is a copy of the marks of the articles, by ID, for a search's
// is: filters in a command, while Update goes on changing the marks.
type markSet map[string]store.Mark

// Read reports whether article id is marked read, for search.Marks.
func (s markSet) Read(id string) bool { return s[id].Read }

// Starred reports whether article id is starred, for search.Marks.
func (s markSet) Starred(id string) bool { return s[id].Starred }

// markSet copies the marks of the index's articles, by the IDs the
// search index knows them by: their primary copies'.
func (m *Model) markSet() markSet {
	s := markSet{}
	for _, a := range m.ix.Articles() {
		if mk := m.marks.Of(a); mk.Read || mk.Starred {
			s[a.ID] = mk
		}
	}
	return s
}

// openHit opens the result under the cursor in the reader, showing the
// query's matches from the first, as the index found them.
func (m *Model) openHit() tea.Cmd {
	v := &m.searching
	if v.cursor >= len(v.hits) {
		return nil
	}
	h := v.hits[v.cursor]
	a, err := m.ix.Lookup(h.Path)
	if err != nil {
		// Gone from the listing since: shown from what the search knows.
		a = &feed.Article{ID: h.ID, Path: h.Path, Title: h.Title, Categories: h.Categories, Author: h.Author, Date: h.Date, DateEstimated: h.DateEstimated}
	}
	q, err := search.Parse(v.text, search.ParseOptions{Location: m.cfg.Timezone, Now: m.now()})
	if err != nil {
		return nil // the results shown were found by it: it parsed then
	}
	v.typing = false
	cmd := m.open(a)
	m.reader.fromSearch = true
	hl := search.NewHighlighter(q)
	m.reader.find.show(&m.reader.vp, q, func(s string) []search.Range { return hl.Matches(s, search.Body) })
	return cmd
}

// stepHit opens the result delta away from the open one, for n and p in
// an article opened from the search results: there they follow the
// results, as they follow the list for an article opened from it. Past
// the results fetched it asks for the next page, to step into once it
// has come.
func (m *Model) stepHit(delta int) tea.Cmd {
	v := &m.searching
	i := v.cursor + delta
	switch {
	case v.cursor >= len(v.hits) || v.hits[v.cursor].Path != m.reader.art.Path:
		m.setMessage("this article is no longer among the search's results, which n and p follow", false)
		return nil
	case i < 0:
		m.setMessage("this is the first result of the search", false)
		return nil
	case i >= len(v.hits) && v.moreHits():
		m.setMessage("more results are coming: n again once they have", false)
		return m.nextPage()
	case i >= len(v.hits):
		m.setMessage("this is the last result of the search", false)
		return nil
	}
	v.move(delta, m.searchRows())
	return m.openHit()
}

// indexSearch brings the search index up to date with the index on
// screen, in the background; searches meanwhile find what is indexed,
// the newest articles first. One runs at a time: asked again meanwhile,
// it runs again after.
func (m *Model) indexSearch() tea.Cmd {
	x := &m.searching.index
	if m.store == nil || !m.cached {
		return nil
	}
	if x.running {
		x.again = true
		return nil
	}
	items := store.SearchItems(m.ix) // holds what the changes brought
	return m.startIndex(func(ctx context.Context, st *store.Store, r *render.Rules, progress func(search.Progress)) (search.Progress, error) {
		return st.SyncSearch(ctx, items, r, progress)
	})
}

// indexChanges indexes for search what the watcher's batches changed,
// and nothing else (see store.UpdateSearch): comparing the whole index
// cost a tenth of a second of processor time at 100,000 articles, and a
// second or more at 1,000,000, for each new file. What comes while an
// update runs waits for it to end.
func (m *Model) indexChanges(changes []feed.Changes) tea.Cmd {
	x := &m.searching.index
	if m.store == nil || !m.cached {
		return nil
	}
	x.changes = append(x.changes, changes...)
	if x.running {
		return nil
	}
	items, gone := store.SearchChanges(m.ix, x.changes)
	if items == nil && gone == nil {
		x.changes = nil
		return nil
	}
	return m.startIndex(func(ctx context.Context, st *store.Store, r *render.Rules, progress func(search.Progress)) (search.Progress, error) {
		return st.UpdateSearch(ctx, items, gone, r, progress)
	})
}

// startIndex runs an update of the search index in the background,
// with the rules, reporting its progress; it takes the changes waiting,
// which the index on screen holds.
func (m *Model) startIndex(update func(context.Context, *store.Store, *render.Rules, func(search.Progress)) (search.Progress, error)) tea.Cmd {
	x := &m.searching.index
	ctx, cancel := context.WithCancel(m.ctx)
	*x = indexState{running: true, cancel: cancel}
	st, rules, crash := m.store, m.rules, m.crash
	ch := make(chan tea.Msg, 1)
	var p search.Progress
	return aside(ctx, ch, crash, "indexing for search", func() error {
		r, err := rules()
		if err != nil {
			return err
		}
		p, err = update(ctx, st, r, func(p search.Progress) {
			select {
			case ch <- indexProgressMsg{p: p}:
			default: // the last report is not read yet: skip this one
			}
		})
		return err
	}, func(err error) tea.Msg { return indexedMsg{p: p, err: err} })
}

// indexed ends the search index's update: the query shown runs again on
// the whole index, and another update follows if the archive changed.
func (m *Model) indexed(msg indexedMsg) tea.Cmd {
	x := &m.searching.index
	x.running = false
	if x.cancel != nil {
		x.cancel()
	}
	x.done, x.total, x.merging = msg.p.Done, msg.p.Total, false
	if msg.err != nil && !errors.Is(msg.err, context.Canceled) {
		x.err = msg.err
	}
	var cmds []tea.Cmd
	switch {
	case x.again:
		cmds = append(cmds, m.indexSearch())
	case len(x.changes) > 0:
		cmds = append(cmds, m.indexChanges(nil))
	}
	if (msg.p.Done > 0 || msg.p.Deleted > 0) && m.searching.text != "" {
		m.searching.req++
		cmds = append(cmds, m.runSearch())
	}
	return tea.Batch(cmds...)
}

// snippetIndent starts a result's second line, its snippet.
const snippetIndent = "    "

// searchView renders the search screen's body: the query line, what
// was found (or why nothing was), and the results.
func (m *Model) searchView() []string {
	v := &m.searching
	in, _ := v.input.view(m.width - 1)
	// The info line says why nothing was found: cut, it shows it was.
	lines := []string{" " + in, " " + display.Truncate(m.searchInfo(), m.width-1), ""}[:m.searchHead()]
	rows := m.searchRows()
	dateW := len("2006-01-02 15:04")
	catW := clamp((m.width-dateW)/4, 6, 30)
	titleW := max(1, m.width-1-dateW-2-catW-2)
	for i := v.offset; i < len(v.hits) && i < v.offset+rows; i++ {
		h := v.hits[i]
		// As the list does, nothing the file does not state.
		date := display.Pad("no date", dateW)
		if !h.DateEstimated {
			date = h.Date.In(m.cfg.Timezone).Format("2006-01-02 15:04")
		}
		cat := display.Fit(crumb(h.Categories), catW)
		if i == v.cursor {
			sel := m.st.cursor(!v.typing)
			title := display.Truncate(display.Printable(h.Title), titleW)
			snippet := display.Truncate(display.Printable(h.Snippet.Text), m.width-len(snippetIndent))
			lines = append(lines,
				sel.Render(display.Pad(" "+date+"  "+cat+"  "+title, m.width)),
				sel.Render(display.Pad(snippetIndent+snippet, m.width)))
			continue
		}
		plain := lipgloss.NewStyle()
		lines = append(lines,
			" "+m.st.Muted.Render(date+"  "+cat)+"  "+markedFit(h.Title, h.TitleMatches, titleW, plain, m.st.Match),
			snippetIndent+markedFit(h.Snippet.Text, h.Snippet.Matches, m.width-len(snippetIndent), m.st.Muted, m.st.Match))
	}
	return lines
}

// searchInfo is the line under the query: what was found, or why not,
// and the index's update while it runs.
func (m *Model) searchInfo() string {
	v := &m.searching
	var s string
	switch {
	case v.err != nil:
		return m.st.Warning.Render(display.Printable(v.err.Error()))
	case v.text == "" && v.running:
		s = "searching…"
	case v.text == "":
		s = "type to search the text, titles, sources and authors of every article"
	case v.total == 0:
		s = "no article found"
	case v.moreHits():
		s = fmt.Sprintf("%s of %s found", display.Thousands(len(v.hits)), search.Found(v.total, v.more))
	default:
		s = search.Found(v.total, v.more) + " found"
	}
	if v.running && v.text != "" {
		s += " · searching…"
	}
	x := &v.index
	switch {
	case x.running && x.merging:
		s += " · merging the search index…"
	case x.running && x.total > 0:
		s += fmt.Sprintf(" · indexing %s of %s…", display.Thousands(x.done), display.Thousands(x.total))
	case x.running:
		s += " · checking the search index…"
	case x.err != nil:
		return m.st.Muted.Render(s+" · ") + m.st.Warning.Render(display.Printable("the index could not be updated: "+x.err.Error()))
	}
	return m.st.Muted.Render(s)
}

// searchStatus is the status line of the search screen: its keys.
func (m *Model) searchStatus() string {
	k := &m.keys
	if v := &m.searching; v.typing {
		if len(v.hits) == 0 {
			return m.help.ShortHelpView([]key.Binding{helpOnly("esc", "back")})
		}
		return m.help.ShortHelpView([]key.Binding{
			helpOnly("↑/↓", "move"), helpOnly("enter", "open"), helpOnly("esc", "to the results"),
		})
	}
	return m.help.ShortHelpView([]key.Binding{
		hint("move", k.Down, k.Up), as(k.Open, "open"), hint("edit the query", k.Filter, k.Search), hint("back", k.Back, k.Close),
	})
}

// markedFit fits s to width cells with its ranges in match and the rest
// in text: each part made printable, the last cut with an ellipsis.
func markedFit(s string, rs []search.Range, width int, text, match lipgloss.Style) string {
	var b strings.Builder
	room := width
	emit := func(part string, st lipgloss.Style) bool {
		part = display.Printable(part)
		w := display.Width(part)
		if w > room {
			b.WriteString(st.Render(display.Truncate(part, room)))
			room = 0
			return false
		}
		room -= w
		b.WriteString(st.Render(part))
		return true
	}
	last := 0
	for _, r := range rs {
		if r.Start < last || r.End > len(s) {
			continue
		}
		if !emit(s[last:r.Start], text) || !emit(s[r.Start:r.End], match) {
			return b.String()
		}
		last = r.End
	}
	emit(s[last:], text)
	return b.String()
}

// searchHelp is the help of the search screen.
func (m *Model) searchHelp(general helpGroup) []helpGroup {
	k := &m.keys
	return []helpGroup{
		{"Results", []key.Binding{
			as(k.Down, "next result"), as(k.Up, "previous result"), as(k.Top, "first"), as(k.Bottom, "last"), k.PageDown, k.PageUp,
			either("open, at the first match", k.Open, k.Right), either("edit the query", k.Filter, k.Search),
			either("back to where search was opened", k.Back, k.Close, k.Left),
		}},
		{"Query line", []key.Binding{
			helpOnly("↑/↓", "move in the results"), helpOnly("enter", "open the result"), helpOnly("esc", "to the results"),
			helpOnly("a b", "both words"), helpOnly("\"a b\"", "the phrase"), helpOnly("-a", "without a"), helpOnly("a OR b", "either"),
			helpOnly("title: source: author:", "in that field"), helpOnly("since: until:", "dates: 2024-01-31, 3d, 2w"),
			helpOnly("is:unread is:starred", "by the marks"),
		}},
		general,
	}
}
