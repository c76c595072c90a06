package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"newsreader/config"
	"newsreader/display"
)

// Commands that take the terminal: the pager or editor that the pipe
// prompt runs, and the editor that e opens. The interface gives them the
// screen and the keyboard and comes back when they end. They are found on
// $PATH in a command first, so that one that does not exist is an error
// in the status line and the screen never goes away for it.

// terminalMsg is a command found, to be given the terminal; done makes
// the message that says it ended.
type terminalMsg struct {
	cmd  *exec.Cmd
	done tea.ExecCallback
}

// startFailedMsg says that a command could not start; what names it for
// the user.
type startFailedMsg struct {
	what string
	err  error
}

// findCommand returns the command that finds args[0] on $PATH and makes
// it: a terminalMsg with done, or a startFailedMsg. The arguments are
// given as they are, without a shell; env is its environment (nil: ours).
func (m *Model) findCommand(what string, args, env []string, stdin string, done tea.ExecCallback) tea.Cmd {
	return m.crash.guard(func() tea.Msg {
		path, err := exec.LookPath(args[0])
		if err != nil {
			return startFailedMsg{what: what, err: err}
		}
		c := exec.Command(path, args[1:]...)
		c.Args[0] = args[0] // as the user named it: some programs look
		c.Env = env
		if stdin != "" {
			c.Stdin = strings.NewReader(stdin)
		}
		return terminalMsg{cmd: c, done: done}
	})
}

// startFailed says in the status line why a command did not start.
func (m *Model) startFailed(msg startFailedMsg) {
	// exec's errors repeat the name and the system call: say only why.
	err := msg.err
	var ee *exec.Error
	if errors.As(err, &ee) {
		err = ee.Err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	why := err.Error()
	switch {
	case errors.Is(err, exec.ErrNotFound):
		why = "not found in $PATH"
	case errors.Is(err, fs.ErrNotExist):
		why = "not found"
	}
	m.setMessage(display.Printable(fmt.Sprintf("cannot run %s: %s", msg.what, why)), true)
}

// ended says in the status line how a command that had the terminal
// failed, if it did.
func (m *Model) ended(what string, err error) {
	if err != nil {
		m.setMessage(display.Printable(what+": "+err.Error()), true)
	}
}

// Programs that take the terminal, by the name they are run by: pagers,
// editors and text browsers. Any other command's output is shown in the
// interface, so that a command that prints and ends does not flash by.
var (
	pagers  = []string{"less", "more", "most", "lv", "pg", "moar", "moor", "ov", "bat", "batcat", "w3m", "lynx", "elinks", "links"}
	editors = []string{"vi", "vim", "nvim", "view", "vis", "nano", "pico", "micro", "emacs", "emacsclient", "mg", "jed", "joe", "ne", "kak", "hx", "helix", "mcedit"}
)

// takesTerminal reports whether the command named name is one that takes
// the terminal: the user's $PAGER, $EDITOR or $VISUAL, or a pager or
// editor that newsreader knows.
func (m *Model) takesTerminal(name string) bool {
	base := filepath.Base(name)
	if slices.Contains(pagers, base) || slices.Contains(editors, base) {
		return true
	}
	for _, v := range []string{"PAGER", "EDITOR", "VISUAL"} {
		if args, err := config.SplitCommand(m.getenv(v)); err == nil && len(args) > 0 && filepath.Base(args[0]) == base {
			return true
		}
	}
	return false
}

// pagerEnv is the environment of the commands the pipe runs. Without
// $LESS, less shows colour codes as text: as git sets LESS for its pager,
// the pipe sets LESS=R, and LV=-c for lv, so that colours show. Not the
// LESS=FRX of config.PagerEnv, which suits a pager run from the shell:
// inside the interface F would end a short article's pager at once, and
// the reader would come back over it before it could be read, and X would
// leave the article in the shell's screen after newsreader ends.
func (m *Model) pagerEnv() []string {
	env := os.Environ()
	if m.getenv("LESS") == "" {
		env = append(env, "LESS=R")
	}
	if m.getenv("LV") == "" {
		env = append(env, "LV=-c")
	}
	return env
}
