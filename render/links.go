package render

import (
	"fmt"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Link is one link or image of an article. In rendered text it is
// referred to by its number, its place in Document.Links counting from 1:
// "picture-in-picture[3]", "🖼 a harbour[4]".
type Link struct {
	// Text is the link's text or the image's alt text, as plain text;
	// it may be empty.
	Text string
	// URL is the target, as SafeURL accepted it.
	URL string
	// Image reports whether the URL is an image's.
	Image bool
}

// The markers that Render puts around a link's text before glamour sees
// it, where the OSC 8 hyperlink is to open and close. They are invisible
// formatting characters that display.Clean removes from the Markdown, so
// article text cannot forge them, and x/ansi measures them zero cells
// wide, so they do not change the layout.
const (
	linkStart = '\u2063'
	linkEnd   = '\u2064'
)

// decorations says what Render may print besides the text.
type decorations struct {
	// ascii allows only ASCII decorations: "Image:" for 🖼, and no
	// hyperlinks.
	ascii bool
	// hyperlinks gives link texts and the listed URLs OSC 8 hyperlinks.
	hyperlinks bool
}

// glamourEscapes are the characters whose backslash escape glamour
// removes; it prints the backslash of any other ("\~").
const glamourEscapes = "\\`*_{}[]<>()#+-.!|"

// links numbers the links of one document.
type links struct {
	deco  decorations
	list  []Link
	index map[string]int // URL → place in list
}

// references rewrites Markdown for the screen: each link becomes its text
// followed by its number in brackets, each image a line "🖼 alt[N]" (in a
// table row or in link text it stays inline, where a line break would end
// the row or the link). A URL that SafeURL refuses leaves only the text.
// The URLs are returned in the order of their numbers, each once. Escapes
// that glamour would print ("\~") become character references; code is
// left alone.
func references(md string, deco decorations) (string, []Link) {
	l := &links{deco: deco, index: map[string]int{}}
	out := mapLines(md, func(line string) string {
		if !strings.ContainsAny(line, "[<\\") {
			return line
		}
		q := quotePrefix.FindString(line)
		table := strings.HasPrefix(strings.TrimLeft(line[len(q):], " "), "|")
		return l.inline(line, q, table, false)
	})
	return out, l.list
}

// quotePrefix is the quote markers at the start of a line.
var quotePrefix = regexp.MustCompile(`^(?: {0,3}> ?)+`)

// autolinkAt matches an autolink at the start of a string.
var autolinkAt = regexp.MustCompile(`^<((?:https?|mailto):[^<>\s]+)>`)

// inline rewrites the links and images of one line, or of a link's text
// (inLink); q is the line's quote prefix, which the lines an image gets
// must repeat to stay in the quote, and table says that the line is a
// table row.
func (l *links) inline(s, q string, table, inLink bool) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			if strings.IndexByte(glamourEscapes, s[i+1]) >= 0 {
				b.WriteString(s[i : i+2])
			} else {
				fmt.Fprintf(&b, "&#%d;", s[i+1])
			}
			i += 2
		case c == '`':
			ticks := len(s[i:]) - len(strings.TrimLeft(s[i:], "`"))
			end := i + ticks
			if c := closingTicks(s, end, ticks); c >= 0 {
				end = c + ticks
			}
			b.WriteString(s[i:end])
			i = end
		case c == '!' && strings.HasPrefix(s[i+1:], "["):
			text, dest, n, ok := parseLink(s[i+1:])
			if !ok {
				b.WriteByte(c)
				i++
				continue
			}
			l.image(&b, text, dest, q, table || inLink, strings.TrimSpace(s[i+1+n:]) == "")
			i += 1 + n
		case c == '[' && !inLink:
			text, dest, n, ok := parseLink(s[i:])
			if !ok {
				b.WriteByte(c)
				i++
				continue
			}
			l.link(&b, l.inline(text, q, table, true), plainText(text), dest, false)
			i += n
		case c == '<' && !inLink:
			m := autolinkAt.FindStringSubmatch(s[i:])
			if m == nil {
				b.WriteByte(c)
				i++
				continue
			}
			text := escapeInline(autolinkText(m[1]))
			l.link(&b, text, m[1], m[1], true)
			i += len(m[0])
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// number returns the number of a URL, giving it the next one if it is
// new; 0 means the URL is refused.
func (l *links) number(dest, text string, image, unescaped bool) int {
	u := dest
	if !unescaped {
		u = html.UnescapeString(markdownEscapes.ReplaceAllString(dest, "$1"))
	}
	u, ok := SafeURL(u)
	if !ok || strings.HasPrefix(u, "#") {
		return 0
	}
	if i, ok := l.index[u]; ok {
		if l.list[i].Text == "" {
			l.list[i].Text = text
		}
		return i + 1
	}
	l.index[u] = len(l.list)
	l.list = append(l.list, Link{Text: text, URL: u, Image: image})
	return len(l.list)
}

// link writes a link as "[text](#)[N]": glamour shows the text in its
// link style and no URL, since "#" alone is no target, and the markers
// around the text say where the hyperlink goes. A link that holds only
// an image of the same URL gets no second number.
func (l *links) link(b *strings.Builder, text, plain, dest string, autolink bool) {
	n := l.number(dest, plain, false, autolink)
	if n == 0 {
		b.WriteString(text)
		return
	}
	ref := "[" + strconv.Itoa(n) + "]"
	if strings.HasSuffix(text, ref) {
		b.WriteString(text)
		return
	}
	b.WriteByte('[')
	l.mark(b, text)
	b.WriteString("](#)" + ref)
}

// mark writes text between the hyperlink markers. They are written
// whether or not there are to be hyperlinks, because the filling keeps
// them with the text they mark.
func (l *links) mark(b *strings.Builder, text string) {
	b.WriteRune(linkStart)
	b.WriteString(text)
	b.WriteRune(linkEnd)
}

// image writes an image as "🖼 alt[N]", on a line of its own unless
// inline is set; last says that nothing follows it on its line.
func (l *links) image(b *strings.Builder, alt, dest, q string, inline, last bool) {
	n := l.number(dest, plainText(alt), true, false)
	text := l.inline(alt, q, true, true)
	if n == 0 {
		b.WriteString(text)
		return
	}
	if !inline {
		if line := b.String()[strings.LastIndexByte(b.String(), '\n')+1:]; strings.TrimSpace(strings.TrimPrefix(line, q)) != "" {
			b.WriteString("\n" + q)
		}
	}
	symbol := "🖼"
	if l.deco.ascii {
		symbol = "Image"
	}
	if text == "" {
		l.mark(b, symbol)
	} else {
		if l.deco.ascii {
			symbol += ":"
		}
		b.WriteString(symbol + " ")
		l.mark(b, text)
	}
	b.WriteString("[" + strconv.Itoa(n) + "]")
	if !inline && !last {
		b.WriteString("\n" + q)
	}
}

// linkTail matches the "(destination "title")" after a link's text.
var linkTail = regexp.MustCompile(`^\(\s*(<[^<>\n]*>|[^\s()<>]*)(?:\s+(?:"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'))?\s*\)`)

// parseLink parses "[text](destination)" at the start of s, with nested
// brackets, escapes and code spans in the text; n is its length.
func parseLink(s string) (text, dest string, n int, ok bool) {
	depth, i := 0, 0
scan:
	for ; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '`':
			ticks := len(s[i:]) - len(strings.TrimLeft(s[i:], "`"))
			if c := closingTicks(s, i+ticks, ticks); c >= 0 {
				i = c + ticks - 1
			} else {
				i += ticks - 1
			}
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				break scan
			}
		}
	}
	if i >= len(s) {
		return "", "", 0, false
	}
	m := linkTail.FindStringSubmatch(s[i+1:])
	if m == nil {
		return "", "", 0, false
	}
	dest = strings.TrimSuffix(strings.TrimPrefix(m[1], "<"), ">")
	return s[1:i], dest, i + 1 + len(m[0]), true
}

