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

// set sets the field a scalar "key: value" line gives; other keys are
// not used.
func (h *header) set(key, v string) {
	switch key {
	case "title":
		h.Title = v
	case "categories":
		if v != "" {
			h.Categories = textList{v}
		}
	case "category":
		if v != "" {
			h.Category = textList{v}
		}
	case "author":
		h.Author = v
	case "date":
		h.Date = v
	case "thumbnail":
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
func keyLine(line []byte) (key, value []byte, ok bool) {
	i := 0
	for i < len(line) && (line[i] == '_' || line[i] >= 'a' && line[i] <= 'z' || line[i] >= 'A' && line[i] <= 'Z' ||
		i > 0 && (line[i] == '-' || line[i] >= '0' && line[i] <= '9')) {
		i++
	}
	if i == 0 || i == len(line) || line[i] != ':' {
		return nil, nil, false
	}
	key, rest := line[:i], bytes.TrimRight(line[i+1:], " \t\r")
	if len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t' {
		return nil, nil, false // "key:value" is one scalar to YAML, not a pair
	}
	return key, bytes.TrimLeft(rest, " \t"), true
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
// then goes through the YAML library.
func fastHeader(block []byte) (h header, ok bool) {
	var seen [][]byte // keys, which YAML does not allow twice
	var listKey string
	indent := -1 // of the list items, which YAML needs to be equal
	rest := block
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = cutLine(rest)
		line = bytes.TrimRight(line, " \r")
		if len(line) == 0 {
			continue
		}
		if bytes.IndexByte(line, '\t') >= 0 {
			return header{}, false
		}
		if line[0] == ' ' || line[0] == '-' {
			item := bytes.TrimLeft(line, " ")
			if listKey != "categories" || len(item) < 2 || item[0] != '-' || item[1] != ' ' {
				return header{}, false
			}
			if n := len(line) - len(item); indent < 0 {
				indent = n
			} else if n != indent {
				return header{}, false
			}
			v, ok := fastScalar(string(bytes.TrimLeft(item[2:], " ")))
			if !ok {
				return header{}, false
			}
			if listKey == "categories" && v != "" {
				h.Categories = append(h.Categories, v)
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
		key := string(k)
		listKey = ""
		if len(value) == 0 {
			// A list may follow; only categories is expected to have one.
			listKey = key
			continue
		}
		v, ok := fastScalar(string(value))
		if !ok {
			return header{}, false
		}
		h.set(key, v)
	}
	return h, true
}

// fastScalar reads a scalar the way YAML would, or reports ok=false when it
// is not sure it would.
func fastScalar(s string) (string, bool) {
	switch {
	case s == "":
		return "", true
	case s[0] == '\'':
		if len(s) < 2 || s[len(s)-1] != '\'' {
			return "", false
		}
		inner := s[1 : len(s)-1]
		if strings.Contains(strings.ReplaceAll(inner, "''", ""), "'") {
			return "", false
		}
		return strings.ReplaceAll(inner, "''", "'"), true
	case s[0] == '"':
		if len(s) < 2 || s[len(s)-1] != '"' {
			return "", false
		}
		inner := s[1 : len(s)-1]
		if strings.ContainsAny(inner, `"\`) {
			return "", false
		}
		return inner, true
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`~", rune(s[0])) {
		return "", false
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return "", false
	}
	if strings.EqualFold(s, "null") {
		return "", false
	}
	return s, true
}

// lenientHeader reads what it can from a block that YAML rejects. Keys start
// at the first column; list items and indented lines belong to the key
// above them. Quoting is undone loosely, see unquote.
func lenientHeader(block []byte) header {
	var h header
	var key string
	var title []string
	rest := block
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = cutLine(rest)
		text := strings.TrimSpace(string(line))
		if k, value, ok := keyLine(line); ok {
			key = string(k)
			v := unquote(string(value))
			if key == "title" {
				title = append(title[:0], v)
			} else {
				h.set(key, v)
			}
			continue
		}
		if text == "" {
			continue
		}
		if strings.HasPrefix(text, "-") && key == "categories" {
			for strings.HasPrefix(text, "-") {
				text = strings.TrimSpace(text[1:])
			}
			if v := unquote(text); v != "" {
				h.Categories = append(h.Categories, v)
			}
			continue
		}
		if key == "title" {
			// A plain title folded over several lines.
			title = append(title, unquote(text))
		}
	}
	h.Title = strings.Join(title, " ")
	return h
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
func readYAML(fm frontMatter) (h header, warning string) {
	if !fm.closed {
		return lenientHeader(fm.block), "front matter has no closing ---; read leniently"
	}
	if h, ok := fastHeader(fm.block); ok {
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
