package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"newsreader/feed"
	"newsreader/store"
)

// restart ends model m as the program's end does (saving what is not
// saved), and returns a new model of the same archive and state folder
// in a window of the given size, started.
func restart(t *testing.T, m *testModel, w, h int) *testModel {
	t.Helper()
	if err := m.finish(); err != nil {
		t.Fatal(err)
	}
	return newModelOf(t, m.cfg, w, h)
}

// hasRow fails the test unless the tree has a row matching re.
func hasRow(t *testing.T, m *testModel, re string) {
	t.Helper()
	if !regexp.MustCompile(re).MatchString(shown(m)) {
		t.Errorf("no row matching %q:\n%s", re, shown(m))
	}
}

// savedMarks is what the store in m's state folder keeps of the article
// titled title.
func savedMarks(t *testing.T, m *testModel, title string) store.Mark {
	t.Helper()
	st, err := store.Open(m.cfg.StateDir, m.arch)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ms, err := st.Marks()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range m.ix.Articles() {
		if a.Title == title {
			return ms.Of(a)
		}
	}
	t.Fatalf("no article %q", title)
	return store.Mark{}
}

func TestToggleReadAndStar(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "j") // 央行, in 金融
	press(t, m, "m")
	contains(t, m, "marked read")
	hasRow(t, m, `All +5/6 │`)
	hasRow(t, m, `▸ 金融 +2/3 │`)
	contains(t, m, "All · 6 articles · 5 unread")
	press(t, m, "m")
	contains(t, m, "marked unread")
	hasRow(t, m, `All +6/6 │`)
	press(t, m, "s")
	contains(t, m, "starred")
	hasRow(t, m, `Starred +1/1 │`)
	if !strings.Contains(lines(m)[4], "│*09:30  央行宣布") {
		t.Errorf("the starred row has no star: %q", lines(m)[4])
	}
	press(t, m, "m")
	hasRow(t, m, `Starred +0/1 │`)
	press(t, m, "s")
	contains(t, m, "unstarred")
	hasRow(t, m, `Starred +0 │`)
	// In the tree, m and s say where they act.
	press(t, m, "tab", "m")
	contains(t, m, "m and s mark the article under the list's cursor")
	if got := savedMarks(t, m, "央行宣布下调存款准备金率0.5个百分点"); !got.Read || got.Starred {
		t.Errorf("saved %+v, want read and not starred", got)
	}
}

// TestReadRowsDimmed: a read article's row is faint, in colour and
// without, the cursor's row too; unread rows are not.
func TestReadRowsDimmed(t *testing.T) {
	for _, env := range []map[string]string{nil, {"NO_COLOR": "1"}} {
		m := newModelEnv(t, env, 100, 30)
		press(t, m, "tab", "j", "m", "j")
		for _, l := range strings.Split(m.View().Content, "\n") {
			_, list, _ := strings.Cut(l, "│")
			plain := ansi.Strip(list)
			switch {
			case strings.Contains(plain, "央行宣布") && !faint(list):
				t.Errorf("%v: the read row is not faint: %q", env, l)
			case strings.Contains(plain, "沪深两市") && faint(list):
				t.Errorf("%v: an unread row is faint: %q", env, l)
			}
		}
		press(t, m, "k") // the cursor on the read row
		for _, l := range strings.Split(m.View().Content, "\n") {
			if strings.Contains(ansi.Strip(l), "央行宣布") && !faint(l) {
				t.Errorf("%v: the read row under the cursor is not faint: %q", env, l)
			}
		}
	}
}

// faint reports whether an SGR sequence of s sets faint (2), colours'
// parameters aside.
func faint(s string) bool {
	for _, seq := range regexp.MustCompile(`\x1b\[([0-9;:]*)m`).FindAllStringSubmatch(s, -1) {
		ps := strings.Split(seq[1], ";")
		for i := 0; i < len(ps); i++ {
			switch ps[i] {
			case "38", "48", "58":
				if i+1 < len(ps) && ps[i+1] == "5" {
					i += 2
				} else if i+1 < len(ps) && ps[i+1] == "2" {
					i += 4
				}
			case "2":
				return true
			}
		}
	}
	return false
}

