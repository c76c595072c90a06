package feed

import (
	"bytes"
	"fmt"
	"html"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/text/encoding/simplifiedchinese"

	"newsreader/display"
)

// Options tune how files are read.
type Options struct {
	// SourceZone is where dates written without a zone are read; the crawler
	// runs in UTC, so nil means UTC.
	SourceZone *time.Location
	// Zones adds to or overrides the table of zone abbreviations that
	// dates are read through (see zones in date.go): each abbreviation, in
	// capitals, and the zone it stands for. "UTC" always means UTC.
	Zones map[string]*time.Location
	// Now is the clock for the plausibility check; nil means time.Now.
	Now func() time.Time
}

// zoneNamed is the zone an abbreviation stands for, or nil.
func (o Options) zoneNamed(abbr string) *time.Location {
	if loc, ok := o.Zones[abbr]; ok {
		return loc
	}
	return zones[abbr]
}

func (o Options) zone() *time.Location {
	if o.SourceZone == nil {
		return time.UTC
	}
	return o.SourceZone
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// ParseFile parses one whole article file stored at path (slash-separated,
// relative to the archive). It never fails on content: what it cannot read
// is replaced by a fallback and recorded in the article's warnings. It
// returns the article and its body, everything after the front matter,
// decoded to UTF-8. The file's modification time is unknown here, so an
// article without a usable date gets a zero, estimated Date. A file that
// is not text, or whose parsing panics, is listed by its name, with no
// body.
func ParseFile(path string, data []byte, opts Options) (a *Article, body []byte) {
	defer func() {
		if v := recover(); v != nil {
			a, body = listedByName(path, "internal error: "+display.Printable(fmt.Sprint(v))), nil
		}
	}()
	a, body, err := parse(path, data, nil, opts)
	if err != nil {
		return listedByName(path, err.Error()), nil
	}
	return a, body
}

// listedByName is the article of a file that could not be read, for the
// reason given: what its path tells, a title from its name and categories
// from its folders. It does not use the parser, which may be what failed.
// Its date is estimated, and zero.
func listedByName(p, reason string) *Article {
	title, _ := fallbackTitle(p, nil)
	a := &Article{ID: makeID(p), Path: p, Title: title, Categories: folderCategories(p), DateEstimated: true}
	a.SetWarnings([]string{"unreadable (" + reason + "); listed by its file name"})
	return a
}

// errBinary marks a file that is not text in any encoding we know.
var errBinary = fmt.Errorf("not a text file")

// parseHook, when set, is called by parse with the file's path: tests make
// it panic on a chosen file, as a bug in the parser would.
var parseHook func(path string)

// scanState is what a scan's reader passes parse with a file's head.
type scanState struct {
	// located is where split found the front matter in the head, a
	// byte-order mark left out, when the reader split it to know whether
	// to read on; nil when it did not.
	located *frontMatter
	// names are the category and author names of the files the reader
	// parsed, one copy of each (see name).
	names map[string]string
}

// parse builds the article of one file from data. For a scan (sc not
// nil), only the front matter will be used: data may be the file's
// beginning only, and the body is not checked. It fails only for binary
// files.
// An article without a usable date is marked estimated, with a zero Date
// for the caller to fill in from the file's modification time.
func parse(p string, data []byte, sc *scanState, opts Options) (*Article, []byte, error) {
	if parseHook != nil {
		parseHook(p)
	}
	a := &Article{ID: makeID(p), Path: p}
	var warnings []string
	var located *frontMatter
	var names map[string]string
	if sc != nil {
		located, names = sc.located, sc.names
	}
	text, fm, warn, err := decodeText(data, sc != nil, located)
	if err != nil {
		return nil, nil, err
	}
	if warn != "" {
		warnings = append(warnings, warn)
	}
	h, body, warn, found := readFrontMatter(fm, text, names)
	if warn != "" {
		warnings = append(warnings, warn)
	}
	a.Title = cleanText(h.Title)
	a.Author = cleanText(h.author())
	a.Thumbnail = cleanText(h.Thumbnail)
	// Cleaned in place: the header's list is the article's own.
	cats := h.categories()
	a.Categories = cats[:0]
	for _, c := range cats {
		if c = cleanText(c); c != "" {
			a.Categories = append(a.Categories, c)
		}
	}
	if a.Title == "" {
		a.Title, warn = fallbackTitle(p, body)
		warnings = append(warnings, warn)
	}
	if len(a.Categories) == 0 {
		a.Categories = folderCategories(p)
		if found {
			warnings = append(warnings, "no categories; using the folders")
		}
	}
	a.Date, warn = readDate(h.Date, opts)
	if warn != "" {
		a.DateEstimated = true
		warnings = append(warnings, warn+"; using the file's modification time")
	}
	a.SetWarnings(warnings)
	return a, body, nil
}

// rawTitle returns the title line's text when YAML read it as empty: a title
// such as "#" is a YAML comment, but it is what the page was called.
func rawTitle(block []byte) string {
	rest := block
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = cutLine(rest)
		if v, ok := bytes.CutPrefix(line, []byte("title:")); ok {
			return unquote(strings.TrimSpace(string(v)))
		}
	}
	return ""
}

