package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"newsreader/display"
	"newsreader/search"
)

// longFixture is an article whose one mention of 灯塔守护者 comes after
// many screens of text, for opening it at its match.
var longFixture = fixture{
	"阅读/书评/长文/灯塔.md", "一篇很长的书评", []string{"阅读", "书评", "长文"}, "2024-03-05 08:00:00",
	strings.Repeat("<p>这一段正文只为把下面的句子推到很远的地方。</p>", 60) + "<p>最后出场的是灯塔守护者和他的猫。</p>",
}

// searchModel is a model of the fixtures and longFixture, reconciled
// and its search index built, on the search screen after S.
func searchModel(t *testing.T, w, h int) *testModel {
	t.Helper()
	m := newModelOf(t, testConfig(t, writeArchive(t, append(fixtures[:len(fixtures):len(fixtures)], longFixture))), w, h)
	if m.searching.index.running || m.searching.index.err != nil {
		t.Fatalf("the search index is not built: %+v", m.searching.index)
	}
	press(t, m, "S")
	return m
}

// typeQuery types text in the search line and lets the debounce pass.
func typeQuery(t *testing.T, m *testModel, text string) {
	t.Helper()
	press(t, m, text)
	elapse(t, m)
}

func TestSearchShowsResultsAsTyped(t *testing.T) {
	m := searchModel(t, 100, 30)
	contains(t, m, "newsreader  Search", "search: ", "type to search")
	typeQuery(t, m, "准备金")
	contains(t, m, "1 article found", "央行宣布下调存款准备金率", "金融 › 新浪财经", "央行决定下调金融机构存款准备金率")
	lacks(t, m, "沪深两市")
	checkFrame(t, m)
	// Two characters of a source find its articles by their source.
	press(t, m, "backspace", "backspace", "backspace")
	typeQuery(t, m, "source:新浪财经")
	contains(t, m, "2 articles found", "央行宣布", "沪深两市")
	// The matches of the snippet are highlighted: the text keeps them
	// whole between our own codes.
	press(t, m, "ctrl+u")
	typeQuery(t, m, "成交")
	if !strings.Contains(m.View().Content, "成交") || ansiStrip(m.View().Content) == m.View().Content {
		t.Errorf("no highlight:\n%q", m.View().Content)
	}
	// esc leaves the line for the results, where j and k move; esc
	// again goes back to the browser.
	press(t, m, "esc")
	contains(t, m, "j/k move")
	press(t, m, "esc")
	contains(t, m, "All · 7 articles")
}

func TestSearchDebouncesAndDropsStaleAnswers(t *testing.T) {
	m := searchModel(t, 100, 30)
	press(t, m, "准")
	first := m.timers
	m.timers = nil
	press(t, m, "备金")
	// The first key's timer fires late: a newer query is typed, so it
	// runs nothing.
	for _, tm := range first {
		send(t, m, tm.msg)
	}
	if m.searching.running || m.searching.text != "" {
		t.Fatalf("a stale timer ran its query: %+v", m.searching)
	}
	elapse(t, m)
	contains(t, m, "1 article found", "央行宣布")
	// An answer to an older query, coming late, is dropped.
	send(t, m, searchedMsg{req: m.searching.req - 1, text: "准", res: &search.Results{Total: 1, Hits: []search.Hit{{Title: "STALE ANSWER"}}}})
	lacks(t, m, "STALE ANSWER")
	contains(t, m, "央行宣布")
}

func TestSearchSyntaxError(t *testing.T) {
	m := searchModel(t, 100, 30)
	typeQuery(t, m, "企业)")
	contains(t, m, "a ) without its (")
	typeQuery(t, m, "")
	press(t, m, "ctrl+u")
	typeQuery(t, m, "!!!")
	contains(t, m, "nothing to search for")
	checkFrame(t, m)
	// In a narrow window the reason is cut with a mark, not at the edge.
	m = searchModel(t, 40, 12)
	contains(t, m, "type to search the text, titles, sourc…")
	typeQuery(t, m, "since:xyz")
	contains(t, m, `search: since: "xyz" is not a date suc…`)
	checkFrame(t, m)
}

