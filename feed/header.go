package feed

import (
	"bytes"
	"errors"
	"slices"
	"strings"

	"gopkg.in/yaml.v2"
)

// header is the part of the front matter an article uses, under the names
// that Hexo (and the crawler), Jekyll and Hugo give it:
//   - title;
//   - categories: a hierarchy for Hexo (group, source, channel), an ordered
//     list for Jekyll and Hugo, read as one; else Jekyll's singular
//     category. Tags make no hierarchy and are not used. Without
//     categories the folders are used, which are Hugo's sections and
//     Jekyll's categories too (see folderCategories);
//   - author, else Hugo's authors, joined;
//   - date: Hexo's and Jekyll's text, Hugo's TOML date-time;
//   - thumbnail.
//
// YAML scalars are decoded as strings so that YAML keeps the text of titles
// such as 1936 or 12_00 instead of turning them into numbers.
type header struct {
	Title      string   `yaml:"title"`
	Categories textList `yaml:"categories"`
	Category   textList `yaml:"category"`
	Author     string   `yaml:"author"`
	Authors    textList `yaml:"authors"`
	Date       string   `yaml:"date"`
	Thumbnail  string   `yaml:"thumbnail"`
}

// categories are the article's categories, under either name.
func (h *header) categories() []string {
	if len(h.Categories) > 0 {
		return h.Categories
	}
	return h.Category
}

// author is the article's author or authors.
func (h *header) author() string {
	if h.Author != "" {
		return h.Author
	}
	return strings.Join(h.Authors, ", ")
}

// key is a key of the front matter that an article uses.
type key int

const (
	noKey key = iota
	titleKey
	categoriesKey
	categoryKey
	authorKey
	dateKey
	thumbnailKey
)

// keyOf is the key named k, noKey for one that is not used.
func keyOf(k []byte) key {
	switch string(k) {
	case "title":
		return titleKey
	case "categories":
		return categoriesKey
	case "category":
		return categoryKey
	case "author":
		return authorKey
	case "date":
		return dateKey
	case "thumbnail":
		return thumbnailKey
	}
	return noKey
}

// set sets the field that a scalar "key: value" line gives.
func (h *header) set(k key, v string) {
	switch k {
	case titleKey:
		h.Title = v
	case categoriesKey:
		if v != "" {
			h.Categories = textList{v}
		}
	case categoryKey:
		if v != "" {
			h.Category = textList{v}
		}
	case authorKey:
		h.Author = v
	case dateKey:
		h.Date = v
	case thumbnailKey:
		h.Thumbnail = v
	}
}

// textList reads a YAML string or a list of them, flattening nested lists:
// the crawler sometimes writes " -  - news" for a one-item list in a list.
type textList []string

// UnmarshalYAML implements yaml.Unmarshaler.
func (l *textList) UnmarshalYAML(unmarshal func(any) error) error {
	var s string
	if err := unmarshal(&s); err == nil {
		if s != "" {
			*l = textList{s}
		}
		return nil
	}
	var items []textList
	if err := unmarshal(&items); err != nil {
		return err
	}
	for _, it := range items {
		*l = append(*l, it...)
	}
	return nil
}

// cutLine returns the first line of b (without its newline), the rest, and
// whether a newline ended the line.
func cutLine(b []byte) (line, rest []byte, ok bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return b, nil, false
	}
	return b[:i], b[i+1:], true
}

// keyLine splits a "key: value" line whose key starts at the first column.
// It is hand-written because it runs for every header line of every file
// in a scan, where a regular expression was most of the parsing time.
func keyLine(line []byte) (name, value []byte, ok bool) {
	i := 0
	for i < len(line) && (line[i] == '_' || line[i] >= 'a' && line[i] <= 'z' || line[i] >= 'A' && line[i] <= 'Z' ||
		i > 0 && (line[i] == '-' || line[i] >= '0' && line[i] <= '9')) {
		i++
	}
	if i == 0 || i == len(line) || line[i] != ':' {
		return nil, nil, false
	}
	name, rest := line[:i], line[i+1:]
	for len(rest) > 0 && (rest[len(rest)-1] == ' ' || rest[len(rest)-1] == '\t' || rest[len(rest)-1] == '\r') {
		rest = rest[:len(rest)-1]
	}
	if len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t' {
		return nil, nil, false // "key:value" is one scalar to YAML, not a pair
	}
	for len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
		rest = rest[1:]
	}
	return name, rest, true
}

// headerLike reports whether a line can belong to a front matter block that
// lost its closing delimiter: a key, a list item, an indented continuation
// or a blank line. Body HTML starts with "<" at the first column.
func headerLike(line []byte) bool {
	if len(bytes.TrimSpace(line)) == 0 {
		return true
	}
	if line[0] == ' ' || line[0] == '\t' || line[0] == '-' {
		return true
	}
	_, _, ok := keyLine(line)
	return ok
}

