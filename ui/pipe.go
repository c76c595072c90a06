package ui

import (
	"context"
	"errors"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"

	"newsreader/config"
	"newsreader/display"
)

// The pipe prompt (|) runs a command with the open article's Markdown on
// its standard input. The line is split into arguments and run without a
// shell: no expansion, no redirection, nothing an article's text could
// inject into. A command that takes the terminal (an empty line runs
// $PAGER; see takesTerminal, and a line that starts with ! asks for it)
// gets the screen and the keyboard, and the reader comes back when it
// ends. Any other command runs aside while the interface goes on, its
// output captured: the output screen shows it when it ends, so that
// nothing typed meanwhile is lost or echoed over the screen.

// pipeRun is the command of the pipe prompt running aside, if any.
type pipeRun struct {
	line    string
	running bool
	cancel  context.CancelFunc
	// gen numbers the commands: a new one stops the one before, whose
	// output is then dropped.
	gen int
}

// pipeOutputMsg is the end of a command that ran aside: its output and
// how it failed, or why it did not start.
type pipeOutputMsg struct {
	gen      int
	line     string
	name     string
	out      []byte
	cut      bool
	err      error
	startErr error
}

// pipeDoneMsg is the end of a command that had the terminal.
type pipeDoneMsg struct {
	name string
	err  error
}

// startPrompt opens the pipe prompt.
func (m *Model) startPrompt() {
	m.prompting = true
	m.prompt.SetValue("")
}

// updatePrompt handles the pipe prompt's keys and pastes, and the ends of
// the commands it ran: enter runs the command and esc cancels.
func (m *Model) updatePrompt(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case pipeDoneMsg:
		m.ended(msg.name, msg.err)
		return nil
	case pipeOutputMsg:
		if msg.gen != m.pipe.gen {
			return nil // stopped for a newer command
		}
		m.pipe.running = false
		m.pipe.cancel()
		if msg.startErr != nil {
			m.startFailed(startFailedMsg{what: msg.name, err: msg.startErr})
			return nil
		}
		var exit *exec.ExitError
		if msg.cut && (errors.As(msg.err, &exit) || errors.Is(msg.err, errOutputBound)) {
			msg.err = nil // stopped by the bound (a broken pipe), not by a fault of its own
		}
		m.showOutput(msg.line, msg.out, msg.cut, msg.err)
		return nil
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc":
			m.prompting = false
			return nil
		case "enter":
			m.prompting = false
			return m.runPipe(m.prompt.Value())
		}
	}
	_, cmd := m.prompt.update(msg)
	return cmd
}

// runPipe runs the command line typed, or $PAGER when it is empty, on the
// open article's Markdown.
func (m *Model) runPipe(line string) tea.Cmd {
	doc, ok := m.docs.get(m.reader.art.Path)
	if !ok {
		m.setMessage("the article is not loaded yet", true)
		return nil
	}
	typed, forced := strings.CutPrefix(strings.TrimSpace(line), "!")
	args, err := config.SplitCommand(typed)
	if err != nil {
		m.setMessage("pipe: "+err.Error(), true)
		return nil
	}
	if len(args) == 0 {
		if forced {
			m.setMessage("pipe: no command after !", true)
			return nil
		}
		if args, err = config.Pager(config.Env{Getenv: m.getenv}); err != nil {
			m.setMessage("$PAGER: "+err.Error(), true)
			return nil
		}
		forced = true
	}
	name := display.Printable(args[0])
	if forced || m.takesTerminal(args[0]) {
		return m.findCommand(name, args, m.pagerEnv(), doc.Markdown, func(err error) tea.Msg { return pipeDoneMsg{name, err} })
	}
	return m.runAside(typed, args, doc.Markdown)
}

// runAside runs a command with its output captured, up to outputLimit,
// stopping the one that ran before if it still does.
func (m *Model) runAside(line string, args []string, input string) tea.Cmd {
	if m.pipe.cancel != nil {
		m.pipe.cancel()
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.pipe = pipeRun{line: line, running: true, cancel: cancel, gen: m.pipe.gen + 1}
	gen, env := m.pipe.gen, m.pagerEnv()
	return m.crash.guard(func() tea.Msg {
		c := exec.CommandContext(ctx, args[0], args[1:]...)
		c.Env = env
		c.Stdin = strings.NewReader(input)
		out := &boundedBuffer{limit: outputLimit}
		c.Stdout, c.Stderr = out, out
		msg := pipeOutputMsg{gen: gen, line: line, name: display.Printable(args[0])}
		if msg.startErr = c.Start(); msg.startErr != nil {
			return msg
		}
		msg.err = c.Wait()
		msg.out, msg.cut = out.buf, out.cut
		return msg
	})
}

// boundedBuffer keeps what is written to it up to limit bytes; past it,
// writes fail, which closes the command's output pipe and stops a
// command that prints without end.
type boundedBuffer struct {
	limit int
	buf   []byte
	cut   bool
}

// errOutputBound is what a write past the bound fails with.
var errOutputBound = errors.New("output bound reached")

// Write implements io.Writer.
func (b *boundedBuffer) Write(p []byte) (int, error) {
	room := b.limit - len(b.buf)
	if len(p) > room {
		b.buf = append(b.buf, p[:room]...)
		b.cut = true
		return room, errOutputBound
	}
	b.buf = append(b.buf, p...)
	return len(p), nil
}