func TestHideReadAndStarredOnly(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "j", "m", "j", "s", "k") // 央行 read, 沪深 starred
	press(t, m, "M")
	// The cursor's article hidden, the cursor goes to the next one shown.
	if a := m.list.selected(); a == nil || !strings.HasPrefix(a.Title, "沪深两市") {
		t.Errorf("M moved the cursor to %v", a)
	}
	contains(t, m, "read articles hidden", "All · 5 articles · 5 unread · newest first · read hidden")
	// M lists the category again: the article read since stays until then.
	lacks(t, m, "央行宣布")
	press(t, m, "g", "m")
	contains(t, m, "Go 1.22 正式发布")
	press(t, m, "M", "M")
	lacks(t, m, "Go 1.22 正式发布", "央行宣布")
	press(t, m, "M", "*")
	contains(t, m, "only starred articles shown", "All · 1 article · 4 unread · newest first · starred only", "沪深两市")
	lacks(t, m, "央行宣布", "Go 1.22")
	press(t, m, "s") // unstarred, still listed
	contains(t, m, "沪深两市")
	press(t, m, "*", "*")
	contains(t, m, "Nothing starred here: * shows every article.")
	press(t, m, "*")
	contains(t, m, "all articles shown", "央行宣布")
	// The Starred entry lists the starred articles of every category.
	press(t, m, "G", "s", "tab", "g", "j")
	contains(t, m, "Starred · 1 article", "Free game of the week")
	hasRow(t, m, `Starred +1/1 │`)
}

func TestNextUnread(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "j", "m", "j", "m") // 央行 and 沪深 read
	press(t, m, "g", "u")
	if a := m.list.selected(); !strings.HasPrefix(a.Title, "Show HN") {
		t.Errorf("u went to %q, want the next unread, Show HN", a.Title)
	}
	press(t, m, "G", "u")
	contains(t, m, "no unread article below: went on from the top")
	if a := m.list.selected(); !strings.HasPrefix(a.Title, "Go 1.22") {
		t.Errorf("u went to %q, want the first unread, Go 1.22", a.Title)
	}
	// In the reader u opens the next unread article, and marks it read.
	press(t, m, "enter", "u")
	contains(t, m, "Show HN: A terminal reader", "4/6")
	press(t, m, "u", "u")
	contains(t, m, "Free game of the week", "6/6")
	press(t, m, "u")
	contains(t, m, "no unread articles left in this list", "Free game of the week")
	press(t, m, "esc")
	hasRow(t, m, `All +0/6 │`)
}

func TestMarkCategoryReadAsks(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "G", "A") // 金融
	contains(t, m, "mark the 3 unread articles of 金融 read? (y/n)")
	for _, no := range []string{"n", "esc", "j"} {
		press(t, m, no)
		contains(t, m, "nothing changed")
		hasRow(t, m, `▸ 金融 +3/3 │`)
		press(t, m, "A")
	}
	// In a narrow window the question is cut, not its keys.
	send(t, m, tea.WindowSizeMsg{Width: 40, Height: 12})
	contains(t, m, "mark the 3 unread articl… (y/n)")
	send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	press(t, m, "y")
	contains(t, m, "3 unread articles marked read")
	hasRow(t, m, `▸ 金融 +0/3 │`)
	hasRow(t, m, `All +3/6 │`)
	press(t, m, "A")
	contains(t, m, "no unread articles of 金融")
	// With a filter, A marks what the filter keeps.
	press(t, m, "g", "tab", "/", "Go", "enter", "A")
	contains(t, m, "mark the 1 unread article that match “Go” read?")
	press(t, m, "Y")
	hasRow(t, m, `All +2/6 │`)
	// What was marked read is kept.
	m = restart(t, m, 100, 30)
	hasRow(t, m, `All +2/6 │`)
	hasRow(t, m, `▸ 金融 +0/3 │`)
}