func TestSearchOpensArticleAtMatch(t *testing.T) {
	m := searchModel(t, 100, 20)
	typeQuery(t, m, "灯塔守护者")
	contains(t, m, "1 article found", "一篇很长的书评")
	press(t, m, "enter")
	contains(t, m, "newsreader  一篇很长的书评", "最后出场的是灯塔守护者", "1/1")
	if m.reader.vp.YOffset() == 0 {
		t.Error("the reader did not scroll to the match")
	}
	// The match is highlighted as the current one, the rest of the line
	// not.
	if !strings.Contains(m.View().Content, curOn+"灯塔守护者"+curOff) {
		t.Errorf("the match is not highlighted:\n%q", m.View().Content)
	}
	// q goes back to the results; opened again, from the cache of
	// rendered pages, it shows the match again.
	press(t, m, "q")
	contains(t, m, "newsreader  Search", "一篇很长的书评")
	press(t, m, "enter")
	if !strings.Contains(m.View().Content, curOn+"灯塔守护者"+curOff) || m.reader.vp.YOffset() == 0 {
		t.Errorf("opened again, the article is not at its highlighted match:\n%s", shown(m))
	}
	// esc clears the highlight, q goes back to the results, then to
	// the browser.
	press(t, m, "esc")
	lacks(t, m, "1/1  n next match")
	press(t, m, "q")
	contains(t, m, "newsreader  Search")
	press(t, m, "q")
	contains(t, m, "All · 7 articles")
	// Opened from the browser, the article has no highlight.
	press(t, m, "tab", "G", "enter")
	contains(t, m, "newsreader  Free game")
	if strings.Contains(m.View().Content, matchOn) || strings.Contains(m.View().Content, curOn) {
		t.Errorf("a highlight outlived its search:\n%q", m.View().Content)
	}
}

func TestSearchHostileText(t *testing.T) {
	dir := writeArchive(t, fixtures)
	hostile := "---\ntitle: '毒药\u202e标题 poison'\ncategories:\n - 危险\n - 来源\x1b[31m\nauthor: \"\\e]0;pwned\\a\"\ndate: 2024-03-09 10:00:00\n---\n\n<p>毒药\x1b[2J清屏\x07铃声\x1b]8;;http://evil\x07链接\u009b31m毒药。</p>\n"
	writeRaw(t, dir, "危险/毒药.md", hostile)
	m := newModelOf(t, testConfig(t, dir), 100, 30)
	press(t, m, "S")
	typeQuery(t, m, "毒药")
	contains(t, m, "found", "清屏")
	checkSafe(t, m)
	press(t, m, "down") // the row not under the cursor has its highlights
	checkSafe(t, m)
	press(t, m, "enter")
	contains(t, m, "清屏")
	checkSafe(t, m)
}

// writeRaw writes an article file of text as it is, at path rel in dir:
// for what writeFixture cannot write, such as control characters.
func writeRaw(t *testing.T, dir, rel, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// ourCodes are the escape sequences the interface writes itself: SGR.
var ourCodes = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// checkSafe fails the test if the screen holds any control character but
// line breaks and our own SGR codes.
func checkSafe(t *testing.T, m *testModel) {
	t.Helper()
	s := ourCodes.ReplaceAllString(m.View().Content, "")
	for _, r := range s {
		if r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u202e') {
			t.Fatalf("control character %U on screen:\n%q", r, s)
		}
	}
}

func ansiStrip(s string) string { return ourCodes.ReplaceAllString(s, "") }

func TestSearchWithoutStore(t *testing.T) {
	m := newStoreless(t, testConfig(t, writeArchive(t, fixtures)), os.ErrPermission)
	send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	start(t, m)
	press(t, m, "ctrl+f")
	typeQuery(t, m, "央行")
	contains(t, m, "search needs the store")
	checkFrame(t, m)
	// With the store open but its index unreadable (the archive is
	// scanned instead), it says that, not that the store is missing.
	m = searchModel(t, 100, 30)
	m.cached = false
	typeQuery(t, m, "央行")
	contains(t, m, "search needs the archive's index in the store, which could not be read")
}

func TestSearchIndexProgress(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "S")
	m.searching.index = indexState{running: true}
	contains(t, m, "checking the search index…")
	send(t, m, indexProgressMsg{p: search.Progress{Done: 12345, Total: 100000}})
	contains(t, m, "indexing 12,345 of 100,000…")
	// Searching works meanwhile, on what is indexed.
	typeQuery(t, m, "成交")
	contains(t, m, "1 article found", "沪深两市", "indexing 12,345 of 100,000…")
	// Written, then merged: said as such, not as 100,000 of 100,000.
	send(t, m, indexProgressMsg{p: search.Progress{Done: 100000, Total: 100000, Merging: true}})
	contains(t, m, "merging the search index…")
	lacks(t, m, "indexing")
	send(t, m, indexedMsg{p: search.Progress{Done: 100000, Total: 100000}})
	lacks(t, m, "indexing", "merging")
	contains(t, m, "1 article found")
}

