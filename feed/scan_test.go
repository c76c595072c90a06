package feed

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// writeFiles creates files under dir; paths are slash-separated.
func writeFiles(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func scanDir(t *testing.T, dir string) *Index {
	t.Helper()
	arch, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := arch.Index(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// scanFS scans dir through the io/fs implementation of a walk, which the
// embedded demo and other systems than Unix use, rather than the raw
// descriptors of an archive on disk.
func scanFS(t *testing.T, dir string) *Index {
	t.Helper()
	arch := &Archive{fsys: os.DirFS(dir), name: dir}
	ix, err := arch.Index(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func paths(arts []*Article) []string {
	var out []string
	for _, a := range arts {
		out = append(out, a.Path)
	}
	return out
}

func hasWarning(ix *Index, path, reason string) bool {
	return slices.ContainsFunc(ix.Warnings(), func(w Warning) bool {
		return w.Path == path && strings.Contains(w.Reason, reason)
	})
}

func articleFile(title, date string, cats ...string) []byte {
	front := "title: '" + title + "'\ncategories: \n"
	for _, c := range cats {
		front += " - " + c + "\n"
	}
	return article(front+"date: "+date+"\n", "<p>"+title+"</p>")
}

func TestScanWalk(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string][]byte{
		"a/one.md":              articleFile("One", "2021-03-01 00:00:00", "a"),
		"a/b/c/two.markdown":    articleFile("Two", "2021-03-02 00:00:00", "a", "b"),
		"a/THREE.MD":            articleFile("Three", "2021-03-03 00:00:00", "a"),
		"a/.md":                 articleFile("Dot", "2021-03-04 00:00:00", "a"),
		"a/notes.txt":           []byte("not an article"),
		".git/x.md":             articleFile("Hidden", "2021-03-05 00:00:00", "h"),
		"a/.drafts/draft.md":    articleFile("Draft", "2021-03-06 00:00:00", "h"),
		"a/image.png":           {0x89, 'P', 'N', 'G', 0},
		"a/binary.md":           {0x89, 'P', 'N', 'G', 0, 1, 2},
		"a/long.md":             articleFile("Long "+strings.Repeat("长", 3000), "2021-03-07 00:00:00", "a"),
		"a/estimated.md":        articleFile("Estimated", "Invalid Date", "a"),
		"source/_posts/x/y.md":  articleFile("Hexo", "2021-03-08 00:00:00", "x"),
		"empty.md":              {},
		"a/b/c/d/e/f/g/deep.md": articleFile("Deep", "2021-03-09 00:00:00", "a"),
	})
	mtime := time.Date(2024, 2, 3, 4, 5, 6, 0, time.UTC)
	if err := os.Chtimes(filepath.Join(dir, "a/estimated.md"), mtime, mtime); err != nil {
		t.Fatal(err)
	}
	ix := scanDir(t, dir)
	// Files without a date come after the dated ones, by their
	// modification time: empty.md's is now, estimated.md's is in 2024.
	want := []string{
		"a/b/c/d/e/f/g/deep.md", "source/_posts/x/y.md", "a/long.md", "a/.md",
		"a/THREE.MD", "a/b/c/two.markdown", "a/one.md", "empty.md", "a/estimated.md",
	}
	if got := paths(ix.Articles()); !slices.Equal(got, want) {
		t.Errorf("articles:\n got %q\nwant %q", got, want)
	}
	if ix.Files() != len(want)+1 {
		t.Errorf("files = %d, want %d (the binary one too)", ix.Files(), len(want)+1)
	}
	if !hasWarning(ix, "a/binary.md", "skipped: not a text file") {
		t.Errorf("no warning for the binary file: %v", ix.Warnings())
	}
	est, _ := ix.Lookup("a/estimated.md")
	if !est.DateEstimated || !est.Date.Equal(mtime) {
		t.Errorf("estimated date %v (%v), want the file's %v", est.Date, est.DateEstimated, mtime)
	}
	long, _ := ix.Lookup("a/long.md")
	if !strings.HasPrefix(long.Title, "Long 长") || len(long.Warnings()) > 0 {
		t.Errorf("long header: title %.20q, warnings %q", long.Title, long.Warnings())
	}
}

// A scan passes on a large folder in parts, with the count of files read
// so far: an archive may keep all its files in one folder.
func TestScanLargeFolder(t *testing.T) {
	old := scanPart
	scanPart = 4
	t.Cleanup(func() { scanPart = old })
	dir := t.TempDir()
	files := map[string][]byte{"sub/other.md": articleFile("Other", "2021-03-01 00:00:00", "x")}
	for i := range 10 {
		files[fmt.Sprintf("flat/%02d.md", i)] = articleFile(fmt.Sprint(i), "2021-03-01 00:00:00", "x")
	}
	writeFiles(t, dir, files)
	arch, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var counts []int
	seen := map[string]bool{}
	err = arch.Scan(context.Background(), func(b Batch) {
		counts = append(counts, b.Files)
		for _, a := range b.Articles {
			if seen[a.Path] {
				t.Errorf("%s passed on twice", a.Path)
			}
			seen[a.Path] = true
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 11 || len(counts) < 3 || !slices.IsSorted(counts) || counts[len(counts)-1] != 11 {
		t.Errorf("%d articles in batches of counts %v; want 11 in at least three batches, counting up to 11", len(seen), counts)
	}
}

func TestScanSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string][]byte{"a/b/one.md": articleFile("One", "2021-03-01 00:00:00", "a")})
	if err := os.Symlink("..", filepath.Join(dir, "a/b/up")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink("b", filepath.Join(dir, "a/same")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere.md", filepath.Join(dir, "a/broken.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("b/one.md", filepath.Join(dir, "a/link.md")); err != nil {
		t.Fatal(err)
	}
	ix := scanDir(t, dir)
	if !hasWarning(ix, "a/b/up", "link loop") {
		t.Errorf("no loop warning: %v", ix.Warnings())
	}
	if !hasWarning(ix, "a/broken.md", "broken link") {
		t.Errorf("no broken-link warning: %v", ix.Warnings())
	}
	// Four files: one.md, its two copies through links and the broken
	// link; the loops are folders.
	if ix.Files() != 4 {
		t.Errorf("files = %d, want 4", ix.Files())
	}
	for _, w := range ix.Warnings() {
		if w.Folder != strings.HasSuffix(w.Path, "/up") {
			t.Errorf("%s: Folder = %v", w, w.Folder)
		}
	}
	// a/same/one.md and a/link.md are copies reached through links.
	if ix.Len() != 1 || len(ix.Articles()[0].Paths()) != 3 {
		t.Errorf("got %d articles with paths %q, want one with three", ix.Len(), ix.Articles()[0].Paths())
	}
}

// faultyFS fails to open some files, as a scan meets them in real life.
type faultyFS struct {
	fs.StatFS
	errs map[string]error
}

func (f faultyFS) Open(name string) (fs.File, error) {
	if err, ok := f.errs[name]; ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return f.StatFS.Open(name)
}

func TestScanFaultyFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string][]byte{
		"x/ok.md":        articleFile("OK", "2021-03-01 00:00:00", "x"),
		"x/gone.md":      articleFile("Gone", "2021-03-02 00:00:00", "x"),
		"x/Locked 文章.md": articleFile("Locked", "2021-03-03 00:00:00", "x"),
	})
	arch := &Archive{fsys: faultyFS{os.DirFS(dir).(fs.StatFS), map[string]error{
		"x/gone.md":      fs.ErrNotExist,
		"x/Locked 文章.md": fs.ErrPermission,
	}}, name: dir}
	ix, err := arch.Index(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := paths(ix.Articles()); !slices.Contains(got, "x/ok.md") || !slices.Contains(got, "x/Locked 文章.md") || slices.Contains(got, "x/gone.md") {
		t.Errorf("articles %q: want ok.md and the locked file, not the vanished one", got)
	}
	if !hasWarning(ix, "x/gone.md", "vanished") || !hasWarning(ix, "x/Locked 文章.md", "unreadable (permission denied)") {
		t.Errorf("warnings %v", ix.Warnings())
	}
	locked, _ := ix.Lookup("x/Locked 文章.md")
	if locked.Title != "Locked 文章" || !slices.Equal(locked.Categories, []string{"x"}) || !locked.DateEstimated {
		t.Errorf("locked file listed as %q %q estimated=%v", locked.Title, locked.Categories, locked.DateEstimated)
	}
}

func TestScanMissingArchive(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "nope"), Options{}); err == nil {
		t.Error("Open of a missing folder succeeded")
	}
	f := filepath.Join(t.TempDir(), "file")
	writeFiles(t, filepath.Dir(f), map[string][]byte{"file": nil})
	if _, err := Open(f, Options{}); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("Open of a file: %v", err)
	}
}

