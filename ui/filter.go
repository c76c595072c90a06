package ui

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/sahilm/fuzzy"

	"newsreader/display"
	"newsreader/feed"
	"newsreader/search"
)

// filterState is the title filter of the article pane.
type filterState struct {
	input  lineInput
	typing bool
	// query is what marks answers; marks holds, for each article that
	// matches, the byte offsets of the matching characters of its title,
	// or none when q is set: the matcher's query, whose matches in the
	// titles on screen are found as they are drawn (see titleMarks).
	// nil marks means no filter.
	query string
	q     *search.Query
	marks map[*feed.Article][]int
	// gen numbers the searches, so that a slow one that finishes after a
	// newer one started is dropped.
	gen int
	// matcher holds the keys of the articles of list, made at the first
	// key press on that list and kept for the next ones (a list is never
	// changed once made: another is).
	matcher *search.Matcher
	list    []*feed.Article
}

// filterMsg is the result of a search, with the matcher that answered it
// and the list it was made for.
type filterMsg struct {
	gen     int
	query   string
	q       *search.Query
	marks   map[*feed.Article][]int
	matcher *search.Matcher
	list    []*feed.Article
}

// active reports whether a filter hides articles.
func (f *filterState) active() bool { return f.marks != nil }

// keep is the list's predicate for the current filter; nil shows all.
func (f *filterState) keep() func(*feed.Article) bool {
	if !f.active() {
		return nil
	}
	return func(a *feed.Article) bool { return f.marks[a] != nil }
}

// updateFilter handles the filter's results and, while it is typed, its
// keys and pastes. Enter keeps the filter and esc clears it; the arrows
// still move in the list, so that the results can be browsed while
// typing.
func (m *Model) updateFilter(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case filterMsg:
		m.filtered(msg)
		return nil
	case matcherMsg:
		m.keepMatcher(msg.matcher, msg.list)
		return nil
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc":
			m.filter.typing = false
			m.filter.input.SetValue("")
			return m.refilter()
		case "enter":
			m.filter.typing = false
			return nil
		case "up":
			return m.moveCursor(-1)
		case "down":
			return m.moveCursor(1)
		}
	}
	changed, cmd := m.filter.input.update(msg)
	if changed {
		return tea.Batch(cmd, m.refilter())
	}
	return cmd
}

// refilter searches the category's articles for the input's query in a
// command, since matching 100,000 articles takes longer than a key press
// should. Until the answer comes, the previous one stays applied.
//
// The query is of the search's language, matched by search.Matcher in
// the titles, sources (every category level) and authors, each word as a
// substring; when nothing matches so, or the query cannot be read, the
// titles are matched word by word, fuzzily where no title contains a
// word (lhtycn finds Lighthouse Tycoon).
func (m *Model) refilter() tea.Cmd {
	text := strings.TrimSpace(m.filter.input.Value())
	m.filter.gen++
	if text == "" {
		m.filter.query, m.filter.q, m.filter.marks = "", nil, nil
		m.showList()
		return nil
	}
	// The command may read the list's slice, which is never changed once
	// made, but not the articles, which a scan's later copies can
	// overwrite: it gets their titles, and what the matcher needs when
	// there is none for this list yet.
	arts := m.list.all
	var titles []string
	if len(arts) <= fuzzyLimit {
		titles = make([]string, len(arts))
		for i, a := range arts {
			titles[i] = a.Title
		}
	}
	mt := m.filter.matcher
	var items []search.Item
	if mt == nil || !sameList(m.filter.list, arts) {
		mt, items = nil, matcherItems(arts)
	}
	q, err := search.Parse(text, search.ParseOptions{Location: m.cfg.Timezone, Now: m.now()})
	var marks search.Marks
	if err == nil && q.NeedsMarks() {
		marks = m.markSet()
	}
	gen := m.filter.gen
	return m.crash.guard(func() tea.Msg {
		if mt == nil {
			mt = search.NewMatcher(items)
		}
		msg := filterMsg{gen: gen, query: text, matcher: mt, list: arts}
		if err == nil {
			msg.q, msg.marks = q, matched(q, mt, marks, arts)
		}
		if len(msg.marks) == 0 && len(arts) <= fuzzyLimit {
			for i, t := range titles {
				titles[i] = display.Printable(t) // as the list shows them
			}
			msg.q, msg.marks = nil, fuzzyTitles(text, arts, titles)
		}
		return msg
	})
}

// sameList reports whether a and b are the same list, not only equal:
// lists are never changed once made.
func sameList(a, b []*feed.Article) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// fuzzyLimit is the most articles a list may have for the fuzzy match of
// its titles, when nothing else matches: it costs 1.7 µs a title, 175 ms
// a key press on 100,000, past the 50 ms a key press may take.
const fuzzyLimit = 20_000

// matcherItems copies what the matcher needs of the articles.
func matcherItems(arts []*feed.Article) []search.Item {
	items := make([]search.Item, len(arts))
	for i, a := range arts {
		items[i] = search.Item{ID: a.ID, Title: a.Title, Categories: a.Categories, Author: a.Author, Date: a.Date}
	}
	return items
}

