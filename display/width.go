package display

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Width is how many cells s takes on screen: East Asian wide characters
// and emoji count two, escape sequences none.
func Width(s string) int { return ansi.StringWidth(s) }

// RuneWidth is how many cells r takes on its own: 0, 1 or 2.
func RuneWidth(r rune) int {
	var buf [utf8.UTFMax]byte
	return ansi.StringWidth(string(buf[:utf8.EncodeRune(buf[:], r)]))
}

// Ellipsis marks text that was cut.
const Ellipsis = "…"

// Truncate cuts s to at most width cells, marking the cut with an
// ellipsis. Escape sequences in s are kept.
func Truncate(s string, width int) string { return ansi.Truncate(s, width, Ellipsis) }

// TruncateLeft cuts s to at most width cells by its start, marking the cut
// with an ellipsis: a path keeps the end that names the file.
func TruncateLeft(s string, width int) string {
	w := Width(s)
	if w <= width || width < 1 {
		return Truncate(s, width)
	}
	// ansi.TruncateLeft keeps a wide character that the cut splits: cut
	// one cell more until the rest fits.
	for n := w - width + 1; ; n++ {
		if t := ansi.TruncateLeft(s, n, Ellipsis); Width(t) <= width {
			return t
		}
	}
}

// Pad makes s exactly width cells wide: spaces are added, or the excess is
// cut without a mark.
func Pad(s string, width int) string {
	w := Width(s)
	if w > width {
		s = ansi.Truncate(s, width, "")
		w = Width(s)
	}
	return s + strings.Repeat(" ", max(0, width-w))
}

// Fit cuts s to width cells with an ellipsis and pads it to exactly width.
func Fit(s string, width int) string { return Pad(Truncate(s, width), width) }