func TestOpeningMarksReadAcrossRestarts(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "enter")
	contains(t, m, "Go 1.22 正式发布", "1/6")
	press(t, m, "s", "esc", "j", "s")
	hasRow(t, m, `All +5/6 │`)
	m = restart(t, m, 100, 30)
	hasRow(t, m, `All +5/6 │`)
	hasRow(t, m, `▸ 编程 +1/2 │`)
	hasRow(t, m, `Starred +1/2 │`)
}

// TestQuickTogglesSaveInOrder: keys pressed faster than the store saves
// queue their changes, which it saves in order; its answers do not undo
// a later change on screen.
func TestQuickTogglesSaveInOrder(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "j")
	_, first := m.Update(keyMsg("m"))
	_, second := m.Update(keyMsg("m"))
	_, third := m.Update(keyMsg("m"))
	if first == nil || second != nil || third != nil {
		t.Fatalf("commands %v %v %v: want the first to save, the others to wait", first != nil, second != nil, third != nil)
	}
	run(t, m, first) // saves, and the ones queued after it
	hasRow(t, m, `All +5/6 │`)
	if got := savedMarks(t, m, "央行宣布下调存款准备金率0.5个百分点"); !got.Read {
		t.Errorf("saved %+v after read, unread, read", got)
	}
	// The answer to the first save comes after the second change: the
	// screen keeps the second.
	_, first = m.Update(keyMsg("m"))
	msg := first()
	_, second = m.Update(keyMsg("m"))
	run(t, m, func() tea.Msg { return msg })
	hasRow(t, m, `All +5/6 │`)
	_ = second
}

// TestQuitSavesWhatWaits: a change whose save has not started when the
// program ends is saved by finish, and the command that would have saved
// it does nothing.
func TestQuitSavesWhatWaits(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab")
	_, cmd := m.Update(keyMsg("s"))
	if err := m.finish(); err != nil {
		t.Fatal(err)
	}
	if msg := cmd(); msg != nil {
		t.Errorf("the save ran again after the end: %T", msg)
	}
	if got := savedMarks(t, m, "Go 1.22 正式发布：循环变量语义改变"); !got.Starred {
		t.Errorf("saved %+v, want starred", got)
	}
}

// paragraphs are articles' paragraphs, each of one character repeated,
// so that any line of a page says which paragraph it is in.
var paragraphs = []rune("甲乙丙丁戊己庚辛壬癸")

// longArticle is an article of ten long paragraphs.
func longArticle() fixture {
	var body strings.Builder
	for _, c := range paragraphs {
		body.WriteString("<p>" + strings.Repeat(strings.Repeat(string(c), 9)+"。", 40) + "</p>")
	}
	return fixture{"长文/读者/连载/long.md", "一篇很长的文章", []string{"长文", "读者", "连载"}, "2024-03-10 03:30:00", body.String()}
}

// topLine is the reader's first line of the article, under its header.
func topLine(m *testModel) string { return lines(m)[3] }

func TestPositionKeptAcrossWidths(t *testing.T) {
	cfg := testConfig(t, writeArchive(t, append([]fixture{longArticle()}, fixtures...)))
	m := newModelOf(t, cfg, 100, 20)
	press(t, m, "tab", "enter")
	contains(t, m, "一篇很长的文章")
	// Down to the middle of the sixth paragraph.
	for i := 0; !strings.Contains(topLine(m), "己"); i++ {
		if i == 200 {
			t.Fatalf("no sixth paragraph:\n%s", shown(m))
		}
		press(t, m, "j")
	}
	press(t, m, "j", "j", "j")
	if !strings.Contains(topLine(m), "己") {
		t.Fatalf("the sixth paragraph is too short for the test: %q", topLine(m))
	}
	press(t, m, "esc")
	if got := savedMarks(t, m, "一篇很长的文章"); got.Position == 0 {
		t.Fatal("leaving the article saved no position")
	}
	// Opened again, it is where it was left; in another window after a
	// restart too, whose lines are shorter.
	press(t, m, "enter")
	if !strings.Contains(topLine(m), "己") || !strings.Contains(lines(m)[4], "己") {
		t.Errorf("reopened at:\n%s", shown(m))
	}
	for _, w := range []int{60, 140} {
		m = restart(t, m, w, 20)
		press(t, m, "enter") // the cursor is on the article, as it was left
		contains(t, m, "一篇很长的文章")
		if !strings.Contains(topLine(m), "己") || !strings.Contains(lines(m)[4], "己") {
			t.Errorf("%d columns: reopened at:\n%s", w, shown(m))
		}
	}
	// n and p keep the place of the article they leave.
	press(t, m, "n", "p")
	if !strings.Contains(topLine(m), "己") {
		t.Errorf("back with p at:\n%s", shown(m))
	}
}

