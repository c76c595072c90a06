package render

import (
	"net/url"
	"strings"

	"newsreader/display"

	"github.com/charmbracelet/x/ansi"
)

// urlBreaks removes the tabs and newlines browsers ignore inside URLs.
var urlBreaks = strings.NewReplacer("\n", "", "\t", "")

// SafeURL returns the cleaned URL and true when raw may become a link or an
// image: http, https and mailto URLs and relative references. Scheme-less
// "//host/path" references become https, since nothing that reads the
// archive knows the page they were relative to. Everything else
// (javascript:, data:, file:, vbscript:, unknown schemes, URLs that do not
// parse) is refused, so the caller keeps only the link text.
func SafeURL(raw string) (string, bool) {
	u := strings.TrimSpace(display.Clean(raw))
	// Browsers ignore tabs and newlines inside URLs; an attacker can use them
	// to hide a scheme ("java\tscript:").
	u = urlBreaks.Replace(u)
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
	if !strings.ContainsFunc(text, display.Unsafe) {
		b.WriteString(text)
		return
	}
	for _, r := range text {
		if !display.Unsafe(r) {
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
	if !ok || strings.ContainsFunc(link, display.Unsafe) {
		return "", false
	}
	return link, true
}
