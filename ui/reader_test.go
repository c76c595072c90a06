package ui

import (
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"newsreader/feed"
)

func TestOpenAndLeave(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "j", "enter")
	contains(t, m, "央行宣布下调存款准备金率0.5个百分点", "2024-03-10 09:30 Sunday · 金融 › 新浪财经 › 国内", "央行决定下调金融机构存款准备金率", "2/6")
	lacks(t, m, "│")
	press(t, m, "esc")
	contains(t, m, "All · 6 articles", "│")
	// l opens too, and h leaves.
	press(t, m, "l")
	contains(t, m, "央行决定下调")
	press(t, m, "h")
	contains(t, m, "All · 6 articles")
}

func TestReaderScrolls(t *testing.T) {
	m := newModel(t, 60, 12)
	press(t, m, "tab", "enter")
	contains(t, m, "Go 1.22 发布了", "1/6 · 0%")
	press(t, m, "G")
	contains(t, m, "100%")
	lacks(t, m, "Go 1.22 发布了")
	press(t, m, "g")
	contains(t, m, "0%", "Go 1.22 发布了")
	press(t, m, "ctrl+d")
	lacks(t, m, "1/6 · 0%")
	send(t, m, tea.MouseWheelMsg{X: 10, Y: 5, Button: tea.MouseWheelUp})
	send(t, m, tea.MouseWheelMsg{X: 10, Y: 5, Button: tea.MouseWheelUp})
	send(t, m, tea.MouseWheelMsg{X: 10, Y: 5, Button: tea.MouseWheelUp})
	contains(t, m, "1/6 · 0%")
	checkFrame(t, m)
}

func TestNextPrevious(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "enter")
	contains(t, m, "Go 1.22 正式发布", "1/6")
	press(t, m, "n")
	contains(t, m, "央行宣布下调", "2/6")
	press(t, m, "n", "n")
	contains(t, m, "Show HN", "4/6")
	press(t, m, "p")
	contains(t, m, "沪深两市成交额", "3/6")
	press(t, m, "p", "p")
	contains(t, m, "Go 1.22 正式发布", "1/6")
	press(t, m, "p")
	contains(t, m, "first article", "Go 1.22 正式发布")
	// Back in the list, the cursor is on the article last read.
	press(t, m, "n", "n", "esc", "enter")
	contains(t, m, "沪深两市成交额", "3/6")
	// n and p follow the filtered list.
	press(t, m, "esc", "/", "tycoon", "enter", "enter")
	contains(t, m, "Lighthouse Tycoon", "1/1")
	press(t, m, "n")
	contains(t, m, "last article")
}

func TestSpinnerOnlyWhenSlow(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab")
	// Open without running the render command: the render is "slow".
	_, cmd := m.Update(keyMsg("enter"))
	if cmd == nil {
		t.Fatal("no render command")
	}
	contains(t, m, "Go 1.22 正式发布")
	lacks(t, m, "rendering…")
	req := m.reader.req
	if want := []timer{{m.spinnerDelay, spinnerDueMsg{req}}}; !slices.Equal(m.timers, want) {
		t.Fatalf("timers %v, want %v", m.timers, want)
	}
	send(t, m, spinnerDueMsg{req: req - 1}) // an older request's timer
	lacks(t, m, "rendering…")
	elapse(t, m)
	contains(t, m, "rendering…")
	// Each frame starts the timer of the next.
	for range 3 {
		frame := shown(m)
		if len(m.timers) != 1 || m.timers[0].d != m.reader.spin.Spinner.FPS {
			t.Fatalf("timers %v while spinning", m.timers)
		}
		elapse(t, m)
		if shown(m) == frame {
			t.Errorf("the spinner did not turn:\n%s", frame)
		}
	}
	// The page arrives: the spinner goes, and its next frame is the last.
	run(t, m, cmd)
	lacks(t, m, "rendering…")
	contains(t, m, "Go 1.22 发布了")
	elapse(t, m)
	if len(m.timers) != 0 {
		t.Errorf("timers %v after the page arrived", m.timers)
	}

	// A fast render never shows it: the timer finds it done.
	m.pages.clear()
	press(t, m, "n")
	contains(t, m, "央行决定下调")
	if len(m.timers) != 1 {
		t.Fatalf("timers %v after a render", m.timers)
	}
	elapse(t, m)
	lacks(t, m, "rendering…")
}