func TestSearchNarrowWindow(t *testing.T) {
	for _, size := range [][2]int{{20, 5}, {40, 12}, {60, 20}, {79, 24}, {120, 35}, {200, 60}} {
		m := searchModel(t, size[0], size[1])
		typeQuery(t, m, "央行")
		checkFrame(t, m)
		press(t, m, "esc", "?")
		checkFrame(t, m)
		press(t, m, "?", "enter")
		checkFrame(t, m)
		press(t, m, "/", "央行")
		checkFrame(t, m)
	}
	// In the smallest window a result still shows under the count.
	m := searchModel(t, 20, 5)
	typeQuery(t, m, "央行")
	if len(m.searching.hits) == 0 {
		t.Fatal("no result for 央行")
	}
	contains(t, m, "found", m.searching.hits[0].Date.In(m.cfg.Timezone).Format("2006-01-02"))
	m = searchModel(t, 100, 40)
	typeQuery(t, m, "央行")
	press(t, m, "esc", "?")
	contains(t, m, "Results", "Query line", "open, at the first match")
}

// TestMeasureSearch measures the search screen on a large archive: the
// time from the query's timer (the debounce, 150 ms after the last key)
// to the frame that shows its results, for a few queries. It only logs
// figures, and runs only when asked, with a state folder that it fills
// the first time (building the search index takes minutes at 100,000
// articles; run the same test binary again to reuse it). The default
// queries suit the generated archive, whose articles all have one text;
// NEWSREADER_MEASURE_QUERIES=a,b,c sets others:
//
//	go test -c -o /tmp/ui.test ./ui
//	NEWSREADER_MEASURE_ARCHIVE=/tmp/newsreader-bench-100000 NEWSREADER_MEASURE_STATE=/tmp/state /tmp/ui.test -test.run TestMeasureSearch -test.v
func TestMeasureSearch(t *testing.T) {
	dir, state := os.Getenv("NEWSREADER_MEASURE_ARCHIVE"), os.Getenv("NEWSREADER_MEASURE_STATE")
	if dir == "" || state == "" {
		t.Skip("set NEWSREADER_MEASURE_ARCHIVE=<folder> and NEWSREADER_MEASURE_STATE=<folder>")
	}
	cfg := testConfig(t, dir)
	cfg.StateDir = state
	start := time.Now()
	m := newModelOf(t, cfg, 120, 35)
	t.Logf("start, reconcile and search index: %v (%s articles)", time.Since(start).Round(time.Millisecond), display.Thousands(m.ix.Len()))
	press(t, m, "S")
	queries := []string{"国家统计局", "消费价格", "第94414篇", "640564", "来源02 频道1", `"居民消费价格" -扩大`}
	if q := os.Getenv("NEWSREADER_MEASURE_QUERIES"); q != "" {
		queries = strings.Split(q, ",")
	}
	for _, q := range queries {
		press(t, m, "ctrl+u")
		press(t, m, q)
		due := m.timers
		m.timers = nil
		var best time.Duration
		for i := range 5 {
			t0 := time.Now()
			for _, tm := range due {
				send(t, m, tm.msg)
			}
			m.View()
			if d := time.Since(t0); i == 0 || d < best {
				best = d
			}
		}
		// A figure is only worth reporting for a query that ran to its
		// answer: the one typed, without an error.
		if sv := &m.searching; sv.running || sv.err != nil || sv.text != q {
			t.Errorf("%q: no answer to measure (running %v, answered %q, error %v)", q, sv.running, sv.text, sv.err)
		}
		t.Logf("%-20s %8v to the frame (best of 5); %s", q, best.Round(100*time.Microsecond), ansi.Strip(m.searchInfo()))
	}
}

func TestSearchFromReader(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "enter", "ctrl+f")
	contains(t, m, "newsreader  Search")
	// Nothing typed: esc goes back to the article.
	press(t, m, "esc")
	contains(t, m, "newsreader  Go 1.22", "1/6")
	// Typed, the results stay for the next time; q from them goes back
	// to the article.
	press(t, m, "S")
	typeQuery(t, m, "Tycoon")
	press(t, m, "esc", "q")
	contains(t, m, "newsreader  Go 1.22")
	press(t, m, "S")
	contains(t, m, "search: Tycoon", "Lighthouse Tycoon")
}

