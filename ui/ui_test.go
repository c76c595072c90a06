package ui

import (
	"fmt"
	"io"
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

func TestTreeCounts(t *testing.T) {
	m := newModel(t, 100, 30)
	for _, re := range []string{`All +6 │`, `▸ 游戏 +1 │`, `▸ 编程 +2 │`, `▸ 金融 +3 │`} {
		if !regexp.MustCompile(re).MatchString(shown(m)) {
			t.Errorf("no row matching %q:\n%s", re, shown(m))
		}
	}
	// Expanding shows the sources with their counts, and the list follows
	// the selection.
	press(t, m, "G", "l")
	for _, re := range []string{`▾ 金融 +3 │`, `  ▸ 新浪财经 +2 │`, `  ▸ 证券时报 +1 │`} {
		if !regexp.MustCompile(re).MatchString(shown(m)) {
			t.Errorf("no row matching %q:\n%s", re, shown(m))
		}
	}
	contains(t, m, "金融 · 3 articles", "央行宣布", "沪深两市", "新能源汽车")
	lacks(t, m, "Go 1.22")
	press(t, m, "j")
	contains(t, m, "金融 › 新浪财经 · 2 articles")
	lacks(t, m, "新能源汽车")
	// h goes back to the parent, then collapses it.
	press(t, m, "h")
	contains(t, m, "金融 · 3 articles", "▾ 金融")
	press(t, m, "h")
	contains(t, m, "▸ 金融")
	lacks(t, m, "▸ 新浪财经")
}

func TestNewestFirstUnderDayHeadings(t *testing.T) {
	m := newModel(t, 130, 30)
	var got []string
	for _, l := range lines(m)[1:] {
		_, right, ok := strings.Cut(l, "│")
		if right = strings.TrimSpace(right); ok && right != "" {
			got = append(got, regexp.MustCompile(`  +`).ReplaceAllString(right, "  "))
		}
	}
	want := []string{
		"Today",
		"11:00  Go 1.22 正式发布：循环变量语义改变  开源中国",
		"09:30  央行宣布下调存款准备金率0.5个百分点  新浪财经",
		"Yesterday",
		"14:00  沪深两市成交额连续三日突破一万亿元  新浪财经",
		"2024-03-08 Friday",
		"20:00  Show HN: A terminal reader for crawled news archives  Hacker News",
		"2024-03-07 Thursday",
		"11:15  新能源汽车二月销量同比增长  证券时报",
		"2024-03-02 Saturday",
		"00:00  Free game of the week: Lighthouse Tycoon  Epic",
	}
	if !slices.Equal(got, want) {
		t.Errorf("list:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSourceColumnOnlyWhenSeveral(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "G", "l", "j") // 金融 › 新浪财经: one source
	for _, l := range lines(m) {
		if strings.Contains(l, "央行") && strings.HasSuffix(l, "新浪财经") {
			t.Errorf("source repeated in a one-source list: %q", l)
		}
	}
}

func TestTitlesTruncatedByWidth(t *testing.T) {
	m := newModel(t, 80, 20)
	press(t, m, "tab")
	for _, l := range lines(m) {
		if strings.Contains(l, "Show HN") && !strings.Contains(l, "…") {
			t.Errorf("long title not cut with an ellipsis: %q", l)
		}
	}
	checkFrame(t, m)
}

func TestFilter(t *testing.T) {
	tests := []struct {
		name  string
		query []string // key presses after "/"
		shown []string
		gone  []string
	}{
		{"latin", []string{"s", "h", "o", "w"}, []string{"Show HN"}, []string{"央行", "Lighthouse"}},
		{"case and fuzzy", []string{"G", "O", "1", "2", "2"}, []string{"Go 1.22"}, []string{"Show HN"}},
		{"chinese typed at once", []string{"成交"}, []string{"沪深两市"}, []string{"央行", "Go 1.22"}},
		{"chinese fuzzy", []string{"央", "率"}, []string{"央行宣布"}, []string{"沪深两市"}},
		{"every word must match", []string{"free", "space", "tycoon"}, []string{"Lighthouse"}, []string{"Show HN"}},
		{"nothing", []string{"zzz"}, []string{"No titles match “zzz”"}, []string{"Today"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newModel(t, 100, 30)
			press(t, m, "/")
			press(t, m, tt.query...)
			contains(t, m, tt.shown...)
			lacks(t, m, tt.gone...)
			// enter keeps the filter, esc clears it.
			press(t, m, "enter")
			contains(t, m, tt.shown...)
			contains(t, m, "esc/q clears")
			press(t, m, "esc")
			contains(t, m, "央行宣布", "Show HN", "Lighthouse")
		})
	}
}

func TestFilterWhileTypingEscClears(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "/", "成交")
	contains(t, m, "/成交", "1 of 6 articles")
	press(t, m, "backspace", "backspace", "esc")
	contains(t, m, "All · 6 articles")
	// q typed in the filter is text, not quit.
	if press(t, m, "/", "q") {
		t.Fatal("q in the filter quit")
	}
	contains(t, m, "/q")
}

// TestInputCursor: the terminal's cursor, where input methods show their
// composition, stands in the input line at the cell after the text before
// it, wide characters counting two.
func TestInputCursor(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		x    int
	}{
		{"filter", []string{"/", "央行", "left"}, 1 + 2},
		{"filter, a word back", []string{"/", "成交", "space", "央行", "alt+b"}, 1 + 5},
		{"pipe prompt", []string{"tab", "enter", "|", "宣布", "a"}, 2 + 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newModel(t, 100, 30)
			press(t, m, tt.keys...)
			c := m.View().Cursor
			if c == nil || c.X != tt.x || c.Y != 29 {
				t.Errorf("cursor %+v, want at column %d of row 29:\n%s", c, tt.x, shown(m))
			}
		})
	}
	// Nowhere else.
	m := newModel(t, 100, 30)
	if c := m.View().Cursor; c != nil {
		t.Errorf("cursor %+v in the browser", c)
	}
}

