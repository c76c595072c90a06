package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

func TestTreeCounts(t *testing.T) {
	m := newModel(t, 100, 30)
	for _, re := range []string{`All +6/6 │`, `Starred +0 │`, `▸ 游戏 +1/1 │`, `▸ 编程 +2/2 │`, `▸ 金融 +3/3 │`} {
		if !regexp.MustCompile(re).MatchString(shown(m)) {
			t.Errorf("no row matching %q:\n%s", re, shown(m))
		}
	}
	// Expanding shows the sources with their counts, and the list follows
	// the selection.
	press(t, m, "G", "l")
	for _, re := range []string{`▾ 金融 +3/3 │`, `  ▸ 新浪财经 +2/2 │`, `  ▸ 证券时报 +1/1 │`} {
		if !regexp.MustCompile(re).MatchString(shown(m)) {
			t.Errorf("no row matching %q:\n%s", re, shown(m))
		}
	}
	contains(t, m, "金融 · 3 articles · 3 unread", "央行宣布", "沪深两市", "新能源汽车")
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

func TestNarrowShowsOnePane(t *testing.T) {
	m := newModel(t, 60, 20)
	lacks(t, m, "│", "央行")
	contains(t, m, "All", "▸ 金融")
	press(t, m, "tab")
	contains(t, m, "央行宣布", "Today")
	lacks(t, m, "▸ 金融")
	// esc in the list goes back to the tree.
	if press(t, m, "esc") {
		t.Fatal("esc in the narrow list quit")
	}
	contains(t, m, "▸ 金融")
	checkFrame(t, m)
}

func TestMouse(t *testing.T) {
	m := newModel(t, 100, 8) // panes of 5 rows: both scroll
	// The wheel over the list scrolls it and leaves the tree.
	send(t, m, tea.MouseWheelMsg{X: 60, Y: 4, Button: tea.MouseWheelDown})
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
	send(t, m, tea.MouseClickMsg{X: 10, Y: 5, Button: tea.MouseLeft}) // 编程
	contains(t, m, "编程 · 2 articles")
	send(t, m, tea.MouseClickMsg{X: 1, Y: 5, Button: tea.MouseLeft})
	contains(t, m, "▾ 编程", "Hacker News")
	// The wheel over the tree scrolls it without changing the list.
	send(t, m, tea.MouseWheelMsg{X: 5, Y: 4, Button: tea.MouseWheelDown})
	lacks(t, m, "All  ")
	contains(t, m, "编程 · 2 articles")
}

func TestCategoryKeys(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "]")
	contains(t, m, "Starred · 0 articles")
	press(t, m, "]")
	contains(t, m, "游戏 · 1 article")
	press(t, m, "]", "]", "]")
	contains(t, m, "金融 · 3 articles")
	press(t, m, "[")
	contains(t, m, "编程 · 2 articles")
	// The list keeps the focus.
	press(t, m, "enter")
	contains(t, m, "1/2")
}

