package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"newsreader/feed"
	"newsreader/feed/feedtest"
	"newsreader/watch"
)

// article is a file in the crawler's format.
func article(title, date string, cats ...string) []byte {
	front := "title: '" + title + "'\ncategories:\n"
	for _, c := range cats {
		front += " - " + c + "\n"
	}
	return feedtest.File(front+"date: "+date+"\n", "<p>"+title+"</p>")
}

// writeFiles writes files (slash-separated paths) under dir, an hour old.
func writeFiles(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(full, old, old); err != nil {
			t.Fatal(err)
		}
	}
}

// fixtures is a small archive: two copies of one story, a story in two
// folders, a file without a date, a binary file.
func fixtures() map[string][]byte {
	return map[string][]byte{
		"source/_posts/金融/新浪财经/国内/a.md": article("央行发布数据", "2022-05-16 02:27:46", "金融", "新浪财经", "国内"),
		"post/金融/a.md":               article("央行发布数据", "2022-05-16 02:27:46", "金融"),
		"source/_posts/编程/开源中国/b.md": article("Tidewater 3.2 发布", "2026-01-13 08:20:00", "编程", "开源中国"),
		"source/_posts/编程/开源中国/c.md": article("第三篇", "2026-01-12 08:20:00", "编程", "开源中国"),
		"source/_posts/游戏/d.md":      article("没有日期", "Invalid Date", "游戏"),
		"source/_posts/游戏/e.md":      {0x89, 'P', 'N', 'G', 0, 1},
	}
}

// newArchive writes the fixtures into a new folder.
func newArchive(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "archive")
	writeFiles(t, dir, fixtures())
	return dir
}

