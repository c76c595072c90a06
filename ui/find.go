package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"newsreader/display"
	"newsreader/search"
)

// finder is a search in the open article, as less's and glow's /: the
// matches of a query in the rendered page, highlighted, one of them the
// current, which n and N move. It is also how an article opened from the
// search screen shows that search's matches.
type finder struct {
	input  lineInput
	typing bool
	// query is the search shown, nil when none is; err says why a query
	// typed could not be read. match finds its matches in a text.
	query *search.Query
	err   error
	match func(string) []search.Range
	// page is the page as rendered, without the highlights; hits are the
	// matches in it, in reading order, and cur the current one.
	page string
	hits []pageHit
	cur  int
	// text and segs are the page as locate searches it, built once a
	// page (nil segs: not yet), not again at every key typed.
	text string
	segs []pageSeg
	// jump is set when the view must go to the first match once the
	// page shows (an article opened from the search screen).
	jump bool
}

// pageHit is a match in a page: one span per line it covers (a match of
// Chinese text can be wrapped).
type pageHit []span

// span is a part of a line that a match covers: its bytes [start, end)
// in the line's text without escape sequences.
type span struct{ line, start, end int }

// The highlights of matches, our own SGR codes (attributes, which show
// without colours too): reverse video, and underlined besides for the
// current match. Each "off" resets only what its "on" set.
const (
	matchOn  = "\x1b[7m"
	matchOff = "\x1b[27m"
	curOn    = "\x1b[4;7m"
	curOff   = "\x1b[24;27m"
)

// active reports whether a search's matches show in the article.
func (f *finder) active() bool { return f.query != nil }

// clear ends the search; the page shows without highlights.
func (f *finder) clear(vp *viewport.Model) {
	f.typing = false
	f.query, f.err, f.match, f.hits, f.jump = nil, nil, nil, nil, false
	f.input.SetValue("")
	if f.page != "" {
		vp.SetContent(f.page)
	}
}

// forget ends the search and forgets the page, when another article
// opens.
func (f *finder) forget() {
	f.typing = false
	f.query, f.err, f.match, f.hits, f.jump, f.page = nil, nil, nil, nil, false, ""
	f.text, f.segs = "", nil
	f.input.SetValue("")
}

// show shows query's matches, found by match, from the first, once the
// page shows: an article opened from the search screen.
func (f *finder) show(vp *viewport.Model, query *search.Query, match func(string) []search.Range) {
	f.query, f.err, f.match, f.jump, f.cur = query, nil, match, true, 0
	if f.page != "" { // the page came from the cache
		f.setPage(vp, f.page)
		f.jumpIfDue(vp)
	}
}

// set shows query's matches, found by match, and puts the view on the
// first at or below the top line (on the first of all with jump).
func (f *finder) set(vp *viewport.Model, query *search.Query, match func(string) []search.Range) {
	f.query, f.err, f.match = query, nil, match
	f.locate()
	f.cur = 0
	for i, h := range f.hits {
		if h[0].line >= vp.YOffset() {
			f.cur = i
			break
		}
	}
	vp.SetContent(f.marked())
	f.reveal(vp)
}

// setPage takes a new page (another article, width or style) and shows
// it with the search's matches; the view goes to the first match if it
// is due to.
func (f *finder) setPage(vp *viewport.Model, page string) {
	f.page, f.text, f.segs = page, "", nil
	if !f.active() {
		vp.SetContent(page)
		return
	}
	f.locate()
	f.cur = min(f.cur, max(0, len(f.hits)-1))
	vp.SetContent(f.marked())
}

// jumpIfDue puts the view on the first match once, for an article
// opened from the search screen, after its page has shown at its place.
// An article the search found by its source, author or title alone has
// no match in its page: no find shows then, which would only take n.
func (f *finder) jumpIfDue(vp *viewport.Model) {
	if !f.jump || f.page == "" {
		return
	}
	f.jump = false
	if len(f.hits) == 0 {
		f.clear(vp)
		return
	}
	if f.cur != 0 {
		f.cur = 0
		vp.SetContent(f.marked())
	}
	f.reveal(vp)
}

