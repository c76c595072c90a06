package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestLineInput(t *testing.T) {
	text := func(s string) tea.Msg { return tea.KeyPressMsg{Code: tea.KeyExtended, Text: s} }
	paste := func(s string) tea.Msg { return tea.PasteMsg{Content: s} }
	words := paste("央行 宣布 下调")
	tests := []struct {
		name  string
		steps []tea.Msg
		value string
		col   int // the cursor's column: "/" and the cells before it
	}{
		{"typing and moving", []tea.Msg{text("中文"), keyMsg("a"), keyMsg("left"), keyMsg("left"), keyMsg("b"), keyMsg("end"), keyMsg("space"), keyMsg("c")}, "中b文a c", 9},
		{"wide characters count two cells", []tea.Msg{text("中b文a c"), keyMsg("home"), keyMsg("right")}, "中b文a c", 3},
		{"a word back", []tea.Msg{words, keyMsg("alt+b")}, "央行 宣布 下调", 11},
		{"two words back", []tea.Msg{words, keyMsg("alt+b"), keyMsg("alt+b")}, "央行 宣布 下调", 6},
		{"a word forward", []tea.Msg{words, keyMsg("home"), keyMsg("alt+f")}, "央行 宣布 下调", 5},
		{"ctrl+left and ctrl+right", []tea.Msg{words, keyMsg("ctrl+left"), keyMsg("ctrl+left"), keyMsg("ctrl+right")}, "央行 宣布 下调", 10},
		{"delete a word back", []tea.Msg{words, keyMsg("ctrl+w")}, "央行 宣布 ", 11},
		{"delete a word forward", []tea.Msg{words, keyMsg("home"), keyMsg("alt+d")}, " 宣布 下调", 1},
		{"kill to the end", []tea.Msg{words, keyMsg("alt+b"), keyMsg("ctrl+k")}, "央行 宣布 ", 11},
		{"kill to the start", []tea.Msg{words, keyMsg("alt+b"), keyMsg("ctrl+u")}, "下调", 1},
		{"backspace and delete", []tea.Msg{words, keyMsg("backspace"), keyMsg("home"), keyMsg("ctrl+d")}, "行 宣布 下", 1},
		{"paste in the middle", []tea.Msg{words, keyMsg("alt+b"), paste("大幅")}, "央行 宣布 大幅下调", 15},
		{"pasted escapes, bidi and zero-width characters", []tea.Msg{paste("a\x1b[31mb\u202ec\u200bd\u009b2J\n")}, "a[31mbcd2J", 11},
		{"typed bidi override", []tea.Msg{text("央\u202e行\u2066")}, "央行", 5},
		{"text that spells a key", []tea.Msg{text("home"), text("left")}, "homeleft", 9},
		{"a key with modifiers is no text", []tea.Msg{text("ab"), tea.KeyPressMsg{Code: 'x', Mod: tea.ModAlt, Text: "x"}}, "ab", 3},
		{"ctrl+v reads no clipboard", []tea.Msg{text("ab"), keyMsg("ctrl+v")}, "ab", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := newLineInput("/", "")
			for _, msg := range tt.steps {
				if _, cmd := in.update(msg); cmd != nil {
					t.Errorf("%v returned a command", msg)
				}
			}
			if got := in.Value(); got != tt.value {
				t.Errorf("value %q, want %q", got, tt.value)
			}
			s, x := in.view(40)
			if x != tt.col {
				t.Errorf("cursor at column %d of %q, want %d", x, s, tt.col)
			}
		})
	}
}

// TestLineInputScrolls: a value wider than the field shows the part
// around the cursor, which stays in the field, at its cell.
func TestLineInputScrolls(t *testing.T) {
	in := newLineInput("/", "")
	in.SetValue(strings.Repeat("长", 30) + "END")
	s, x := in.view(20)
	if w := ansi.StringWidth(s); w > 20 || x != w || !strings.HasPrefix(s, "/") || !strings.HasSuffix(s, "长END") {
		t.Errorf("at the end: view %q (%d cells), cursor at %d", s, w, x)
	}
	in.update(keyMsg("home"))
	if s, x := in.view(20); !strings.HasPrefix(s, "/长长") || x != 1 {
		t.Errorf("at the start: view %q, cursor at %d", s, x)
	}
	for range 12 {
		in.update(keyMsg("right"))
	}
	// 12 characters in: the field of 18 cells has scrolled by 3.
	if s, x := in.view(20); !strings.HasPrefix(s, "/长") || x != 1+2*9 {
		t.Errorf("in the middle: view %q, cursor at %d", s, x)
	}
}

// TestInputCursor: the terminal's cursor, where input methods show their
// composition, stands in the input line at the cell after the text before
// it, wide characters counting two.
func TestInputCursor(t *testing.T) {
	tests := []struct {
		name string
		keys []string
		x    int
	}{
		{"filter", []string{"/", "央行", "left"}, 1 + 2},
		{"filter, a word back", []string{"/", "成交", "space", "央行", "alt+b"}, 1 + 5},
		{"pipe prompt", []string{"tab", "enter", "|", "宣布", "a"}, 2 + 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newModel(t, 100, 30)
			press(t, m, tt.keys...)
			c := m.View().Cursor
			if c == nil || c.X != tt.x || c.Y != 29 {
				t.Errorf("cursor %+v, want at column %d of row 29:\n%s", c, tt.x, shown(m))
			}
		})
	}
	// Nowhere else.
	m := newModel(t, 100, 30)
	if c := m.View().Cursor; c != nil {
		t.Errorf("cursor %+v in the browser", c)
	}
}

// TestLongPaste: a paste of a few thousand characters shows its end, with
// the cursor after it. The field's view runs at every frame and such a
// paste used to take it seconds: BenchmarkLongPasteView measures it.
func TestLongPaste(t *testing.T) {
	in := longPaste()
	s, x := in.view(60)
	if w := ansi.StringWidth(s); w > 60 || x != w || !strings.HasSuffix(s, "金率") {
		t.Errorf("view %q (%d cells), cursor at %d", s, w, x)
	}
}

func BenchmarkLongPasteView(b *testing.B) {
	in := longPaste()
	for b.Loop() {
		in.view(60)
	}
}

// longPaste is an input line holding a 24,000-character paste.
func longPaste() lineInput {
	in := newLineInput("/", "")
	in.update(tea.PasteMsg{Content: strings.Repeat("央行宣布下调存款准备金率", 2000)})
	return in
}
