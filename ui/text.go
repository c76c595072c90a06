package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// cellWidth is the width of s on screen: East Asian wide characters count
// two cells and escape sequences none.
func cellWidth(s string) int { return ansi.StringWidth(s) }

// truncate cuts s to width cells, marking the cut with an ellipsis.
func truncate(s string, width int) string { return ansi.Truncate(s, width, "…") }

// truncateLeft cuts s to width cells by its start, marking the cut with
// an ellipsis: a path keeps the end that names the file.
func truncateLeft(s string, width int) string {
	w := cellWidth(s)
	if w <= width || width < 1 {
		return truncate(s, width)
	}
	// ansi.TruncateLeft keeps a wide character that the cut splits: cut
	// one cell more until the rest fits.
	for n := w - width + 1; ; n++ {
		if t := ansi.TruncateLeft(s, n, "…"); cellWidth(t) <= width {
			return t
		}
	}
}

// fit cuts s to width cells with an ellipsis and pads it to exactly width.
func fit(s string, width int) string { return pad(truncate(s, width), width) }

// pad makes s exactly width cells wide: spaces are added, or the excess
// is cut without a mark.
func pad(s string, width int) string {
	w := cellWidth(s)
	if w > width {
		s = ansi.Truncate(s, width, "")
		w = cellWidth(s)
	}
	return s + strings.Repeat(" ", max(0, width-w))
}

// clamp bounds v to [lo, hi]; an empty range gives lo.
func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

// follow returns the first row to show so that row cursor is among the
// height rows on screen, moving the old offset as little as possible and
// never leaving blank rows below the last of n.
func follow(offset, cursor, height, n int) int {
	if height <= 0 {
		return 0
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+height {
		offset = cursor - height + 1
	}
	return clamp(offset, 0, max(0, n-height))
}

// Thousands formats n with comma separators, as counts are shown
// everywhere in newsreader.
func Thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Plural is "1 file" or "12,345 files".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return Thousands(n) + " " + noun + "s"
}