func TestScanCancel(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{}
	for i := range 300 {
		files[filepath.ToSlash(filepath.Join("a", strings.Repeat("x", i%7+1), string(rune('a'+i%26))+time.Duration(i).String()+".md"))] = articleFile("T", "2021-03-01 00:00:00", "a")
	}
	writeFiles(t, dir, files)
	arch, _ := Open(dir, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := arch.Scan(ctx, func(Batch) {}); err == nil {
		t.Error("a cancelled scan reported success")
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string][]byte{"x/a.md": articleFile("全文", "2021-03-01 00:00:00", "x")})
	arch, _ := Open(dir, Options{})
	a, body, err := arch.Load("x/a.md")
	if err != nil || a.Title != "全文" || !strings.Contains(string(body), "<p>全文</p>") {
		t.Errorf("Load = %q, %q, %v", a.Title, body, err)
	}
	if _, _, err := arch.Load("x/none.md"); err == nil || !strings.Contains(err.Error(), "x/none.md") {
		t.Errorf("Load of a missing file: %v", err)
	}
}

func TestDemo(t *testing.T) {
	ix, err := Demo(Options{}).Index(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ix.Warnings()) > 0 {
		t.Errorf("the demo archive has warnings: %v", ix.Warnings())
	}
	groups := ix.Tree().Children
	sources := 0
	for _, g := range groups {
		sources += len(g.Children)
	}
	if ix.Len() < 10 || len(groups) < 3 || sources < 5 {
		t.Errorf("demo has %d articles, %d groups, %d sources; want about a dozen, 3 and 5", ix.Len(), len(groups), sources)
	}
	merged := slices.ContainsFunc(ix.Articles(), func(a *Article) bool { return len(a.Paths()) > 1 })
	if !merged {
		t.Error("the demo shows no article stored twice")
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string][]byte{
		"elsewhere/news/undated.md": articleFile("无日期", "Invalid Date", "新闻"),
		"elsewhere/news/dated.md":   articleFile("有日期", "2021-03-01 08:00:00 CST", "新闻"),
		"elsewhere/news/bare.md":    []byte("<p>正文</p>\n"),
	})
	mtime := time.Date(2024, 2, 3, 4, 5, 6, 0, time.UTC)
	for _, name := range []string{"undated.md", "dated.md", "bare.md"} {
		if err := os.Chtimes(filepath.Join(dir, "elsewhere/news", name), mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name      string
		title     string
		cats      []string
		date      time.Time
		estimated bool
	}{
		{"undated.md", "无日期", []string{"新闻"}, mtime, true},
		{"dated.md", "有日期", []string{"新闻"}, time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC), false},
		{"bare.md", "bare", []string{"elsewhere", "news"}, mtime, true},
	} {
		art, body, err := ReadFile(filepath.Join(dir, "elsewhere/news", tt.name), "../elsewhere/news/"+tt.name, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if art.Title != tt.title || !slices.Equal(art.Categories, tt.cats) || !art.Date.Equal(tt.date) || art.DateEstimated != tt.estimated {
			t.Errorf("%s: %q %q %v (estimated %v), want %q %q %v (%v)", tt.name,
				art.Title, art.Categories, art.Date, art.DateEstimated, tt.title, tt.cats, tt.date, tt.estimated)
		}
		if !strings.Contains(string(body), "<p>") {
			t.Errorf("%s: body %q", tt.name, body)
		}
	}
	if _, _, err := ReadFile(filepath.Join(dir, "none.md"), "none.md", Options{}); err == nil || !strings.HasPrefix(err.Error(), "read none.md: ") {
		t.Errorf("ReadFile of a missing file: %v", err)
	}
	panicOn(t, "x.md")
	if _, _, err := ReadFile(filepath.Join(dir, "elsewhere/news/bare.md"), "x.md", Options{}); !errors.As(err, new(*PanicError)) {
		t.Errorf("ReadFile whose parse panics: %v", err)
	}
}