// TestPositionUnit: a place saved at one width falls on the same line
// at that width, and within the same text at another.
func TestPositionUnit(t *testing.T) {
	var page strings.Builder
	for i := range 300 {
		fmt.Fprintf(&page, "\x1b[1mline %03d\x1b[0m with some words\n\n", i)
	}
	r := newReader()
	r.vp.SetWidth(80)
	r.vp.SetHeight(20)
	r.setPage(pageKey{path: "p"}, page.String(), 0)
	for _, top := range []int{0, 1, 2, 123, 301, 580} {
		r.vp.SetYOffset(top)
		pos := r.position()
		r.setPage(pageKey{path: "p"}, page.String(), pos)
		if got := r.vp.YOffset(); got != top {
			t.Errorf("line %d: position %d, back at line %d", top, pos, got)
		}
	}
}

// TestLastPlaceRestored: the interface reopens on the category and the
// article it was left at, the reader closed; the Starred entry too.
func TestLastPlaceRestored(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "G", "l", "j", "tab", "j", "enter") // 金融 › 新浪财经, its second article
	contains(t, m, "沪深两市成交额")
	m = restart(t, m, 100, 30)
	contains(t, m, "金融 › 新浪财经 · 2 articles")
	if a := m.list.selected(); a == nil || !strings.HasPrefix(a.Title, "沪深两市") {
		t.Errorf("the cursor is on %v", a)
	}
	if m.screen != browserScreen || m.focus != listPane {
		t.Errorf("screen %v, focus %v: want the list", m.screen, m.focus)
	}
	press(t, m, "s", "tab", "g", "j")
	m = restart(t, m, 100, 30)
	contains(t, m, "Starred · 1 article", "沪深两市成交额")
}

// TestWarmStartDrawsFromTheStore: a start draws the tree and the list
// from the store before the archive is read: an article deleted since
// the last run still shows, then the reconcile takes it out and brings
// a new one, and the cursor stays on its article, on its line.
func TestWarmStartDrawsFromTheStore(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "j", "j") // 沪深两市
	if err := m.finish(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(m.archDir, "金融", "证券时报", "快讯", "销量.md")); err != nil {
		t.Fatal(err)
	}
	writeFixture(t, m.archDir, fixture{"游戏/Epic/免费/new.md", "新游戏限时免费", []string{"游戏", "Epic", "免费"}, "2024-03-10 02:00:00", "<p>新。</p>"})
	m = newUnsized(t, m.cfg, nil)
	send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	msg := m.load()()
	if _, ok := msg.(loadedMsg); !ok {
		t.Fatalf("the first command gave %T", msg)
	}
	_, reconcile := m.Update(msg)
	contains(t, m, "All · 6 articles", "新能源汽车二月销量", "沪深两市成交额", "6 articles · checking the archive for changes…")
	lacks(t, m, "新游戏限时免费")
	hasRow(t, m, `▸ 金融 +3/3 │`)
	at := func() int {
		return slices.IndexFunc(lines(m), func(l string) bool { return strings.Contains(l, "沪深两市") })
	}
	if a := m.list.selected(); a == nil || !strings.HasPrefix(a.Title, "沪深两市") {
		t.Fatalf("the cursor is on %v, not where it was left", a)
	}
	// In panes of five rows, which the list overflows, the cursor's line
	// can stay as the list changes above it.
	send(t, m, tea.WindowSizeMsg{Width: 100, Height: 8})
	row := at()
	run(t, m, reconcile)
	contains(t, m, "All · 6 articles", "since the last start: 1 new, 1 removed")
	if slices.ContainsFunc(m.list.items, func(a *feed.Article) bool { return strings.HasPrefix(a.Title, "新能源汽车") }) {
		t.Error("the deleted article is still listed")
	}
	hasRow(t, m, `▸ 金融 +2/2 │`)
	if a := m.list.selected(); a == nil || !strings.HasPrefix(a.Title, "沪深两市") {
		t.Errorf("the cursor moved to %v", a)
	}
	if got := at(); got != row {
		t.Errorf("the cursor's article moved from line %d to %d:\n%s", row, got, shown(m))
	}
	press(t, m, "g")
	contains(t, m, "新游戏限时免费")
}

