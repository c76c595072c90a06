package render

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsreader/display"
)

// WrapMarkdown fills the paragraphs, list items and quotes of Markdown to
// width columns for `show` when stdout is not a terminal, so that the
// Markdown reads well in a pager or a file. It breaks at spaces and
// between East Asian characters, never inside a word or URL, and never
// puts closing punctuation at the start of a line. Code blocks, tables
// and headings are left as they are. width <= 0 returns md unchanged.
//
// The result is for reading only: give Render the unwrapped Markdown,
// because Render keeps line breaks (the converter writes each paragraph
// on one line and marks only real <br> breaks).
func WrapMarkdown(md string, width int) string {
	return wrapMarkdown(md, width, 0, false)
}

// wrapMarkdown is WrapMarkdown, or, for glamour (rendering), the filling
// of the Markdown it renders: glamour indents each quote and list level by
// extra cells more than its Markdown marker takes, and shows a link as its
// text and then its URL, so that a break before "](url)" is a break before
// the URL rather than one that leaves "](" at the start of a line.
func wrapMarkdown(md string, width, extra int, rendering bool) string {
	if width <= 0 {
		return md
	}
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	inFence := false
	for _, line := range lines {
		if strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~") {
			inFence = !inFence
		}
		if inFence || display.Width(line) <= width || unwrappable.MatchString(line) {
			out = append(out, line)
			continue
		}
		first, rest, levels := linePrefix(line)
		rows := fill(line[len(first):], first, rest, width-extra*levels, rendering)
		if strings.HasSuffix(line, "  ") {
			rows[len(rows)-1] += "  " // a hard line break
		}
		out = append(out, rows...)
	}
	return strings.Join(out, "\n")
}

// unwrappable lines keep their layout: headings, table rows, indented code.
var unwrappable = regexp.MustCompile(`^(?:#{1,6} |\||    |\t)`)

// blockPrefix is the indentation, quote and list marker at the start of a
// line, any of which may be missing.
var blockPrefix = regexp.MustCompile(`^( {0,3}(?:> ?)*)((?:[-*+]|\d{1,9}[.)]) )?`)

// linePrefix returns the prefix of a line's first row, the prefix its
// continuation rows need to stay in the same quote or list item, and how
// many quote and list levels the prefix opens.
func linePrefix(line string) (first, rest string, levels int) {
	m := blockPrefix.FindStringSubmatch(line)
	levels = strings.Count(m[1], ">")
	if m[2] != "" {
		levels++
	}
	return m[0], m[1] + strings.Repeat(" ", len(m[2])), levels
}

// blockStarter matches a word that would turn a row it starts into a
// list item, heading, quote or table row; such a word stays on its row.
var blockStarter = regexp.MustCompile(`^(?:[-+*]|=+|-+|#{1,6}|\d{1,9}[.)])$|^[>|]`)

// noLineStart are the closing marks that must not begin a line.
const noLineStart = "，。、；：？！）」』】》〉”’…—,.;:?!)]}%"

// fill breaks text into rows of at most width cells (a single word wider
// than that gets a row of its own). See wrapMarkdown for rendering.
func fill(text, first, rest string, width int, rendering bool) []string {
	var rows []string
	row, prefix := strings.Builder{}, first
	rowWidth := display.Width(prefix)
	flush := func() {
		rows = append(rows, strings.TrimRight(prefix+row.String(), " "))
		row.Reset()
		prefix = rest
		rowWidth = display.Width(rest)
	}
	units := splitUnits(text)
	for i, u := range units {
		w := display.Width(u)
		if u == " " {
			if row.Len() > 0 {
				row.WriteString(u)
				rowWidth += w
			}
			continue
		}
		// Keep the units that start with a closing mark with the unit
		// before them: "），" after a character, and "](url)" after an
		// image's alt text, which a break would leave hanging.
		next := 0
		for _, c := range units[i+1:] {
			if !closes(c, rendering) {
				break
			}
			next += display.Width(c)
		}
		if row.Len() > 0 && rowWidth+w+next > width && !blockStarter.MatchString(u) && !closes(u, rendering) {
			flush()
		}
		row.WriteString(u)
		rowWidth += w
	}
	if row.Len() > 0 || len(rows) == 0 {
		flush()
	}
	return rows
}

// splitUnits cuts text into words (runs of narrow non-space characters),
// single wide characters, and single spaces (runs of spaces collapse).
// Korean is written with spaces between words, so Hangul joins words.
func splitUnits(text string) []string {
	var units []string
	start := -1
	for i, r := range text {
		switch {
		case r == ' ':
			if start >= 0 {
				units = append(units, text[start:i])
				start = -1
			}
			if len(units) == 0 || units[len(units)-1] != " " {
				units = append(units, " ")
			}
		case display.RuneWidth(r) == 2 && !unicode.Is(unicode.Hangul, r):
			if start >= 0 {
				units = append(units, text[start:i])
				start = -1
			}
			units = append(units, string(r))
		case start < 0:
			start = i
		}
	}
	if start >= 0 {
		units = append(units, text[start:])
	}
	return units
}

// closes reports whether a unit starts with a closing mark, escaped or
// not, and so must not start a line; for rendering, the end of a link's
// text may (see wrapMarkdown).
func closes(u string, rendering bool) bool {
	if rendering && strings.HasPrefix(u, "](") {
		return false
	}
	return strings.ContainsRune(noLineStart, firstRune(strings.TrimPrefix(u, `\`)))
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
