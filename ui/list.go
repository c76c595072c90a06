package ui

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/lipgloss/v2"

	"newsreader/display"
	"newsreader/feed"
	"newsreader/store"
)

// articleList is the article pane: the selected category's articles in
// the list's order, under day headings (or source headings, by source),
// less those the filter hides.
type articleList struct {
	all   []*feed.Article // the category's articles; never changed once made
	order feed.Order      // all's order
	items []*feed.Article // those shown
	rows  []listRow
	rowOf []int // the row of each item
	// cursor is an index in items; offset the first row on screen.
	cursor, offset int
	// sourceW is the width of the source column, 0 when every article
	// has the same source and the column would only repeat it.
	sourceW int
}

// listRow is a heading or an article.
type listRow struct {
	heading string
	item    int
}

// source is the level of the category path that names the publisher:
// groups › sources › channels.
func source(a *feed.Article) string {
	switch len(a.Categories) {
	case 0:
		return ""
	case 1:
		return a.Categories[0]
	}
	return a.Categories[1]
}

// sources lists the sources of the articles at or below category c, as
// source names them, when there are several; nil when there is one. It
// reads them from the tree rather than from the articles, which may be
// 100,000.
func sources(c *feed.Category) []string {
	if len(c.Path) >= 2 {
		return nil
	}
	groups := []*feed.Category{c}
	if len(c.Path) == 0 {
		groups = c.Children
	}
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	inGroups := 0
	for _, g := range groups {
		inSources := 0
		for _, s := range g.Children {
			add(s.Name)
			inSources += s.Count
		}
		if g.Count > inSources {
			add(g.Name) // articles with a group and no source
		}
		inGroups += g.Count
	}
	if c.Count > inGroups {
		add("") // articles without categories
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// sourcesOf lists the sources of arts, as sources does, for a list that
// is no category's: the starred articles.
func sourcesOf(arts []*feed.Article) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range arts {
		if s := source(a); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// setAll replaces the category's articles, sorted in order; srcs are
// their sources.
func (l *articleList) setAll(all []*feed.Article, srcs []string, order feed.Order) {
	l.all, l.order = all, order
	l.sourceW = 0
	if order == feed.BySource {
		return // the headings name the sources
	}
	for _, s := range srcs {
		l.sourceW = max(l.sourceW, display.Width(display.Printable(s)))
	}
}

// show lists the articles that keep tells, or all when keep is nil. The
// cursor stays on the same article when it is still shown, on the same
// line of the pane, as articles come and go around it; except at the
// top while a scan fills the list (pinned unset), where it stays on the
// newest as articles arrive.
func (l *articleList) show(keep func(*feed.Article) bool, now time.Time, loc *time.Location, pinned bool) {
	var sel *feed.Article
	line := 0 // the cursor's line in the pane
	if l.cursor > 0 || pinned {
		sel = l.selected()
	}
	var next map[*feed.Article]int // the articles after sel, by distance
	if sel != nil {
		line = l.rowOf[l.cursor] - l.offset
		next = map[*feed.Article]int{}
		for i, a := range l.items[l.cursor+1 : min(len(l.items), l.cursor+1+maxNext)] {
			next[a] = i
		}
	}
	if cap(l.items) < len(l.all) {
		// Grown once to its size, rather than by doubling: the first
		// frame lists 100,000 articles.
		l.items = make([]*feed.Article, 0, len(l.all))
		l.rowOf = make([]int, 0, len(l.all))
		l.rows = make([]listRow, 0, len(l.all)+len(l.all)/8)
	}
	l.items = l.items[:0]
	for _, a := range l.all {
		if keep == nil || keep(a) {
			l.items = append(l.items, a)
		}
	}
	l.rows, l.rowOf = l.rows[:0], l.rowOf[:0]
	heading := l.headings(now, loc)
	for i, a := range l.items {
		if h, ok := heading(a); ok {
			l.rows = append(l.rows, listRow{heading: h, item: -1})
		}
		l.rowOf = append(l.rowOf, len(l.rows))
		l.rows = append(l.rows, listRow{item: i})
	}
	l.cursor = min(l.cursor, max(0, len(l.items)-1))
	if sel == nil {
		return
	}
	// By path: a rescan brings new articles for the same files. When the
	// article is gone, the cursor goes to the nearest one after it that
	// stays.
	at, nearest := -1, maxNext
	for i, a := range l.items {
		if a == sel || a.Path == sel.Path {
			at = i
			break
		}
		if d, ok := next[a]; ok && d < nearest {
			at, nearest = i, d
		}
	}
	if at >= 0 {
		l.cursor = at
		l.offset = max(0, l.rowOf[at]-line)
	}
}

// maxNext bounds the articles after the cursor's that show looks for
// when the cursor's is gone: past them the cursor keeps its index.
const maxNext = 64

// noDate heads the articles whose files state no date: by date they come
// after every dated one.
const noDate = "No date"

// headings returns the function that, called with each article in turn,
// says whether a heading comes before it, and which: the day in the
// orders by date, then No date; the source by source; none by title,
// where days and sources would head one article each.
func (l *articleList) headings(now time.Time, loc *time.Location) func(*feed.Article) (string, bool) {
	switch l.order {
	case feed.ByTitle:
		return func(*feed.Article) (string, bool) { return "", false }
	case feed.BySource:
		var last []string
		first := true
		return func(a *feed.Article) (string, bool) {
			if !first && slices.Equal(a.Categories, last) {
				return "", false
			}
			first, last = false, a.Categories
			if len(a.Categories) == 0 {
				return "No category", true
			}
			return crumb(a.Categories), true
		}
	}
	today := midnight(now, loc)
	// A new day starts when an article is outside the current one, so that
	// the zone arithmetic is done once a day rather than once an article.
	var dayStart, dayEnd time.Time
	started, undated := false, false
	return func(a *feed.Article) (string, bool) {
		switch {
		case a.DateEstimated && !undated:
			undated = true
			return noDate, true
		case a.DateEstimated:
			return "", false
		case started && !a.Date.Before(dayStart) && a.Date.Before(dayEnd):
			return "", false
		}
		started = true
		dayStart = midnight(a.Date, loc)
		dayEnd = dayStart.AddDate(0, 0, 1)
		return dayLabel(dayStart, today), true
	}
}

// midnight is the start of t's day in loc.
func midnight(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// dayLabel names a day for a heading: Today, Yesterday, or its date and
// weekday.
func dayLabel(day, today time.Time) string {
	switch {
	case day.Equal(today):
		return "Today"
	case day.Equal(today.AddDate(0, 0, -1)):
		return "Yesterday"
	}
	return day.Format("2006-01-02 Monday")
}

// selected is the article under the cursor, nil when the list is empty.
func (l *articleList) selected() *feed.Article {
	if l.cursor < len(l.items) {
		return l.items[l.cursor]
	}
	return nil
}

// move moves the cursor by delta articles, within bounds.
func (l *articleList) move(delta int) {
	l.cursor = clamp(l.cursor+delta, 0, len(l.items)-1)
}

// scroll keeps the cursor within the height rows on screen, with its day
// heading when it is the day's first article.
func (l *articleList) scroll(height int) {
	if len(l.items) == 0 {
		l.offset = 0
		return
	}
	row := l.rowOf[l.cursor]
	l.offset = follow(l.offset, row, height, len(l.rows))
	if l.offset == row && row > 0 && l.rows[row-1].item < 0 {
		l.offset--
	}
}

// view renders height rows of width cells. matches holds the byte
// offsets of the characters that matched the filter, by article; markOf
// gives an article's read and starred marks.
func (l *articleList) view(width, height int, focused bool, matches map[*feed.Article][]int, markOf func(*feed.Article) store.Mark, loc *time.Location, st styles) []string {
	lines := make([]string, 0, height)
	for r := l.offset; r < len(l.rows) && len(lines) < height; r++ {
		row := l.rows[r]
		if row.item < 0 {
			lines = append(lines, display.Pad(" "+st.Heading.Render(row.heading), width))
			continue
		}
		a := l.items[row.item]
		lines = append(lines, l.row(row.item, width, focused, matches[a], markOf(a), loc, st))
	}
	return lines
}

// row renders an article: a star when it is starred, the time, the title,
// and the source when the list spans several; dimmed when it is read.
func (l *articleList) row(i, width int, focused bool, matches []int, mk store.Mark, loc *time.Location, st styles) string {
	a := l.items[i]
	when := l.when(a, loc)
	srcW := min(l.sourceW, width/4)
	titleW := width - 1 - display.Width(when) - 2 - 1
	if srcW > 0 {
		titleW -= srcW + 2
	}
	titleW = max(titleW, 1)
	title := display.Printable(a.Title)
	var src string
	if srcW > 0 {
		src = "  " + display.Fit(display.Printable(source(a)), srcW)
	}
	flag := " "
	if mk.Starred {
		flag = "*" // not ★, whose width terminals disagree on
	}
	if i == l.cursor {
		return st.cursor(focused).Faint(mk.Read).Render(display.Pad(flag+when+"  "+display.Fit(title, titleW)+src+" ", width))
	}
	text, muted := lipgloss.NewStyle(), st.Muted
	if mk.Read {
		text, muted = st.Read, st.Read
	}
	return display.Pad(flag+muted.Render(when)+"  "+display.Fit(highlight(title, matches, text, st.Match), titleW)+muted.Render(src), width)
}

// when is the time column of an article's row: the time under a day
// heading, the date where there is none, and nothing the file does not
// state.
func (l *articleList) when(a *feed.Article, loc *time.Location) string {
	layout := "15:04"
	if l.order == feed.ByTitle || l.order == feed.BySource {
		layout = "2006-01-02"
	}
	if a.DateEstimated {
		if layout == "15:04" {
			return strings.Repeat(" ", len(layout)) // under No date
		}
		return display.Pad("no date", len(layout))
	}
	return a.Date.In(loc).Format(layout)
}

// highlight styles the characters of s that start at the byte offsets in
// marks with match, the others with text.
func highlight(s string, marks []int, text, match lipgloss.Style) string {
	var b strings.Builder
	next, from := 0, 0 // the next mark; the start of the text not written
	for i, r := range s {
		if next < len(marks) && marks[next] == i {
			if from < i {
				b.WriteString(text.Render(s[from:i]))
			}
			b.WriteString(match.Render(string(r)))
			from = i + utf8.RuneLen(r)
			next++
		}
	}
	if from < len(s) {
		b.WriteString(text.Render(s[from:]))
	}
	return b.String()
}
