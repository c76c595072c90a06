package feed

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/adrg/frontmatter"
)

// sitesDir holds a post of each site generator, written for these tests.
const sitesDir = "testdata/sites"

// TestSitePosts reads the posts of Hugo (TOML and JSON front matter) and
// Jekyll (YAML), by ParseFile and through a scan.
func TestSitePosts(t *testing.T) {
	tests := []struct {
		path       string
		title      string
		categories []string
		date       time.Time
		author     string
		body       string // the body's start
	}{
		{
			path:       "hugo/content/posts/编程/toml-front-matter.md",
			title:      "用 TOML 写的文章",
			categories: []string{"编程", "Go"},
			date:       time.Date(2024, 3, 1, 2, 0, 0, 0, time.UTC),
			author:     "王小明, Jane Doe",
			body:       "\nThis post was written",
		},
		{
			path:       "hugo/content/notes/json-front-matter.md",
			title:      "A post with JSON front matter",
			categories: []string{"笔记", "JSON"},
			date:       time.Date(2024, 3, 2, 9, 30, 0, 0, time.UTC),
			author:     "李四",
			body:       "Written for newsreader's tests: Hugo reads",
		},
		{
			path:       "jekyll/博客/_posts/2024-03-03-yaml-front-matter.md",
			title:      "Jekyll 的一篇文章",
			categories: []string{"随笔", "生活"},
			date:       time.Date(2024, 3, 3, 0, 15, 0, 0, time.UTC),
			author:     "张三",
			body:       "\nWritten for newsreader's tests: a Jekyll post",
		},
	}
	ix := scanDir(t, sitesDir)
	if ix.Len() != len(tests) || len(ix.Warnings()) > 0 {
		t.Errorf("scan: %d articles, warnings %v", ix.Len(), ix.Warnings())
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(sitesDir, tt.path))
			if err != nil {
				t.Fatal(err)
			}
			parsed, body := ParseFile(tt.path, data, Options{})
			if !strings.HasPrefix(string(body), tt.body) {
				t.Errorf("body starts %.50q, want %q", body, tt.body)
			}
			scanned, err := ix.Lookup(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			for how, a := range map[string]*Article{"ParseFile": parsed, "Scan": scanned} {
				if a.Title != tt.title || !slices.Equal(a.Categories, tt.categories) || !a.Date.Equal(tt.date) ||
					a.DateEstimated || a.Author != tt.author || len(a.Warnings()) > 0 {
					t.Errorf("%s: %q %q %v (estimated %v) %q, warnings %q; want %q %q %v %q", how,
						a.Title, a.Categories, a.Date, a.DateEstimated, a.Author, a.Warnings(),
						tt.title, tt.categories, tt.date, tt.author)
				}
			}
		})
	}
}

// TestSplitAgreesWithLibrary checks that split finds the front matter
// where adrg/frontmatter does, for every syntax, in the posts written for
// the tests and in the corpus.
func TestSplitAgreesWithLibrary(t *testing.T) {
	files := map[string][]byte{
		"yaml":      []byte("---yaml\ntitle: t\n---\nbody\n"),
		"toml":      []byte("\n+++\ntitle = 't'\n+++\nbody\n"),
		"toml dash": []byte("---toml\ntitle = 't'\n---\nbody\n"),
		"json semi": []byte(";;;\n{\"title\": \"t\"}\n;;;\nbody\n"),
		"json dash": []byte("---json\n{\"title\": \"t\"}\n---\nbody\n"),
		"json":      []byte("{\n\"a\": {\n\"b\": 1\n}\n,\"title\": \"t\"\n}\n\nbody\n"),
		"json end":  []byte("{\n\"title\": \"t\"\n}"),
		"crlf":      []byte("+++\r\ntitle = 't'\r\n+++\r\nbody\r\n"),
	}
	for _, dir := range []string{sitesDir, corpusDir} {
		_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && IsArticleFile(p) {
				files[p], err = os.ReadFile(p)
			}
			return err
		})
	}
	for name, data := range files {
		fm := split(data)
		if !fm.closed {
			t.Errorf("%s: no closed front matter", name)
			continue
		}
		var v map[string]any
		rest, err := frontmatter.MustParse(bytes.NewReader(data), &v, fm.syntax.format)
		if err != nil && fm.syntax.isYAML() {
			continue // broken YAML, read leniently
		}
		if err != nil || !bytes.Equal(rest, fm.body) {
			t.Errorf("%s: the library gives the body %.40q (%v), split %.40q", name, rest, err, fm.body)
		}
	}
}

