package search

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// archive is a fake archive for Sync: articles by ID.
type archive struct {
	mu    sync.Mutex
	docs  map[string]Doc
	loads atomic.Int64
}

func newArchive(docs ...Doc) *archive {
	a := &archive{docs: map[string]Doc{}}
	for _, d := range docs {
		a.docs[d.ID] = d
	}
	return a
}

func (a *archive) entries() []Entry {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []Entry
	for _, d := range a.docs {
		out = append(out, Entry{ID: d.ID, Version: d.Version})
	}
	slices.SortFunc(out, func(x, y Entry) int { return strings.Compare(x.ID, y.ID) })
	return out
}

func (a *archive) load(_ context.Context, e Entry) (Doc, error) {
	a.loads.Add(1)
	a.mu.Lock()
	defer a.mu.Unlock()
	d, ok := a.docs[e.ID]
	if !ok {
		return Doc{}, fmt.Errorf("%s: %w", e.ID, os.ErrNotExist)
	}
	return d, nil
}

func (a *archive) put(d Doc) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.docs[d.ID] = d
}

func (a *archive) remove(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.docs, id)
}

func TestSync(t *testing.T) {
	ctx := context.Background()
	arch := newArchive(fixtures...)
	ix := openIndex(t)
	var reports []Progress
	pr, err := ix.Sync(ctx, arch.entries(), arch.load, SyncOptions{BatchSize: 4, Progress: func(p Progress) { reports = append(reports, p) }})
	if err != nil {
		t.Fatal(err)
	}
	// The last report is the merge of a first build's index; it counts
	// what the Sync returns.
	if len(reports) == 0 {
		t.Fatal("no report")
	}
	last := reports[len(reports)-1]
	if pr.Total != len(fixtures) || pr.Done != len(fixtures) || len(reports) < 3 || !last.Merging || (Progress{Total: last.Total, Done: last.Done, Deleted: last.Deleted, Failed: last.Failed}) != pr {
		t.Errorf("first sync: %+v, reports %+v", pr, reports)
	}
	// Nothing changed: nothing is loaded.
	before := arch.loads.Load()
	if pr, err := ix.Sync(ctx, arch.entries(), arch.load, SyncOptions{}); err != nil || pr.Total != 0 || arch.loads.Load() != before {
		t.Errorf("second sync: %+v, %v, %d loads", pr, err, arch.loads.Load()-before)
	}
	// One changed, one deleted, one new: the reconcile's three cases.
	changed := fixtures[0]
	changed.Version, changed.Title = "2", "全新的标题"
	arch.put(changed)
	arch.remove("old")
	arch.put(Doc{ID: "new", Version: "1", Path: "new.md", Title: "新文章", Date: day(2024, 3, 15), Text: "企业上市。"})
	pr, err = ix.Sync(ctx, arch.entries(), arch.load, SyncOptions{})
	if err != nil || pr.Total != 2 || pr.Done != 2 || pr.Deleted != 1 {
		t.Errorf("third sync: %+v, %v", pr, err)
	}
	if got := ids(t, ix, "企业", Options{}); !slices.Equal(got, []string{"new", "zh-corp", "zh-wrap"}) {
		t.Errorf("after the changes, 企业: %v", got)
	}
	if got := ids(t, ix, "title:标题", Options{}); !slices.Equal(got, []string{"zh-corp"}) {
		t.Errorf("the changed title: %v", got)
	}
	if got := ids(t, ix, "title:发展报告", Options{}); got != nil {
		t.Errorf("the old title is still found: %v", got)
	}
	var indexed []string
	if err := ix.Indexed(ctx, func(id, version string) error {
		indexed = append(indexed, id+"@"+version)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range arch.entries() {
		want = append(want, e.ID+"@"+e.Version)
	}
	if !slices.Equal(indexed, want) {
		t.Errorf("indexed %v, want %v", indexed, want)
	}
}

// TestUpdate changes the index by what a watcher's batch names: what it
// does not name stays as it is, even when the archive no longer has it.
func TestUpdate(t *testing.T) {
	ctx := context.Background()
	arch := newArchive(fixtures...)
	ix := openIndex(t)
	if _, err := ix.Sync(ctx, arch.entries(), arch.load, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	changed := fixtures[0]
	changed.Version, changed.Title = "2", "全新的标题"
	arch.put(changed)
	arch.put(Doc{ID: "new", Version: "1", Path: "new.md", Title: "新文章", Date: day(2024, 3, 15), Text: "企业上市。"})
	arch.remove("old")
	arch.remove(fixtures[1].ID) // gone too, but not named: it stays indexed
	unchanged := fixtures[2]
	want := []Entry{
		{ID: changed.ID, Version: "2"},
		{ID: "new", Version: "1"},
		{ID: "new", Version: "other"}, // the first entry of an ID is indexed
		{ID: unchanged.ID, Version: unchanged.Version},
	}
	// The unchanged article is named in both: it stays.
	gone := []string{"old", "old", unchanged.ID, "never-indexed"}
	var reports []Progress
	before := arch.loads.Load()
	pr, err := ix.Update(ctx, want, gone, arch.load, SyncOptions{Progress: func(p Progress) { reports = append(reports, p) }})
	if err != nil || pr.Total != 2 || pr.Done != 2 || pr.Deleted != 2 || pr.Failed != 0 || arch.loads.Load()-before != 2 {
		t.Errorf("update: %+v, %v, %d loads", pr, err, arch.loads.Load()-before)
	}
	for _, r := range reports {
		if r.Merging {
			t.Errorf("an update merged the index: %+v", reports)
		}
	}
	if got := ids(t, ix, "title:标题", Options{}); !slices.Equal(got, []string{changed.ID}) {
		t.Errorf("the changed title: %v", got)
	}
	indexed := map[string]string{}
	if err := ix.Indexed(ctx, func(id, version string) error {
		indexed[id] = version
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for id, v := range map[string]string{changed.ID: "2", "new": "1", unchanged.ID: unchanged.Version, fixtures[1].ID: fixtures[1].Version} {
		if indexed[id] != v {
			t.Errorf("%s indexed at %q, want %q", id, indexed[id], v)
		}
	}
	if _, ok := indexed["old"]; ok {
		t.Error("old is still indexed")
	}
	// Nothing left to do: nothing is loaded or written.
	before = arch.loads.Load()
	if pr, err := ix.Update(ctx, want[:2], nil, arch.load, SyncOptions{}); err != nil || pr != (Progress{}) || arch.loads.Load() != before {
		t.Errorf("second update: %+v, %v, %d loads", pr, err, arch.loads.Load()-before)
	}
}

func TestSyncLoadErrors(t *testing.T) {
	ctx := context.Background()
	arch := newArchive(fixtures...)
	want := append(arch.entries(), Entry{ID: "gone", Version: "1"})
	ix := openIndex(t)
	var failed []string
	pr, err := ix.Sync(ctx, want, arch.load, SyncOptions{OnError: func(e Entry, err error) {
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s: %v", e.ID, err)
		}
		failed = append(failed, e.ID)
	}})
	if err != nil || pr.Failed != 1 || pr.Done != len(fixtures) || !slices.Equal(failed, []string{"gone"}) {
		t.Errorf("sync: %+v, %v, failed %v", pr, err, failed)
	}
	// The next sync tries the failed one again, and only it.
	before := arch.loads.Load()
	if pr, _ := ix.Sync(ctx, want, arch.load, SyncOptions{}); pr.Total != 1 || arch.loads.Load()-before != 1 {
		t.Errorf("retry: %+v, %d loads", pr, arch.loads.Load()-before)
	}
}

// TestSyncResumes cancels a sync midway: what it committed stays, and
// the next sync loads only the rest.
func TestSyncResumes(t *testing.T) {
	var docs []Doc
	for i := range 40 {
		docs = append(docs, Doc{ID: fmt.Sprintf("a%02d", i), Version: "1", Path: fmt.Sprintf("%02d.md", i), Title: "标题", Date: day(2024, 1, 1+i%28), Text: "企业"})
	}
	arch := newArchive(docs...)
	ix := openIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	var done int
	_, err := ix.Sync(ctx, arch.entries(), arch.load, SyncOptions{BatchSize: 5, Workers: 1, Progress: func(p Progress) {
		if done = p.Done; p.Done >= 15 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled sync: %v", err)
	}
	n, _ := ix.Len(context.Background())
	if n < 15 || n >= 40 || n != done {
		t.Fatalf("after cancel: %d indexed, %d reported", n, done)
	}
	before := arch.loads.Load()
	pr, err := ix.Sync(context.Background(), arch.entries(), arch.load, SyncOptions{})
	if err != nil || pr.Total != 40-n || arch.loads.Load()-before != int64(40-n) {
		t.Errorf("resumed: %+v, %v, %d loads", pr, err, arch.loads.Load()-before)
	}
	if got := ids(t, ix, "企业", Options{}); len(got) != 40 {
		t.Errorf("after resuming: %d found", len(got))
	}
}

// TestSyncKilled kills a process in the middle of a build with SIGKILL:
// the index opens, keeps what was committed, and the next sync
// completes it.
func TestSyncKilled(t *testing.T) {
	if path := os.Getenv("SEARCH_TEST_CHILD"); path != "" {
		syncChild(path)
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	path := filepath.Join(t.TempDir(), "index.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestSyncKilled$")
	cmd.Env = append(os.Environ(), "SEARCH_TEST_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once it has committed a few batches.
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "done 300") {
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	db := openPath(t, path)
	var check string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check after the kill: %q, %v", check, err)
	}
	ix, err := Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	n, err := ix.Len(context.Background())
	if err != nil || n < 300 || n >= childDocs {
		t.Fatalf("after the kill: %d indexed, %v", n, err)
	}
	arch := newArchive(childArchive()...)
	pr, err := ix.Sync(context.Background(), arch.entries(), arch.load, SyncOptions{})
	if err != nil || pr.Total != childDocs-n {
		t.Fatalf("resumed: %+v, %v (had %d)", pr, err, n)
	}
	if got := ids(t, ix, "企业", Options{}); len(got) != childDocs {
		t.Errorf("after resuming: %d found, want %d", len(got), childDocs)
	}
	if err := db.QueryRow(`INSERT INTO search_fts(search_fts, rank) VALUES('integrity-check', 0)`).Err(); err != nil {
		t.Errorf("FTS5 integrity check: %v", err)
	}
}

const childDocs = 3000

func childArchive() []Doc {
	docs := make([]Doc, childDocs)
	for i := range docs {
		docs[i] = Doc{ID: fmt.Sprintf("k%04d", i), Version: "1", Path: fmt.Sprintf("%04d.md", i), Title: "标题",
			Date: day(2024, 1, 1).Add(time.Duration(i) * time.Hour), Text: strings.Repeat("中国企业发展。", 20)}
	}
	return docs
}

// syncChild builds an index slowly and says how far it got, until it is
// killed.
func syncChild(path string) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)")
	if err != nil {
		panic(err)
	}
	ix, err := Open(context.Background(), db)
	if err != nil {
		panic(err)
	}
	arch := newArchive(childArchive()...)
	slow := func(ctx context.Context, e Entry) (Doc, error) {
		time.Sleep(200 * time.Microsecond)
		return arch.load(ctx, e)
	}
	_, err = ix.Sync(context.Background(), arch.entries(), slow, SyncOptions{BatchSize: 100, Progress: func(p Progress) {
		fmt.Printf("done %d\n", p.Done)
	}})
	fmt.Println("finished", err)
	// Wait to be killed.
	time.Sleep(time.Minute)
}

// TestTwoWriters syncs two handles on one file at once, as two
// newsreader processes on one archive would: both succeed.
func TestTwoWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index.db")
	var ixs [2]*Index
	for i := range ixs {
		ix, err := Open(context.Background(), openPath(t, path))
		if err != nil {
			t.Fatal(err)
		}
		ixs[i] = ix
	}
	arch := newArchive(childArchive()[:1000]...)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, ix := range ixs {
		wg.Go(func() {
			_, errs[i] = ix.Sync(context.Background(), arch.entries(), arch.load, SyncOptions{BatchSize: 50})
		})
	}
	// Searches go on meanwhile.
	wg.Go(func() {
		for range 20 {
			if _, err := ixs[0].Search(context.Background(), parse(t, "企业"), Options{}); err != nil {
				t.Errorf("search during the builds: %v", err)
			}
		}
	})
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	if got := ids(t, ixs[1], "企业", Options{}); len(got) != 1000 {
		t.Errorf("%d found, want 1000", len(got))
	}
}

func TestApply(t *testing.T) {
	ctx := context.Background()
	ix := openIndex(t, fixtures...)
	d := fixtures[0]
	d.Version, d.Text = "2", "内容完全改写了。"
	if err := ix.Apply(ctx, Batch{Put: []Doc{d}, Delete: []string{"old", "never-indexed"}}); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, ix, "企业", Options{}); !slices.Equal(got, []string{"zh-corp", "zh-wrap"}) {
		t.Errorf("after apply: %v", got)
	}
	if got := ids(t, ix, "统计局", Options{}); got != nil {
		t.Errorf("the old text is still found: %v", got)
	}
	if n, _ := ix.Len(ctx); n != len(fixtures)-1 {
		t.Errorf("%d indexed", n)
	}
}

// TestSchemaChange opens an index made by another version of the
// package: the tables are made again, empty.
func TestSchemaChange(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	ix, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(ctx, Batch{Put: fixtures}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE search_meta SET value = '0' WHERE key = 'schema'`); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := ix.Len(ctx); n != 0 || err != nil {
		t.Errorf("after a schema change: %d indexed, %v", n, err)
	}
}

// segments counts the FTS5 segments of the index.
func segments(t *testing.T, ix *Index) int {
	t.Helper()
	var n int
	if err := ix.db.QueryRow(`SELECT count(DISTINCT segid) FROM search_fts_idx`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSyncOptimizes: a Sync that indexes a quarter of the articles or
// more (a first build, a rebuild) ends with the index in one segment,
// with no marks of deleted articles; one that indexes a few leaves FTS5
// its own merges. The index still finds what it holds.
func TestSyncOptimizes(t *testing.T) {
	ctx := context.Background()
	var docs []Doc
	for i := range 40 {
		docs = append(docs, Doc{ID: fmt.Sprintf("d%02d", i), Version: "1", Path: "p.md", Title: "新闻", Date: day(2024, 1, 1+i), Text: fmt.Sprintf("企业 第%d篇", i)})
	}
	arch := newArchive(docs...)
	ix := openIndex(t)
	// Nine articles written one at a time, as a watcher does: a segment
	// each, until FTS5 merges some.
	for _, d := range docs[:9] {
		if err := ix.Apply(ctx, Batch{Put: []Doc{d}}); err != nil {
			t.Fatal(err)
		}
	}
	if n := segments(t, ix); n < 2 {
		t.Fatalf("the test needs segments to merge; the index has %d", n)
	}
	var merging []bool
	progress := func(p Progress) { merging = append(merging, p.Merging) }
	if _, err := ix.Sync(ctx, arch.entries(), arch.load, SyncOptions{BatchSize: 1, Progress: progress}); err != nil {
		t.Fatal(err)
	}
	if n := segments(t, ix); n != 1 {
		t.Errorf("after a build of 31 of 40 articles: %d segments, want 1", n)
	}
	// The merge is reported last, after the articles.
	if k := len(merging); k < 2 || merging[k-2] || !merging[k-1] {
		t.Errorf("Merging in the reports: %v, want false until the last", merging)
	}
	// A rebuild: every article at a new version.
	for _, d := range docs {
		d.Version = "2"
		arch.put(d)
	}
	if _, err := ix.Sync(ctx, arch.entries(), arch.load, SyncOptions{BatchSize: 3}); err != nil {
		t.Fatal(err)
	}
	if n := segments(t, ix); n != 1 {
		t.Errorf("after a rebuild: %d segments, want 1", n)
	}
	// One article changed of 40: left to FTS5.
	d := docs[5]
	d.Version = "3"
	arch.put(d)
	if _, err := ix.Sync(ctx, arch.entries(), arch.load, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := segments(t, ix); n != 2 {
		t.Errorf("after one article changed: %d segments, want 2 (no optimize)", n)
	}
	if got := ids(t, ix, "企业", Options{}); len(got) != 40 {
		t.Errorf("企业 finds %d articles, want 40", len(got))
	}
	if err := ix.db.QueryRow(`INSERT INTO search_fts(search_fts, rank) VALUES('integrity-check', 0)`).Err(); err != nil {
		t.Errorf("integrity: %v", err)
	}
}

// TestSyncOptimizeLocked: a build whose articles are all written does
// not fail because the merge after it waits for another process's write
// longer than the busy timeout; the merge is left for another time.
func TestSyncOptimizeLocked(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "index.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(100)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ix, err := Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var docs []Doc
	for i := range 40 {
		docs = append(docs, Doc{ID: fmt.Sprintf("d%02d", i), Version: "1", Path: "p.md", Title: "新闻", Date: day(2024, 1, 1+i), Text: "企业"})
	}
	arch := newArchive(docs...)
	// Another process takes the write lock once the last batch is
	// written, before the merge.
	other, err := openPath(t, path).Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	locked := false
	pr, err := ix.Sync(ctx, arch.entries(), arch.load, SyncOptions{BatchSize: 10, Progress: func(p Progress) {
		if p.Done == len(docs) && !locked {
			locked = true
			if _, err := other.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
				t.Error(err)
			}
		}
	}})
	if _, rerr := other.ExecContext(ctx, `ROLLBACK`); rerr != nil || !locked {
		t.Fatalf("the other process's lock: %v, taken %v", rerr, locked)
	}
	if err != nil || pr.Done != len(docs) {
		t.Errorf("Sync: %+v, %v", pr, err)
	}
	if got := ids(t, ix, "企业", Options{}); len(got) != len(docs) {
		t.Errorf("企业 finds %d articles, want %d", len(got), len(docs))
	}
	// A cancelled Optimize says so.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := ix.Optimize(cctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Optimize cancelled: %v", err)
	}
}

// TestDiffDuplicates checks which entries of a want that holds an ID
// more than once are indexed: the first stale one of each ID, in want's
// order, and none of an ID whose every entry is current.
func TestDiffDuplicates(t *testing.T) {
	ctx := context.Background()
	ix := openIndex(t)
	arch := newArchive(Doc{ID: "a", Version: "1", Path: "a.md", Title: "甲", Text: "一"}, Doc{ID: "c", Version: "1", Path: "c.md", Title: "丙", Text: "三"})
	if _, err := ix.Sync(ctx, arch.entries(), arch.load, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name       string
		want, todo []Entry
	}{
		{"none twice", []Entry{{"b", "1"}, {"a", "2"}, {"c", "1"}}, []Entry{{"b", "1"}, {"a", "2"}}},
		{"current first", []Entry{{"a", "1"}, {"a", "2"}, {"b", "1"}, {"a", "3"}}, []Entry{{"a", "2"}, {"b", "1"}}},
		{"new twice", []Entry{{"b", "2"}, {"c", "1"}, {"b", "1"}}, []Entry{{"b", "2"}}},
		{"all current", []Entry{{"c", "1"}, {"a", "1"}, {"c", "1"}}, nil},
		{"stale among current", []Entry{{"c", "1"}, {"c", "9"}, {"c", "1"}, {"c", "8"}}, []Entry{{"c", "9"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			todo, _, err := ix.diff(ctx, tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(todo, tt.todo) {
				t.Errorf("todo %v, want %v", todo, tt.todo)
			}
		})
	}
}