// weeklies are n articles that all say 共同话题.
func weeklies(n int) []fixture {
	var fx []fixture
	for i := range n {
		fx = append(fx, fixture{fmt.Sprintf("阅读/周报/第%d期.md", i), fmt.Sprintf("周报第%d期", i), []string{"阅读", "周报"},
			fmt.Sprintf("2024-02-%02d 08:%02d:00", 1+i%28, i%60), "<p>本期的共同话题。</p>"})
	}
	return fx
}

func TestSearchPages(t *testing.T) {
	m := newModelOf(t, testConfig(t, writeArchive(t, weeklies(searchPage+10))), 100, 30)
	press(t, m, "S")
	typeQuery(t, m, "共同话题")
	contains(t, m, fmt.Sprintf("%d of %d articles found", searchPage, searchPage+10))
	// n in the last result fetched asks for the next page, and goes
	// into it once it has come.
	m.searching.cursor = searchPage - 1
	press(t, m, "enter", "esc", "n")
	contains(t, m, "more results are coming")
	press(t, m, "n")
	if v := &m.searching; v.cursor != searchPage || m.reader.art.Path != v.hits[searchPage].Path {
		t.Errorf("n after the next page: cursor %d, article %s", v.cursor, m.reader.art.Path)
	}
	press(t, m, "q", "/")
	m.searching.cursor, m.searching.offset = 0, 0
	// The wheel moves the cursor; on the last result, the next page
	// comes.
	send(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if m.searching.cursor != wheelStep {
		t.Errorf("the wheel put the cursor on %d, want %d", m.searching.cursor, wheelStep)
	}
	press(t, m, "esc", "G")
	if len(m.searching.hits) != searchPage+10 {
		t.Fatalf("%d results after the last one was reached, want %d", len(m.searching.hits), searchPage+10)
	}
	contains(t, m, fmt.Sprintf("%d articles found", searchPage+10))
	press(t, m, "G")
	if m.searching.cursor != searchPage+9 {
		t.Errorf("G put the cursor on %d", m.searching.cursor)
	}
	// The query run again when the index is up to date asks for every
	// result shown, and the cursor stays on the last.
	send(t, m, indexedMsg{p: search.Progress{Done: 1, Total: 1}})
	if v := &m.searching; len(v.hits) != searchPage+10 || v.cursor != searchPage+9 {
		t.Errorf("run again: %d results, the cursor on %d; want %d, on the last", len(v.hits), v.cursor, searchPage+10)
	}
	// A page that comes after a new query was typed is dropped.
	press(t, m, "/", "x")
	send(t, m, searchedMsg{req: m.searching.req - 1, offset: 60, res: &search.Results{Hits: []search.Hit{{Title: "STALE PAGE"}}}})
	lacks(t, m, "STALE PAGE")
	checkFrame(t, m)
}

// TestSearchAgainKeepsCursor: when the index's update ends and the query
// shown runs again, the cursor stays on the result it was on, whose
// article the user was looking at, instead of going back to the first.
func TestSearchAgainKeepsCursor(t *testing.T) {
	m := searchModel(t, 100, 30)
	typeQuery(t, m, "source:新浪财经")
	press(t, m, "esc", "j")
	if len(m.searching.hits) != 2 || m.searching.cursor != 1 {
		t.Fatalf("%d results, cursor %d, want 2 and 1", len(m.searching.hits), m.searching.cursor)
	}
	on := m.searching.hits[1].Path
	send(t, m, indexedMsg{p: search.Progress{Done: 1, Total: 1}})
	if v := &m.searching; v.cursor >= len(v.hits) || v.hits[v.cursor].Path != on {
		t.Errorf("the cursor went to result %d of %d, off %s", v.cursor, len(v.hits), on)
	}
	// A new query starts from its first result.
	press(t, m, "/", "ctrl+u")
	typeQuery(t, m, "新浪财经")
	if m.searching.cursor != 0 {
		t.Errorf("a new query's cursor is on result %d", m.searching.cursor)
	}
}

// TestSearchCursorRowFits: the result under the cursor reads as it does
// away from it, cut to the window with an ellipsis, not in the middle of
// a word.
func TestSearchCursorRowFits(t *testing.T) {
	m := searchModel(t, 40, 12)
	typeQuery(t, m, "source:新浪财经")
	press(t, m, "esc")
	rows := func(cursor, i int) []string {
		m.searching.cursor = cursor
		b := body(m)
		return b[3+2*i : 5+2*i]
	}
	for i := range 2 {
		on, off := rows(i, i), rows(1-i, i)
		if !slices.Equal(on, off) {
			t.Errorf("result %d under the cursor:\n%q\naway from it:\n%q", i, on, off)
		}
	}
}

// TestSearchNextResult: in an article opened from the search results, p
// and n (once no find shows) go to the previous and next result, as they
// follow the list for an article opened from it; the browser's cursor
// stays where it was. These articles are found by their source alone:
// no match in their text, so no find shows, which would take n.
func TestSearchNextResult(t *testing.T) {
	m := searchModel(t, 100, 30)
	browserCursor := m.list.cursor
	typeQuery(t, m, "source:新浪财经")
	hits := m.searching.hits
	if len(hits) != 2 {
		t.Fatalf("%d results, want 2", len(hits))
	}
	press(t, m, "enter")
	lacks(t, m, "no match")
	// Its place among the results shows, as an article's place in the
	// list does.
	contains(t, m, "result 1/2")
	if m.reader.find.active() {
		t.Error("a find without matches shows")
	}
	press(t, m, "n")
	if m.screen != readerScreen || m.reader.art.Path != hits[1].Path {
		t.Fatalf("n opened %s, want the second result %s:\n%s", m.reader.art.Path, hits[1].Path, shown(m))
	}
	press(t, m, "n")
	contains(t, m, "this is the last result of the search")
	press(t, m, "p")
	if m.reader.art.Path != hits[0].Path {
		t.Errorf("p opened %s, want the first result %s", m.reader.art.Path, hits[0].Path)
	}
	if m.list.cursor != browserCursor {
		t.Errorf("the browser's cursor moved from %d to %d", browserCursor, m.list.cursor)
	}
	press(t, m, "q")
	if m.screen != searchScreen || m.searching.cursor != 0 {
		t.Errorf("q went to screen %d, the results' cursor on %d; want the search screen on the first", m.screen, m.searching.cursor)
	}
}

// TestSearchResize: in a smaller window the cursor stays on screen, and
// the results are asked for again with snippets as wide as the window.
func TestSearchResize(t *testing.T) {
	m := newModelOf(t, testConfig(t, writeArchive(t, weeklies(20))), 120, 35)
	press(t, m, "S")
	typeQuery(t, m, "共同话题")
	press(t, m, "esc", "j", "j", "j", "j", "j", "j", "j", "j", "j", "j")
	on := m.searching.hits[10].Title
	send(t, m, tea.WindowSizeMsg{Width: 40, Height: 12})
	contains(t, m, on)
	checkFrame(t, m)
	elapse(t, m)
	if v := &m.searching; v.snippetW != 40-len(snippetIndent)-1 || v.hits[v.cursor].Title != on {
		t.Errorf("after the resize: snippets %d wide, the cursor on %q; want %d, on %q", v.snippetW, v.hits[v.cursor].Title, 40-len(snippetIndent)-1, on)
	}
	contains(t, m, on)
}

// TestSearchTypingHints: while the query line is typed, esc is said to
// go where it goes: to the results when there are some, else back.
func TestSearchTypingHints(t *testing.T) {
	m := searchModel(t, 100, 30)
	contains(t, m, "esc back")
	lacks(t, m, "esc to the results")
	typeQuery(t, m, "准备金")
	contains(t, m, "esc to the results")
	press(t, m, "esc")
	contains(t, m, "j/k move")
}

// TestSearchCountedSoFar: a phrase counted only so far says "more than",
// and the results still page on past the count.
func TestSearchCountedSoFar(t *testing.T) {
	m := searchModel(t, 100, 30)
	typeQuery(t, m, "source:新浪财经")
	v := &m.searching
	if len(v.hits) != 2 {
		t.Fatalf("%d results, want 2", len(v.hits))
	}
	// The answer as it comes for a phrase in more articles than were
	// counted.
	send(t, m, searchedMsg{req: v.req, text: v.text, q: v.q, res: &search.Results{Hits: v.hits[:1], Total: 1, More: true}})
	contains(t, m, "1 of more than 1 article found")
	press(t, m, "enter")
	contains(t, m, "result 1/1+")
	// n on the last result fetched asks for more, and the next page
	// brings its own count.
	press(t, m, "n")
	contains(t, m, "more results are coming")
	if len(v.hits) != 2 || v.total != 2 || v.more {
		t.Errorf("after the next page: %d results of %d (more %v), want 2 of 2", len(v.hits), v.total, v.more)
	}
	if got := m.readerStatus(); !strings.Contains(got, "result 1/2") {
		t.Errorf("the reader's status after the next page: %q", got)
	}
}
