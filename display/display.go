// Package display owns the rules for showing untrusted text in a
// terminal: which characters may be printed, how wide text is, and how it
// is cut and padded to a column. feed, render, ui and the commands all
// use it, so that a title is measured, cut and cleaned the same way in a
// listing, the interface and a rendered article.
//
// Width is x/ansi's grapheme width everywhere. It does not depend on the
// locale: a measure that reads LANG (as go-runewidth does) counts “ … — ·
// as two cells under zh_CN.UTF-8 and one elsewhere, so the same article
// would wrap differently from machine to machine.
package display

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// IsControl reports whether r is a C0 control, DEL or a C1 control. C1
// matters as much as C0: U+009B is a single-character CSI to many
// terminals.
func IsControl(r rune) bool {
	return r < 0x20 || r >= 0x7f && r <= 0x9f
}

// IsInvisible reports whether r is a formatting character that hides or
// reorders the text around it: zero-width spaces, bidirectional marks,
// embeddings, overrides and isolates, invisible operators, the byte-order
// mark and interlinear annotations. None is needed to read an article.
// The zero-width joiner and non-joiner are not among them: emoji
// sequences (👨‍👩‍👧) and several scripts depend on them.
func IsInvisible(r rune) bool {
	switch {
	case r == 0x061c, r == 0x200b, r == 0x200e, r == 0x200f, r == 0xfeff:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x206f:
		return true
	case r >= 0xfff9 && r <= 0xfffb:
		return true
	}
	return false
}

// Unsafe reports whether r must never reach the terminal from untrusted
// text, even in multi-line text: every control but newline and tab, and
// every invisible character.
func Unsafe(r rune) bool {
	return (IsControl(r) && r != '\n' && r != '\t') || IsInvisible(r)
}

// Printable returns s fit for one line of a terminal while staying
// recognisable, for text such as file names and warnings: control
// characters (newlines included) become U+FFFD, invisible characters are
// dropped, and bytes that are not UTF-8 become U+FFFD.
func Printable(s string) string {
	if isPlain(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case IsControl(r):
			return utf8.RuneError
		case IsInvisible(r):
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// Clean returns multi-line text safe for a terminal: line breaks and tabs
// stay (a carriage return becomes a line break, so that CRLF text keeps
// its lines), every other unsafe character is dropped, and bytes that are
// not UTF-8 become U+FFFD. Every string read from an article passes
// through it before it is shown.
func Clean(s string) string {
	if isPlain(s) {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case Unsafe(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Line returns s as one line of clean text: Clean, then every run of
// white space (line breaks included) made one space, and the ends
// trimmed. It is for metadata such as titles and authors, and for text
// pasted into an input line.
func Line(s string) string {
	s = Clean(s)
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// CJKAt reports, without decoding a rune, whether s holds at i a
// character from U+3000 to U+CFFF (a lead byte 0xE3 to 0xEC and two
// continuation bytes): CJK punctuation, kana, ideographs and most hangul,
// the bulk of a listing. None of them is a control, an invisible
// character, a line separator or U+FFFD, so nothing that escapes text or
// drops what must not reach a terminal changes one; U+3000, the
// ideographic space, is white space, which text that squeezes its spaces
// changes (feed's isClean tests for it).
func CJKAt(s string, i int) bool {
	return i+2 < len(s) && s[i] >= 0xe3 && s[i] <= 0xec && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80
}

// isPlain reports, cheaply, whether s needs no change: valid UTF-8 with
// no control and no invisible character. Most text of a listing is ASCII
// or CJK, which it passes without decoding a rune (CJKAt). (A warning's
// path failed the test when it took printable ASCII only, and a
// listing's 13,000 warnings took 5 ms more.)
func isPlain(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			i++
		case CJKAt(s, i):
			i += 3
		case c < 0x80:
			return false
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || IsControl(r) || IsInvisible(r) {
				return false
			}
			i += size
		}
	}
	return true
}