// TestUnwritableStateFolder: a state folder that cannot be made leaves a
// store in memory: one warning says so, and the marks work until the
// interface quits.
func TestUnwritableStateFolder(t *testing.T) {
	cfg := testConfig(t, writeArchive(t, fixtures))
	cfg.StateDir = filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(cfg.StateDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	m := newModelOf(t, cfg, 100, 30)
	contains(t, m, "cannot save in", "(! shows it all)", "⚠ 1 !")
	// The warnings show it whole.
	press(t, m, "!")
	contains(t, m, "Warnings · 1 warning", "⚠ cannot save in", "(not a", "directory): read marks and stars last until newsreader quits", "The scan found nothing wrong.")
	checkFrame(t, m)
	press(t, m, "q", "tab", "m")
	contains(t, m, "marked read")
	hasRow(t, m, `All +5/6 │`)
	press(t, m, "j", "s", "j")
	lacks(t, m, "cannot save")
	hasRow(t, m, `Starred +1/1 │`)
	if err := m.finish(); err != nil {
		t.Errorf("the end: %v", err)
	}
}

// TestNoStore: without a store the archive is scanned, the status line
// says why once, and the marks last until the interface quits.
func TestNoStore(t *testing.T) {
	m := newStoreless(t, testConfig(t, writeArchive(t, fixtures)), errors.New("no database"))
	send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	run(t, m, m.Init())
	contains(t, m, "cannot open the store (no database): read marks and stars last until newsreader quits")
	press(t, m, "tab", "enter", "esc", "j", "s")
	hasRow(t, m, `All +5/6 │`)
	hasRow(t, m, `Starred +1/1 │`)
	if err := m.finish(); err != nil {
		t.Errorf("the end: %v", err)
	}
}

// TestDemoKeepsState: the embedded demo has a store of its own.
func TestDemoKeepsState(t *testing.T) {
	m := newModelOf(t, testConfig(t, ""), 100, 30)
	press(t, m, "tab", "m", "j", "s")
	hasRow(t, m, `All +11/12 │`)
	m = restart(t, m, 100, 30)
	hasRow(t, m, `All +11/12 │`)
	hasRow(t, m, `Starred +1/1 │`)
}

// TestRenamedFileKeepsItsMarks: the marks of a file renamed follow it
// into the interface, as the reconcile finds it under its new name.
func TestRenamedFileKeepsItsMarks(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "j", "m", "s")
	old := filepath.Join(m.archDir, "金融", "新浪财经", "国内", "准备金率.md")
	if err := os.Rename(old, filepath.Join(m.archDir, "金融", "新浪财经", "国内", "降准.md")); err != nil {
		t.Fatal(err)
	}
	run(t, m, m.rescan())
	a := m.list.items[slices.IndexFunc(m.list.items, func(a *feed.Article) bool { return strings.HasPrefix(a.Title, "央行") })]
	if !strings.HasSuffix(a.Path, "降准.md") {
		t.Fatalf("the article is at %s", a.Path)
	}
	if mk := m.marks.Of(a); !mk.Read || !mk.Starred {
		t.Errorf("the renamed file's marks: %+v", mk)
	}
	hasRow(t, m, `All +5/6 │`)
	hasRow(t, m, `Starred +0/1 │`)
}
