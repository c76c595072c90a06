package render

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"newsreader/display"
)

// breakLines applies the CJK line-breaking rules to rendered lines that
// glamour broke itself (headings, which the filling cannot break, and
// table cells are its own): a full-width closing mark at the start of a
// line moves up to the end of the line before, or, when that line is
// full, the character before it comes down with it; a full-width opening
// mark at the end of a line moves down. A move that would make a line
// wider than width is not made. Western brackets are left alone here,
// since in code they mean something where they are; so are table rows,
// which a move would misalign.
func breakLines(out string, width int) string {
	if !strings.ContainsAny(out, wideNoLineStart+wideNoLineEnd) {
		return out
	}
	lines := strings.Split(out, "\n")
	for i := 1; i < len(lines); i++ {
		a, b := lines[i-1], lines[i]
		if strings.ContainsAny(a+b, "│┼") {
			continue
		}
		if !strings.ContainsAny(a, wideNoLineEnd) {
			// The common case: no opening mark that could end the line.
		} else if last, at := lastVisible(a); last != 0 && strings.ContainsRune(wideNoLineEnd, last) {
			if bStart := lineIndent(b); visibleText(b[bStart:]) != "" && display.Width(ansi.Strip(b))+display.RuneWidth(last) <= width {
				moved := sgrState(a, at) + string(last) + reset(sgrState(a, at))
				a = a[:at] + a[at+utf8.RuneLen(last):]
				b = b[:bStart] + moved + b[bStart:]
			}
		}
		bStart := lineIndent(b)
		first, _ := utf8.DecodeRuneInString(b[bStart:])
		if !strings.ContainsRune(wideNoLineStart, first) {
			lines[i-1], lines[i] = a, b
			continue
		}
		run := b[bStart:]
		run = run[:len(run)-len(strings.TrimLeftFunc(run, func(r rune) bool { return strings.ContainsRune(wideNoLineStart, r) }))]
		last, at := lastVisible(a)
		switch {
		case last == 0 || last == ' ':
		case display.Width(ansi.Strip(a))+display.Width(run) <= width:
			// The closing marks move up.
			style := sgrState(b, bStart)
			a = insertAfter(a, at+utf8.RuneLen(last), style+run+reset(style))
			b = b[:bStart] + b[bStart+len(run):]
		case display.Width(ansi.Strip(b))+display.RuneWidth(last) <= width:
			// The character before them comes down.
			style := sgrState(a, at)
			a = a[:at] + a[at+utf8.RuneLen(last):]
			b = b[:bStart] + style + string(last) + reset(style) + b[bStart:]
		}
		lines[i-1], lines[i] = a, b
	}
	return strings.Join(lines, "\n")
}

// The full-width marks of noLineStart and noLineEnd.
const (
	wideNoLineStart = "，。、；：？！）」』】》〉〕］｝…‥・"
	wideNoLineEnd   = "（「『【《〈〔［｛"
)

// lastVisible returns the last printed rune of a rendered line, outside
// escape sequences and trailing spaces, and its byte offset; 0 when the
// line shows nothing.
func lastVisible(line string) (rune, int) {
	last, at := rune(0), -1
	forEachVisible(line, func(r rune, i int) {
		if r != ' ' {
			last, at = r, i
		}
	})
	return last, at
}

// visibleText is the printed text of a rendered line, trimmed.
func visibleText(s string) string { return strings.TrimSpace(ansi.Strip(s)) }

// forEachVisible calls fn with each printed rune of a rendered line and
// its byte offset, skipping the SGR and OSC 8 sequences that Render's
// output holds (and that alone: it has been sanitised).
func forEachVisible(line string, fn func(r rune, i int)) {
	for i := 0; i < len(line); {
		if line[i] == ansi.ESC {
			i += escapeLength(line[i:])
			continue
		}
		r, n := utf8.DecodeRuneInString(line[i:])
		fn(r, i)
		i += n
	}
}

// escapeLength is the length of the CSI or OSC sequence at the start of
// s, or 1.
func escapeLength(s string) int {
	switch {
	case strings.HasPrefix(s, "\x1b["):
		for j := 2; j < len(s); j++ {
			if s[j] >= 0x40 && s[j] <= 0x7e {
				return j + 1
			}
		}
	case strings.HasPrefix(s, "\x1b]"):
		if j := strings.IndexByte(s, '\a'); j >= 0 {
			return j + 1
		}
		if j := strings.Index(s, "\x1b\\"); j >= 0 {
			return j + 2
		}
	}
	return 1
}

// sgrState is the SGR sequences in effect at byte i of a rendered line:
// those since the last reset before it.
func sgrState(line string, i int) string {
	var state strings.Builder
	for j := 0; j < i; {
		m := sgrAt.FindString(line[j:])
		if m == "" {
			j++
			continue
		}
		if m == "\x1b[m" || m == "\x1b[0m" {
			state.Reset()
		} else {
			state.WriteString(m)
		}
		j += len(m)
	}
	return state.String()
}

// reset ends a style, if there is one.
func reset(style string) string {
	if style == "" {
		return ""
	}
	return "\x1b[m"
}

// insertAfter inserts s at byte i of line, after the escape sequences
// that end the run of text before i, so that s does not take their style.
func insertAfter(line string, i int, s string) string {
	for {
		m := sgrAt.FindString(line[i:])
		if m == "" {
			break
		}
		i += len(m)
	}
	return line[:i] + s + line[i:]
}
