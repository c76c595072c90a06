package ui

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"newsreader/config"
	"newsreader/feed"
	"newsreader/store"
)

// shanghai is the display zone of the tests: dates are stored in UTC and
// shown eight hours later, so that day boundaries are exercised.
var shanghai = time.FixedZone("CST", 8*3600)

// testNow is the tests' clock: 2024-03-10 12:00 in Shanghai.
var testNow = time.Date(2024, 3, 10, 12, 0, 0, 0, shanghai)

// fixture is an article file of the test archive.
type fixture struct {
	path  string
	title string
	cats  []string
	date  string // in UTC, as the crawler writes it
	body  string
}

// fixtures is a small archive: three groups, several sources, articles
// today, yesterday and before, in Chinese and English.
var fixtures = []fixture{
	{"金融/新浪财经/国内/准备金率.md", "央行宣布下调存款准备金率0.5个百分点", []string{"金融", "新浪财经", "国内"}, "2024-03-10 01:30:00", "<p>央行决定下调金融机构存款准备金率。</p>"},
	{"金融/新浪财经/国内/成交额.md", "沪深两市成交额连续三日突破一万亿元", []string{"金融", "新浪财经", "国内"}, "2024-03-09 06:00:00", "<p>两市成交活跃。</p>"},
	{"金融/证券时报/快讯/销量.md", "新能源汽车二月销量同比增长", []string{"金融", "证券时报", "快讯"}, "2024-03-07 03:15:00", "<p>销量数据公布。</p>"},
	{"编程/开源中国/资讯/go.md", "Go 1.22 正式发布：循环变量语义改变", []string{"编程", "开源中国", "资讯"}, "2024-03-10 03:00:00", "<p>Go 1.22 发布了。</p><p>" + strings.Repeat("这一段很长的正文用来测试滚动。", 40) + "</p>"},
	{"编程/Hacker News/Show/reader.md", "Show HN: A terminal reader for crawled news archives", []string{"编程", "Hacker News", "Show"}, "2024-03-08 12:00:00", "<p>A small program.</p>"},
	{"游戏/Epic/免费/tycoon.md", "Free game of the week: Lighthouse Tycoon", []string{"游戏", "Epic", "免费"}, "2024-03-01 16:00:00", "<p>Free until Thursday.</p>"},
}

// writeArchive writes files to a new folder and returns it.
func writeArchive(t testing.TB, files []fixture) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		writeFixture(t, dir, f)
	}
	return dir
}