func TestFilterPaste(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "/")
	send(t, m, tea.PasteMsg{Content: "准备金"})
	contains(t, m, "央行宣布")
	lacks(t, m, "沪深两市")
}

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

func TestHelp(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "?")
	contains(t, m, "Help", "next category", "filter titles", "switch pane", "ctrl+c", "quit", "rescan")
	lacks(t, m, "next article")
	press(t, m, "?")
	contains(t, m, "All · 6 articles")
	// In the reader the help lists the reader's keys.
	press(t, m, "tab", "enter", "?")
	contains(t, m, "next article", "previous article", "pipe", "copy path")
	lacks(t, m, "next category")
	press(t, m, "esc")
	contains(t, m, "1/6")
}

func TestHelpFitsNarrowWindows(t *testing.T) {
	m := newModel(t, 40, 12)
	press(t, m, "?")
	contains(t, m, "Move")
	press(t, m, "G")
	contains(t, m, "Mouse")
	checkFrame(t, m)
}

// TestHelpAtTwentyColumns: a column of keys wider than the window wraps
// instead of ending in an ellipsis.
func TestHelpAtTwentyColumns(t *testing.T) {
	m := newModel(t, 20, 40)
	press(t, m, "?")
	contains(t, m, "Move", "down", "first", "last")
	checkFrame(t, m)
	press(t, m, "G")
	contains(t, m, "wheel", "scroll")
	checkFrame(t, m)
}

func TestNarrowShowsOnePane(t *testing.T) {
	m := newModel(t, 60, 20)
	lacks(t, m, "│", "央行")
	contains(t, m, "All", "▸ 金融")
	press(t, m, "tab")
	contains(t, m, "央行宣布", "Today")
	lacks(t, m, "▸ 金融")
	// esc in the list goes back to the tree, and only then quits.
	if press(t, m, "esc") {
		t.Fatal("esc in the narrow list quit")
	}
	contains(t, m, "▸ 金融")
	if !press(t, m, "esc") {
		t.Error("esc at the top did not quit")
	}
	checkFrame(t, m)
}

func TestSmallWindows(t *testing.T) {
	m := newModel(t, 40, 12)
	checkFrame(t, m)
	press(t, m, "j", "enter")
	contains(t, m, "游戏 · 1 article")
	press(t, m, "enter")
	contains(t, m, "Lighthouse")
	checkFrame(t, m)
	press(t, m, "q")
	press(t, m, "?")
	checkFrame(t, m)

	send(t, m, tea.WindowSizeMsg{Width: 15, Height: 5})
	if got := shown(m); got != "too small" {
		t.Errorf("15×5 window shows %q", got)
	}
	send(t, m, tea.WindowSizeMsg{Width: 100, Height: 3})
	contains(t, m, "terminal too small")
	// Keys still work and nothing breaks when the window grows again.
	press(t, m, "esc", "j", "k")
	send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	checkFrame(t, m)
}