func TestPagesCachedByArticleWidthStyle(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "enter")
	first := m.reader.shown
	if _, ok := m.pages.get(first); !ok {
		t.Fatal("open page not cached")
	}
	// The next article was prefetched at the same width.
	next := pageKey{path: m.list.items[1].Path, width: first.width, style: first.style}
	if _, ok := m.pages.get(next); !ok {
		t.Error("next article not prefetched")
	}
	// Going back and opening again renders nothing: the cache answers.
	press(t, m, "esc")
	_, cmd := m.Update(keyMsg("enter"))
	if cmd != nil || m.reader.shown != first {
		t.Error("reopening rendered again")
	}

	// A resize renders the open article again once the size has
	// settled, and only it: the next article waits until it is opened.
	send(t, m, tea.WindowSizeMsg{Width: 70, Height: 30})
	if m.reader.shown.width != 100 {
		t.Errorf("rendered at width %d before the size settled", m.reader.shown.width)
	}
	elapse(t, m)
	if m.reader.shown.width != 70 {
		t.Errorf("shown at width %d after the resize", m.reader.shown.width)
	}
	if _, ok := m.pages.peek(pageKey{path: next.path, width: 70, style: first.style}); ok {
		t.Error("a resize rendered the next article too")
	}
	contains(t, m, "Go 1.22 发布了")
	checkFrame(t, m)
	// Only the last size of a burst renders.
	send(t, m, tea.WindowSizeMsg{Width: 50, Height: 30})
	send(t, m, tea.WindowSizeMsg{Width: 60, Height: 30})
	elapse(t, m)
	if _, ok := m.pages.peek(pageKey{path: first.path, width: 50, style: first.style}); ok {
		t.Error("a superseded size rendered")
	}
	if m.reader.shown.width != 60 {
		t.Errorf("the last size did not render (width %d)", m.reader.shown.width)
	}
	// The width is capped by max_width.
	send(t, m, tea.WindowSizeMsg{Width: 200, Height: 30})
	elapse(t, m)
	if m.reader.shown.width != 100 {
		t.Errorf("rendered at %d, beyond max_width", m.reader.shown.width)
	}
}

func TestUnreadableArticle(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab")
	m.list.items[0].Path = "gone.md"
	press(t, m, "enter")
	contains(t, m, "Could not show this article", "gone.md")
}

func TestThemeFollowsTheTerminal(t *testing.T) {
	cfg := testConfig(t, writeArchive(t, fixtures))
	cfg.Theme, cfg.Style = "auto", "auto"
	m := newModelOf(t, cfg, 100, 30)
	press(t, m, "tab", "enter")
	if m.reader.shown.style != "dark" {
		t.Fatalf("style %q before the terminal answered", m.reader.shown.style)
	}
	send(t, m, tea.BackgroundColorMsg{Color: color.White})
	if m.dark || m.reader.shown.style != "light" {
		t.Errorf("light background: dark %v, style %q", m.dark, m.reader.shown.style)
	}
	// A fixed theme ignores the terminal.
	cfg = testConfig(t, writeArchive(t, fixtures))
	cfg.Theme = "light"
	m = newModelOf(t, cfg, 100, 30)
	send(t, m, tea.BackgroundColorMsg{Color: color.Black})
	if m.dark {
		t.Error("theme light turned dark")
	}
}

func TestNoColor(t *testing.T) {
	cfg := testConfig(t, writeArchive(t, fixtures))
	cfg.Style = "auto"
	m := newUnsized(t, cfg, func(k string) string {
		if k == "NO_COLOR" {
			return "1"
		}
		return ""
	})
	send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	scan(t, m)
	colour := regexp.MustCompile(`\x1b\[[0-9;]*[34]8;`)
	for _, keys := range [][]string{nil, {"tab"}, {"enter"}, {"?"}} {
		press(t, m, keys...)
		if v := m.View().Content; colour.MatchString(v) {
			t.Errorf("NO_COLOR, after %v: colour in %q", keys, colour.FindString(v))
		}
	}
	if m.reader.shown.style != "notty" {
		t.Errorf("article style %q under NO_COLOR", m.reader.shown.style)
	}
	// The selection still shows, in reverse video.
	press(t, m, "esc", "esc")
	if !strings.Contains(m.View().Content, "\x1b[7m") {
		t.Error("no reverse video for the selection")
	}
}

