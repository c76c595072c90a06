package render

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"newsreader/display"
)

// WrapMarkdown fills the paragraphs, list items and quotes of Markdown to
// width columns, for `show --format md --width N`. Markdown is otherwise
// not wrapped at all (one line per paragraph, list item or table row):
// every renderer turns a line break inside a paragraph into a space, which
// does not belong in Chinese text, and wrapping for the screen is the
// renderer's job. So WrapMarkdown breaks only at spaces, and never at a
// space inside link text, emphasis or code, between two East Asian
// characters, before a closing mark or after an opening bracket; a line
// with no such space stays as long as it is. Code blocks, tables and
// headings are left as they are. width <= 0 returns md unchanged.
func WrapMarkdown(md string, width int) string {
	return wrapLines(md, width, 0, fillAtSpaces, false)
}

// wrapForScreen is the filling of the Markdown that Render hands to
// glamour, at the width of the text inside the document margins. glamour
// breaks East Asian text anywhere (splitting numbers, starting lines with
// "，"), while it keeps lines that fit as they are; so the paragraphs are
// filled here, between East Asian characters too, by the line-breaking
// rules of CJK text. glamour indents each quote and list level by extra
// cells more than its Markdown marker takes.
func wrapForScreen(md string, width, extra int) string {
	return wrapLines(md, width, extra, fillScreen, true)
}

// setextHeading rewrites a top-level or second-level ATX heading wider
// than width as a setext heading filled by the CJK rules: glamour breaks
// a heading anywhere, and a setext heading, unlike an ATX one, may take
// several lines, which glamour keeps. It reports false for a heading that
// fits, one of another level, or one whose first word would start some
// other block on a line of its own ("# 1. Introduction").
func setextHeading(line string, width int) ([]string, bool) {
	m := atxLevel.FindStringSubmatch(line)
	if m == nil || display.Width(line) <= width {
		return nil, false
	}
	text := strings.TrimRight(strings.TrimSpace(m[2]), "#")
	if blockStarter.MatchString(firstWord(text)) || strings.TrimSpace(text) == "" {
		return nil, false
	}
	// glamour adds " " either side of a first-level heading, "## " before
	// a second-level one, in the built-in styles.
	rows := fillScreen(strings.TrimSpace(text), "", "", width-3)
	underline := "==="
	if m[1] == "##" {
		underline = "---"
	}
	return append(rows, underline), true
}

var atxLevel = regexp.MustCompile(`^(#{1,2}) +(.*)$`)

// A filler breaks the text of one Markdown line into rows of at most width
// cells (a single word wider than that gets a row of its own); first is
// the prefix of the first row, rest that of the others.
type filler func(text, first, rest string, width int) []string

