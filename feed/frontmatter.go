package feed

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v2"
)

// syntax is a format of front matter: its delimiters and decoder, as
// adrg/frontmatter describes them, and its name for warnings.
type syntax struct {
	name   string
	format *frontmatter.Format
}

// syntaxes are the front matter formats adrg/frontmatter reads by default,
// in its order: Hexo and Jekyll write YAML between "---" lines; Hugo writes
// TOML between "+++" lines, YAML, or a JSON object whose braces stand on
// lines of their own, a blank line after it. The first line that is not
// blank says which it is.
var syntaxes = []*syntax{
	{"YAML", frontmatter.NewFormat("---", "---", yaml.Unmarshal)},
	{"YAML", frontmatter.NewFormat("---yaml", "---", yaml.Unmarshal)},
	{"TOML", frontmatter.NewFormat("+++", "+++", toml.Unmarshal)},
	{"TOML", frontmatter.NewFormat("---toml", "---", toml.Unmarshal)},
	{"JSON", frontmatter.NewFormat(";;;", ";;;", json.Unmarshal)},
	{"JSON", frontmatter.NewFormat("---json", "---", json.Unmarshal)},
	{"JSON", &frontmatter.Format{Start: "{", End: "}", Unmarshal: json.Unmarshal, UnmarshalDelims: true, RequiresNewLine: true}},
}

func (s *syntax) isYAML() bool { return s.name == "YAML" }

// frontMatter is the result of locating the front matter in a file.
type frontMatter struct {
	syntax *syntax // nil when not found
	raw    []byte  // the front matter with its delimiters, for the library
	block  []byte  // the lines between the delimiters (with them for a JSON object)
	body   []byte  // everything after the front matter
	found  bool    // the file starts with the opening line of a syntax
	closed bool    // its closing line was found
}

// split locates the front matter: after optional blank lines, the opening
// line of one of the syntaxes, then lines up to its closing line. When
// YAML's closing line is missing, the block ends at the first line that
// cannot belong to it; the other syntaxes have no such fallback, and their
// block runs to the end.
//
// The delimiters follow adrg/frontmatter's rules, but split is written here
// because a scan reads only the first 4 KiB of a file and must learn
// whether the front matter ends in them, because the crawler's YAML is read
// without a decoder (fastHeader), and because broken YAML is read
// leniently where the library only fails.
func split(data []byte) frontMatter {
	open := data
	for {
		line, next, ok := cutLine(open)
		if len(bytes.TrimSpace(line)) > 0 {
			break
		}
		if !ok {
			return frontMatter{body: data}
		}
		open = next
	}
	line, rest, _ := cutLine(open)
	i := slices.IndexFunc(syntaxes, func(s *syntax) bool { return string(bytes.TrimSpace(line)) == s.format.Start })
	if i < 0 {
		return frontMatter{body: data}
	}
	sx := syntaxes[i]
	start := rest
	if sx.format.UnmarshalDelims {
		start = open
	}
	for len(rest) > 0 {
		line, next, _ := cutLine(rest)
		if !isDelimiter(line, sx.format.End) {
			rest = next
			continue
		}
		body := next
		if sx.format.RequiresNewLine {
			blank, after, _ := cutLine(next)
			if len(bytes.TrimSpace(blank)) > 0 {
				rest = next
				continue
			}
			body = after
		}
		end := rest
		if sx.format.UnmarshalDelims {
			end = body
		}
		return frontMatter{
			syntax: sx, raw: open[:len(open)-len(body)], block: start[:len(start)-len(end)], body: body,
			found: true, closed: true,
		}
	}
	if !sx.isYAML() {
		return frontMatter{syntax: sx, block: start, found: true}
	}
	// No closing line: keep the lines that look like front matter.
	rest = start
	for len(rest) > 0 {
		line, next, _ := cutLine(rest)
		if !headerLike(line) {
			break
		}
		rest = next
	}
	return frontMatter{syntax: sx, block: start[:len(start)-len(rest)], body: rest, found: true}
}

