package search

import (
	"strings"
	"unicode/utf8"

	"newsreader/display"
)

// Snippet is a line of an article's text around its matches, safe to
// print: no control or invisible characters, white space made single
// spaces. Matches are byte ranges of Text, for the caller to show in bold
// on a terminal or between [ and ] in a pipe.
type Snippet struct {
	Text    string
	Matches []Range
}

// lead is how much text, in cells, a snippet shows before its first
// match at most, to give it context.
const lead = 16

// makeSnippet cuts the window of about width cells of text that holds the
// most matches, from a sentence's start when one is near.
func makeSnippet(text string, matches []Range, width int) Snippet {
	start := 0
	if len(matches) > 0 {
		best := bestMatch(matches, width)
		// A match near the start is shown from the start.
		if m := matches[best]; !fits(text[:m.End], width-2) {
			start = contextStart(text, m.Start, min(lead, width/4))
		}
	}
	return cut(text, start, matches, width)
}

// bestMatch returns the index of the match that starts the window with
// the most matches, the first of equals.
func bestMatch(matches []Range, width int) int {
	best, most := 0, 0
	j := 0
	for i := range matches {
		if i > 200 {
			break
		}
		// Cells are about bytes / 1.5 in Chinese and bytes in English;
		// counting bytes errs on the side of fewer matches.
		limit := matches[i].Start + width
		for j < len(matches) && matches[j].Start < limit {
			j++
		}
		if j-i > most {
			best, most = i, j-i
		}
	}
	return best
}

// fits reports whether s is at most width cells wide, reading no more
// of it than it must.
func fits(s string, width int) bool {
	cells := 0
	for _, r := range s {
		if cells += display.RuneWidth(r); cells > width {
			return false
		}
	}
	return true
}

// contextStart moves back from pos by up to back cells, stopping after
// the end of a sentence or a line, and not in the middle of a word: to
// its start when that is at most back cells further, else to the next
// word.
func contextStart(text string, pos, back int) int {
	i := backFrom(text, pos, back)
	if !inWord(text, i) {
		return i
	}
	if j := backFrom(text, i, back); j < i {
		for k := i; k > j; {
			r, size := utf8.DecodeLastRuneInString(text[:k])
			if classify(fold(r)) != letter {
				return k
			}
			k -= size
		}
		if !inWord(text, j) {
			return j
		}
	}
	for i < pos && inWord(text, i) {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	for i < pos {
		r, size := utf8.DecodeRuneInString(text[i:])
		if classify(fold(r)) != separator {
			break
		}
		i += size
	}
	return i
}

// backFrom moves back from pos by up to back cells, stopping after the
// end of a sentence or a line.
func backFrom(text string, pos, back int) int {
	cells := 0
	for i := pos; i > 0; {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		switch r {
		case '。', '！', '？', '.', '!', '?', '\n', '；', ';':
			return i
		}
		cells += display.RuneWidth(r)
		if cells > back {
			return i
		}
		i -= size
	}
	return 0
}

// inWord reports whether text[i] is inside a word of letters, after
// another letter.
func inWord(text string, i int) bool {
	if i == 0 || i >= len(text) {
		return false
	}
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	r, _ := utf8.DecodeRuneInString(text[i:])
	return classify(fold(before)) == letter && classify(fold(r)) == letter
}

// cut makes the snippet of text from start, width cells wide, mapping the
// matches into it.
func cut(text string, start int, matches []Range, width int) Snippet {
	var b strings.Builder
	var out []Range
	m := 0
	for m < len(matches) && matches[m].End <= start {
		m++
	}
	if start > 0 {
		b.WriteString("…")
		width--
	}
	written := false // any text yet, after which white space counts
	cells := 0
	open := -1 // where the match being copied began in the output
	closeOpen := func() {
		if open >= 0 && b.Len() > open {
			out = append(out, Range{open, b.Len()})
		}
	}
	space := false
	i := start
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if m < len(matches) && open < 0 && i >= matches[m].Start {
			if space {
				b.WriteByte(' ')
				cells++
				space = false
			}
			open = b.Len()
		}
		switch {
		case r == '\n' || r == ' ' || r == '\t' || r == '\r' || r == 0x3000:
			space = space || written && !joinedBreak(text, i)
		case display.Unsafe(r) || r == utf8.RuneError && size == 1:
		default:
			w := display.RuneWidth(r)
			extra := 0
			if space {
				extra = 1
			}
			if cells+extra+w > width-1 {
				closeOpen()
				b.WriteString("…")
				return Snippet{Text: b.String(), Matches: out}
			}
			if space {
				b.WriteByte(' ')
				cells++
				space = false
			}
			b.WriteRune(r)
			cells += w
			written = true
		}
		i += size
		if open >= 0 && i >= matches[m].End {
			out = append(out, Range{open, b.Len()})
			open = -1
			m++
		}
	}
	closeOpen()
	return Snippet{Text: b.String(), Matches: out}
}

// joinedBreak reports whether the white space at text[i] is a wrapped
// line break between two ideographs, which the tokenizer reads through:
// it is left out of a snippet rather than made a space.
func joinedBreak(text string, i int) bool {
	j := i
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:j])
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			break
		}
		j -= size
	}
	before, _ := utf8.DecodeLastRuneInString(text[:j])
	k := i
	breaks := 0
	for k < len(text) {
		r, size := utf8.DecodeRuneInString(text[k:])
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			break
		}
		if r == '\n' {
			breaks++
		}
		k += size
	}
	for p := j; p < i; p++ {
		if text[p] == '\n' {
			breaks++
		}
	}
	after, _ := utf8.DecodeRuneInString(text[k:])
	return breaks == 1 && j > 0 && k < len(text) && isIdeograph(fold(before)) && isIdeograph(fold(after))
}
