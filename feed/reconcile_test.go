package feed

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// reconciled is what a cache would keep of reconciles: the folders, and
// the article or warning of every file.
type reconciled struct {
	folders map[string]*Folder
	files   map[string]*Parsed
	updates []FolderUpdate
}

func (r *reconciled) run(t *testing.T, dir string) int {
	t.Helper()
	arch, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.folders == nil {
		r.folders, r.files = map[string]*Folder{}, map[string]*Parsed{}
	}
	r.updates = nil
	n, err := arch.Reconcile(context.Background(), r.known(), r.take)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// known is what the cache gives a reconcile.
func (r *reconciled) known() map[string]*Folder {
	known := make(map[string]*Folder, len(r.folders))
	for p, f := range r.folders {
		known[p] = f
	}
	return known
}

// take keeps what a reconcile passed on.
func (r *reconciled) take(u FolderUpdate) {
	r.updates = append(r.updates, u)
	if old := r.folders[u.Path]; old != nil {
		for _, name := range old.Names {
			if !slices.Contains(u.Names, name) || u.Gone {
				delete(r.files, Join(u.Path, name))
			}
		}
	}
	if u.Gone {
		delete(r.folders, u.Path)
		return
	}
	f := u.Folder
	r.folders[u.Path] = &f
	for i, name := range u.Names {
		if u.Read[i] != nil {
			r.files[Join(u.Path, name)] = u.Read[i]
		}
	}
}

// index builds the index of what the reconciles found.
func (r *reconciled) index(files int) *Index {
	var arts []*Article
	var ws []Warning
	for p, f := range r.files {
		if f.Article != nil {
			a := *f.Article
			a.SetPaths(nil)
			arts = append(arts, &a)
		} else {
			ws = append(ws, Warning{Path: p, Reason: f.Skipped})
		}
	}
	for _, f := range r.folders {
		ws = append(ws, f.Warnings...)
	}
	return NewIndexOf(arts, ws, files)
}

// sameIndex compares two indexes as a listing shows them.
func sameIndex(t *testing.T, got, want *Index) {
	t.Helper()
	g, w := got.Articles(), want.Articles()
	if len(g) != len(w) {
		t.Fatalf("%d articles, want %d:\n got %q\nwant %q", len(g), len(w), paths(g), paths(w))
	}
	for i := range g {
		a, b := g[i], w[i]
		if a.ID != b.ID || !slices.Equal(a.Paths(), b.Paths()) || a.Title != b.Title || !a.Date.Equal(b.Date) ||
			a.DateEstimated != b.DateEstimated || !slices.Equal(a.Categories, b.Categories) || a.Author != b.Author ||
			a.Thumbnail != b.Thumbnail || !slices.Equal(a.Warnings(), b.Warnings()) {
			t.Errorf("article %d:\n got %+v\nwant %+v", i, a, b)
		}
	}
	if !slices.Equal(got.Warnings(), want.Warnings()) {
		t.Errorf("warnings:\n got %v\nwant %v", got.Warnings(), want.Warnings())
	}
	if got.Files() != want.Files() {
		t.Errorf("files %d, want %d", got.Files(), want.Files())
	}
	var tree func(a, b *Category)
	tree = func(a, b *Category) {
		if a.Count != b.Count || a.Name != b.Name || !slices.Equal(a.Path, b.Path) || len(a.Children) != len(b.Children) {
			t.Errorf("category %q: count %d, %d children; want %q %d, %d", a.Path, a.Count, len(a.Children), b.Path, b.Count, len(b.Children))
			return
		}
		for i := range a.Children {
			tree(a.Children[i], b.Children[i])
		}
	}
	tree(got.Tree(), want.Tree())
}

// age sets the times of everything under dir an hour back, so that a
// reconcile trusts them.
func age(t *testing.T, dir string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.Mode()&os.ModeSymlink != 0 {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func reconcileFixtures() map[string][]byte {
	return map[string][]byte{
		"a/one.md":           articleFile("One", "2021-03-01 00:00:00", "a"),
		"a/b/c/two.markdown": articleFile("Two", "2021-03-02 00:00:00", "a", "b"),
		".git/x.md":          articleFile("Hidden", "2021-03-05 00:00:00", "h"),
		"a/binary.md":        {0x89, 'P', 'N', 'G', 0, 1, 2},
		"a/long.md":          articleFile("Long "+strings.Repeat("长", 3000), "2021-03-07 00:00:00", "a"),
		"a/estimated.md":     articleFile("Estimated", "Invalid Date", "a"),
		"a/notes.txt":        []byte("not an article"),
		"post/金融/谁发明了AI？.md": articleFile("谁发明了AI？", "2022-05-03 12:00:00", "金融"),
		"source/_posts/金融/DT/谁发明了AI？.md": articleFile("谁发明了AI？", "2022-05-03 12:00:00", "金融", "DT"),
		"x/y/z/third copy.md":            articleFile("谁发明了AI？", "2022-05-03 12:00:00", "金融", "DT"),
	}
}

// trustAll makes a reconcile trust times however recent, for tests that
// check what it reads again.
func trustAll(t *testing.T) {
	old := racyWindow
	racyWindow = 0
	t.Cleanup(func() { racyWindow = old })
}

func TestReconcileMatchesScan(t *testing.T) {
	trustAll(t)
	dir := t.TempDir()
	writeFiles(t, dir, reconcileFixtures())
	if err := os.Symlink("..", filepath.Join(dir, "a/b/up")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	for _, link := range [][2]string{{"nowhere.md", "a/broken.md"}, {"one.md", "a/link.md"}, {"b", "a/same"}} {
		if err := os.Symlink(link[0], filepath.Join(dir, link[1])); err != nil {
			t.Fatal(err)
		}
	}
	var r reconciled
	n := r.run(t, dir)
	// The scan reads the disk through io/fs: the reconcile's raw
	// descriptors must find what it finds.
	sameIndex(t, r.index(n), scanFS(t, dir))
	sameIndex(t, scanDir(t, dir), scanFS(t, dir))

	// Nothing changed: nothing to report, once times are old enough.
	age(t, dir)
	r.run(t, dir)
	if n := r.run(t, dir); len(r.updates) != 0 {
		t.Errorf("unchanged archive: %d updates: %+v", len(r.updates), r.updates)
	} else {
		sameIndex(t, r.index(n), scanFS(t, dir))
	}
}

func TestReconcileFindsChanges(t *testing.T) {
	trustAll(t)
	dir := t.TempDir()
	writeFiles(t, dir, reconcileFixtures())
	age(t, dir)
	var r reconciled
	r.run(t, dir)
	r.run(t, dir)
	if len(r.updates) != 0 {
		t.Fatalf("unchanged archive: %d updates", len(r.updates))
	}

	// Rewritten in place with the same size and time: only the change
	// time tells, once it has moved on from the one recorded (file
	// systems keep it in steps of a clock tick).
	time.Sleep(20 * time.Millisecond)
	one := filepath.Join(dir, "a/one.md")
	fi, _ := os.Stat(one)
	if err := os.WriteFile(one, articleFile("Uno", "2021-03-01 00:00:00", "a"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(one, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "a/b/c/two.markdown")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "x")); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string][]byte{"new/folder/three.md": articleFile("Three", "2021-03-03 00:00:00", "n")})
	n := r.run(t, dir)
	sameIndex(t, r.index(n), scanFS(t, dir))
	want := []string{"gone x", "gone x/y", "gone x/y/z", "read a/one.md", "read new/folder/three.md"}
	if got := r.changes(); !slices.Equal(got, want) {
		t.Errorf("changes:\n got %q\nwant %q", got, want)
	}
}

// changes sums up the last reconcile's updates: the folders gone, the
// files read, sorted.
func (r *reconciled) changes() []string {
	got := []string{}
	for _, u := range r.updates {
		switch {
		case u.Gone:
			got = append(got, "gone "+u.Path)
		default:
			for i, name := range u.Names {
				if u.Read[i] != nil {
					got = append(got, "read "+Join(u.Path, name))
				}
			}
		}
	}
	slices.Sort(got)
	return got
}

func TestApplyRemovesCopies(t *testing.T) {
	for _, removed := range []int{0, 1, 2} {
		ix := NewIndex()
		arts := copies()
		// The date the index has, or none: found either way.
		dates := []time.Time{arts[0].Date, {}, arts[2].Date}
		for _, a := range arts {
			ix.Add(a)
		}
		ix.Add(testArticle("other.md", "other", day(4), "x"))
		// The cache gives the copies that are left, as new articles.
		var left []*Article
		for i, a := range copies() {
			if i != removed {
				left = append(left, a)
			}
		}
		ix.Apply(Changes{Removed: []Removed{{Path: arts[removed].Path, Date: dates[removed]}}, Batch: Batch{Articles: left, Files: 3}})

		want := NewIndex()
		for i, a := range copies() {
			if i != removed {
				want.Add(a)
			}
		}
		want.Add(testArticle("other.md", "other", day(4), "x"))
		want.AddBatch(Batch{Files: 3})
		sameIndex(t, ix, want)
	}
}

func TestNewIndexOfMatchesAdd(t *testing.T) {
	arts := append(copies(), testArticle("b.md", "b", day(1), "x", "y"), testArticle("a.md", "a", day(1), "x", "y"),
		&Article{ID: makeID("e.md"), Path: "e.md", Title: "谁发明了AI？", Date: day(3), DateEstimated: true, rare: &rareFields{warnings: []string{"no date", "blank title", "another"}}})
	want := NewIndex()
	for _, a := range arts {
		a2 := *a
		want.Add(&a2)
	}
	got := NewIndexOf(arts, []Warning{{Path: "z.md", Reason: "skipped: not a text file"}}, len(arts)+1)
	want.AddBatch(Batch{Warnings: []Warning{{Path: "z.md", Reason: "skipped: not a text file"}}, Files: len(arts) + 1})
	sameIndex(t, got, want)

	// Later changes find the copies among the articles NewIndexOf was
	// given, as among those added.
	more := func() Changes {
		return Changes{
			Removed: []Removed{{Path: "b.md", Date: day(1)}},
			Batch: Batch{Articles: []*Article{
				testArticle("deep/er/copy.md", "谁发明了AI？", day(3), "金融", "DT 财经", "数据侠专栏", "更深"),
				testArticle("c.md", "a", day(1), "x", "y"),
			}, Files: len(arts) + 2},
		}
	}
	got.Apply(more())
	want.Apply(more())
	sameIndex(t, got, want)
}