func TestEveryScreenFitsEverySize(t *testing.T) {
	sizes := [][2]int{{20, 5}, {40, 12}, {60, 20}, {79, 24}, {80, 24}, {100, 30}, {200, 60}}
	screens := map[string][]string{
		"browser":  nil,
		"list":     {"tab"},
		"filter":   {"/", "央行"},
		"reader":   {"tab", "enter"},
		"help":     {"?"},
		"warnings": {"!"},
		"pipe":     {"tab", "enter", "|", "wc -l"},
	}
	for name, keys := range screens {
		for _, sz := range sizes {
			m := newModel(t, sz[0], sz[1])
			press(t, m, keys...)
			t.Run(name, func(t *testing.T) { checkFrame(t, m) })
		}
	}
}

func TestMouse(t *testing.T) {
	m := newModel(t, 100, 7) // body of 5 rows: both panes scroll
	// The wheel over the list scrolls it and leaves the tree.
	send(t, m, tea.MouseWheelMsg{X: 60, Y: 3, Button: tea.MouseWheelDown})
	lacks(t, m, "Today")
	contains(t, m, "All  ")
	// A click selects an article, a second opens it.
	row := -1
	for i, l := range lines(m) {
		if strings.Contains(l, "Show HN") {
			row = i
		}
	}
	if row < 0 {
		t.Fatalf("Show HN not on screen:\n%s", shown(m))
	}
	send(t, m, tea.MouseClickMsg{X: 60, Y: row, Button: tea.MouseLeft})
	if a := m.list.selected(); a == nil || !strings.HasPrefix(a.Title, "Show HN") {
		t.Fatalf("click selected %v", a)
	}
	send(t, m, tea.MouseClickMsg{X: 60, Y: row, Button: tea.MouseLeft})
	contains(t, m, "Show HN: A terminal reader", "4/6")
	press(t, m, "esc")
	// A click on a category selects it; one on its marker expands it.
	send(t, m, tea.MouseClickMsg{X: 10, Y: 3, Button: tea.MouseLeft}) // 编程
	contains(t, m, "编程 · 2 articles")
	send(t, m, tea.MouseClickMsg{X: 1, Y: 3, Button: tea.MouseLeft})
	contains(t, m, "▾ 编程", "Hacker News")
	// The wheel over the tree scrolls it without changing the list.
	send(t, m, tea.MouseWheelMsg{X: 5, Y: 3, Button: tea.MouseWheelDown})
	lacks(t, m, "All  ")
	contains(t, m, "编程 · 2 articles")
}

func TestWarnings(t *testing.T) {
	files := append([]fixture{{"坏/broken.md", "坏文件", []string{"坏"}, "Invalid Date", "<p>x</p>"}}, fixtures...)
	m := newModelOf(t, testConfig(t, writeArchive(t, files)), 100, 30)
	contains(t, m, "⚠ 1 !")
	press(t, m, "!")
	contains(t, m, "Warnings · 1 warning", "坏/broken.md", "Invalid Date")
	press(t, m, "!")
	contains(t, m, "All · 7 articles")
}

func TestQuit(t *testing.T) {
	for _, keys := range [][]string{{"q"}, {"esc"}, {"ctrl+c"}, {"tab", "enter", "ctrl+c"}, {"/", "ctrl+c"}, {"?", "ctrl+c"}} {
		m := newModel(t, 100, 30)
		if !press(t, m, keys...) {
			t.Errorf("%v did not quit", keys)
		}
	}
	// q and esc go back before they quit.
	m := newModel(t, 100, 30)
	if press(t, m, "tab", "enter", "q", "/", "央", "enter", "q") {
		t.Error("quit before the top")
	}
}

func TestCategoryKeys(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "]")
	contains(t, m, "游戏 · 1 article")
	press(t, m, "]", "]", "]")
	contains(t, m, "金融 · 3 articles")
	press(t, m, "[")
	contains(t, m, "编程 · 2 articles")
	// The list keeps the focus.
	press(t, m, "enter")
	contains(t, m, "1/2")
}

func TestCopyPath(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "j")
	_, cmd := m.Update(keyMsg("y"))
	want := filepath.Join(m.archDir, "金融", "新浪财经", "国内", "准备金率.md")
	if got := fmt.Sprint(cmd()); got != want { // bubbletea's OSC 52 message is the text
		t.Errorf("clipboard got %q, want %q", got, want)
	}
	contains(t, m, "copied "+want)
}