// plainText reduces a piece of inline Markdown to the text it shows:
// images become their alt text, emphasis and code markers go, escapes and
// entities are resolved.
func plainText(md string) string {
	var b strings.Builder
	for i := 0; i < len(md); i++ {
		c := md[i]
		switch {
		case c == '\\' && i+1 < len(md) && isASCIIPunct(md[i+1]):
			i++
			b.WriteByte(md[i])
		case c == '!' && strings.HasPrefix(md[i+1:], "["):
			if text, _, n, ok := parseLink(md[i+1:]); ok {
				b.WriteString(plainText(text))
				i += n
			}
		case c == '*' || c == '`' || c == '~' || c == '_' && (i == 0 || i == len(md)-1 || !isWordRune(rune(md[i-1])) || !isWordRune(rune(md[i+1]))):
		default:
			b.WriteByte(c)
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

// autolinkText is how a link whose text is its URL shows: the URL, or the
// address of a mail link.
func autolinkText(raw string) string {
	if addr, ok := strings.CutPrefix(raw, "mailto:"); ok {
		return addr
	}
	return raw
}

// hyperlinks replaces the markers around link texts in glamour's output
// by OSC 8 hyperlinks to the URL of the number after the text, closed at
// each line break and opened again after the next line's indentation.
// Markers with no number after them just go, and all go when on is false.
func hyperlinks(out string, list []Link, on bool) string {
	if !strings.ContainsRune(out, linkStart) {
		return out
	}
	if !on {
		return markers.Replace(out)
	}
	var b strings.Builder
	for {
		i := strings.IndexRune(out, linkStart)
		if i < 0 {
			break
		}
		j := strings.IndexRune(out[i:], linkEnd)
		if j < 0 {
			break
		}
		j += i
		b.WriteString(out[:i])
		text := out[i+len(string(linkStart)) : j]
		out = out[j+len(string(linkEnd)):]
		n := refAfter(out)
		if n < 1 || n > len(list) {
			b.WriteString(text)
			continue
		}
		id := "id=nr" + strconv.Itoa(n)
		open, close := ansi.SetHyperlink(list[n-1].URL, id), ansi.ResetHyperlink()
		b.WriteString(open)
		for {
			nl := strings.IndexByte(text, '\n')
			if nl < 0 {
				break
			}
			indent := lineIndent(text[nl+1:])
			b.WriteString(text[:nl] + close + "\n" + text[nl+1:nl+1+indent] + open)
			text = text[nl+1+indent:]
		}
		b.WriteString(text + close)
	}
	b.WriteString(out)
	return markers.Replace(b.String())
}

var markers = strings.NewReplacer(string(linkStart), "", string(linkEnd), "")

// sgrAt matches an SGR sequence (sgrSeq) at the start of a string.
var sgrAt = regexp.MustCompile("^" + sgrSeq.String())

// refAfter reads the "[N]" at the start of s, skipping the SGR sequences
// glamour puts before and inside it; 0 means there is none.
func refAfter(s string) int {
	var ref []byte
	for len(s) > 0 && len(ref) < 12 {
		if m := sgrAt.FindString(s); m != "" {
			s = s[len(m):]
			continue
		}
		ref = append(ref, s[0])
		s = s[1:]
		if s := string(ref); s[0] != '[' {
			return 0
		} else if strings.HasSuffix(s, "]") {
			n, err := strconv.Atoi(s[1 : len(s)-1])
			if err != nil {
				return 0
			}
			return n
		}
	}
	return 0
}

// lineIndent is the length of the margin, indentation and quote bars at
// the start of a rendered line, SGR sequences included.
func lineIndent(s string) int {
	i := 0
	for i < len(s) {
		if m := sgrAt.FindString(s[i:]); m != "" {
			i += len(m)
			continue
		}
		switch {
		case s[i] == ' ':
			i++
		case strings.HasPrefix(s[i:], "│"):
			i += len("│")
		default:
			return i
		}
	}
	return i
}