// TestReadingWhileTheScanRuns: a newer article arriving while the first of
// the list is open must not move the list from under the reader: n opens
// the article after the one shown, and the status line keeps its place.
func TestReadingWhileTheScanRuns(t *testing.T) {
	m := newUnsized(t, testConfig(t, writeArchive(t, fixtures)), nil)
	send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	ix, err := m.arch.Index(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	arts := ix.Articles() // newest first
	m.scan = scanState{gen: 1, running: true, cancel: func() {}, every: minRefresh}
	send(t, m, scanBatchMsg{gen: 1, changes: feed.Changes{Batch: feed.Batch{Articles: arts[1:3], Files: 2}}})
	press(t, m, "tab", "enter")
	contains(t, m, arts[1].Title, "1/2")
	m.scan.last = time.Time{} // rebuild at the next batch
	send(t, m, scanBatchMsg{gen: 1, changes: feed.Changes{Batch: feed.Batch{Articles: arts[:1], Files: 3}}})
	contains(t, m, arts[1].Title, "2/3")
	press(t, m, "n")
	contains(t, m, arts[2].Title, "3/3")
	press(t, m, "esc")
	if a := m.list.selected(); a != arts[2] {
		t.Errorf("back in the list, the cursor is on %q", a.Title)
	}
}

// TestLongTitleShownOnce: a title wider than the title bar is shown in
// the page instead, and only then, whatever the cache holds: pages are
// cached by render width, which stops growing at max_width while the
// title bar does not.
func TestLongTitleShownOnce(t *testing.T) {
	title := strings.Repeat("很长的标题", 14) + "END" // 143 cells
	files := []fixture{{"a/b/c/x.md", title, []string{"a", "b", "c"}, "2024-03-10 01:30:00", "<p>正文。</p>"}}
	m := newModelOf(t, testConfig(t, writeArchive(t, files)), 200, 20) // max_width 100
	press(t, m, "tab", "enter")
	for _, w := range []int{120, 200, 120} {
		send(t, m, tea.WindowSizeMsg{Width: w, Height: 20})
		elapse(t, m)
		if n := strings.Count(shown(m), "END"); n != 1 {
			t.Errorf("%d columns: the title's end shows %d times:\n%s", w, n, shown(m))
		}
		if bar := lines(m)[0]; w < 150 && !strings.HasSuffix(bar, "…") {
			t.Errorf("%d columns: the title bar cuts the title without a mark: %q", w, bar)
		}
		checkFrame(t, m)
	}
}

// TestRescanShowsChangedFiles: a rescan is how the reader learns that
// files changed; the pages rendered before it must not hide the change,
// in the open article or in one opened later.
func TestRescanShowsChangedFiles(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "enter", "n") // the second article; the first is cached
	contains(t, m, "央行决定下调金融机构存款准备金率")
	rewrite := func(p, old, new string) {
		p = filepath.Join(m.archDir, filepath.FromSlash(p))
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rewrite("金融/新浪财经/国内/准备金率.md", "央行决定下调", "央行今天决定下调")
	rewrite("编程/开源中国/资讯/go.md", "Go 1.22 发布了", "Go 1.22 已经发布了")
	run(t, m, m.rescan())
	contains(t, m, "央行今天决定下调", "rescanned: 0 new, 0 removed")
	elapse(t, m)
	contains(t, m, "2/6")
	press(t, m, "p")
	contains(t, m, "Go 1.22 已经发布了", "1/6")
}

func TestReaderEmptyArticle(t *testing.T) {
	dir := writeArchive(t, []fixture{{"x/empty.md", "只有标题的文章", []string{"x"}, "2024-03-10 01:30:00", "   "}})
	m := newModelOf(t, testConfig(t, dir), 80, 20)
	press(t, m, "tab", "enter")
	contains(t, m, "只有标题的文章", "This article has no text.")
}
