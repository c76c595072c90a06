package ui

import (
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"newsreader/display"
)

// lineInput is a one-line text field for the filter and the pipe prompt.
//
// bubbles' textinput is its editing model: the value, the cursor, word
// motions and deletions (alt+b, alt+f, ctrl+w, alt+d), killing to either
// end (ctrl+u, ctrl+k) and pastes. The drawing is ours, because
// textinput's own, read in its source, suits only text one cell a
// character: its Cursor puts the terminal's cursor, where input methods
// show their composition, at the count of characters before it, so with
// Chinese text it lands half way; and its horizontal scrolling measures
// with go-runewidth, which depends on the locale. Here the cursor's
// column is the width in cells of the text before it, by display's
// measure, and the field scrolls by that measure too.
type lineInput struct {
	prompt      string
	placeholder string
	edit        textinput.Model

	promptStyle, placeholderStyle lipgloss.Style
}

// newLineInput returns an empty field that shows prompt before its text
// and placeholder while there is none.
func newLineInput(prompt, placeholder string) lineInput {
	edit := textinput.New()
	edit.Prompt = ""
	edit.SetVirtualCursor(false)
	// ctrl+v would read the system clipboard through a helper program
	// (xclip); a terminal's own paste still arrives, as a bracketed
	// paste. There are no suggestions to complete, and tab, ↑ and ↓ are
	// the interface's.
	for _, b := range []*key.Binding{
		&edit.KeyMap.Paste, &edit.KeyMap.AcceptSuggestion, &edit.KeyMap.NextSuggestion, &edit.KeyMap.PrevSuggestion,
	} {
		b.SetEnabled(false)
	}
	edit.Focus() // it is only given keys while it is edited
	return lineInput{prompt: prompt, placeholder: placeholder, edit: edit}
}

// Value is the text typed.
func (in *lineInput) Value() string { return in.edit.Value() }

// SetValue replaces the text and puts the cursor at its end.
func (in *lineInput) SetValue(s string) {
	in.edit.SetValue(inputText(s))
	in.edit.CursorEnd()
}

// update applies a key press or a paste. It reports whether the text
// changed, and returns textinput's command, if any.
func (in *lineInput) update(msg tea.Msg) (changed bool, cmd tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		if typesText(k) {
			// Typed text, or what an input method commits at once: text
			// even when it spells a key's name, such as "home".
			msg = tea.PasteMsg{Content: k.Text}
		} else {
			// A key with modifiers is a key, not text: without its text
			// it matches textinput's bindings by name (alt+b).
			k.Text = ""
			msg = k
		}
	}
	if p, ok := msg.(tea.PasteMsg); ok {
		msg = tea.PasteMsg{Content: inputText(p.Content)}
	}
	before := in.edit.Value()
	in.edit, cmd = in.edit.Update(msg)
	return in.edit.Value() != before, cmd
}

// inputText is s as an input line takes it: no control characters,
// bidi overrides or zero-width characters, which would reorder or hide
// what the line shows, or end a command line early.
func inputText(s string) string {
	return strings.Map(func(r rune) rune {
		if display.IsControl(r) {
			return -1
		}
		return r
	}, display.Clean(s))
}

// view renders the field in width cells and returns the column of the
// cursor. When the text is wider than the field, it shows the part around
// the cursor.
func (in *lineInput) view(width int) (string, int) {
	p := in.promptStyle.Render(in.prompt)
	promptW := display.Width(in.prompt)
	avail := max(1, width-promptW-1) // and a cell for the cursor
	value := []rune(in.edit.Value())
	if len(value) == 0 {
		return p + in.placeholderStyle.Render(display.Truncate(in.placeholder, avail)), promptW
	}
	pos := in.edit.Position() // in runes, as value
	// The runes scrolled out on the left: the fewest that let the text
	// before the cursor fit. A binary search, because a paste can be long
	// and this runs at every frame.
	skip := sort.Search(pos, func(skip int) bool {
		return display.Width(string(value[skip:pos])) <= avail
	})
	shown := string(value[skip:])
	// Pad cuts without a mark, and pads nothing up to the text's own width.
	shown = display.Pad(shown, min(avail, display.Width(shown)))
	return p + shown, promptW + display.Width(string(value[skip:pos]))
}