// step makes the match delta away the current one, round the ends as in
// less, and shows it.
func (f *finder) step(vp *viewport.Model, delta int) {
	if len(f.hits) == 0 {
		return
	}
	f.cur = ((f.cur+delta)%len(f.hits) + len(f.hits)) % len(f.hits)
	vp.SetContent(f.marked())
	f.reveal(vp)
}

// reveal scrolls the view to the current match when it is off screen,
// with two lines above it for context.
func (f *finder) reveal(vp *viewport.Model) {
	if len(f.hits) == 0 {
		return
	}
	line := f.hits[f.cur][0].line
	if line < vp.YOffset() || line >= vp.YOffset()+vp.Height() {
		vp.SetYOffset(max(0, line-2))
	}
}

// pageSeg is a line of the page in the text locate searches: where it
// starts in the text, its left margin's bytes, and its length there.
type pageSeg struct{ at, lead, n int }

// locate finds the matches in the page.
func (f *finder) locate() {
	f.hits = nil
	if f.page == "" || f.match == nil {
		return
	}
	if f.segs == nil {
		f.text, f.segs = joinPage(f.page)
	}
	segs := f.segs
	// The matches come in order, so the lines they cover are found by
	// walking the lines once: trying every line for every match took
	// 0.2 s a key press on a long article with a common character.
	first := 0
	for _, r := range f.match(f.text) {
		for first < len(segs) && segs[first].at+segs[first].n <= r.Start {
			first++
		}
		var h pageHit
		for i := first; i < len(segs) && segs[i].at < r.End; i++ {
			s := segs[i]
			start, end := max(r.Start, s.at), min(r.End, s.at+s.n)
			if start < end {
				h = append(h, span{i, start - s.at + s.lead, end - s.at + s.lead})
			}
		}
		if h != nil {
			f.hits = append(f.hits, h)
		}
	}
}

// joinPage joins a rendered page's lines into one text, so that a match
// can span a wrapped line: with nothing between two wide characters
// (Chinese wraps anywhere, and the break was no space), with a line
// break elsewhere (other text wraps at spaces). The margins' spaces are
// left out. segs places each line in the text.
func joinPage(page string) (text string, segs []pageSeg) {
	lines := strings.Split(page, "\n")
	segs = make([]pageSeg, len(lines))
	var b strings.Builder
	for i, l := range lines {
		plain := ansi.Strip(l)
		t := strings.TrimLeft(plain, " ")
		lead := len(plain) - len(t)
		t = strings.TrimRight(t, " ")
		if i > 0 {
			last, _ := utf8.DecodeLastRuneInString(b.String())
			first, _ := utf8.DecodeRuneInString(t)
			if t == "" || display.RuneWidth(last) != 2 || display.RuneWidth(first) != 2 {
				b.WriteByte('\n')
			}
		}
		segs[i] = pageSeg{b.Len(), lead, len(t)}
		b.WriteString(t)
	}
	return b.String(), segs
}

// marked is the page with the matches highlighted.
func (f *finder) marked() string {
	if len(f.hits) == 0 {
		return f.page
	}
	byLine := map[int][]markSpan{}
	for i, h := range f.hits {
		for _, s := range h {
			byLine[s.line] = append(byLine[s.line], markSpan{s.start, s.end, i == f.cur})
		}
	}
	lines := strings.Split(f.page, "\n")
	for i, spans := range byLine {
		lines[i] = markLine(lines[i], spans)
	}
	return strings.Join(lines, "\n")
}

// markSpan is a span of a line to highlight, the current match's or
// another's.
type markSpan struct {
	start, end int
	cur        bool
}

