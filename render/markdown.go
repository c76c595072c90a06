package render

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tidyMarkdown rewrites the converter's escaping so that the Markdown
// reads as text wherever it goes: "<" and ">" become backslash escapes
// where they need one and plain characters elsewhere (the converter writes
// the entities &lt; and &gt;, which show as such in tools that do not
// decode them), and an underscore between two letters or digits loses its
// backslash, since CommonMark never reads it as emphasis. Code is left as
// it is.
func tidyMarkdown(md string) string {
	if !strings.Contains(md, "&lt;") && !strings.Contains(md, "&gt;") && !strings.Contains(md, `\_`) {
		return md
	}
	return mapLines(md, func(line string) string { return mapText(line, tidyEscapes) })
}

// mapLines applies fn to the lines of Markdown outside fenced code.
func mapLines(md string, fn func(line string) string) string {
	lines := strings.Split(md, "\n")
	inFence := false
	for i, line := range lines {
		if isFence(line) {
			inFence = !inFence
			continue
		}
		if !inFence {
			lines[i] = fn(line)
		}
	}
	return strings.Join(lines, "\n")
}

func isFence(line string) bool {
	t := strings.TrimLeft(line, " ")
	return strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
}

// tidyEscapes is tidyMarkdown for a piece of a line outside code; start
// says whether the piece starts the line.
func tidyEscapes(s string, start bool) string {
	var b strings.Builder
	lineStart := start
	for i := 0; i < len(s); {
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "&lt;"):
			next, _ := utf8.DecodeRuneInString(rest[4:])
			if next < utf8.RuneSelf && (unicode.IsLetter(next) || strings.ContainsRune("/!?", next)) {
				b.WriteString(`\<`) // it could start an HTML tag or an autolink
			} else {
				b.WriteByte('<')
			}
			i += 4
		case strings.HasPrefix(rest, "&gt;"):
			if lineStart {
				b.WriteString(`\>`) // it would start a quote
			} else {
				b.WriteByte('>')
			}
			i += 4
		case strings.HasPrefix(rest, `\_`):
			prev, _ := utf8.DecodeLastRuneInString(b.String())
			next, _ := utf8.DecodeRuneInString(rest[2:])
			if isWordRune(prev) && isWordRune(next) {
				b.WriteByte('_')
			} else {
				b.WriteString(`\_`)
			}
			i += 2
		default:
			r, n := utf8.DecodeRuneInString(rest)
			b.WriteString(rest[:n])
			i += n
			if r != ' ' && r != '>' {
				lineStart = false
			}
		}
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// mapText applies fn to the parts of a Markdown line outside code spans;
// fn learns whether its part starts the line.
func mapText(line string, fn func(s string, start bool) string) string {
	if !strings.Contains(line, "`") {
		return fn(line, true)
	}
	var b strings.Builder
	text := 0 // start of the text not yet handed to fn
	for i := 0; i < len(line); {
		if line[i] != '`' || (i > 0 && line[i-1] == '\\') {
			i++
			continue
		}
		n := 1
		for i+n < len(line) && line[i+n] == '`' {
			n++
		}
		end := closingTicks(line, i+n, n)
		if end < 0 {
			i += n
			continue
		}
		b.WriteString(fn(line[text:i], text == 0))
		b.WriteString(line[i : end+n])
		i = end + n
		text = i
	}
	b.WriteString(fn(line[text:], text == 0))
	return b.String()
}

// closingTicks finds the run of exactly n backticks that closes a code
// span opened before from, or -1.
func closingTicks(line string, from, n int) int {
	for i := from; i < len(line); {
		if line[i] != '`' {
			i++
			continue
		}
		m := 1
		for i+m < len(line) && line[i+m] == '`' {
			m++
		}
		if m == n {
			return i
		}
		i += m
	}
	return -1
}

// escapeMarkdown backslash-escapes what would make text into Markdown
// syntax, and nothing else, so that text such as the header's metadata
// line stays readable in the Markdown: escapeInline's characters, and the
// markers that would start a block at the start of a line (a heading, a
// quote, a list item, a setext underline).
func escapeMarkdown(s string) string {
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		line = escapeInline(line)
		if blockStart.MatchString(line) || setextLine.MatchString(line) {
			line = `\` + line
		} else if m := orderedListStart.FindStringSubmatchIndex(line); m != nil {
			line = line[:m[3]] + `\` + line[m[3]:]
		}
		lines[i] = line
	}
	return strings.Join(lines, "\n")
}

var (
	// blockStart is a line that would start a heading, quote or bullet.
	blockStart = regexp.MustCompile(`^(?:#{1,6}(?: |$)|>|[-+*](?: |$))`)
	// setextLine would underline the line above it into a heading.
	setextLine = regexp.MustCompile(`^(?:=+|-+)\s*$`)
	// orderedListStart is "1." or "1)" followed by a space or the end,
	// which would start an ordered list; "3.5" would not.
	orderedListStart = regexp.MustCompile(`^(\d{1,9})[.)](?: |$)`)
	// entityLike is what CommonMark would decode as an entity.
	entityLike = regexp.MustCompile(`^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});`)
)

// escapeInline backslash-escapes what would make one line of text into
// inline Markdown, and nothing else, for a heading: "\", "`", "*", "[",
// "<" before what could be a tag or an autolink, "_" that is not between
// two letters or digits, "~" when there are two that could pair into a
// strikethrough, "&" that would start an entity, and the "#" that would
// end a heading. Escapes that cannot matter ("a_b", "3.5", "C#") are left
// out: they show as backslashes in tools that do not read Markdown.
func escapeInline(s string) string {
	tildes := strings.Count(s, "~") >= 2
	var b strings.Builder
	prev := ' '
	for i, r := range s {
		rest := s[i+utf8.RuneLen(r):]
		next, _ := utf8.DecodeRuneInString(rest)
		escape := false
		switch r {
		case '\\', '`', '*', '[':
			escape = true
		case '<':
			escape = next < utf8.RuneSelf && (unicode.IsLetter(next) || strings.ContainsRune("/!?", next))
		case '_':
			escape = !isWordRune(prev) || !isWordRune(next)
		case '~':
			escape = tildes
		case '&':
			escape = entityLike.MatchString(s[i:])
		case '#':
			escape = (prev == ' ' || i == 0) && strings.Trim(rest, "#") == ""
		}
		if escape {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}