// writeFixture writes one article file in dir, as the crawler does.
func writeFixture(t testing.TB, dir string, f fixture) {
	t.Helper()
	var cats strings.Builder
	for _, c := range f.cats {
		fmt.Fprintf(&cats, " - %s\n", c)
	}
	text := fmt.Sprintf("\n---\ntitle: '%s'\ncategories: \n%sauthor: test\ndate: %s\n---\n\n<div>%s</div>\n", f.title, cats.String(), f.date, f.body)
	p := filepath.Join(dir, filepath.FromSlash(f.path))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// testConfig is the configuration of the tests: a fixed zone and
// style, nothing from the user's files.
func testConfig(t testing.TB, archive string) *config.Config {
	return &config.Config{
		Archive:  archive,
		Timezone: shanghai,
		MaxWidth: 100,
		Style:    "notty",
		Theme:    "dark",
		StateDir: t.TempDir(),
		// Not followed: a watcher's command waits for the next change,
		// which the tests' synchronous commands would wait for forever.
		// live_test.go follows the archive, taking the events itself.
		Watch: config.WatchOff,
	}
}

// testModel is a model that a test drives, with the timers it started
// and that have not fired: a timer fires only when the test calls elapse,
// so that no test sleeps and each decides when time passes.
type testModel struct {
	*Model
	timers []timer
}

// timer is a message due after a delay.
type timer struct {
	d   time.Duration
	msg tea.Msg
}

// newModel returns a model of the fixtures' archive in a window of the
// given size, scanned.
func newModel(t testing.TB, w, h int) *testModel {
	t.Helper()
	dir := writeArchive(t, fixtures)
	return newModelOf(t, testConfig(t, dir), w, h)
}

// newModelOf returns a model for cfg in a window of the given size, with
// its store loaded and its archive reconciled.
func newModelOf(t testing.TB, cfg *config.Config, w, h int) *testModel {
	t.Helper()
	m := newUnsized(t, cfg, nil)
	send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	start(t, m)
	return m
}

// newUnsized returns a model for cfg, with its archive opened (the demo
// when cfg names none) and its store in cfg's state folder, but neither
// read, and no window size yet. getenv is its environment, nil for an
// empty one; its clock is testNow.
func newUnsized(t testing.TB, cfg *config.Config, getenv func(string) string) *testModel {
	t.Helper()
	arch := openArchive(t, cfg)
	st, err := store.Open(cfg.StateDir, arch)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return newTestModel(t, Options{Archive: arch, Config: cfg, Getenv: getenv, Store: st})
}

// newStoreless returns a model for cfg without a store, as when none
// could be opened (storeErr), with no window size yet.
func newStoreless(t testing.TB, cfg *config.Config, storeErr error) *testModel {
	t.Helper()
	return newTestModel(t, Options{Archive: openArchive(t, cfg), Config: cfg, StoreErr: storeErr})
}

// openArchive opens cfg's archive, the demo when cfg names none.
func openArchive(t testing.TB, cfg *config.Config) *feed.Archive {
	t.Helper()
	if cfg.Archive != "" {
		return mustOpen(t, cfg.Archive)
	}
	return feed.Demo(feed.Options{})
}

// newTestModel returns the model of opts, whose clock is testNow and
// whose timers wait for elapse.
func newTestModel(t testing.TB, opts Options) *testModel {
	t.Helper()
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	opts.Now = func() time.Time { return testNow }
	m, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	tm := &testModel{Model: m}
	m.after = func(d time.Duration, msg tea.Msg) tea.Cmd {
		tm.timers = append(tm.timers, timer{d, msg})
		return nil
	}
	return tm
}

// elapse lets time pass for the timers started so far: their messages
// are delivered, shortest delay first, with the commands they return.
// The timers those start wait for the next elapse.
func elapse(t testing.TB, m *testModel) {
	t.Helper()
	due := m.timers
	m.timers = nil
	slices.SortStableFunc(due, func(a, b timer) int { return cmp.Compare(a.d, b.d) })
	for _, tm := range due {
		send(t, m, tm.msg)
	}
}

// start runs what the program runs first: the store's load and the
// reconcile, or the scan without a store, their messages delivered one
// at a time.
func start(t testing.TB, m *testModel) {
	t.Helper()
	if m.store == nil {
		scan(t, m)
		return
	}
	run(t, m, m.Init())
}

// scan runs a scan of the model's archive and delivers its messages
// synchronously, as the scan's command would one at a time.
func scan(t testing.TB, m *testModel) {
	t.Helper()
	m.scan = scanState{gen: m.scan.gen + 1, running: true, cancel: func() {}, every: minRefresh}
	gen := m.scan.gen
	err := m.arch.Scan(context.Background(), func(b feed.Batch) { send(t, m, scanBatchMsg{gen: gen, changes: feed.Changes{Batch: b}}) })
	send(t, m, scanDoneMsg{gen: gen, err: err})
}

// send delivers msg to the model and runs the commands it returns, and
// theirs, synchronously. It reports whether one of them quit.
func send(t testing.TB, m *testModel, msg tea.Msg) (quit bool) {
	t.Helper()
	_, cmd := m.Update(msg)
	return run(t, m, cmd)
}

func run(t testing.TB, m *testModel, cmd tea.Cmd) (quit bool) {
	t.Helper()
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case nil:
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			quit = run(t, m, c) || quit
		}
	default:
		return send(t, m, msg)
	}
	return quit
}

