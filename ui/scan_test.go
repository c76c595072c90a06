package ui

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"testing/synctest"

	tea "charm.land/bubbletea/v2"

	"newsreader/feed"
	"newsreader/store"
)

func TestScanProgressAndIncrementalFill(t *testing.T) {
	m := newStoreless(t, testConfig(t, writeArchive(t, fixtures)), nil)
	send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m.scan = scanState{gen: 1, running: true, cancel: func() {}, every: minRefresh}
	contains(t, m, "scanning… 0 files", "Scanning…")
	ix, err := m.arch.Index(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	arts := ix.Articles()
	send(t, m, scanBatchMsg{gen: 1, changes: feed.Changes{Batch: feed.Batch{Articles: arts[:2], Files: 2}}})
	contains(t, m, "scanning… 2 files", "All · 2 articles", arts[0].Title[:6])
	// A message of an older scan is ignored.
	send(t, m, scanBatchMsg{gen: 0, changes: feed.Changes{Batch: feed.Batch{Articles: arts[2:], Files: 9}}})
	contains(t, m, "scanning… 2 files")
	send(t, m, scanBatchMsg{gen: 1, changes: feed.Changes{Batch: feed.Batch{Articles: arts[2:], Files: 6}}})
	send(t, m, scanDoneMsg{gen: 1})
	contains(t, m, "6 articles in 6 files", "All · 6 articles")
}

// TestRescanKeepsTheListUntilDone: without a store, a rescan builds a
// new index aside.
func TestRescanKeepsTheListUntilDone(t *testing.T) {
	m := newStoreless(t, testConfig(t, writeArchive(t, fixtures)), nil)
	send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	start(t, m)
	press(t, m, "tab", "j", "j")
	sel := m.list.selected().Path
	cmd := m.rescan()
	if cmd == nil {
		t.Fatal("no scan command")
	}
	m.scan.cancel() // the test delivers the results itself
	gen := m.scan.gen
	contains(t, m, "rescanning… 0 files", "All · 6 articles")
	err := m.arch.Scan(t.Context(), func(b feed.Batch) { send(t, m, scanBatchMsg{gen: gen, changes: feed.Changes{Batch: b}}) })
	contains(t, m, "All · 6 articles")
	send(t, m, scanDoneMsg{gen: gen, err: err})
	contains(t, m, "rescanned: 0 new, 0 removed")
	elapse(t, m)
	contains(t, m, "6 articles in 6 files")
	// The cursor is on the same file, in the new index.
	if got := m.list.selected().Path; got != sel {
		t.Errorf("cursor on %s after the rescan, was on %s", got, sel)
	}
}

func TestScanError(t *testing.T) {
	m := newModel(t, 100, 30)
	m.scan = scanState{gen: 5, running: true, cancel: func() {}}
	send(t, m, scanDoneMsg{gen: 5, err: os.ErrPermission})
	contains(t, m, "scan failed: permission denied")
}

// TestCancelledScanEnds: a scan that has read everything but whose
// batches nobody took, because the user quit or rescanned meanwhile, must
// not keep its goroutine, and the batches, forever. In a synctest bubble,
// a goroutine left blocked when the test returns fails it as a deadlock.
func TestCancelledScanEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		startScan(ctx, func(ctx context.Context, send func(feed.Changes, []store.Entry)) (store.Summary, error) {
			for range 8 { // as many as the channel holds
				send(feed.Changes{Batch: feed.Batch{Files: 1}}, nil)
			}
			return store.Summary{}, nil
		}, 1, &crashLog{dir: t.TempDir()}) // nobody runs the command: nobody listens
		synctest.Wait() // the scan is done and waits to say so
		cancel()
	})
}

// TestRescanReportsChanges: r says how many articles came and went.
func TestRescanReportsChanges(t *testing.T) {
	m := newModel(t, 100, 30)
	writeFixture(t, m.archDir, fixture{"游戏/Epic/免费/new.md", "新游戏限时免费", []string{"游戏", "Epic", "免费"}, "2024-03-09 08:00:00", "<p>新。</p>"})
	if err := os.Remove(filepath.Join(m.archDir, "金融", "证券时报", "快讯", "销量.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(m.archDir, "编程", "Hacker News", "Show", "reader.md")); err != nil {
		t.Fatal(err)
	}
	run(t, m, m.rescan())
	contains(t, m, "rescanned: 1 new, 2 removed", "All · 5 articles", "新游戏限时免费")
	elapse(t, m)
	lacks(t, m, "rescanned")
	contains(t, m, "5 articles in 5 files")
}

// TestDemoAmongMarkdownSays: started in a folder of articles that is no
// Hexo site, the demo shows, and the status line says so and how to open
// the folder.
func TestDemoAmongMarkdownSays(t *testing.T) {
	cfg := testConfig(t, "")
	m := newModelOf(t, cfg, 100, 30)
	contains(t, m, "(embedded demo archive)")
	lacks(t, m, "--archive")
	m = newUnsized(t, testConfig(t, ""), nil)
	m.articlesHere = true // as Options.ArticlesHere sets it
	send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	scan(t, m)
	contains(t, m, "demo archive shown · to read the articles of this folder: newsreader --archive .")
}

// TestPreload checks that the first load takes the reading Run began
// before the model was made, and gives what a reading of its own gives.
func TestPreload(t *testing.T) {
	cfg := testConfig(t, writeArchive(t, fixtures))
	newModelOf(t, cfg, 100, 30) // the store's index is warm from here
	own := newUnsized(t, cfg, nil)
	want, ok := own.load()().(loadedMsg)
	if !ok {
		t.Fatal("a load of its own gave no loadedMsg")
	}
	m := newUnsized(t, cfg, nil)
	m.preloaded = startLoad(context.Background(), m.store)
	got, ok := m.load()().(loadedMsg)
	if !ok || m.preloaded != nil {
		t.Fatalf("the preloaded load gave %T, and left preloaded %v", got, m.preloaded)
	}
	if got.ix.Len() != want.ix.Len() || got.ixErr != nil || got.err != nil || !reflect.DeepEqual(got.last, want.last) {
		t.Errorf("preloaded: %d articles, %v, %v, %v; want %d, %v", got.ix.Len(), got.ixErr, got.err, got.last, want.ix.Len(), want.last)
	}
}

// TestPreloadPanic checks that a panic in the store's reading, outside
// the index, ends the program in the load's command, with a report.
func TestPreloadPanic(t *testing.T) {
	m := newUnsized(t, testConfig(t, writeArchive(t, fixtures)), nil)
	m.preloaded = startLoad(context.Background(), nil) // a nil store panics
	cmd := m.load()
	defer func() {
		if recover() == nil {
			t.Error("the load's command did not panic")
		}
		if m.crash.path == "" {
			t.Error("no crash report was written")
		}
	}()
	cmd()
}
