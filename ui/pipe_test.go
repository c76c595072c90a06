package ui

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// pipeLine types a command line at the pipe prompt of the open article
// and runs it.
func pipeLine(t *testing.T, m *testModel, line string) {
	t.Helper()
	press(t, m, "|")
	if line != "" {
		send(t, m, tea.PasteMsg{Content: line})
	}
	press(t, m, "enter")
}

// TestPipeShowsOutput: the output of a command that does not take the
// terminal shows in the interface, in a view that scrolls; a new
// command's output replaces the last one's; esc returns to the article.
func TestPipeShowsOutput(t *testing.T) {
	m := newModel(t, 100, 30)
	use := fakeTerminal(m)
	press(t, m, "tab", "enter")
	pipeLine(t, m, "wc -l")
	contains(t, m, "| wc -l · 1 line", "esc/q close")
	count := regexp.MustCompile(`(?m)^ +[0-9]+$`)
	if !count.MatchString(strings.Join(lines(m), "\n")) {
		t.Errorf("no count of lines:\n%s", shown(m))
	}
	// | there pipes again.
	pipeLine(t, m, "echo hello")
	contains(t, m, "| echo hello · 1 line", " hello")
	if count.MatchString(strings.Join(lines(m), "\n")) {
		t.Errorf("the earlier output piles up:\n%s", shown(m))
	}
	press(t, m, "esc")
	contains(t, m, "Go 1.22 正式发布", "1/6")
	if len(use.cmds) > 0 {
		t.Errorf("commands given the terminal: %v", use.cmds[0].Args)
	}
}

// TestPipeOutputScrollsAndIsClean: the output is cleaned of escape
// sequences and control characters, wrapped, and scrolls.
func TestPipeOutputScrollsAndIsClean(t *testing.T) {
	m := newModel(t, 60, 12)
	press(t, m, "tab", "enter")
	pipeLine(t, m, `printf 'a\033[31mb\033]52;c;QUFB\007c\033[2J\tTAB\r\n'`)
	terminalSafe(t, m, "output")
	contains(t, m, "| printf")
	if body := body(m); !slices.Contains(body, " abc     TAB") || strings.ContainsAny(strings.Join(body, ""), "[]") {
		t.Errorf("output not cleaned:\n%s", strings.Join(body, "\n"))
	}
	press(t, m, "q")
	pipeLine(t, m, "seq 1 20")
	contains(t, m, "| seq 1 20 · 20 lines")
	if b := body(m); b[0] != " 1" || slices.Contains(b, " 20") {
		t.Errorf("at the top:\n%s", strings.Join(b, "\n"))
	}
	press(t, m, "G")
	if b := body(m); b[len(b)-1] != " 20" || slices.Contains(b, " 1") {
		t.Errorf("at the end:\n%s", strings.Join(b, "\n"))
	}
	checkFrame(t, m)
	// How a command failed shows under its output.
	press(t, m, "q")
	pipeLine(t, m, "grep no-such-text")
	contains(t, m, "(no output)", "exit status 1")
}

// TestPipeCommandThatCannotStart: a command that does not exist is an
// error in the status line, and the screen stays, whether it would have
// taken the terminal or not.
func TestPipeCommandThatCannotStart(t *testing.T) {
	m := newModel(t, 100, 30)
	use := fakeTerminal(m)
	press(t, m, "tab", "enter")
	for _, line := range []string{"no-such-command-xyz --flag", "!no-such-command-xyz", "./no/such/less"} {
		pipeLine(t, m, line)
		contains(t, m, "cannot run ", "Go 1.22 正式发布")
		lacks(t, m, "| no-such")
		if m.screen != readerScreen || m.top() != noOverlay {
			t.Errorf("%s: screen %d, overlays %v", line, m.screen, m.overlays)
		}
	}
	contains(t, m, "cannot run ./no/such/less: not found")
	if len(use.cmds) > 0 {
		t.Errorf("commands given the terminal: %v", use.cmds[0].Args)
	}
}

