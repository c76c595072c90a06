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

	"newsreader/store"

	tea "charm.land/bubbletea/v2"
)

func TestSmallWindows(t *testing.T) {
	m := newModel(t, 40, 12)
	checkFrame(t, m)
	press(t, m, "j", "j", "enter")
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
		"browser":       nil,
		"list":          {"tab"},
		"filter":        {"/", "央行"},
		"reader":        {"tab", "enter"},
		"help":          {"?"},
		"warnings":      {"!"},
		"pipe":          {"tab", "enter", "|", "wc -l"},
		"output":        {"tab", "enter", "|", "seq 1 100", "enter"},
		"warnings help": {"!", "?"},
		"by source":     {"O", "O", "O"},
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
	// Q and ctrl+c quit from anywhere; q only from the top.
	for _, keys := range [][]string{
		{"q"}, {"Q"}, {"ctrl+c"}, {"tab", "enter", "Q"}, {"tab", "enter", "ctrl+c"},
		{"/", "ctrl+c"}, {"?", "Q"}, {"!", "Q"}, {"tab", "enter", "|", "ctrl+c"},
	} {
		m := newModel(t, 100, 30)
		if !press(t, m, keys...) {
			t.Errorf("%v did not quit", keys)
		}
	}
	// In an input line Q is text.
	m := newModel(t, 100, 30)
	if press(t, m, "/", "Q") {
		t.Error("Q typed in the filter quit")
	}
	contains(t, m, "/Q")
}

// TestBackOneLevel: q and esc go back one level, reader → list → tree, at
// every width; q quits at the top, esc does not. A filter is a level too.
func TestBackOneLevel(t *testing.T) {
	for _, width := range []int{60, 100} {
		for _, back := range []string{"q", "esc"} {
			m := newModel(t, width, 30)
			press(t, m, "tab", "enter")
			contains(t, m, "1/6")
			for _, want := range []pane{listPane, treePane} {
				if press(t, m, back) {
					t.Fatalf("%d columns: %s quit before the top", width, back)
				}
				if m.screen != browserScreen || m.focus != want {
					t.Errorf("%d columns: after %s: screen %d, pane %d, want the browser's pane %d", width, back, m.screen, m.focus, want)
				}
			}
			if quit := press(t, m, back); quit != (back == "q") {
				t.Errorf("%d columns: %s at the top: quit %v", width, back, quit)
			}
		}
	}
	m := newModel(t, 100, 30)
	press(t, m, "/", "央", "enter")
	contains(t, m, "1 of 6 articles")
	press(t, m, "q")
	contains(t, m, "All · 6 articles")
	if m.focus != listPane {
		t.Error("q that cleared the filter also left the list")
	}
}

// TestSuspend: ctrl+z suspends from every screen, an input line's too;
// bubbletea stops the program and resumes it on fg.
func TestSuspend(t *testing.T) {
	for _, keys := range [][]string{nil, {"tab", "enter"}, {"/"}, {"?"}} {
		m := newModel(t, 100, 30)
		press(t, m, keys...)
		_, cmd := m.Update(keyMsg("ctrl+z"))
		if cmd == nil {
			t.Fatalf("after %v: ctrl+z did nothing", keys)
		}
		if msg := cmd(); msg != (tea.SuspendMsg{}) {
			t.Errorf("after %v: ctrl+z sent %#v", keys, msg)
		}
		before := shown(m)
		send(t, m, tea.ResumeMsg{})
		if shown(m) != before {
			t.Errorf("after %v: resuming changed the screen", keys)
		}
	}
}

// TestProgram runs the model in a real bubbletea program, with the
// store's load and reconcile, the saves of marks, renders and searches in
// their goroutines, so that `go test -race` sees them together; the keys
// arrive while the reconcile may still run.
func TestProgram(t *testing.T) {
	dir := writeArchive(t, fixtures)
	cfg := testConfig(t, dir)
	cfg.Theme = "auto"
	arch := mustOpen(t, dir)
	st, err := store.Open(cfg.StateDir, arch)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m, err := New(Options{Archive: arch, Config: cfg, Store: st, Getenv: func(string) string { return "" }, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	p := &probe{Model: m, changed: make(chan time.Time, 1), full: make(chan time.Time, 1), done: make(chan time.Time, 1)}
	prog := tea.NewProgram(p, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithWindowSize(100, 30))
	done := make(chan error)
	go func() {
		_, err := prog.Run()
		done <- err
	}()
	<-p.done // the first scan: else the first esc would quit from an empty list
	for _, k := range []string{"tab", "enter", "n", "n", "G", "s", "m", "esc", "/", "央行", "enter", "]", "esc", "?", "esc", "r", "M", "u", "*", "*", "M", "A", "y", "tab", "q", "q"} {
		prog.Send(keyMsg(k))
	}
	// A program that never quits is caught by go test's -timeout, with
	// every goroutine's stack.
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := m.finish(); err != nil {
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
	// So do the status line's messages (a command that cannot start, a
	// store that cannot be opened, the watcher's errors).
	m.setMessage("pipe: cannot run "+hostile, true)
	terminalSafe(t, m, "status message")
}

// TestMessagesExpire: a status message goes after a few seconds, or at
// the next key; the timer of a message replaced by a newer one does not
// take the newer one away.
func TestMessagesExpire(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "enter", "p")
	contains(t, m, "this is the first article of the list")
	elapse(t, m)
	lacks(t, m, "this is the first article")
	contains(t, m, "1/6")

	press(t, m, "p")
	old := m.timers
	m.timers = nil
	press(t, m, "y") // a newer message
	m.timers = append(old, m.timers...)
	if len(m.timers) != 2 {
		t.Fatalf("timers %v", m.timers)
	}
	send(t, m, m.timers[0].msg)
	contains(t, m, "copied ")
	send(t, m, m.timers[1].msg)
	lacks(t, m, "copied ")

	press(t, m, "p")
	contains(t, m, "this is the first article")
	press(t, m, "j")
	lacks(t, m, "this is the first article")
}
