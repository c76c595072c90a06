package ui

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
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
