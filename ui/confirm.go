package ui

import (
	tea "charm.land/bubbletea/v2"

	"newsreader/display"
)

// confirmation is a yes-or-no question in the status line, for what is
// not undone with one key (marking a whole category read). It takes the
// next key: y answers yes; n, esc and any other key no, so that a key
// pressed without reading the question changes nothing.
type confirmation struct {
	question string
	yes      func() tea.Cmd
}

// ask asks question in the status line; yes runs on a yes.
func (m *Model) ask(question string, yes func() tea.Cmd) {
	m.confirm = &confirmation{question: question, yes: yes}
}

// updateConfirm takes the answer to the question asked.
func (m *Model) updateConfirm(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil // a paste is no answer
	}
	c := m.confirm
	m.confirm = nil
	if k.String() == "y" || k.String() == "Y" {
		return c.yes()
	}
	m.setMessage("nothing changed", false)
	return nil
}

// confirmView is the question and its keys, for the status line, room
// cells wide: the question is cut before the keys are.
func (m *Model) confirmView(room int) string {
	keys := " (y/n)"
	q := display.Truncate(m.confirm.question, max(0, room-1-display.Width(keys)))
	return " " + m.st.Warning.Render(q) + m.st.Muted.Render(keys)
}