// markLine highlights spans of a rendered line, given in bytes of its
// text without escape sequences, sorted and apart. The line's own escape
// sequences are kept whole, and the highlight is set again after each
// that falls inside a span, since the article's styles reset attributes.
func markLine(line string, spans []markSpan) string {
	var b strings.Builder
	b.Grow(len(line) + len(spans)*(len(curOn)+len(curOff)))
	var state byte
	at, k, in := 0, 0, false
	on := func() string {
		if spans[k].cur {
			return curOn
		}
		return matchOn
	}
	off := func() string {
		if spans[k].cur {
			return curOff
		}
		return matchOff
	}
	for len(line) > 0 {
		seq, width, n, next := ansi.DecodeSequence(line, state, nil)
		state = next
		line = line[n:]
		if n == 0 {
			break
		}
		if seq[0] == ansi.ESC || (width == 0 && ansi.Strip(seq) == "") {
			b.WriteString(seq)
			if in {
				b.WriteString(on())
			}
			continue
		}
		if !in && k < len(spans) && at >= spans[k].start {
			b.WriteString(on())
			in = true
		}
		b.WriteString(seq)
		at += len(seq)
		if in && at >= spans[k].end {
			b.WriteString(off())
			in = false
			k++
		}
	}
	if in {
		b.WriteString(off())
	}
	return b.String()
}

// findKey handles the reader's keys of the search in the article: / to
// type one, and while one shows, n and N (next_article's key and
// prev_match's) to move between matches and esc to clear it. ok is false
// for other keys, which the reader handles.
func (m *Model) findKey(msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	f, vp, k := &m.reader.find, &m.reader.vp, &m.keys
	switch {
	case key.Matches(msg, k.Filter):
		f.typing = true // on the last text typed, to edit it
		return nil, true
	case !f.active() && key.Matches(msg, k.PrevMatch):
		m.setMessage("no find in this article: "+firstKey(k.Filter)+" finds text", false)
		return nil, true
	case !f.active():
		return nil, false
	case len(f.hits) == 0 && key.Matches(msg, k.NextArticle, k.PrevMatch):
		// Else n would seem dead: it is the next match's while a find
		// shows, even one without any.
		m.setMessage("no match in this article: "+firstKey(k.Back)+" clears the find", false)
	case key.Matches(msg, k.NextArticle):
		f.step(vp, 1)
	case key.Matches(msg, k.PrevMatch):
		f.step(vp, -1)
	case key.Matches(msg, k.Back):
		f.clear(vp)
	default:
		return nil, false
	}
	return nil, true
}

// updateFind edits the find line: the matches follow the text as it is
// typed, enter keeps them and esc clears them.
func (m *Model) updateFind(msg tea.Msg) tea.Cmd {
	f, vp := &m.reader.find, &m.reader.vp
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "esc":
			f.clear(vp)
			return nil
		case "enter":
			f.typing = false
			if f.input.Value() == "" {
				f.clear(vp)
			}
			return nil
		}
	}
	changed, cmd := f.input.update(msg)
	if changed {
		m.refind()
	}
	return cmd
}

// refind searches the page for the find line's text, as the browser's
// filter matches: each word a substring, ignoring case and width.
func (m *Model) refind() {
	f, vp := &m.reader.find, &m.reader.vp
	text := f.input.Value()
	if strings.TrimSpace(text) == "" {
		f.clear(vp)
		f.typing = true
		return
	}
	q, err := search.Parse(text, search.ParseOptions{Location: m.cfg.Timezone, Now: m.now()})
	if err != nil {
		f.query, f.err, f.hits = nil, err, nil
		vp.SetContent(f.page)
		return
	}
	f.set(vp, q, func(s string) []search.Range { return q.SubstringMatches(s, search.Body) })
}

// findStatus is the reader's status while a search shows: the current
// match and their count, or why there is none.
func (m *Model) findStatus() string {
	f := &m.reader.find
	switch {
	case f.err != nil:
		return display.Printable(f.err.Error())
	case !f.active():
		return ""
	case len(f.hits) == 0:
		return "no match"
	}
	return fmt.Sprintf("%d/%d", f.cur+1, len(f.hits))
}

// findWidth is the room of the find line: the status line less the
// match counter after it and the right end.
func (m *Model) findWidth() int {
	return max(10, m.width-display.Width(m.findStatus())-2-display.Width(m.statusRight()))
}

// findHelp is the reader's help for the search in the article: which of
// n's two meanings holds when.
func (m *Model) findHelp() helpGroup {
	k := &m.keys
	return helpGroup{"Find in the article", []key.Binding{
		as(k.Filter, "find (as you type; enter keeps, esc clears)"),
		as(k.NextArticle, "next match, while a find shows (else next article)"),
		as(k.PrevMatch, "previous match"), as(k.Back, "clear the find (then back)"),
	}}
}
