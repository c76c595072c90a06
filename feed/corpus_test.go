package feed

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// corpusDir is the shared sample of a real archive, beside the project.
const corpusDir = "../../shared/corpus"

type corpusFile struct {
	path string // relative to corpusDir, slash-separated
	data []byte
}

// corpusFiles reads every article file of the corpus. When the corpus is
// absent, as in a fresh clone, the test is skipped if required, and
// otherwise no files are returned.
func corpusFiles(t testing.TB, required bool) []corpusFile {
	t.Helper()
	if _, err := os.Stat(corpusDir); err != nil {
		if required {
			t.Skipf("no corpus at %s", corpusDir)
		}
		return nil
	}
	var files []corpusFile
	err := filepath.WalkDir(corpusDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !IsArticleFile(p) {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(corpusDir, p)
		files = append(files, corpusFile{filepath.ToSlash(rel), data})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// The test reads the front matter on its own, as simply as it can, to
// check the parser against it.
var (
	dateLine    = regexp.MustCompile(`(?m)^date:[ \t]*(.*?)[ \t\r]*$`)
	listItem    = regexp.MustCompile(`^\s*-\s+(.*)$`)
	simpleTitle = regexp.MustCompile(`(?m)^title: '([^']*)'$`)
)

func frontCategories(data []byte) []string {
	var cats []string
	in := false
	for _, line := range strings.Split(string(split(data).block), "\n") {
		switch {
		case strings.HasPrefix(line, "categories:"):
			in = true
		case in && listItem.MatchString(line):
			item := listItem.FindStringSubmatch(line)[1]
			for strings.HasPrefix(item, "- ") {
				item = strings.TrimSpace(item[2:])
			}
			cats = append(cats, strings.Trim(item, "'"))
		case in && strings.TrimSpace(line) != "":
			in = false
		}
	}
	return cats
}

func TestCorpus(t *testing.T) {
	files := corpusFiles(t, true)
	arch, err := Open(corpusDir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := arch.Index(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if ix.Files() != len(files) {
		t.Errorf("index read %d files, the corpus has %d", ix.Files(), len(files))
	}
	listed := 0
	for _, a := range ix.Articles() {
		listed += len(a.Paths())
	}
	if listed != len(files) {
		t.Errorf("index lists %d paths, the corpus has %d files", listed, len(files))
	}
	now := time.Now()
	for _, f := range files {
		t.Run(f.path, func(t *testing.T) {
			got, err := ix.Lookup(f.path)
			if err != nil {
				t.Fatalf("not listed: %v", err)
			}
			if !slices.Contains(got.Paths(), f.path) {
				t.Errorf("found %s, whose paths %q lack it", got.Path, got.Paths())
			}
			a, _ := ParseFile(f.path, f.data, Options{})
			if strings.TrimSpace(a.Title) == "" {
				t.Error("empty title")
			}
			if m := simpleTitle.FindSubmatch(f.data); m != nil && strings.TrimSpace(string(m[1])) != "" && a.Title != cleanText(string(m[1])) {
				t.Errorf("title %q, front matter says %q", a.Title, m[1])
			}
			if want := frontCategories(f.data); !slices.Equal(a.Categories, want) {
				t.Errorf("categories %q, front matter says %q", a.Categories, want)
			}
			m := dateLine.FindSubmatch(f.data)
			if m == nil {
				t.Fatal("the test cannot find the date line")
			}
			var stated time.Time
			for _, layout := range []string{time.RFC1123, "2006-01-02 15:04:05"} {
				if d, err := time.ParseInLocation(layout, string(m[1]), time.UTC); err == nil {
					stated = d
				}
			}
			plausible := stated.Year() >= 1995 && stated.Before(now)
			switch {
			case plausible && (!a.Date.Equal(stated) || a.DateEstimated):
				t.Errorf("date %v (estimated %v), file says %q", a.Date, a.DateEstimated, m[1])
			case !plausible && !a.DateEstimated:
				t.Errorf("date %q should be estimated, got %v", m[1], a.Date)
			}
		})
	}
}
