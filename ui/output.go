package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"newsreader/display"
)

// outputView is the output screen: what a command that the pipe prompt
// ran printed, shown over the reader in a view that scrolls, so that a
// command that prints and ends (wc, grep, a converter) is read at leisure
// and the interface never leaves the screen for it. A new command's output
// replaces the last one's.
type outputView struct {
	sheet
	command string   // the command line, as typed
	lines   []string // the output's lines, clean, tabs expanded
	wrapped []string // lines wrapped to the window
	cut     bool     // the output was longer than outputLimit
	err     error    // how the command failed, nil if it did not
}

// outputLimit bounds the output kept of a command: a command that prints
// without end is stopped there (its output pipe closes).
const outputLimit = 1 << 20

// tabWidth is how far apart tab stops are in a command's output.
const tabWidth = 8

// showOutput opens the output screen on a command's output. The output
// is text from anywhere: its escape sequences and control characters are
// taken out before it is shown.
func (m *Model) showOutput(command string, out []byte, cut bool, err error) {
	text := strings.TrimRight(display.Clean(ansi.Strip(string(out))), "\n")
	var lines []string
	if text != "" {
		lines = strings.Split(text, "\n")
	}
	for i, l := range lines {
		lines[i] = expandTabs(l)
	}
	m.output = outputView{command: command, lines: lines, cut: cut, err: err}
	if m.top() == outputOverlay {
		m.fillOverlay(outputOverlay)
		m.output.offset = 0
		return
	}
	m.showOverlay(outputOverlay)
}

// expandTabs replaces the tabs of a line by the spaces up to the next
// tab stop, counting cells: a tab's width is up to the terminal.
func expandTabs(line string) string {
	if !strings.Contains(line, "\t") {
		return line
	}
	var b strings.Builder
	col := 0
	for _, r := range line {
		if r == '\t' {
			n := tabWidth - col%tabWidth
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col += display.RuneWidth(r)
	}
	return b.String()
}

// fillOutput wraps the output's lines to the window.
func (m *Model) fillOutput() {
	o := &m.output
	width := max(1, m.width-2)
	o.wrapped = o.wrapped[:0]
	for _, l := range o.lines {
		o.wrapped = append(o.wrapped, strings.Split(ansi.Wrap(l, width, ""), "\n")...)
	}
	if len(o.lines) == 0 {
		o.wrapped = append(o.wrapped, m.st.Muted.Render("(no output)"))
	}
	o.rows = len(o.wrapped)
	o.draw = func(i, _ int) string { return " " + o.wrapped[i] }
}

// updateOutput handles the output screen's own keys: the moves scroll,
// and the pipe key asks for another command.
func (m *Model) updateOutput(msg tea.KeyPressMsg, height int) tea.Cmd {
	k := &m.keys
	switch {
	case key.Matches(msg, k.Pipe) && m.screen == readerScreen:
		m.overlays = m.overlays[:0]
		m.startPrompt()
	default:
		if d, ok := k.move(msg, height); ok {
			m.output.scroll(d, height)
		}
	}
	return nil
}

// outputTitle is the title bar over the output: the command and the
// count of lines.
func (m *Model) outputTitle() string {
	return m.st.Title.Render("| "+display.Printable(m.output.command)) + m.st.Muted.Render(" · "+display.Plural(len(m.output.lines), "line"))
}

// outputStatus is the status line under the output: how the command
// ended, and the screen's keys.
func (m *Model) outputStatus() string {
	k := &m.keys
	var notes []string
	if m.output.err != nil {
		notes = append(notes, m.st.Warning.Render(display.Printable(m.output.err.Error())))
	}
	if m.output.cut {
		notes = append(notes, m.st.Warning.Render("output cut at 1 MiB"))
	}
	hints := m.help.ShortHelpView([]key.Binding{hint("close", k.Back, k.Close), hint("scroll", k.Up, k.Down), as(k.Pipe, "pipe again")})
	return strings.Join(append(notes, hints), "  ")
}
