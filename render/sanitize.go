package render

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// isUnsafeRune reports runes that must never reach a terminal from article
// text: C0 controls other than newline and tab, DEL and C1 controls (the
// single-byte CSI U+009B among them). Bidi overrides and invisible
// zero-width characters are dropped too: they reorder or hide what the
// reader sees and break width calculations, and no article needs them.
// U+200D (zero-width joiner) stays because emoji sequences depend on it.
func isUnsafeRune(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x200b, r == 0x2060, r == 0xfeff: // zero-width space, word joiner, BOM
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // bidi embeddings and isolates
		return true
	}
	return false
}

// SanitizeText returns s as valid UTF-8 without control characters other
// than newline and tab. Every string that came from an article file (title,
// author, categories, body text) must pass through it before it is shown,
// because a crawled page can carry terminal escape sequences. A carriage
// return becomes a newline so that CRLF text keeps its line breaks.
func SanitizeText(s string) string {
	clean := true
	for i, r := range s {
		if r == utf8.RuneError || isUnsafeRune(r) {
			if r == utf8.RuneError {
				if _, size := utf8.DecodeRuneInString(s[i:]); size > 1 {
					continue // a literal U+FFFD is harmless
				}
			}
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\r':
			b.WriteByte('\n')
		case isUnsafeRune(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SafeURL returns the cleaned URL and true when raw may become a link or an
// image: http, https and mailto URLs and relative references. Scheme-less
// "//host/path" references become https, since nothing that reads the
// archive knows the page they were relative to. Everything else
// (javascript:, data:, file:, vbscript:, unknown schemes, URLs that do not
// parse) is refused, so the caller keeps only the link text.
func SafeURL(raw string) (string, bool) {
	u := strings.TrimSpace(SanitizeText(raw))
	// Browsers ignore tabs and newlines inside URLs; an attacker can use them
	// to hide a scheme ("java\tscript:").
	u = strings.NewReplacer("\n", "", "\t", "").Replace(u)
	if u == "" {
		return "", false
	}
	if strings.HasPrefix(u, "//") {
		u = "https:" + u
	}
	p, err := url.Parse(u)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https":
		if p.Host == "" {
			return "", false
		}
	case "mailto":
	case "":
		// A relative reference; a colon before the first slash would make
		// it a scheme to some parsers, so refuse that ambiguity.
		if i := strings.IndexByte(u, ':'); i >= 0 && !strings.ContainsAny(u[:i], "/?#") {
			return "", false
		}
	default:
		return "", false
	}
	return u, true
}

// sanitizeOutput walks rendered terminal output and keeps only printable
// text, newlines, tabs, SGR sequences and OSC 8 hyperlinks whose URL is in
// allowed (or the empty URL that closes a link). glamour re-assembles text
// from Markdown, so this last pass is what guarantees that no other escape
// sequence reaches the terminal, whatever the input was.
func sanitizeOutput(s string, allowed func(link string) bool) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	p := ansi.NewParser()
	for len(s) > 0 {
		// Copy the text up to the next escape, dropping unsafe runes (C1
		// controls among them: no sequence worth keeping uses them).
		i := strings.IndexByte(s, ansi.ESC)
		if i < 0 {
			i = len(s)
		}
		writeSafe(&b, s[:i])
		s = s[i:]
		if s == "" {
			break
		}
		seq, _, n, _ := ansi.DecodeSequence(s, ansi.NormalState, p)
		if n <= 0 {
			n = 1
		}
		s = s[n:]
		if isSGR(seq) {
			b.WriteString(seq)
		} else if link, ok := hyperlinkURL(seq); ok && (link == "" || allowed(link)) {
			b.WriteString(seq)
		}
	}
	return b.String()
}

// writeSafe writes text without its unsafe runes; the common case, text
// with none, is one copy.
func writeSafe(b *strings.Builder, text string) {
	if !strings.ContainsFunc(text, isUnsafeRune) {
		b.WriteString(text)
		return
	}
	for _, r := range text {
		if !isUnsafeRune(r) {
			b.WriteRune(r)
		}
	}
}

// isSGR reports whether a CSI sequence is a plain "select graphic
// rendition" one: parameters made of digits, ';' and ':' only, final 'm',
// no private prefix or intermediate bytes.
func isSGR(seq string) bool {
	body, ok := strings.CutPrefix(seq, "\x1b[")
	if !ok || !strings.HasSuffix(body, "m") {
		return false
	}
	for _, c := range body[:len(body)-1] {
		if (c < '0' || c > '9') && c != ';' && c != ':' {
			return false
		}
	}
	return true
}

// hyperlinkURL returns the URL of an OSC 8 sequence
// (ESC ] 8 ; params ; url ST).
func hyperlinkURL(seq string) (string, bool) {
	body, ok := strings.CutPrefix(seq, "\x1b]8;")
	if !ok {
		return "", false
	}
	switch {
	case strings.HasSuffix(body, "\x07"):
		body = body[:len(body)-1]
	case strings.HasSuffix(body, "\x1b\\"):
		body = body[:len(body)-2]
	default:
		return "", false
	}
	_, link, ok := strings.Cut(body, ";")
	if !ok || strings.ContainsFunc(link, isUnsafeRune) {
		return "", false
	}
	return link, true
}
