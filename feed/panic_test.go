package feed

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// panicOn makes the parser panic on the file at path, as a bug would, for
// the rest of the test.
func panicOn(t *testing.T, path string) {
	t.Helper()
	parseHook = func(p string) {
		if p == path {
			panic("parser bug on " + p)
		}
	}
	t.Cleanup(func() { parseHook = nil })
}

func TestScanParsePanic(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string][]byte{
		"x/ok.md":     articleFile("OK", "2021-03-01 00:00:00", "x"),
		"x/y/Boom.md": articleFile("Boom", "2021-03-02 00:00:00", "x"),
	})
	mtime := time.Date(2024, 2, 3, 4, 5, 6, 0, time.UTC)
	if err := os.Chtimes(filepath.Join(dir, "x/y/Boom.md"), mtime, mtime); err != nil {
		t.Fatal(err)
	}
	panicOn(t, "x/y/Boom.md")
	ix := scanDir(t, dir)
	if got := paths(ix.Articles()); !slices.Equal(got, []string{"x/ok.md", "x/y/Boom.md"}) {
		t.Fatalf("articles %q, want both files, the undated one last", got)
	}
	if !hasWarning(ix, "x/y/Boom.md", "internal error: parser bug on x/y/Boom.md") {
		t.Errorf("warnings %v lack the panic", ix.Warnings())
	}
	boom, _ := ix.Lookup("x/y/Boom.md")
	if boom.Title != "Boom" || !slices.Equal(boom.Categories, []string{"x", "y"}) || !boom.DateEstimated || !boom.Date.Equal(mtime) {
		t.Errorf("listed as %q %q %v (estimated %v), want its name, folders and modification time",
			boom.Title, boom.Categories, boom.Date, boom.DateEstimated)
	}
	if ok, _ := ix.Lookup("x/ok.md"); ok.Title != "OK" || len(ok.Warnings()) > 0 {
		t.Errorf("the other file: %q %q", ok.Title, ok.Warnings())
	}
}

// panicFS panics when a folder of the archive is listed, as a bug in the
// walk would.
type panicFS struct {
	fs.ReadDirFS
	dir string
}

func (f panicFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == f.dir {
		panic("walker bug in " + name)
	}
	return f.ReadDirFS.ReadDir(name)
}

func TestScanWalkPanic(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string][]byte{
		"a/one.md": articleFile("One", "2021-03-01 00:00:00", "a"),
		"b/two.md": articleFile("Two", "2021-03-02 00:00:00", "b"),
	})
	arch := &Archive{fsys: panicFS{os.DirFS(dir).(fs.ReadDirFS), "b"}, name: dir}
	err := arch.Scan(context.Background(), func(Batch) {})
	var pe *PanicError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "walker bug in b") || len(pe.Stack) == 0 {
		t.Fatalf("Scan = %v, want a PanicError with its stack", err)
	}
	if !strings.HasPrefix(err.Error(), "scan "+dir+": internal error") {
		t.Errorf("error %q does not say what failed", err)
	}
}

func TestLoadPanic(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string][]byte{"x/a.md": articleFile("全文", "2021-03-01 00:00:00", "x")})
	arch, _ := Open(dir, Options{})
	panicOn(t, "x/a.md")
	art, body, err := arch.Load("x/a.md")
	var pe *PanicError
	if !errors.As(err, &pe) || art != nil || body != nil {
		t.Fatalf("Load = %v, %q, %v; want a PanicError", art, body, err)
	}
	if want := "read x/a.md: internal error: parser bug on x/a.md"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
}

func TestParseFilePanic(t *testing.T) {
	panicOn(t, "x/Boom.md")
	a, body := ParseFile("x/Boom.md", articleFile("Boom", "2021-03-01 00:00:00", "x"), Options{})
	if a == nil || a.Title != "Boom" || !slices.Equal(a.Categories, []string{"x"}) || body != nil ||
		!slices.ContainsFunc(a.Warnings(), func(w string) bool { return strings.Contains(w, "internal error: parser bug on x/Boom.md") }) {
		t.Errorf("ParseFile = %+v, %q; want the file listed by its name with the panic as a warning", a, body)
	}
}