func wrapLines(md string, width, extra int, fill filler, screen bool) string {
	if width <= 0 {
		return md
	}
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	inFence := false
	for _, line := range lines {
		if isFence(line) {
			inFence = !inFence
		}
		if rows, ok := setextHeading(line, width); ok && !inFence && screen {
			out = append(out, rows...)
			continue
		}
		if inFence || display.Width(line) <= width || unwrappable.MatchString(line) {
			out = append(out, line)
			continue
		}
		first, rest, levels := linePrefix(line)
		rows := fill(line[len(first):], first, rest, width-extra*levels)
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

// The line-breaking rules of CJK text (kinsoku): closing marks do not
// begin a line, opening marks do not end one. Western brackets and
// punctuation follow the same rules.
const (
	noLineStart = "，。、；：？！）」』】》〉〕］｝”’…—‥・,.;:?!)]}%"
	noLineEnd   = "（「『【《〈〔［｛“‘([{"
)

// fillScreen breaks text between words and between East Asian
// characters, by the CJK rules, for glamour.
func fillScreen(text, first, rest string, width int) []string {
	units := splitUnits(text)
	stickPrev, stickNext := emphasisEdges(units)
	closer := func(i int) bool { return closesLine(units[i]) || stickPrev[i] }
	opener := func(i int) bool { return opensLine(units[i]) || stickNext[i] }
	var rows []string
	var row []int // indexes into units
	prefix := first
	rowWidth := display.Width(prefix)
	// flush ends the row before row[k:], which begins the next one.
	flush := func(k int) {
		var b strings.Builder
		for _, j := range row[:k] {
			b.WriteString(units[j])
		}
		rows = append(rows, strings.TrimRight(prefix+b.String(), " "))
		row = append([]int(nil), row[k:]...)
		prefix = rest
		rowWidth = display.Width(rest)
		for _, j := range row {
			rowWidth += screenWidth(units[j])
		}
	}
	for i, u := range units {
		if u == " " {
			if len(row) > 0 {
				row = append(row, i)
				rowWidth++
			}
			continue
		}
		w := screenWidth(u)
		// The units that may not start a line stay with the one before
		// them: "），" after a character, a link's reference number after
		// its text.
		next := 0
		for j := i + 1; j < len(units) && closer(j); j++ {
			next += screenWidth(units[j])
		}
		if len(row) > 0 && rowWidth+w+next > width && !blockStarter.MatchString(u) && !closer(i) {
			// Opening marks at the end of the row go down with u.
			k := len(row)
			for k > 0 && opener(row[k-1]) {
				k--
			}
			if k == 0 {
				k = len(row)
			}
			flush(k)
		}
		row = append(row, i)
		rowWidth += w
	}
	if len(row) > 0 || len(rows) == 0 {
		flush(len(row))
	}
	return rows
}

// emphasisEdges says which units a line break may not precede or follow
// because of an emphasis delimiter: a closing one must touch the text
// before it and an opening one the text after it, or CommonMark reads
// them as asterisks.
func emphasisEdges(units []string) (stickPrev, stickNext []bool) {
	stickPrev, stickNext = make([]bool, len(units)), make([]bool, len(units))
	open := map[string]bool{}
	for i, u := range units {
		lead := leadingDelimiter(u)
		if lead != "" {
			if open[lead] {
				stickPrev[i] = true
			} else if len(lead) == len(u) {
				stickNext[i] = true
			}
			open[lead] = !open[lead]
		}
		if len(lead) == len(u) {
			continue
		}
		if trail := trailingDelimiter(u); trail != "" {
			if !open[trail] {
				stickNext[i] = true
			}
			open[trail] = !open[trail]
		}
	}
	return stickPrev, stickNext
}

// leadingDelimiter and trailingDelimiter return the run of emphasis
// characters at the start or the end of a unit.
func leadingDelimiter(u string) string {
	return u[:len(u)-len(strings.TrimLeft(u, emphasisMarks))]
}

func trailingDelimiter(u string) string {
	if strings.HasSuffix(strings.TrimRight(u, emphasisMarks), `\`) {
		return "" // an escaped character
	}
	return u[len(strings.TrimRight(u, emphasisMarks)):]
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
		case eastAsian(r):
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

// closesLine reports whether a unit may not start a line: it starts with
// a closing mark, escaped or not, or ends a link's text.
func closesLine(u string) bool {
	r := firstRune(strings.TrimPrefix(u, `\`))
	return r == linkEnd || strings.ContainsRune(noLineStart, r)
}

// opensLine reports whether a unit may not end a line: it is an opening
// mark, or starts a link's text.
func opensLine(u string) bool {
	r, _ := utf8.DecodeLastRuneInString(u)
	return r == linkStart || (utf8.RuneCountInString(strings.TrimPrefix(u, `\`)) == 1 && strings.ContainsRune(noLineEnd, r))
}

// emphasisMarks are the characters of emphasis delimiters.
const emphasisMarks = "*_~"

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// linkBrackets removes what of a link glamour does not show.
var linkBrackets = strings.NewReplacer("](#)", "", "["+string(linkStart), "")

// screenWidth is how wide a unit shows once glamour has read it: the
// backslash of an escape and the brackets around a link's text take no
// room.
func screenWidth(u string) int {
	if strings.ContainsAny(u, `\[]`) {
		u = linkBrackets.Replace(u)
		u = markdownEscapes.ReplaceAllString(u, "$1")
	}
	return display.Width(u)
}

// fillAtSpaces breaks text only at the spaces where a break changes
// nothing once the Markdown is read (see WrapMarkdown).
func fillAtSpaces(text, first, rest string, width int) []string {
	words := splitAtSpaces(text)
	var rows []string
	row := first
	for i, w := range words {
		switch {
		case i == 0:
			row += w
		case display.Width(row)+1+display.Width(w) > width && !blockStarter.MatchString(firstWord(w)):
			rows = append(rows, row)
			row = rest + w
		default:
			row += " " + w
		}
	}
	return append(rows, row)
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

// splitAtSpaces cuts text at the spaces where it may be wrapped: outside
// code spans, link text and emphasis, not between two East Asian
// characters, not before a closing mark or after an opening one. Runs of
// spaces count as one.
func splitAtSpaces(text string) []string {
	var words []string
	var word strings.Builder
	var inLink, inStrong, inEm, inStrike bool
	prev := rune(0)
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		rest := text[i+n:]
		switch {
		case r == '\\' && rest != "":
			_, m := utf8.DecodeRuneInString(rest)
			word.WriteString(text[i : i+n+m])
			prev = 'a' // an escaped character is text
			i += n + m
			continue
		case r == '`':
			ticks := len(text[i:]) - len(strings.TrimLeft(text[i:], "`"))
			end := ticks // an unclosed run is text
			if c := closingTicks(text, i+ticks, ticks); c >= 0 {
				end = c + ticks - i // a code span stays whole
			}
			word.WriteString(text[i : i+end])
			prev = '`'
			i += end
			continue
		case r == '[':
			inLink = true
		case r == ']' && strings.HasPrefix(rest, "("):
			inLink = false
		case r == '*' && strings.HasPrefix(rest, "*"), r == '_' && strings.HasPrefix(rest, "_"):
			inStrong = !inStrong
			word.WriteString(text[i : i+2])
			prev = r
			i += 2
			continue
		case r == '~' && strings.HasPrefix(rest, "~"):
			inStrike = !inStrike
			word.WriteString(text[i : i+2])
			prev = r
			i += 2
			continue
		case r == '*' || (r == '_' && !isWordRune(prev)):
			inEm = !inEm
		case r == ' ':
			next := firstRune(strings.TrimLeft(rest, " "))
			breakable := !inLink && !inStrong && !inEm && !inStrike &&
				!(eastAsian(prev) && eastAsian(next)) &&
				(!strings.ContainsRune(noLineStart, next) || strings.HasPrefix(strings.TrimLeft(rest, " "), "![")) &&
				!strings.ContainsRune(noLineEnd, prev) &&
				next != 0 && word.Len() > 0
			if breakable {
				words = append(words, word.String())
				word.Reset()
				i += n + len(rest) - len(strings.TrimLeft(rest, " "))
				continue
			}
		}
		word.WriteString(text[i : i+n])
		prev = r
		i += n
	}
	if word.Len() > 0 || len(words) == 0 {
		words = append(words, word.String())
	}
	return words
}