func openStore(t *testing.T, stateDir, dir string) *Store {
	t.Helper()
	arch, err := feed.Open(dir, feed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(stateDir, arch)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func index(t *testing.T, s *Store) *feed.Index {
	t.Helper()
	ix, err := s.Index(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// scanned is the index a plain scan gives.
func scanned(t *testing.T, dir string) *feed.Index {
	t.Helper()
	arch, err := feed.Open(dir, feed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := arch.Index(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// listing is what `list --json` shows of an index, for comparisons.
func listing(ix *feed.Index) string {
	var b strings.Builder
	for _, a := range ix.Articles() {
		fmt.Fprintf(&b, "%s %q %q %q %s %v %q %q\n", a.ID, a.Paths(), a.Title, a.Categories, a.Date.UTC().Format(time.RFC3339Nano), a.DateEstimated, a.Author, a.Warnings())
	}
	for _, w := range ix.Warnings() {
		fmt.Fprintf(&b, "%s (folder %v)\n", w, w.Folder)
	}
	fmt.Fprintf(&b, "files %d, root %d\n", ix.Files(), ix.Tree().Count)
	return b.String()
}

func lookup(t *testing.T, ix *feed.Index, ref string) *feed.Article {
	t.Helper()
	a, err := ix.Lookup(ref)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestIndexIsTheScan(t *testing.T) {
	dir := newArchive(t)
	state := t.TempDir()
	want := listing(scanned(t, dir))
	s := openStore(t, state, dir)
	if got := listing(index(t, s)); got != want {
		t.Errorf("cold:\n%s\nwant\n%s", got, want)
	}
	s.Close()

	// Warm, from a new process's point of view.
	s = openStore(t, state, dir)
	ix, err := s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := listing(ix); got != want {
		t.Errorf("loaded:\n%s\nwant\n%s", got, want)
	}
	if got := listing(index(t, s)); got != want {
		t.Errorf("warm:\n%s\nwant\n%s", got, want)
	}
	if n := s.Notices(); len(n) > 0 || s.Warning() != "" {
		t.Errorf("notices %q, warning %q", n, s.Warning())
	}
}

// A broken link counts as a file that could not be read, and a link loop
// as a folder skipped, cold and warm, as the scan counts them.
func TestIndexIsTheScanWithLinks(t *testing.T) {
	dir := newArchive(t)
	if err := os.Symlink("nowhere.md", filepath.Join(dir, "post/金融/broken.md")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink("..", filepath.Join(dir, "post/金融/up")); err != nil {
		t.Fatal(err)
	}
	state := t.TempDir()
	want := listing(scanned(t, dir))
	for _, run := range []string{"cold", "warm"} {
		s := openStore(t, state, dir)
		if got := listing(index(t, s)); got != want {
			t.Errorf("%s:\n%s\nwant\n%s", run, got, want)
		}
		s.Close()
	}
	s := openStore(t, state, dir)
	ix, err := s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got := listing(ix); got != want {
		t.Errorf("loaded:\n%s\nwant\n%s", got, want)
	}
}

func TestReconcileStreamsChanges(t *testing.T) {
	dir := newArchive(t)
	state := t.TempDir()
	s := openStore(t, state, dir)
	index(t, s)
	s.Close()

	s = openStore(t, state, dir)
	ix, err := s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// A new file, one rewritten in place, one deleted, and the primary
	// copy of the story stored twice deleted.
	writeFiles(t, dir, map[string][]byte{
		"source/_posts/新媒体/f.md":     article("新文章", "2026-02-01 00:00:00", "新媒体"),
		"source/_posts/编程/开源中国/b.md": article("Tidewater 3.3 发布", "2026-01-13 08:20:00", "编程", "开源中国"),
	})
	for _, p := range []string{"source/_posts/编程/开源中国/c.md", "source/_posts/金融/新浪财经/国内/a.md"} {
		if err := os.Remove(filepath.Join(dir, p)); err != nil {
			t.Fatal(err)
		}
	}
	var updates int
	sum, err := s.Reconcile(context.Background(), func(u Update) {
		updates++
		ix.Apply(u.Changes)
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := listing(scanned(t, dir)); listing(ix) != want {
		t.Errorf("reconciled:\n%s\nwant\n%s", listing(ix), want)
	}
	if sum.Read != 2 || sum.Removed != 2 || updates == 0 {
		t.Errorf("summary %+v after %d updates, want 2 read, 2 removed", sum, updates)
	}
	// And the next start sees the same.
	s.Close()
	s = openStore(t, state, dir)
	if got, want := listing(index(t, s)), listing(scanned(t, dir)); got != want {
		t.Errorf("after restart:\n%s\nwant\n%s", got, want)
	}
}

func TestMarksSurviveRestartAndRebuild(t *testing.T) {
	dir := newArchive(t)
	state := t.TempDir()
	s := openStore(t, state, dir)
	ix := index(t, s)
	b := lookup(t, ix, "source/_posts/编程/开源中国/b.md")
	a := lookup(t, ix, "post/金融/a.md")
	if _, err := s.Set([]*feed.Article{a, b}, Read); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Set([]*feed.Article{b}, Star); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetPosition(b, 420); err != nil {
		t.Fatal(err)
	}
	if err := s.SetLast([]string{"编程", "开源中国"}, b.ID); err != nil {
		t.Fatal(err)
	}
	s.Close()

	check := func(what string, s *Store) {
		t.Helper()
		ix := index(t, s)
		ms, err := s.Marks()
		if err != nil {
			t.Fatal(err)
		}
		a, b := lookup(t, ix, "post/金融/a.md"), lookup(t, ix, "source/_posts/编程/开源中国/b.md")
		if m := ms.Of(b); !m.Read || !m.Starred || m.Position != 420 {
			t.Errorf("%s: b's mark %+v", what, m)
		}
		if m := ms.Of(a); !m.Read || m.Starred {
			t.Errorf("%s: a's mark %+v", what, m)
		}
		c := lookup(t, ix, "source/_posts/编程/开源中国/c.md")
		if m := ms.Of(c); !m.IsZero() {
			t.Errorf("%s: c's mark %+v", what, m)
		}
		cat, art, err := s.Last()
		if err != nil || !slices.Equal(cat, []string{"编程", "开源中国"}) || art != b.ID {
			t.Errorf("%s: last place %q %q %v", what, cat, art, err)
		}
	}
	s = openStore(t, state, dir)
	check("restart", s)
	s.Close()

	// The index deleted: rebuilt, with a notice, and the marks stay.
	if err := removeDB(s.Paths().Index); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, state, dir)
	if n := s.Notices(); len(n) != 1 || !strings.Contains(n[0], "missing") {
		t.Errorf("notices after deleting the index: %q", n)
	}
	check("rebuild", s)
}

func TestCorruptIndexIsRebuilt(t *testing.T) {
	dir := newArchive(t)
	state := t.TempDir()
	s := openStore(t, state, dir)
	index(t, s)
	if _, err := s.Set([]*feed.Article{lookup(t, index(t, s), "post/金融/a.md")}, Star); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, garbage := range [][]byte{[]byte("not a database at all, but long enough to be read as one"), bytes.Repeat([]byte{0xff}, 8192)} {
		if err := removeDB(s.Paths().Index); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(s.Paths().Index, garbage, 0o600); err != nil {
			t.Fatal(err)
		}
		s2 := openStore(t, state, dir)
		if n := s2.Notices(); len(n) != 1 || !strings.Contains(n[0], "damaged") {
			t.Errorf("notices: %q", n)
		}
		ix := index(t, s2)
		if got, want := listing(ix), listing(scanned(t, dir)); got != want {
			t.Errorf("rebuilt:\n%s\nwant\n%s", got, want)
		}
		ms, err := s2.Marks()
		if err != nil || !ms.Of(lookup(t, ix, "post/金融/a.md")).Starred {
			t.Errorf("the star is lost: %v", err)
		}
		s2.Close()
	}
}

func TestCorruptStateIsMovedAside(t *testing.T) {
	dir := newArchive(t)
	state := t.TempDir()
	s := openStore(t, state, dir)
	index(t, s)
	s.Close()
	garbage := []byte("SQLite format 3\x00 but nothing after it that makes sense......")
	if err := removeDB(s.Paths().State); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(s.Paths().State, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, state, dir)
	n := s.Notices()
	if len(n) != 1 || !strings.Contains(n[0], "moved to ") {
		t.Fatalf("notices: %q", n)
	}
	aside := strings.Fields(n[0][strings.Index(n[0], "moved to ")+len("moved to "):])[0]
	aside = strings.TrimSuffix(aside, ",")
	if got, err := os.ReadFile(aside); err != nil || !bytes.Equal(got, garbage) {
		t.Errorf("the damaged file is not kept at %s: %v", aside, err)
	}
	// The fresh state works.
	ix := index(t, s)
	if _, err := s.Set(ix.Articles()[:1], Read); err != nil {
		t.Fatal(err)
	}
}

func TestLocation(t *testing.T) {
	state := t.TempDir()
	dir := filepath.Join(t.TempDir(), "My Archive?#")
	a, err := Location(state, dir)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Location(state, dir+"/")
	demo, _ := Location(state, "")
	if a != b || !strings.HasPrefix(filepath.Base(a.Dir), "My_Archive__-") || filepath.Base(demo.Dir) != "demo" {
		t.Errorf("locations %+v %+v %+v", a, b, demo)
	}
	// Paths with URI characters work.
	writeFiles(t, dir, fixtures())
	s := openStore(t, state, dir)
	if got, want := listing(index(t, s)), listing(scanned(t, dir)); got != want {
		t.Errorf("index:\n%s\nwant\n%s", got, want)
	}
	if s.Paths() != a {
		t.Errorf("paths %+v, want %+v", s.Paths(), a)
	}
}

func TestDemoKeepsState(t *testing.T) {
	state := t.TempDir()
	s, err := Open(state, feed.Demo(feed.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	ix := index(t, s)
	if ix.Len() == 0 {
		t.Fatal("empty demo")
	}
	if _, err := s.Set(ix.Articles()[:2], Star); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(state, feed.Demo(feed.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ms, err := s.Marks()
	if err != nil || ms.Len() != 2 || !ms.Of(index(t, s).Articles()[1]).Starred {
		t.Errorf("demo marks: %v, %v", ms, err)
	}
}

// TestEmptyArchive follows an archive from empty to one article and back:
// an empty archive is no error, and what it held goes again.
func TestEmptyArchive(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "archive")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	state := t.TempDir()
	s := openStore(t, state, dir)
	ix, err := s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if ix.Len() != 0 {
		t.Fatalf("an empty archive loads %d articles", ix.Len())
	}
	reconcile := func(what string, f func(fn func(Update)) (Summary, error)) Summary {
		t.Helper()
		sum, err := f(func(u Update) { ix.Apply(u.Changes) })
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if got, want := listing(ix), listing(scanned(t, dir)); got != want {
			t.Errorf("%s:\n%s\nwant\n%s", what, got, want)
		}
		return sum
	}
	if sum := reconcile("empty", func(fn func(Update)) (Summary, error) { return s.Reconcile(context.Background(), fn) }); sum != (Summary{}) {
		t.Errorf("empty: summary %+v", sum)
	}
	const p = "新闻/a.md"
	writeFiles(t, dir, map[string][]byte{p: article("唯一", "2026-03-01 00:00:00", "新闻")})
	if sum := reconcile("one written", func(fn func(Update)) (Summary, error) {
		return s.ReconcileBatch(context.Background(), watch.Batch{Changed: []string{p}}, fn)
	}); sum.Read != 1 || sum.Files != 1 || ix.Len() != 1 {
		t.Errorf("one written: summary %+v, %d articles", sum, ix.Len())
	}
	if err := os.RemoveAll(filepath.Join(dir, "新闻")); err != nil {
		t.Fatal(err)
	}
	if sum := reconcile("emptied", func(fn func(Update)) (Summary, error) {
		return s.ReconcileBatch(context.Background(), watch.Batch{RemovedDirs: []string{"新闻"}}, fn)
	}); sum.Removed != 1 || sum.Files != 0 || ix.Len() != 0 {
		t.Errorf("emptied: summary %+v, %d articles", sum, ix.Len())
	}
	s.Close()
	s = openStore(t, state, dir)
	if n := index(t, s).Len(); n != 0 {
		t.Errorf("after restart: %d articles", n)
	}
}

// TestFirstIndexCheckpoints wants the first reconcile, which writes every
// folder, to hold SQLite's checkpoints back while it writes, and to leave
// them as they were once it is done.
func TestFirstIndexCheckpoints(t *testing.T) {
	dir := newArchive(t)
	s := openStore(t, t.TempDir(), dir)
	every := func() int {
		t.Helper()
		var n int
		if err := s.index.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	var during []int
	if _, err := s.Reconcile(context.Background(), func(Update) { during = append(during, every()) }); err != nil {
		t.Fatal(err)
	}
	if len(during) == 0 || slices.ContainsFunc(during, func(n int) bool { return n != 0 }) {
		t.Errorf("wal_autocheckpoint while the first reconcile wrote: %v, want 0", during)
	}
	s.settling.Wait()
	if n := every(); n != 1000 {
		t.Errorf("wal_autocheckpoint after it = %d, want SQLite's 1000", n)
	}
	want := listing(index(t, s))
	if _, err := s.Reconcile(context.Background(), func(Update) { t.Error("a reconcile with nothing to do changed something") }); err != nil {
		t.Fatal(err)
	}
	if n := every(); n != 1000 {
		t.Errorf("wal_autocheckpoint after a reconcile with the index = %d, want 1000", n)
	}
	s.Close()
	if got := listing(index(t, openStore(t, t.TempDir(), dir))); got != want {
		t.Errorf("a store made again gives\n%s\nwant\n%s", got, want)
	}
}