// keyMsg is the key press a terminal reports for a key as bindings spell
// it ("j", "G", "enter", "ctrl+d") or for text an input method commits.
func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"home": tea.KeyHome, "end": tea.KeyEnd, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
	}
	if k == "space" {
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	if code, ok := named[k]; ok {
		return tea.KeyPressMsg{Code: code}
	}
	for prefix, mod := range map[string]tea.KeyMod{"ctrl+": tea.ModCtrl, "alt+": tea.ModAlt} {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			msg := keyMsg(rest)
			msg.Mod |= mod
			msg.Text = ""
			return msg
		}
	}
	if utf8.RuneCountInString(k) > 1 {
		return tea.KeyPressMsg{Code: tea.KeyExtended, Text: k}
	}
	r, _ := utf8.DecodeRuneInString(k)
	return tea.KeyPressMsg{Code: r, Text: k}
}

// press sends key presses in turn and reports whether one quit.
func press(t testing.TB, m *testModel, keys ...string) (quit bool) {
	t.Helper()
	for _, k := range keys {
		quit = send(t, m, keyMsg(k)) || quit
	}
	return quit
}

// shown is what the window shows, without colours.
func shown(m *testModel) string {
	return ansi.Strip(m.View().Content)
}

// lines is the screen's lines, trailing blanks trimmed.
func lines(m *testModel) []string {
	ls := strings.Split(shown(m), "\n")
	for i, l := range ls {
		ls[i] = strings.TrimRight(l, " ")
	}
	return ls
}

// body is the screen's lines between the title bar and the status line,
// trailing blanks trimmed.
func body(m *testModel) []string {
	ls := lines(m)
	return ls[1 : len(ls)-1]
}

// contains fails the test unless the screen shows every one of want.
func contains(t testing.TB, m *testModel, want ...string) {
	t.Helper()
	s := shown(m)
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("screen lacks %q:\n%s", w, s)
			return
		}
	}
}

// lacks fails the test if the screen shows any of unwanted.
func lacks(t testing.TB, m *testModel, unwanted ...string) {
	t.Helper()
	s := shown(m)
	for _, u := range unwanted {
		if strings.Contains(s, u) {
			t.Errorf("screen shows %q:\n%s", u, s)
			return
		}
	}
}

// checkFrame fails the test unless the screen has exactly the window's
// height in lines and none is wider than the window.
func checkFrame(t testing.TB, m *testModel) {
	t.Helper()
	ls := strings.Split(m.View().Content, "\n")
	if len(ls) != m.height {
		t.Errorf("%d×%d window: %d lines:\n%s", m.width, m.height, len(ls), shown(m))
	}
	for i, l := range ls {
		if w := ansi.StringWidth(l); w > m.width {
			t.Errorf("%d×%d window: line %d is %d cells wide: %q", m.width, m.height, i, w, ansi.Strip(l))
		}
	}
}

// mustOpen opens the archive in dir.
func mustOpen(t testing.TB, dir string) *feed.Archive {
	t.Helper()
	arch, err := feed.Open(dir, feed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return arch
}

// newModelEnv returns a model of the fixtures' archive in a window of the
// given size, scanned, with env as its environment.
func newModelEnv(t testing.TB, env map[string]string, w, h int) *testModel {
	t.Helper()
	m := newUnsized(t, testConfig(t, writeArchive(t, fixtures)), func(k string) string { return env[k] })
	send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	start(t, m)
	return m
}

// terminalUse records the commands given the terminal, which a test has
// none to give: each is not run; done runs instead, if set, before the
// command's end is reported.
type terminalUse struct {
	cmds []*exec.Cmd
	done func(*exec.Cmd)
}

// fakeTerminal makes m give the terminal to use instead of running
// commands in it.
func fakeTerminal(m *testModel) *terminalUse {
	use := &terminalUse{}
	m.exec = func(c *exec.Cmd, fn tea.ExecCallback) tea.Cmd {
		use.cmds = append(use.cmds, c)
		return func() tea.Msg {
			if use.done != nil {
				use.done(c)
			}
			return fn(nil)
		}
	}
	return use
}