// deniedFS refuses everything, as a folder without read and search
// permission does.
type deniedFS struct{ fs.StatFS }

func (deniedFS) Stat(name string) (fs.FileInfo, error) {
	return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrPermission}
}

// Errors about the archive's root name it, not "." as os.DirFS does.
func TestArchiveRootErrors(t *testing.T) {
	dir := t.TempDir()
	arch := &Archive{fsys: deniedFS{os.DirFS(dir).(fs.StatFS)}, name: "/srv/news"}
	_, err := arch.Index(context.Background(), nil)
	if err == nil || err.Error() != "read archive /srv/news: permission denied" || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("unreadable root: %v", err)
	}
	missing := filepath.Join(dir, "missing")
	_, err = Open(missing, Options{})
	if err == nil || err.Error() != "open archive "+missing+": no such file or directory" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing root: %v", err)
	}
}

func TestHoldsArticles(t *testing.T) {
	tests := []struct {
		files []string
		want  bool
	}{
		{nil, false},
		{[]string{"notes.txt", "a/b.txt"}, false},
		{[]string{"post.md"}, true},
		{[]string{"news/post.MARKDOWN"}, true},
		{[]string{"a/b/deep.md"}, false},
		{[]string{".hidden/post.md"}, false},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		set := map[string][]byte{}
		for _, f := range tt.files {
			set[f] = []byte("x")
		}
		writeFiles(t, dir, set)
		if got := HoldsArticles(dir); got != tt.want {
			t.Errorf("%q: %v, want %v", tt.files, got, tt.want)
		}
	}
}
