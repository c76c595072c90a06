package store

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"newsreader/feed"
	"newsreader/feed/feedtest"
	"newsreader/render"
	"newsreader/search"
)

// syncSearch reconciles the store and brings its search index up to date
// with the default rules, returning what the sync did.
func syncSearch(t *testing.T, s *Store, rules *render.Rules) search.Progress {
	t.Helper()
	pr, err := s.SyncSearch(context.Background(), SearchItems(index(t, s)), rules, nil)
	if err != nil {
		t.Fatal(err)
	}
	return pr
}

// query runs a query on the store's search index.
func query(t *testing.T, s *Store, text string, limit int) *search.Results {
	t.Helper()
	ix, err := s.Search(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	q, err := search.Parse(text, search.ParseOptions{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), q, search.Options{Limit: limit})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// found returns the paths a query finds, sorted.
func found(t *testing.T, s *Store, text string) []string {
	t.Helper()
	out := []string{}
	for _, h := range query(t, s, text, 1000).Hits {
		out = append(out, h.Path)
	}
	slices.Sort(out)
	return out
}

// count counts the articles a query finds.
func count(t *testing.T, s *Store, text string) int {
	t.Helper()
	return query(t, s, text, 1).Total
}

// body is an article file with a text of its own.
func body(title, date, text string, cats ...string) []byte {
	front := "title: '" + title + "'\nauthor: 临江日报\ncategories:\n"
	for _, c := range cats {
		front += " - " + c + "\n"
	}
	return feedtest.File(front+"date: "+date+"\n", text)
}

// The search index holds the cleaned text, the title, every level of the
// category path and the author, each article once (copies merged), and
// follows the reconcile: a file added, rewritten, touched or removed.
func TestSearchFollowsTheArchive(t *testing.T) {
	dir := newArchive(t)
	writeFiles(t, dir, map[string][]byte{
		"source/_posts/金融/新浪财经/国内/f.md": body("港口吞吐量", "2022-05-17 08:00:00",
			"<p>前11个月全省港口集装箱吞吐量同比增长。</p><p>责任编辑：王小明</p>", "金融", "新浪财经", "国内"),
	})
	state := t.TempDir()
	s := openStore(t, state, dir)
	pr := syncSearch(t, s, nil)
	if pr.Total != 5 || pr.Done != 5 || pr.Failed != 0 {
		t.Fatalf("first sync: %+v, want 5 articles indexed", pr)
	}
	f := "source/_posts/金融/新浪财经/国内/f.md"
	a := "source/_posts/金融/新浪财经/国内/a.md"
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"集装箱", []string{f}},
		{"title:吞吐量", []string{f}},
		{"source:国内", []string{a, f}},
		{"source:新浪财经 央行", []string{a}}, // the copy at post/金融/a.md is merged into a
		{"author:临江日报", []string{f}},
		{"王小明", nil}, // the credit line is furniture, cleaned away
	} {
		if got := found(t, s, tt.query); !slices.Equal(got, append([]string{}, tt.want...)) {
			t.Errorf("%s: found %q, want %q", tt.query, got, tt.want)
		}
	}
	if pr := syncSearch(t, s, nil); pr.Total != 0 || pr.Deleted != 0 {
		t.Errorf("a sync with nothing changed: %+v", pr)
	}

	// Another process changes the archive: a file added, one rewritten,
	// one only touched, one removed.
	g := "source/_posts/编程/开源中国/g.md"
	writeFiles(t, dir, map[string][]byte{
		g: body("新文章", "2026-01-14 08:00:00", "<p>灯塔项目开源。</p>", "编程", "开源中国"),
		f: body("港口吞吐量", "2022-05-17 08:00:00", "<p>前11个月全省港口货物吞吐量同比增长。</p>", "金融", "新浪财经", "国内"),
	})
	touched := filepath.Join(dir, "source/_posts/编程/开源中国/c.md")
	if err := os.Chtimes(touched, time.Now().Add(-time.Minute), time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "source/_posts/编程/开源中国/b.md")); err != nil {
		t.Fatal(err)
	}
	s2 := openStore(t, state, dir)
	pr = syncSearch(t, s2, nil)
	if pr.Total != 3 || pr.Deleted != 1 {
		t.Errorf("after the changes: %+v, want 3 indexed (new, rewritten, touched) and 1 deleted", pr)
	}
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"灯塔", []string{g}},
		{"集装箱", nil},
		{"货物", []string{f}},
		{"tidewater", nil},
		{"第三篇", []string{"source/_posts/编程/开源中国/c.md"}},
	} {
		if got := found(t, s2, tt.query); !slices.Equal(got, append([]string{}, tt.want...)) {
			t.Errorf("%s: found %q, want %q", tt.query, got, tt.want)
		}
	}
}

