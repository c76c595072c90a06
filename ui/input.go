package ui

import (
	"sort"
	"strings"
	"unicode"

	"newsreader/display"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// lineInput is a one-line text field for the filter and the pipe prompt.
// It counts widths in cells, so that Chinese text and the cursor line up,
// and it places the terminal's own cursor, where input methods show their
// composition. (bubbles' textinput would pull in a clipboard module that
// the project does not otherwise need.)
type lineInput struct {
	prompt      string
	placeholder string
	value       []rune
	pos         int // cursor, in runes

	promptStyle, placeholderStyle lipgloss.Style
}

// Value is the text typed.
func (in *lineInput) Value() string { return string(in.value) }

// SetValue replaces the text and puts the cursor at its end.
func (in *lineInput) SetValue(s string) {
	in.value = []rune(s)
	in.pos = len(in.value)
}

// update applies a key press or a paste, and reports whether the text
// changed.
func (in *lineInput) update(msg tea.Msg) bool {
	before := string(in.value)
	switch msg := msg.(type) {
	case tea.PasteMsg:
		in.insert(msg.Content)
	case tea.KeyPressMsg:
		switch msg.String() {
		case "left", "ctrl+b":
			in.pos = max(0, in.pos-1)
		case "right", "ctrl+f":
			in.pos = min(len(in.value), in.pos+1)
		case "home", "ctrl+a":
			in.pos = 0
		case "end", "ctrl+e":
			in.pos = len(in.value)
		case "backspace", "ctrl+h":
			if in.pos > 0 {
				in.value = append(in.value[:in.pos-1], in.value[in.pos:]...)
				in.pos--
			}
		case "delete", "ctrl+d":
			if in.pos < len(in.value) {
				in.value = append(in.value[:in.pos], in.value[in.pos+1:]...)
			}
		case "ctrl+u":
			in.value = in.value[in.pos:]
			in.pos = 0
		case "ctrl+k":
			in.value = in.value[:in.pos]
		case "ctrl+w", "alt+backspace":
			start := in.pos
			for start > 0 && unicode.IsSpace(in.value[start-1]) {
				start--
			}
			for start > 0 && !unicode.IsSpace(in.value[start-1]) {
				start--
			}
			in.value = append(in.value[:start], in.value[in.pos:]...)
			in.pos = start
		default:
			// Typed text, including what an input method commits at once.
			if msg.Text != "" && msg.Mod&^tea.ModShift == 0 {
				in.insert(msg.Text)
			}
		}
	}
	return string(in.value) != before
}

// insert adds text at the cursor, without control characters, bidi
// overrides or zero-width characters, which would reorder or hide what
// the line shows.
func (in *lineInput) insert(s string) {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, display.Clean(s))
	rs := []rune(s)
	in.value = append(in.value[:in.pos], append(rs, in.value[in.pos:]...)...)
	in.pos += len(rs)
}

// view renders the field in width cells and returns the column of the
// cursor. When the text is wider than the field, it shows the part around
// the cursor.
func (in *lineInput) view(width int) (string, int) {
	p := in.promptStyle.Render(in.prompt)
	avail := max(1, width-ansi.StringWidth(in.prompt)-1)
	if len(in.value) == 0 {
		return p + in.placeholderStyle.Render(display.Truncate(in.placeholder, avail)), ansi.StringWidth(in.prompt)
	}
	// The runes scrolled out on the left: the fewest that let the text
	// before the cursor fit. A binary search, because a paste can be long
	// and this runs at every frame.
	skip := sort.Search(in.pos, func(skip int) bool {
		return ansi.StringWidth(string(in.value[skip:in.pos])) <= avail
	})
	shown := ansi.Truncate(string(in.value[skip:]), avail, "")
	return p + shown, ansi.StringWidth(in.prompt) + ansi.StringWidth(string(in.value[skip:in.pos]))
}
