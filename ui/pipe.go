package ui

import (
	"fmt"
	"io"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"

	"newsreader/config"
	"newsreader/display"
)

// pipeDoneMsg reports the end of a pipe command.
type pipeDoneMsg struct {
	name string
	err  error
}

// updatePrompt handles the pipe prompt's keys and pastes, and the end of
// the command it ran: enter runs the command and esc cancels.
func (m *Model) updatePrompt(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case pipeDoneMsg:
		if msg.err != nil {
			m.setMessage(display.Printable(msg.name+": "+msg.err.Error()), true)
		}
		return nil
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc":
			m.prompting = false
			return nil
		case "enter":
			m.prompting = false
			return m.pipe(m.prompt.Value())
		}
	}
	_, cmd := m.prompt.update(msg)
	return cmd
}

// pipe runs the command line typed, or $PAGER when it is empty, with the
// open article's Markdown on its standard input and the terminal handed
// over. The line is split into arguments and run without a shell: no
// expansion, no redirection, nothing an article's text could inject into.
func (m *Model) pipe(line string) tea.Cmd {
	doc, ok := m.docs.get(m.reader.art.Path)
	if !ok {
		m.setMessage("the article is not loaded yet", true)
		return nil
	}
	args, err := config.SplitCommand(line)
	if err != nil {
		m.setMessage("pipe: "+err.Error(), true)
		return nil
	}
	// A command the user typed may print and exit at once: wait for a key
	// before the screen comes back. A pager needs no such pause.
	pause := len(args) > 0
	if !pause {
		if args, err = config.Pager(config.Env{Getenv: m.getenv}); err != nil {
			m.setMessage("$PAGER: "+err.Error(), true)
			return nil
		}
	}
	c := exec.Command(args[0], args[1:]...)
	c.Stdin = strings.NewReader(doc.Markdown)
	name := args[0]
	return tea.Exec(&pipeCommand{cmd: c, pause: pause}, func(err error) tea.Msg { return pipeDoneMsg{name, err} })
}

// pipeCommand runs a command with the terminal and, when pause is set,
// waits for Enter afterwards so that its output can be read.
type pipeCommand struct {
	cmd   *exec.Cmd
	pause bool
	in    io.Reader
	out   io.Writer
}

// SetStdin is given the terminal; the command's input is the article.
func (p *pipeCommand) SetStdin(r io.Reader) { p.in = r }

// SetStdout is given the terminal.
func (p *pipeCommand) SetStdout(w io.Writer) { p.out, p.cmd.Stdout = w, w }

// SetStderr is given the terminal's error stream.
func (p *pipeCommand) SetStderr(w io.Writer) { p.cmd.Stderr = w }

// Run runs the command, then pauses.
func (p *pipeCommand) Run() error {
	err := p.cmd.Run()
	if p.pause {
		status := "done"
		if err != nil {
			status = err.Error()
		}
		fmt.Fprintf(p.out, "\n[%s: %s] press Enter to return to newsreader ", p.cmd.Args[0], status)
		// One byte at a time: what follows the newline is not ours.
		var b [1]byte
		for {
			if n, rerr := p.in.Read(b[:]); rerr != nil || (n == 1 && (b[0] == '\n' || b[0] == '\r')) {
				break
			}
		}
	}
	return err
}