// UpdateSearch indexes what a change names, as a watcher's batch does,
// and leaves the index as a whole SyncSearch would.
func TestUpdateSearch(t *testing.T) {
	dir := newArchive(t)
	// Files written a moment ago are indexed again at each sync until
	// their times can be trusted: set back an hour.
	settle := func(paths ...string) {
		t.Helper()
		old := time.Now().Add(-time.Hour)
		for _, p := range paths {
			if err := os.Chtimes(filepath.Join(dir, p), old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	var all []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			all = append(all, strings.TrimPrefix(p, dir+"/"))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	settle(all...)
	s := openStore(t, t.TempDir(), dir)
	ix := index(t, s)
	if _, err := s.SyncSearch(context.Background(), SearchItems(ix), nil, nil); err != nil {
		t.Fatal(err)
	}
	f := "source/_posts/金融/新浪财经/国内/a.md"
	g := "source/_posts/编程/开源中国/g.md"
	b := "source/_posts/编程/开源中国/b.md"
	// A copy of c in a deeper category is its primary copy now, which
	// gives the article its ID.
	c := "source/_posts/编程/开源中国/c.md"
	c2 := "source/_posts/编程/开源中国/深度/c.md"
	writeFiles(t, dir, map[string][]byte{
		g:  body("新文章", "2026-01-14 08:00:00", "<p>灯塔项目开源。</p>", "编程", "开源中国"),
		f:  body("港口吞吐量", "2022-05-17 08:00:00", "<p>前11个月全省港口货物吞吐量同比增长。</p>", "金融", "新浪财经", "国内"),
		c2: article("第三篇", "2026-01-12 08:20:00", "编程", "开源中国", "深度"),
	})
	if err := os.Remove(filepath.Join(dir, b)); err != nil {
		t.Fatal(err)
	}
	settle(f, g, c2)
	// As the interface does: the reconcile's changes, applied to the
	// index it shows.
	var changes []feed.Changes
	if _, err := s.Reconcile(context.Background(), func(u Update) {
		ix.Apply(u.Changes)
		changes = append(changes, u.Changes)
	}); err != nil {
		t.Fatal(err)
	}
	items, gone := SearchChanges(ix, changes)
	// f, rewritten with another title, is no longer a copy of the
	// article at post/金融/a.md, which is one of its own now.
	copyOfF := "post/金融/a.md"
	var paths []string
	for _, it := range items {
		paths = append(paths, it.Path)
	}
	slices.Sort(paths)
	if want := []string{copyOfF, g, c2, f}; !slices.Equal(paths, want) {
		t.Errorf("items %q, want %q", paths, want)
	}
	wantGone := []string{feed.IDOf(b), feed.IDOf(c)}
	slices.Sort(wantGone)
	if !slices.Equal(gone, wantGone) {
		t.Errorf("gone %q, want %q (b's, and c's before its copy came)", gone, wantGone)
	}
	pr, err := s.UpdateSearch(context.Background(), items, gone, nil, nil)
	if err != nil || pr.Total != 4 || pr.Done != 4 || pr.Deleted != 2 {
		t.Errorf("update: %+v, %v", pr, err)
	}
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"灯塔", []string{g}},
		{"货物", []string{f}},
		{"tidewater", nil}, // b's
		{"title:第三篇", []string{c2}},
	} {
		if got := found(t, s, tt.query); !slices.Equal(got, append([]string{}, tt.want...)) {
			t.Errorf("%s: found %q, want %q", tt.query, got, tt.want)
		}
	}
	// The search index is as a whole sync leaves it, but says so to no
	// one until one has compared it.
	if cur, err := s.SearchCurrent(context.Background(), (*render.Rules)(nil).Version()); err != nil || cur {
		t.Errorf("current after an update: %v, %v", cur, err)
	}
	if pr := syncSearch(t, s, nil); pr.Total != 0 || pr.Deleted != 0 {
		t.Errorf("a sync after the update: %+v, want nothing to do", pr)
	}
}

// Changing the cleaning rules indexes every article again: its text may
// be another.
func TestSearchFollowsTheRules(t *testing.T) {
	dir := newArchive(t)
	s := openStore(t, t.TempDir(), dir)
	syncSearch(t, s, nil)
	rules := otherRules(t)
	if pr := syncSearch(t, s, rules); pr.Total != 4 {
		t.Errorf("new rules: %+v, want all 4 articles indexed again", pr)
	}
	if pr := syncSearch(t, s, rules); pr.Total != 0 {
		t.Errorf("the same rules again: %+v", pr)
	}
}

// A build cancelled half-way keeps the batches it committed, and the
// next sync indexes only the rest; searches answer meanwhile.
func TestSearchBuildResumes(t *testing.T) {
	const n = 1200 // more than two batches of 500
	dir := filepath.Join(t.TempDir(), "archive")
	if err := feedtest.WriteArchive(dir, n); err != nil {
		t.Fatal(err)
	}
	// Files written a moment ago are read again at each reconcile, and
	// indexed again at each sync, until their times can be trusted.
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			err = os.Chtimes(p, old, old)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	state := t.TempDir()
	s := openStore(t, state, dir)
	items := SearchItems(index(t, s))
	ctx, cancel := context.WithCancel(context.Background())
	var searches sync.WaitGroup
	pr, err := s.SyncSearch(ctx, items, nil, func(p search.Progress) {
		if p.Done > 0 {
			// A search while the build is under way answers from what
			// is written.
			searches.Go(func() {
				if count(t, s, "统计局") == 0 {
					t.Error("no search result during the build")
				}
			})
			cancel()
		}
	})
	searches.Wait()
	if !errors.Is(err, context.Canceled) || pr.Done == 0 || pr.Done >= n {
		t.Fatalf("cancelled build: %+v, %v; want some articles indexed, not all", pr, err)
	}
	// Another process, as after a kill.
	s.Close()
	s2 := openStore(t, state, dir)
	rest := syncSearch(t, s2, nil)
	if rest.Total != n-pr.Done || rest.Done != rest.Total {
		t.Errorf("resumed build: %+v, want the %d articles left", rest, n-pr.Done)
	}
	if got := count(t, s2, "统计局"); got != n {
		t.Errorf("%d articles found after the build, want %d", got, n)
	}
}

// An article whose file is gone between the reconcile and the sync is
// left out, counted as failed, and indexed by a later sync.
func TestSearchFileGone(t *testing.T) {
	dir := newArchive(t)
	s := openStore(t, t.TempDir(), dir)
	items := SearchItems(index(t, s))
	p := filepath.Join(dir, "source/_posts/编程/开源中国/c.md")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	pr, err := s.SyncSearch(context.Background(), items, nil, nil)
	if err != nil || pr.Failed != 1 || pr.Done != 3 {
		t.Fatalf("sync with a file gone: %+v, %v", pr, err)
	}
	writeFiles(t, dir, map[string][]byte{"source/_posts/编程/开源中国/c.md": data})
	if pr := syncSearch(t, s, nil); pr.Total != 1 || pr.Done != 1 {
		t.Errorf("the file back: %+v", pr)
	}
}

// The demo, which the store does not cache, is searchable too.
func TestSearchDemo(t *testing.T) {
	s, err := Open(t.TempDir(), feed.Demo(feed.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	pr := syncSearch(t, s, nil)
	if pr.Total == 0 || pr.Done != pr.Total {
		t.Fatalf("demo: %+v", pr)
	}
	if pr := syncSearch(t, s, nil); pr.Total != 0 {
		t.Errorf("demo again: %+v", pr)
	}
}

func ExampleStore_SyncSearch() {
	dir, _ := os.MkdirTemp("", "archive")
	defer os.RemoveAll(dir)
	_ = os.MkdirAll(filepath.Join(dir, "金融"), 0o755)
	_ = os.WriteFile(filepath.Join(dir, "金融", "a.md"), feedtest.File("title: 港口\ndate: 2024-03-01 08:00:00\n", "<p>集装箱吞吐量同比增长。</p>"), 0o644)
	state, _ := os.MkdirTemp("", "state")
	defer os.RemoveAll(state)

	arch, _ := feed.Open(dir, feed.Options{})
	s, _ := Open(state, arch)
	defer s.Close()
	ctx := context.Background()
	ix, _ := s.Index(ctx) // reconciled
	rules, _ := render.LoadRules("")
	_, err := s.SyncSearch(ctx, SearchItems(ix), rules, func(p search.Progress) {
		if p.Merging {
			fmt.Println("merging the index")
			return
		}
		fmt.Printf("indexed %d of %d\n", p.Done, p.Total)
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	idx, _ := s.Search(ctx)
	q, _ := search.Parse("吞吐", search.ParseOptions{})
	res, _ := idx.Search(ctx, q, search.Options{})
	for _, h := range res.Hits {
		fmt.Println(h.Title, search.Mark(h.Snippet.Text, h.Snippet.Matches, "[", "]"))
	}
	// Output:
	// indexed 1 of 1
	// merging the index
	// 港口 集装箱[吞吐]量同比增长。
}

// Search tables made again by another build of them (another layout)
// match no fingerprint: everything is indexed again.
func TestSearchTablesRemade(t *testing.T) {
	dir := newArchive(t)
	state := t.TempDir()
	s := openStore(t, state, dir)
	syncSearch(t, s, nil)
	if _, err := s.searchDB().Exec(`UPDATE search_meta SET value = '0' WHERE key = 'schema'`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2 := openStore(t, state, dir)
	if pr := syncSearch(t, s2, nil); pr.Total != 4 {
		t.Errorf("after the tables were made again: %+v, want all 4 indexed", pr)
	}
	if got := found(t, s2, "第三篇"); len(got) != 1 {
		t.Errorf("found %q", got)
	}
}

// Where nothing can be saved, the search index lives in memory with the
// rest of the store, and works.
func TestSearchInMemory(t *testing.T) {
	dir := newArchive(t)
	blocked := filepath.Join(t.TempDir(), "state")
	if err := os.WriteFile(blocked, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, blocked, dir)
	if pr := syncSearch(t, s, nil); pr.Done != 4 {
		t.Fatalf("sync in memory: %+v", pr)
	}
	if got := found(t, s, "第三篇"); len(got) != 1 {
		t.Errorf("found %q", got)
	}
	if pr := syncSearch(t, s, nil); pr.Total != 0 {
		t.Errorf("again: %+v", pr)
	}
}

// A result says whether its date is the file's time.
func TestSearchDateEstimated(t *testing.T) {
	s := openStore(t, t.TempDir(), newArchive(t))
	syncSearch(t, s, nil)
	for q, want := range map[string]bool{"没有日期": true, "第三篇": false} {
		res := query(t, s, q, 10)
		if len(res.Hits) != 1 || res.Hits[0].DateEstimated != want {
			t.Errorf("%s: %+v, want one hit with DateEstimated %v", q, res.Hits, want)
		}
	}
}
