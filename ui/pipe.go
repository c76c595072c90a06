package ui

import (
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"

	"newsreader/feed"
)

// pipeDoneMsg reports the end of a pipe command.
type pipeDoneMsg struct {
	name string
	err  error
}

// promptKey edits the pipe command; enter runs it and esc cancels.
func (m *Model) promptKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		m.prompting = false
		return nil
	case "enter":
		m.prompting = false
		return m.pipe(m.prompt.Value())
	}
	m.prompt.update(msg)
	return nil
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
	args, err := splitArgs(line)
	if err != nil {
		m.setMessage("pipe: "+err.Error(), true)
		return nil
	}
	// A command the user typed may print and exit at once: wait for a key
	// before the screen comes back. A pager needs no such pause.
	pause := len(args) > 0
	if !pause {
		if args, err = splitArgs(m.getenv("PAGER")); err != nil {
			m.setMessage("$PAGER: "+err.Error(), true)
			return nil
		}
		if len(args) == 0 {
			args = []string{"less"}
		}
	}
	c := exec.Command(args[0], args[1:]...)
	c.Stdin = strings.NewReader(doc.Markdown)
	name := args[0]
	return tea.Exec(&pipeCommand{cmd: c, pause: pause}, func(err error) tea.Msg { return pipeDoneMsg{name, err} })
}

// piped reports how the pipe command ended.
func (m *Model) piped(msg pipeDoneMsg) {
	if msg.err != nil {
		m.setMessage(feed.Printable(msg.name+": "+msg.err.Error()), true)
	}
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

// splitArgs splits a command line into arguments as a shell would, without
// expanding anything: blanks separate arguments, single quotes keep their
// text as it is, double quotes keep it but for backslash escapes of
// \ " $ and `, and a backslash outside quotes keeps the next character.
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inArg := false
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == ' ' || r == '\t' || r == '\n':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		case r == '\\':
			inArg = true
			if i+1 < len(rs) {
				i++
				cur.WriteRune(rs[i])
			}
		case r == '\'':
			inArg = true
			end := indexRune(rs, i+1, '\'')
			if end < 0 {
				return nil, errors.New("unterminated single quote")
			}
			cur.WriteString(string(rs[i+1 : end]))
			i = end
		case r == '"':
			inArg = true
			i++
			for ; i < len(rs) && rs[i] != '"'; i++ {
				if rs[i] == '\\' && i+1 < len(rs) && strings.ContainsRune("\\\"$`", rs[i+1]) {
					i++
				}
				cur.WriteRune(rs[i])
			}
			if i == len(rs) {
				return nil, errors.New("unterminated double quote")
			}
		default:
			inArg = true
			cur.WriteRune(r)
		}
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args, nil
}

// indexRune is the index of the first r in rs at or after from, or -1.
func indexRune(rs []rune, from int, r rune) int {
	for i := from; i < len(rs); i++ {
		if rs[i] == r {
			return i
		}
	}
	return -1
}