func TestFrontMatterSyntaxes(t *testing.T) {
	tests := []struct {
		name  string
		data  string
		title string
		date  time.Time // zero: estimated
		warn  string    // a substring of the one warning, if any
		body  string    // the body's start
	}{
		{
			name:  "TOML date-time without an offset is in the source zone",
			data:  "+++\ntitle = 'x'\ncategories = ['a']\ndate = 2024-03-04T12:00:00\n+++\nbody",
			title: "x", date: time.Date(2024, 3, 4, 4, 0, 0, 0, time.UTC), body: "body",
		},
		{
			name:  "TOML date without a time",
			data:  "+++\ntitle = 'x'\ncategories = 'a'\ndate = 2024-03-04\n+++\nbody",
			title: "x", date: time.Date(2024, 3, 3, 16, 0, 0, 0, time.UTC), body: "body",
		},
		{
			name:  "TOML date as a string, keys in capitals",
			data:  "---toml\nTitle = 'x'\nCategories = ['a']\nDate = '2024-03-04 12:00:00 CST'\n---\nbody",
			title: "x", date: time.Date(2024, 3, 4, 4, 0, 0, 0, time.UTC), body: "body",
		},
		{
			name:  "TOML title that is a number",
			data:  "+++\ntitle = 1936\ncategories = ['a']\ndate = 2024-03-04T12:00:00Z\n+++\nbody",
			title: "1936", date: time.Date(2024, 3, 4, 12, 0, 0, 0, time.UTC), body: "body",
		},
		{
			name:  "JSON between ;;; lines",
			data:  ";;;\n{\"title\": \"x\", \"categories\": \"a\", \"date\": \"2024-03-04T12:00:00Z\"}\n;;;\nbody",
			title: "x", date: time.Date(2024, 3, 4, 12, 0, 0, 0, time.UTC), body: "body",
		},
		{
			name:  "JSON between ---json and ---",
			data:  "---json\n{\"title\": \"x\", \"category\": [\"a\"], \"date\": \"2024-03-04\"}\n---\nbody",
			title: "x", date: time.Date(2024, 3, 3, 16, 0, 0, 0, time.UTC), body: "body",
		},
		{
			name:  "YAML between ---yaml and ---",
			data:  "---yaml\ntitle: x\ncategories: [a]\ndate: 2024-03-04\n---\nbody",
			title: "x", date: time.Date(2024, 3, 3, 16, 0, 0, 0, time.UTC), body: "body",
		},
		{
			name:  "TOML without its closing line is text",
			data:  "+++\ntitle = 'x'\n\n<p>body</p>\n",
			title: "y", warn: "no closing +++; read as text", body: "+++\ntitle",
		},
		{
			name:  "invalid TOML is text",
			data:  "+++\ntitle = x\ndate = 2024-03-04\n+++\n<p>body</p>\n",
			title: "y", warn: "not valid TOML (line 1", body: "+++\ntitle",
		},
		{
			name:  "a JSON object without a blank line after it is text",
			data:  "{\n\"title\": \"x\"\n}\n<p>body</p>\n",
			title: "y", warn: "no closing }", body: "{\n\"title\"",
		},
		{
			name:  "a brace that is no JSON is text",
			data:  "{\nnot json\n}\n\n<p>body</p>\n",
			title: "y", warn: "not valid JSON (invalid character", body: "{\nnot json",
		},
	}
	shanghai := time.FixedZone("UTC+8", 8*3600)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, body := ParseFile("x/y.md", []byte(tt.data), Options{SourceZone: shanghai})
			if a.Title != tt.title || !a.Date.Equal(tt.date) || a.DateEstimated != tt.date.IsZero() {
				t.Errorf("%q %v (estimated %v), want %q %v", a.Title, a.Date, a.DateEstimated, tt.title, tt.date)
			}
			if tt.warn == "" && len(a.Warnings()) > 0 || tt.warn != "" && !slices.ContainsFunc(a.Warnings(), func(w string) bool { return strings.Contains(w, tt.warn) }) {
				t.Errorf("warnings %q, want one with %q", a.Warnings(), tt.warn)
			}
			if tt.warn == "" && !slices.Equal(a.Categories, []string{"a"}) {
				t.Errorf("categories %q", a.Categories)
			}
			if !strings.HasPrefix(string(body), tt.body) {
				t.Errorf("body starts %.30q, want %q", body, tt.body)
			}
		})
	}
}