// noMarks is the marks of an article that the matcher keeps: its title's
// matches are found when it is drawn.
var noMarks = []int{}

// matched returns the articles the matcher selects for q.
func matched(q *search.Query, mt *search.Matcher, marks search.Marks, arts []*feed.Article) map[*feed.Article][]int {
	idx, err := mt.Match(q, marks)
	if err != nil {
		return nil
	}
	out := make(map[*feed.Article][]int, len(idx))
	for _, i := range idx {
		out[arts[i]] = noMarks
	}
	return out
}

// titleMarks returns the byte offsets of the characters of the titles
// (as the list shows them) that the filter matches, for the articles of
// the list's rows from offset on, height of them: finding them for every
// article kept would cost more than the match (2 µs a title).
func (f *filterState) titleMarks(l *articleList, height int) map[*feed.Article][]int {
	if f.q == nil {
		return f.marks
	}
	out := map[*feed.Article][]int{}
	for r := l.offset; r < len(l.rows) && r < l.offset+height; r++ {
		if i := l.rows[r].item; i >= 0 {
			title := display.Printable(l.items[i].Title)
			var offs []int
			for _, rg := range f.q.SubstringMatches(title, search.Title) {
				for o := range title[rg.Start:rg.End] {
					offs = append(offs, rg.Start+o)
				}
			}
			out[l.items[i]] = offs
		}
	}
	return out
}

// matcherMsg is a matcher made for list ahead of the first key press.
type matcherMsg struct {
	matcher *search.Matcher
	list    []*feed.Article
}

// prepareFilter makes the matcher of the list in a command as the filter
// line opens, so that the first key press finds it made: it costs about
// a microsecond an article, more than a key press may take on 100,000.
func (m *Model) prepareFilter() tea.Cmd {
	arts := m.list.all
	if m.filter.matcher != nil && sameList(m.filter.list, arts) {
		return nil
	}
	items := matcherItems(arts)
	return m.crash.guard(func() tea.Msg {
		return matcherMsg{search.NewMatcher(items), arts}
	})
}

// keepMatcher keeps mt, made for list, for the next key presses when
// list is the one shown: one made for a list since replaced (a rescan,
// another category) would only be made again.
func (m *Model) keepMatcher(mt *search.Matcher, list []*feed.Article) {
	if sameList(list, m.list.all) {
		m.filter.matcher, m.filter.list = mt, list
	}
}

// filtered applies a search's result if it is the latest.
func (m *Model) filtered(msg filterMsg) {
	m.keepMatcher(msg.matcher, msg.list)
	if msg.gen != m.filter.gen {
		return
	}
	m.filter.query, m.filter.q, m.filter.marks = msg.query, msg.q, msg.marks
	m.showList()
}

// fuzzyTitles looks for each word of the query in the titles; an article
// matches when every word does. A word matches literally, ignoring case,
// when some title contains it; only when none does is it matched
// fuzzily, because a fuzzy match of a common word hits most long titles.
// It returns the offsets of the matching characters by article, never
// nil.
func fuzzyTitles(query string, arts []*feed.Article, titles []string) map[*feed.Article][]int {
	cand := make([]int, len(titles)) // indexes of the titles still in the running
	for i := range cand {
		cand[i] = i
	}
	marks := map[int][]int{}
	for _, word := range strings.Fields(query) {
		found := map[int][]int{}
		w := []rune(word)
		for _, c := range cand {
			if offs := literal(titles[c], w); offs != nil {
				found[c] = offs
			}
		}
		if len(found) == 0 {
			sub := make([]string, len(cand))
			for i, c := range cand {
				sub[i] = titles[c]
			}
			for _, match := range fuzzy.FindNoSort(word, sub) {
				found[cand[match.Index]] = match.MatchedIndexes
			}
		}
		next := cand[:0]
		for _, c := range cand {
			if offs, ok := found[c]; ok {
				marks[c] = append(marks[c], offs...)
				next = append(next, c)
			}
		}
		cand = next
	}
	out := make(map[*feed.Article][]int, len(cand))
	for _, c := range cand {
		offs := marks[c]
		slices.Sort(offs)
		out[arts[c]] = slices.Compact(offs)
	}
	return out
}

// literal returns the byte offsets of the characters of the first
// occurrence of word in s, ignoring case, or nil.
func literal(s string, word []rune) []int {
	if len(word) == 0 {
		return nil
	}
	offs := make([]int, 0, len(word))
	for i := range s {
		offs = offs[:0]
		for j, k := i, 0; k < len(word) && j < len(s); k++ {
			r, size := utf8.DecodeRuneInString(s[j:])
			if r != word[k] && unicode.ToLower(r) != unicode.ToLower(word[k]) {
				break
			}
			offs = append(offs, j)
			j += size
		}
		if len(offs) == len(word) {
			return offs
		}
	}
	return nil
}
