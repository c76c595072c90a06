package ui

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

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
	dir := writeArchive(t, fixtures) // read only: one for all
	for name, keys := range screens {
		for _, sz := range sizes {
			m := newModelOf(t, testConfig(t, dir), sz[0], sz[1])
			press(t, m, keys...)
			t.Run(name, func(t *testing.T) { checkFrame(t, m) })
		}
	}
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