// TestScanLongFrontMatter reads front matter that ends past the 4 KiB a
// scan reads first, in each syntax.
func TestScanLongFrontMatter(t *testing.T) {
	long := strings.Repeat("长", 2000) // 6,000 bytes
	// A JSON object whose inner closing brace stands alone on a line just
	// at the end of the head, where it looks like the end of the object.
	inner := "{\n\"title\": \"Edge\",\n\"categories\": [\"a\"],\n\"date\": \"2024-03-04\",\n\"params\": {\n\"s\": \""
	pad := headSize - len(inner) - len("\"\n}\n")
	inner += strings.Repeat("x", pad) + "\"\n}\n,\"author\": \"某人\"\n}\n\nbody\n"
	dir := t.TempDir()
	writeFiles(t, dir, map[string][]byte{
		"toml.md": []byte("+++\ntitle = 'TOML'\ncategories = ['a']\ndate = 2024-03-04\nsummary = '" + long + "'\n+++\nbody\n"),
		"json.md": []byte("{\n\"title\": \"JSON\",\n\"categories\": [\"a\"],\n\"date\": \"2024-03-04\",\n\"summary\": \"" + long + "\"\n}\n\nbody\n"),
		"yaml.md": []byte("---\ntitle: YAML\ncategories: [a]\ndate: 2024-03-04\nsummary: " + long + "\n---\nbody\n"),
		"edge.md": []byte(inner),
		"bom.md":  []byte("\ufeff---\ntitle: BOM\ncategories: [a]\ndate: 2024-03-04\nsummary: " + long + "\n---\nbody\n"),
	})
	if i := strings.Index(inner, "\"\n}\n,"); i+len("\"\n}\n") != headSize {
		t.Fatalf("the inner brace ends at %d, not at the head's end", i+len("\"\n}\n"))
	}
	ix := scanDir(t, dir)
	for _, want := range []struct{ path, title, author string }{
		{"toml.md", "TOML", ""}, {"json.md", "JSON", ""}, {"yaml.md", "YAML", ""}, {"edge.md", "Edge", "某人"}, {"bom.md", "BOM", ""},
	} {
		a, err := ix.Lookup(want.path)
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != want.title || a.Author != want.author || a.DateEstimated || len(a.Warnings()) > 0 {
			t.Errorf("%s: %q by %q, estimated %v, warnings %q", want.path, a.Title, a.Author, a.DateEstimated, a.Warnings())
		}
	}
}

func TestIsDelimiter(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"---", true},
		{"  ---  ", true},
		{"\t---\r", true},
		{"\u00a0---\u3000", true}, // Unicode white space, as the library trims it
		{"----", false},
		{"-- -", false},
		{"--", false},
		{"", false},
		{"title: ---", false},
		{" - 金融", false},
		{"x---", false},
	} {
		if got := isDelimiter([]byte(tc.line), "---"); got != tc.want {
			t.Errorf("isDelimiter(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}