func TestScanProgressAndIncrementalFill(t *testing.T) {
	m := newUnsized(t, testConfig(t, writeArchive(t, fixtures)), nil)
	send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m.scan = scanState{gen: 1, running: true, cancel: func() {}, every: minRefresh}
	contains(t, m, "scanning… 0 files", "Scanning…")
	ix, err := m.arch.Index(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	arts := ix.Articles()
	send(t, m, scanBatchMsg{gen: 1, batch: feed.Batch{Articles: arts[:2], Files: 2}})
	contains(t, m, "scanning… 2 files", "All · 2 articles", arts[0].Title[:6])
	// A message of an older scan is ignored.
	send(t, m, scanBatchMsg{gen: 0, batch: feed.Batch{Articles: arts[2:], Files: 9}})
	contains(t, m, "scanning… 2 files")
	send(t, m, scanBatchMsg{gen: 1, batch: feed.Batch{Articles: arts[2:], Files: 6}})
	send(t, m, scanDoneMsg{gen: 1})
	contains(t, m, "6 articles in 6 files", "All · 6 articles")
}

func TestRescanKeepsTheListUntilDone(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "j", "j")
	sel := m.list.selected().Path
	cmd := m.rescan()
	if cmd == nil {
		t.Fatal("no scan command")
	}
	m.scan.cancel() // the test delivers the results itself
	gen := m.scan.gen
	contains(t, m, "rescanning… 0 files", "All · 6 articles")
	err := m.arch.Scan(t.Context(), func(b feed.Batch) { send(t, m, scanBatchMsg{gen: gen, batch: b}) })
	contains(t, m, "All · 6 articles")
	send(t, m, scanDoneMsg{gen: gen, err: err})
	contains(t, m, "6 articles in 6 files")
	// The cursor is on the same file, in the new index.
	if got := m.list.selected().Path; got != sel {
		t.Errorf("cursor on %s after the rescan, was on %s", got, sel)
	}
}

func TestScanError(t *testing.T) {
	m := newModel(t, 100, 30)
	m.scan = scanState{gen: 5, running: true, cancel: func() {}}
	send(t, m, scanDoneMsg{gen: 5, err: os.ErrPermission})
	contains(t, m, "scan failed: permission denied")
}