// isDelimiter reports whether line is the delimiter delim, white space
// around it left out as the library does. Most lines of a front matter
// hold no delimiter at all, and are told at once: trimming the white space
// of one that ends in CJK text goes through the Unicode tables.
func isDelimiter(line []byte, delim string) bool {
	if len(line) < len(delim) || line[0] != delim[0] && line[0] > ' ' && line[0] < 0x80 {
		return false // a key: its first byte is neither the delimiter's nor white space
	}
	return bytes.Contains(line, []byte(delim)) && string(bytes.TrimSpace(line)) == delim
}

// decode decodes closed front matter into v with adrg/frontmatter.
func (fm frontMatter) decode(v any) error {
	_, err := frontmatter.MustParse(bytes.NewReader(fm.raw), v, fm.syntax.format)
	return err
}

// readFrontMatter reads the header of text, whose front matter split
// located; names is fastHeader's. It returns the header, the body, a warning ("" when all was
// well) and whether there was a header to read. TOML or JSON that has no
// closing line or cannot be decoded is left in the body: unlike the
// crawler's YAML, nothing tells it from text, and nothing of it is lost.
func readFrontMatter(fm frontMatter, text []byte, names map[string]string) (h header, body []byte, warning string, ok bool) {
	switch {
	case !fm.found:
		return header{}, text, "no front matter", false
	case fm.syntax.isYAML():
		h, warning = readYAML(fm, names)
		if h.Title == "" {
			h.Title = rawTitle(fm.block)
		}
		return h, fm.body, warning, true
	case !fm.closed:
		return header{}, text, "front matter has no closing " + fm.syntax.format.End + "; read as text", false
	}
	var m map[string]any
	if err := fm.decode(&m); err != nil {
		return header{}, text, "front matter is not valid " + fm.syntax.name + " (" + firstLine(err) + "); read as text", false
	}
	return typedHeader(m), fm.body, "", true
}

// firstLine is an error's first line, without the library's prefix.
func firstLine(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	return strings.TrimPrefix(msg, "toml: ")
}

// typedHeader reads the header of TOML or JSON front matter. Their values
// are typed: a scalar of any type is read as its text, a list as a list,
// and values of other shapes are not used. Keys are matched ignoring case,
// as Hugo does.
func typedHeader(m map[string]any) header {
	return header{
		Title:      scalarText(field(m, "title")),
		Categories: texts(field(m, "categories")),
		Category:   texts(field(m, "category")),
		Author:     strings.Join(texts(field(m, "author")), ", "),
		Authors:    texts(field(m, "authors")),
		Date:       scalarText(field(m, "date")),
		Thumbnail:  scalarText(field(m, "thumbnail")),
	}
}

// field is m's value for key: its own, or else that of the first key in
// order that differs from it only in case.
func field(m map[string]any, key string) any {
	if v, ok := m[key]; ok {
		return v
	}
	var found string
	for k := range m {
		if strings.EqualFold(k, key) && (found == "" || k < found) {
			found = k
		}
	}
	return m[found]
}

// texts reads a scalar or a list of them, flattening nested lists. A table
// stands for its name, as Hugo's [author] or [[authors]] name = "…" do.
func texts(v any) []string {
	var out []string
	switch v := v.(type) {
	case nil:
	case []any:
		for _, it := range v {
			out = append(out, texts(it)...)
		}
	case []map[string]any:
		for _, it := range v {
			out = append(out, texts(it)...)
		}
	case map[string]any:
		out = texts(field(v, "name"))
	default:
		if s := scalarText(v); s != "" {
			out = []string{s}
		}
	}
	return out
}

// scalarText is the text of a TOML or JSON scalar, or "" for anything else.
func scalarText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case time.Time:
		return tomlDate(v)
	}
	return ""
}

// tomlDate writes a TOML date as readDate reads it. The TOML library gives
// a date or date-time written without an offset the machine's offset, in
// a zone it names for that: such a date is written without a zone again,
// to be read in the source zone like any other.
func tomlDate(t time.Time) string {
	switch t.Location().String() {
	case "datetime-local":
		return t.Format("2006-01-02T15:04:05.999999999")
	case "date-local":
		return t.Format("2006-01-02")
	}
	return t.Format(time.RFC3339Nano)
}