// undatedArchive is the fixtures and two files that state no usable
// date, modified after every dated article: their copy time must not
// put them first.
func undatedArchive(t *testing.T) string {
	dir := writeArchive(t, append([]fixture{
		{"游戏/Epic/免费/invalid.md", "Achtung: a title with no date", []string{"游戏", "Epic", "免费"}, "Invalid Date", "<p>无日期。</p>"},
		{"编程/开源中国/资讯/none.md", "无日期的资讯", []string{"编程", "开源中国", "资讯"}, "", "<p>无日期。</p>"},
	}, fixtures...))
	mtime := time.Date(2024, 3, 10, 11, 30, 0, 0, shanghai)
	for _, p := range []string{"游戏/Epic/免费/invalid.md", "编程/开源中国/资讯/none.md"} {
		if err := os.Chtimes(filepath.Join(dir, filepath.FromSlash(p)), mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// listRows is the list pane's rows, runs of blanks made two.
func listRows(m *testModel) []string {
	var got []string
	for _, l := range lines(m)[2 : m.height-1] { // under the panes' titles
		_, right, ok := strings.Cut(l, "│")
		if right = strings.TrimSpace(right); ok && right != "" {
			got = append(got, regexp.MustCompile(`  +`).ReplaceAllString(right, "  "))
		}
	}
	return got
}

// TestOrders: newest first under day headings by default; O cycles
// newest, oldest, title, source and back; the articles without a date come
// last by date, under No date; the cursor stays on its article.
func TestOrders(t *testing.T) {
	m := newModelOf(t, testConfig(t, undatedArchive(t)), 130, 30)
	press(t, m, "tab", "j") // 央行
	tests := []struct {
		order string
		rows  []string
	}{
		{"newest first", []string{
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
			"No date",
			"Achtung: a title with no date  Epic",
			"无日期的资讯  开源中国",
		}},
		{"oldest first", []string{
			"2024-03-02 Saturday",
			"00:00  Free game of the week: Lighthouse Tycoon  Epic",
			"2024-03-07 Thursday",
			"11:15  新能源汽车二月销量同比增长  证券时报",
			"2024-03-08 Friday",
			"20:00  Show HN: A terminal reader for crawled news archives  Hacker News",
			"Yesterday",
			"14:00  沪深两市成交额连续三日突破一万亿元  新浪财经",
			"Today",
			"09:30  央行宣布下调存款准备金率0.5个百分点  新浪财经",
			"11:00  Go 1.22 正式发布：循环变量语义改变  开源中国",
			"No date",
			"Achtung: a title with no date  Epic",
			"无日期的资讯  开源中国",
		}},
		{"by title", []string{
			"no date  Achtung: a title with no date  Epic",
			"2024-03-02  Free game of the week: Lighthouse Tycoon  Epic",
			"2024-03-10  Go 1.22 正式发布：循环变量语义改变  开源中国",
			"2024-03-08  Show HN: A terminal reader for crawled news archives  Hacker News",
			"2024-03-10  央行宣布下调存款准备金率0.5个百分点  新浪财经",
			"2024-03-07  新能源汽车二月销量同比增长  证券时报",
			"no date  无日期的资讯  开源中国",
			"2024-03-09  沪深两市成交额连续三日突破一万亿元  新浪财经",
		}},
		{"by source", []string{
			"游戏 › Epic › 免费",
			"2024-03-02  Free game of the week: Lighthouse Tycoon",
			"no date  Achtung: a title with no date",
			"编程 › Hacker News › Show",
			"2024-03-08  Show HN: A terminal reader for crawled news archives",
			"编程 › 开源中国 › 资讯",
			"2024-03-10  Go 1.22 正式发布：循环变量语义改变",
			"no date  无日期的资讯",
			"金融 › 新浪财经 › 国内",
			"2024-03-10  央行宣布下调存款准备金率0.5个百分点",
			"2024-03-09  沪深两市成交额连续三日突破一万亿元",
			"金融 › 证券时报 › 快讯",
			"2024-03-07  新能源汽车二月销量同比增长",
		}},
		{"newest first", nil},
	}
	for i, tt := range tests {
		if i > 0 {
			press(t, m, "O")
		}
		if bar := lines(m)[0]; !strings.HasSuffix(bar, "All · 8 articles · 8 unread · "+tt.order) {
			t.Errorf("title bar %q, want the order %q", bar, tt.order)
		}
		if got := listRows(m); tt.rows != nil && !slices.Equal(got, tt.rows) {
			t.Errorf("%s:\n%s\nwant:\n%s", tt.order, strings.Join(got, "\n"), strings.Join(tt.rows, "\n"))
		}
		if a := m.list.selected(); a == nil || !strings.HasPrefix(a.Title, "央行") {
			t.Errorf("%s: the cursor moved to %v", tt.order, a)
		}
		checkFrame(t, m)
	}
	// The reader gives the file's time, as an estimate.
	press(t, m, "G", "enter")
	contains(t, m, "无日期的资讯", "no date · file modified 2024-03-10 11:30 · 编程 › 开源中国 › 资讯")
}

// TestSortRunsAside: sorting 100,000 titles takes seconds, so a command
// does it: until it answers the list keeps its order and says it sorts,
// and the answer to an order since left is dropped.
func TestSortRunsAside(t *testing.T) {
	m := newModel(t, 100, 30)
	_, oldest := m.Update(keyMsg("O"))
	contains(t, m, "newest first", "sorting oldest first…")
	_, byTitle := m.Update(keyMsg("O"))
	run(t, m, oldest)
	contains(t, m, "newest first", "sorting by title…")
	run(t, m, byTitle)
	contains(t, m, "All · 6 articles · 6 unread · by title")
	lacks(t, m, "sorting")
	// A scan's new snapshot is sorted in the order too.
	run(t, m, m.rescan())
	contains(t, m, "All · 6 articles · 6 unread · by title")
}

// TestMouseSetting: the mouse is left to the terminal unless the setting
// asks, so that text can be selected as anywhere; the help says how to
// select text when it is captured.
func TestMouseSetting(t *testing.T) {
	m := newModel(t, 100, 40)
	if mode := m.View().MouseMode; mode != tea.MouseModeNone {
		t.Errorf("mouse mode %v by default", mode)
	}
	press(t, m, "?")
	contains(t, m, "Mouse (off)", "--mouse", "mouse: true")
	lacks(t, m, "scroll the pane")

	cfg := testConfig(t, writeArchive(t, fixtures))
	cfg.Mouse = true
	m = newModelOf(t, cfg, 100, 40)
	if mode := m.View().MouseMode; mode != tea.MouseModeCellMotion {
		t.Errorf("mouse mode %v with mouse: true", mode)
	}
	for _, keys := range [][]string{{"?"}, {"esc", "tab", "enter", "?"}} {
		press(t, m, keys...)
		contains(t, m, "wheel", "shift+drag", "select text")
	}
}