// TestPipeTakesTheTerminal: $PAGER (an empty line), a known pager or
// editor, the user's $EDITOR and a line that starts with ! take the
// terminal, and the reader is back when they end; less gets LESS=R when
// $LESS is unset.
func TestPipeTakesTheTerminal(t *testing.T) {
	m := newModelEnv(t, map[string]string{"PAGER": "cat -n", "EDITOR": "grep"}, 100, 30)
	use := fakeTerminal(m)
	press(t, m, "tab", "enter")
	for _, tt := range []struct{ line, args string }{
		{"", "cat -n"},
		{"less -S", "less -S"},
		{"/usr/bin/vim -", "/usr/bin/vim -"},
		{"grep 央行", "grep 央行"}, // $EDITOR's program
		{"!wc -l", "wc -l"},
	} {
		use.cmds = nil
		pipeLine(t, m, tt.line)
		if len(use.cmds) != 1 || strings.Join(use.cmds[0].Args, " ") != tt.args {
			t.Fatalf("%q: gave the terminal to %v, want %q", tt.line, use.cmds, tt.args)
		}
		c := use.cmds[0]
		if c.Stdin == nil || !slices.Contains(c.Env, "LESS=R") || !slices.Contains(c.Env, "LV=-c") {
			t.Errorf("%q: stdin %v, environment %q", tt.line, c.Stdin, c.Env)
		}
		if m.screen != readerScreen || m.top() != noOverlay {
			t.Errorf("%q: screen %d, overlays %v after the command", tt.line, m.screen, m.overlays)
		}
	}
	// The user's $LESS is theirs.
	m = newModelEnv(t, map[string]string{"LESS": "-M"}, 100, 30)
	use = fakeTerminal(m)
	press(t, m, "tab", "enter")
	pipeLine(t, m, "less")
	if slices.Contains(use.cmds[0].Env, "LESS=R") {
		t.Error("LESS=R overrode the user's $LESS")
	}
}

// TestPipeRunsAside: a command whose output is captured runs while the
// interface goes on: keys act on the screen meanwhile instead of being
// echoed over it, and the output shows when the command ends. Its
// output is bounded: a command that prints without end is stopped.
func TestPipeRunsAside(t *testing.T) {
	m := newModel(t, 60, 12)
	press(t, m, "tab", "enter", "|")
	send(t, m, tea.PasteMsg{Content: "yes"})
	_, cmd := m.Update(keyMsg("enter"))
	contains(t, m, "| yes running…")
	press(t, m, "G")
	contains(t, m, "100%", "| yes running…")
	run(t, m, cmd)
	contains(t, m, "| yes · ", "output cut at 1 MiB")
	lacks(t, m, "running", "exit status", "signal")
	if n := len(m.output.lines); n != outputLimit/2 {
		t.Errorf("%d lines of y kept, want %d", n, outputLimit/2)
	}
	// A newer command stops the one before, whose output is dropped.
	press(t, m, "q", "|")
	send(t, m, tea.PasteMsg{Content: "echo first"})
	_, first := m.Update(keyMsg("enter"))
	pipeLine(t, m, "echo second")
	contains(t, m, "| echo second")
	press(t, m, "q")
	run(t, m, first)
	lacks(t, m, "echo first")
	if m.top() != noOverlay {
		t.Errorf("the dropped output opened %v", m.overlays)
	}
}

func TestTakesTerminal(t *testing.T) {
	m := newModelEnv(t, map[string]string{"PAGER": "moar -quit-if-one-screen", "VISUAL": "'/opt/my editor/bin/ed2' -w"}, 100, 30)
	for name, want := range map[string]bool{
		"less": true, "/usr/bin/less": true, "nvim": true, "moar": true, "ed2": true, "/usr/local/bin/ed2": true,
		"wc": false, "grep": false, "pandoc": false, "glow": false, "lessfilter": false,
	} {
		if got := m.takesTerminal(name); got != want {
			t.Errorf("takesTerminal(%q) = %v", name, got)
		}
	}
}