// decodeText returns data as UTF-8, and its front matter located (split
// of data, unless located gives it). Text that is not UTF-8 is read as
// GB18030 (a superset of GBK and GB2312, the usual Chinese legacy
// encodings); data that is neither is reported as binary. For a scan
// (head), only the front matter is checked: that is all a scan uses, and
// checking 4 KiB of CJK text costs as much as parsing.
func decodeText(data []byte, head bool, located *frontMatter) ([]byte, frontMatter, string, error) {
	data = withoutBOM(data)
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, frontMatter{}, "", errBinary
	}
	if !head {
		if utf8.Valid(data) {
			return data, split(data), "", nil
		}
		return decodeGB18030(data)
	}
	// The delimiters are ASCII, which GB18030 never uses inside a
	// multi-byte character, so the split is right in either encoding.
	var fm frontMatter
	if located != nil {
		fm = *located
	} else {
		fm = split(data)
	}
	if !utf8.Valid(data[:len(data)-len(fm.body)]) {
		return decodeGB18030(trimPartialRune(data))
	}
	text := trimPartialRune(data)
	if cut := len(data) - len(text); cut > 0 {
		// The bytes cut are the end of a character: when a body follows
		// the closing line, they are the end of the body, and the text
		// splits where data did. Otherwise it is split again.
		if fm.closed && len(fm.body) >= cut {
			fm.body = fm.body[:len(fm.body)-cut]
		} else {
			fm = split(text)
		}
	}
	return text, fm, "", nil
}

// withoutBOM is data without the byte-order mark some editors put first.
func withoutBOM(data []byte) []byte { return bytes.TrimPrefix(data, []byte("\ufeff")) }

// decodeGB18030 decodes data, which is not UTF-8, as GB18030, or reports
// it as binary.
func decodeGB18030(data []byte) ([]byte, frontMatter, string, error) {
	dec, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || garbled(dec) {
		return nil, frontMatter{}, "", errBinary
	}
	return dec, split(dec), "not UTF-8; decoded as GB18030", nil
}

// trimPartialRune drops an incomplete UTF-8 sequence cut off at the end of
// a partial read.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			break
		}
	}
	return b
}

// garbled reports whether decoded text has so many replacement or control
// characters that it cannot have been text in that encoding.
func garbled(b []byte) bool {
	bad, n := 0, 0
	for _, r := range string(b) {
		n++
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t') {
			bad++
		}
	}
	return bad*50 > n
}

// cleanText makes a front-matter value fit for one line of a terminal:
// HTML entities decoded, control characters dropped, runs of white space
// (including line breaks of folded titles) made one space.
func cleanText(s string) string {
	if isClean(s) {
		return s
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case dropped(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// dropped reports whether cleanText drops r: what display says must not
// reach a terminal, and broken bytes.
func dropped(r rune) bool {
	return display.IsControl(r) || display.IsInvisible(r) || r == utf8.RuneError
}

// isClean reports whether cleanText would return s unchanged, cheaply:
// most values of a scan are. It passes ASCII and CJK (display.CJKAt)
// without decoding a rune, as display does: decoding every rune of every
// title, category and author was a sixth of parsing a file's head.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c > ' ' && c < 0x7f && c != '&':
			i++
		case c == ' ':
			if s[i+1] == ' ' { // s does not end in a space
				return false
			}
			i++
		case display.CJKAt(s, i) && !ideographicSpaceAt(s, i):
			i += 3
		case c < 0x80:
			return false
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) || dropped(r) {
				return false
			}
			i += size
		}
	}
	return true
}

// ideographicSpaceAt reports whether s holds U+3000 at i: the one white
// space among the characters display.CJKAt passes.
func ideographicSpaceAt(s string, i int) bool {
	return s[i] == 0xe3 && s[i+1] == 0x80 && s[i+2] == 0x80
}

// fallbackTitle names an article whose title is blank: the file name, then
// the first words of the body.
func fallbackTitle(p string, body []byte) (string, string) {
	name := path.Base(p)
	name = strings.TrimSuffix(name, path.Ext(name))
	if t := cleanText(unquote(strings.TrimSpace(name))); t != "" {
		return t, "blank title; using the file name"
	}
	if t := firstWords(body); t != "" {
		return t, "blank title and file name; using the first words of the body"
	}
	return "(untitled)", "blank title, file name and body"
}

// firstWords returns the beginning of the body's text, about a title long.
func firstWords(body []byte) string {
	const max = 40 // runes
	var b strings.Builder
	z := xhtml.NewTokenizer(bytes.NewReader(body))
	for b.Len() < max*4 {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		if tt == xhtml.TextToken {
			b.Write(z.Text())
			b.WriteByte(' ')
		}
	}
	t := []rune(cleanText(b.String()))
	if len(t) <= max {
		return string(t)
	}
	cut := max
	for i := max; i > max/2; i-- {
		if t[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimSpace(string(t[:cut])) + "…"
}

// folderCategories derives categories from the folders holding the file,
// leaving out those that only hold posts: Hexo's source/_posts and post,
// Hugo's content (its sections, the folders below, are categories) and
// posts, and Jekyll's _posts, wherever it is (the folders above it are the
// post's categories).
func folderCategories(p string) []string {
	dir := path.Dir(p)
	if dir == "." {
		return nil
	}
	parts := strings.Split(dir, "/")
	for len(parts) > 0 {
		switch parts[0] {
		case "source", "_posts", "content", "post", "posts":
			parts = parts[1:]
			continue
		}
		break
	}
	var cats []string
	for _, c := range parts {
		if c == "." || c == ".." || c == "_posts" {
			continue // a file named from outside the archive, or Jekyll's posts
		}
		if c = cleanText(c); c != "" {
			cats = append(cats, c)
		}
	}
	return cats
}