// fastHeader reads the crawler's plain "key: value" lines without YAML. It
// accepts only lines whose meaning is certain (plain or simply quoted
// scalars, one-level lists) and reports ok=false for anything else, which
// then goes through the YAML library. It runs for every file of a scan:
// the keys and categories are gathered on the stack, only the values of
// the fields used become strings, and the categories and author are
// taken from names (see name) when they are there.
func fastHeader(block []byte, names map[string]string) (h header, ok bool) {
	var seenKeys [16][]byte
	seen := seenKeys[:0] // keys, which YAML does not allow twice
	var catList [8]string
	cats := catList[:0]
	listing := false // after "categories:" with no value: its list may follow
	indent := -1     // of the list items, which YAML needs to be equal
	rest := block
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = cutLine(rest)
		for len(line) > 0 && (line[len(line)-1] == ' ' || line[len(line)-1] == '\r') {
			line = line[:len(line)-1]
		}
		if len(line) == 0 {
			continue
		}
		if !plainLine(line) {
			return header{}, false
		}
		if line[0] == ' ' || line[0] == '-' {
			item := bytes.TrimLeft(line, " ")
			if !listing || len(item) < 2 || item[0] != '-' || item[1] != ' ' {
				return header{}, false
			}
			if n := len(line) - len(item); indent < 0 {
				indent = n
			} else if n != indent {
				return header{}, false
			}
			v, quoted, ok := fastScalar(bytes.TrimLeft(item[2:], " "))
			if !ok {
				return header{}, false
			}
			if len(v) > 0 {
				cats = append(cats, name(names, v, quoted))
			}
			continue
		}
		k, value, ok := keyLine(line)
		if !ok {
			return header{}, false
		}
		if slices.ContainsFunc(seen, func(s []byte) bool { return bytes.Equal(s, k) }) {
			return header{}, false
		}
		seen = append(seen, k)
		f := keyOf(k)
		if len(value) == 0 {
			// A list may follow; only categories is expected to have one.
			listing = f == categoriesKey
			continue
		}
		listing = false
		v, quoted, ok := fastScalar(value)
		if !ok {
			return header{}, false
		}
		switch f {
		case noKey:
		case authorKey, categoriesKey, categoryKey:
			h.set(f, name(names, v, quoted))
		default:
			h.set(f, scalarString(v, quoted))
		}
	}
	if len(cats) > 0 {
		h.Categories = slices.Clone(cats)
	}
	return h, true
}

// plainLine reports whether line holds only characters that YAML
// allows, and no tab (whose meaning depends on where it is). The
// characters YAML rejects make it reject the whole header: C0 controls,
// DEL, C1 controls but NEL (U+0085), and U+FFFE and U+FFFF; the text is
// valid UTF-8 (decodeText). A byte loop, as the check runs on every line
// of every header.
func plainLine(line []byte) bool {
	for i, c := range line {
		switch {
		case c >= 0x20 && c < 0x7f || c >= 0x80 && c != 0xc2 && c != 0xef:
		case c < 0x20 || c == 0x7f:
			return false // tabs too, and a '\r' inside a line, a line break to YAML
		case c == 0xc2:
			if i+1 < len(line) && line[i+1] >= 0x80 && line[i+1] <= 0x9f && line[i+1] != 0x85 {
				return false
			}
		case c == 0xef:
			if i+2 < len(line) && line[i+1] == 0xbf && line[i+2] >= 0xbe {
				return false
			}
		}
	}
	return true
}