// TestProgram runs the model in a real bubbletea program, with the scan,
// renders and searches in their goroutines, so that `go test -race` sees
// them together; the keys arrive while the scan may still run.
func TestProgram(t *testing.T) {
	dir := writeArchive(t, fixtures)
	cfg := testConfig(t, dir)
	cfg.Theme = "auto"
	m, err := New(Options{Archive: mustOpen(t, dir), Config: cfg, Getenv: func(string) string { return "" }, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	p := &probe{Model: m, changed: make(chan time.Time, 1), done: make(chan time.Time, 1)}
	prog := tea.NewProgram(p, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithWindowSize(100, 30))
	done := make(chan error)
	go func() {
		_, err := prog.Run()
		done <- err
	}()
	<-p.done // the first scan: else the first esc would quit from an empty list
	for _, k := range []string{"tab", "enter", "n", "n", "G", "esc", "/", "央行", "enter", "]", "esc", "?", "esc", "r", "tab", "q"} {
		prog.Send(keyMsg(k))
	}
	// A program that never quits is caught by go test's -timeout, with
	// every goroutine's stack.
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if m.screen != browserScreen || m.filter.active() {
		t.Errorf("ended on screen %d, filter %v", m.screen, m.filter.active())
	}
}

// hostile holds what a crawled page or a file name can carry to take over
// a terminal: an OSC 52 clipboard write, a C1 CSI, a screen clear, a
// right-to-left override.
const hostile = "e\x1b]52;c;QUFB\x07v\u009b2Ji\x1b[2Jl\u202eevil\u2066"

// terminalSafe fails the test if the window holds anything but text, SGR
// colours and OSC 8 links, or a character that reorders or hides text.
func terminalSafe(t *testing.T, m *testModel, where string) {
	t.Helper()
	rest := regexp.MustCompile(`\x1b\[[0-9;:]*m|\x1b\]8;[^\x07\x1b]*(?:\x07|\x1b\\)`).ReplaceAllString(m.View().Content, "")
	if i := strings.IndexAny(rest, "\x1b\x07\u009b\u202e\u2066"); i >= 0 {
		t.Errorf("%s: the window holds %q", where, rest[max(0, i-30):min(len(rest), i+10)])
	}
}

func TestHostileTextNeverReachesTheTerminal(t *testing.T) {
	dir := t.TempDir()
	write := func(p, text string) {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("g"+hostile+"/s"+hostile+"/"+hostile+".md", "---\ntitle: "+hostile+"\nauthor: "+hostile+"\ndate: Invalid Date\n---\n<p>"+hostile+"</p><a href=\"http://x/"+hostile+"\">"+hostile+"</a>")
	write("g/s/none"+hostile+".md", "<p>no front matter "+hostile+"</p>")
	write("g/s/binary"+hostile+".md", "\x00\x01\x02binary\x00")
	m := newModelOf(t, testConfig(t, dir), 100, 30)
	terminalSafe(t, m, "browser")
	for _, step := range []struct {
		name string
		keys []string
	}{
		{"warnings", []string{"!"}},
		{"copy", []string{"esc", "tab", "y"}},
		{"next copy", []string{"j", "y"}},
		{"reader", []string{"enter"}},
		{"reader help", []string{"?"}},
		{"reader copy", []string{"esc", "y"}},
		{"next article", []string{"p"}},
	} {
		press(t, m, step.keys...)
		terminalSafe(t, m, step.name)
	}
	// The file whose name is hostile is not copied.
	if _, cmd := m.Update(keyMsg("y")); cmd != nil {
		t.Errorf("a path with escape sequences went to the clipboard: %q", fmt.Sprint(cmd()))
	}
	contains(t, m, "not copied")
	// Pasted text is cleaned as it is typed.
	press(t, m, "|")
	send(t, m, tea.PasteMsg{Content: hostile})
	terminalSafe(t, m, "pipe prompt")
	press(t, m, "esc", "esc", "/")
	send(t, m, tea.PasteMsg{Content: hostile})
	terminalSafe(t, m, "filter")
	press(t, m, "enter")
	terminalSafe(t, m, "filter kept")
	// Error messages carry paths too.
	if len(m.list.items) == 0 {
		t.Fatal("the pasted title matches no article")
	}
	m.list.items[0].Path = "gone" + hostile + ".md"
	press(t, m, "enter")
	contains(t, m, "Could not show this article")
	terminalSafe(t, m, "error")
}

// manyWarnings gives m 100,000 warnings from 50,000 files with long
// Chinese paths, as a scan would, and opens the warnings.
func manyWarnings(t testing.TB, m *testModel) {
	t.Helper()
	var ws []feed.Warning
	for i := range 50_000 {
		p := fmt.Sprintf("金融/新浪财经－国內/%05d/%s文件%d.md", i, strings.Repeat("很长的中文名", 1+i%7), i)
		ws = append(ws, feed.Warning{Path: p, Reason: "no date; using the file's modification time"}, feed.Warning{Path: p, Reason: "no categories; using the folders"})
	}
	m.scan = scanState{gen: 9, running: true, cancel: func() {}, every: minRefresh}
	send(t, m, scanBatchMsg{gen: 9, batch: feed.Batch{Warnings: ws, Files: len(ws) / 2}})
	send(t, m, scanDoneMsg{gen: 9})
	press(t, m, "!")
}

// TestManyWarnings: 100,000 warnings with long Chinese paths, in a small
// window. Each file's path shows once, cut at its start by display width
// so that the file name stays, and a frame draws the rows on screen only
// (BenchmarkManyWarnings measures it).
func TestManyWarnings(t *testing.T) {
	m := newModel(t, 40, 12)
	manyWarnings(t, m)
	contains(t, m, "Warnings · 100,000 warnings", "文件0.md", "no date", "no categories", "文件1.md")
	if n := strings.Count(shown(m), "文件0.md"); n != 1 {
		t.Errorf("the first file's path shows %d times:\n%s", n, shown(m))
	}
	checkFrame(t, m)
	drawn := 0
	draw := m.sheet.draw
	m.sheet.draw = func(i, width int) string {
		drawn++
		return draw(i, width)
	}
	press(t, m, "G")
	if drawn != 0 {
		t.Errorf("going to the end drew %d rows", drawn)
	}
	contains(t, m, "文件49999.md", "no categories")
	if body := m.layout().bodyH; drawn != body {
		t.Errorf("a frame drew %d rows for a body of %d", drawn, body)
	}
	checkFrame(t, m)
	for _, l := range lines(m)[1 : m.height-1] {
		if strings.Contains(l, "/") && !strings.HasSuffix(l, ".md") {
			t.Errorf("a path lost its end: %q", l)
		}
	}
}

// BenchmarkManyWarnings measures going to the end of 100,000 warnings and
// drawing the frame there, then back to the top.
func BenchmarkManyWarnings(b *testing.B) {
	m := newModel(b, 40, 12)
	manyWarnings(b, m)
	for b.Loop() {
		press(b, m, "G")
		_ = m.View()
		press(b, m, "g")
		_ = m.View()
	}
}