// fastScalar reads a scalar the way YAML would, or reports ok=false when it
// is not sure it would. The text is v, in which ” stands for ' when the
// scalar was single-quoted (quoted).
func fastScalar(s []byte) (v []byte, quoted, ok bool) {
	switch {
	case len(s) == 0:
		return nil, false, true
	case s[0] == '\'':
		if len(s) < 2 || s[len(s)-1] != '\'' {
			return nil, false, false
		}
		inner := s[1 : len(s)-1]
		for i := bytes.IndexByte(inner, '\''); i >= 0; {
			if i+1 == len(inner) || inner[i+1] != '\'' {
				return nil, false, false // a quote that is not doubled ends the scalar
			}
			j := bytes.IndexByte(inner[i+2:], '\'')
			if j < 0 {
				break
			}
			i += 2 + j
		}
		return inner, true, true
	case s[0] == '"':
		if len(s) < 2 || s[len(s)-1] != '"' {
			return nil, false, false
		}
		inner := s[1 : len(s)-1]
		if bytes.ContainsAny(inner, `"\`) {
			return nil, false, false
		}
		return inner, false, true
	}
	if strings.IndexByte("-?:,[]{}#&*!|>'\"%@`~", s[0]) >= 0 {
		return nil, false, false
	}
	if bytes.Contains(s, []byte(": ")) || bytes.Contains(s, []byte(" #")) || s[len(s)-1] == ':' {
		return nil, false, false
	}
	if bytes.EqualFold(s, []byte("null")) {
		return nil, false, false
	}
	return s, false, true
}

// scalarString is the text of a scalar that fastScalar read.
func scalarString(v []byte, quoted bool) string {
	if quoted && bytes.Contains(v, []byte("''")) {
		return strings.ReplaceAll(string(v), "''", "'")
	}
	return string(v)
}

// maxNames bounds the names a scan's reader keeps: an archive names a few
// hundred categories and authors, and one that names a new one in every
// file must not make the table grow without end.
const maxNames = 4096

// name is the text of a scalar that fastHeader read, the copy in names
// when there is one: tens of thousands of files name the same few
// hundred categories and authors, and a look-up by the bytes makes no
// string.
func name(names map[string]string, v []byte, quoted bool) string {
	if names == nil || quoted && bytes.Contains(v, []byte("''")) {
		return scalarString(v, quoted)
	}
	if s, ok := names[string(v)]; ok {
		return s
	}
	s := string(v)
	if len(names) < maxNames {
		names[s] = s
	}
	return s
}

// lenientHeader reads what it can from a block that YAML rejects. Keys start
// at the first column; list items and indented lines belong to the key
// above them. Quoting is undone loosely, see unquote.
func lenientHeader(block []byte) header {
	var h header
	var k key
	var title []string
	rest := block
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = cutLine(rest)
		text := strings.TrimSpace(string(line))
		if name, value, ok := keyLine(line); ok {
			k = keyOf(name)
			if items, ok := flowList(string(value)); ok && (k == categoriesKey || k == categoryKey) {
				if k == categoriesKey {
					h.Categories = items
				} else {
					h.Category = items
				}
				continue
			}
			v := unquote(string(value))
			if k == titleKey {
				title = append(title[:0], v)
			} else {
				h.set(k, v)
			}
			continue
		}
		if text == "" {
			continue
		}
		if strings.HasPrefix(text, "-") && k == categoriesKey {
			for strings.HasPrefix(text, "-") {
				text = strings.TrimSpace(text[1:])
			}
			if v := unquote(text); v != "" {
				h.Categories = append(h.Categories, v)
			}
			continue
		}
		if k == titleKey {
			// A plain title folded over several lines.
			title = append(title, unquote(text))
		}
	}
	h.Title = strings.Join(title, " ")
	return h
}

// flowList reads a one-line YAML list, "[a, 'b', c]", as the lenient
// reader reads the rest: its items split at commas and unquoted loosely,
// the empty ones left out. It is false for a value that is no such list.
func flowList(v string) ([]string, bool) {
	v = strings.TrimSpace(v)
	if len(v) < 2 || v[0] != '[' || v[len(v)-1] != ']' {
		return nil, false
	}
	var items []string
	for item := range strings.SplitSeq(v[1:len(v)-1], ",") {
		if item = unquote(strings.TrimSpace(item)); item != "" {
			items = append(items, item)
		}
	}
	return items, true
}

// unquote undoes the crawler's quoting loosely: runs of double quotes around
// a value (its repeated re-quoting of titles that held quotes), then one
// pair of single quotes with ” standing for '.
func unquote(s string) string {
	lead := len(s) - len(strings.TrimLeft(s, `"`))
	trail := len(s) - len(strings.TrimRight(s, `"`))
	if n := min(lead, trail); n > 0 && n*2 <= len(s) {
		s = s[n : len(s)-n]
	}
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		s = strings.ReplaceAll(s[1:len(s)-1], "''", "'")
	}
	return s
}

// readYAML decodes YAML front matter: the fast path when it is sure, then
// the YAML library, then the lenient reader. The warning is empty when the
// block was valid.
func readYAML(fm frontMatter, names map[string]string) (h header, warning string) {
	if !fm.closed {
		return lenientHeader(fm.block), "front matter has no closing ---; read leniently"
	}
	if h, ok := fastHeader(fm.block, names); ok {
		return h, ""
	}
	if why := invalidYAML(fm.block); why != "" {
		return lenientHeader(fm.block), "front matter is not valid YAML (" + why + "); read leniently"
	}
	var decoded header // its own variable: h would escape to the heap on the fast path too
	err := fm.decode(&decoded)
	if err == nil {
		return decoded, ""
	}
	return lenientHeader(fm.block), "front matter is not valid YAML (" + yamlReason(err) + "); read leniently"
}

// invalidYAML recognises, cheaply, the two ways the crawler breaks YAML
// that are common enough to matter in a scan: a title in runs of quotes
// (an empty quoted scalar followed by more text) and a plain value that
// starts with "@", which YAML reserves. It returns why the block is
// invalid, or "" when it cannot tell.
func invalidYAML(block []byte) string {
	rest := block
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = cutLine(rest)
		_, v, ok := keyLine(line)
		switch {
		case !ok:
		case len(v) > 2 && (bytes.HasPrefix(v, []byte(`""`)) && v[2] != ' ' && v[2] != '#' ||
			bytes.HasPrefix(v, []byte("''")) && v[2] != '\'' && v[2] != ' ' && v[2] != '#'):
			return "text after an empty quoted value"
		case len(v) > 0 && v[0] == '@':
			return "a value starts with @"
		}
	}
	return ""
}

// yamlReason shortens a YAML error to one line without the library prefix.
func yamlReason(err error) string {
	var te *yaml.TypeError
	msg := err.Error()
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return msg
}
