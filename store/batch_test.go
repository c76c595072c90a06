package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"newsreader/feed"
	"newsreader/watch"
)

// safety only fails a hung test: no test asserts how long anything takes.
const safety = 60 * time.Second

// quick are watcher options for tests: batches within milliseconds.
var quick = watch.Options{Quiet: time.Millisecond, MaxDelay: 10 * time.Millisecond, PollInterval: time.Millisecond, FullInterval: time.Millisecond}

// live is an archive followed as the interface follows it: a watcher
// started before the store's index, whose batches the store reconciles,
// with the updates applied to the index and the marks.
type live struct {
	t          *testing.T
	dir, state string
	s          *Store
	w          *watch.Watcher
	ix         *feed.Index
	ms         *Marks
	updates    []Update // since the last settle
	statuses   []watch.Status
}

func follow(t *testing.T, dir string, opts watch.Options) *live {
	t.Helper()
	l := &live{t: t, dir: dir, state: t.TempDir()}
	w, err := watch.New(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	if err := w.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	l.w = w
	l.s = openStore(t, l.state, dir)
	l.ix = index(t, l.s)
	l.ms = marks(t, l.s)
	return l
}

// settle reconciles the watcher's batches until the index is the scan of
// the archive, and checks that the next start loads the same from the
// store. It returns the updates that brought it there.
func (l *live) settle(what string) []Update {
	l.t.Helper()
	want := listing(scanned(l.t, l.dir))
	l.updates = nil
	timeout := time.After(safety)
	for listing(l.ix) != want {
		select {
		case ev := <-l.w.Events():
			switch ev := ev.(type) {
			case watch.Status:
				l.statuses = append(l.statuses, ev)
			case watch.Batch:
				_, err := l.s.ReconcileBatch(context.Background(), ev, func(u Update) {
					l.ix.Apply(u.Changes)
					l.ms.Apply(u.Marks)
					l.updates = append(l.updates, u)
				})
				if err != nil {
					l.t.Fatalf("%s: %v", what, err)
				}
			}
		case <-timeout:
			l.t.Fatalf("%s: the index did not become the archive's:\n%s\nwant\n%s", what, listing(l.ix), want)
		}
	}
	if got := listing(loaded(l.t, l.state, l.dir)); got != want {
		l.t.Errorf("%s: the next start loads\n%s\nwant\n%s", what, got, want)
	}
	return l.updates
}

func (l *live) write(files map[string][]byte) {
	l.t.Helper()
	for p, data := range files {
		full := filepath.Join(l.dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			l.t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			l.t.Fatal(err)
		}
	}
}

func (l *live) do(err error) {
	l.t.Helper()
	if err != nil {
		l.t.Fatal(err)
	}
}

func (l *live) path(p string) string { return filepath.Join(l.dir, filepath.FromSlash(p)) }

// added and removed are the paths of the articles that updates added and
// took out.
func added(updates []Update) []string {
	var out []string
	for _, u := range updates {
		for _, a := range u.Articles {
			out = append(out, a.Path)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func removed(updates []Update) []string {
	var out []string
	for _, u := range updates {
		for _, r := range u.Removed {
			out = append(out, r.Path)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestBatchesReachTheStore follows an archive through the changes a
// crawler, an editor or a `git pull` make: each reaches the index through
// the updates streamed, and the store, for the next start.
func TestBatchesReachTheStore(t *testing.T) {
	const (
		primary = "source/_posts/金融/新浪财经/国内/a.md" // of the story stored twice, with post/金融/a.md
		b       = "source/_posts/编程/开源中国/b.md"
	)
	l := follow(t, newArchive(t), quick)

	l.write(map[string][]byte{"source/_posts/新媒体/new.md": article("新文章", "2026-02-01 00:00:00", "新媒体")})
	u := l.settle("a file written")
	if got := added(u); !slices.Equal(got, []string{"source/_posts/新媒体/new.md"}) {
		t.Errorf("a file written: added %q", got)
	}

	l.write(map[string][]byte{b: article("Tidewater 3.3 发布", "2026-01-13 08:20:00", "编程", "开源中国")})
	u = l.settle("a file rewritten in place")
	if !slices.Equal(added(u), []string{b}) || !slices.Equal(removed(u), []string{b}) {
		t.Errorf("a file rewritten: added %q, removed %q", added(u), removed(u))
	}

	l.do(os.Remove(l.path("source/_posts/编程/开源中国/c.md")))
	u = l.settle("a file deleted")
	if got := removed(u); !slices.Equal(got, []string{"source/_posts/编程/开源中国/c.md"}) || len(added(u)) != 0 {
		t.Errorf("a file deleted: removed %q, added %q", got, added(u))
	}

	l.write(map[string][]byte{
		"source/_posts/设计/站酷/one.md":     article("一", "2026-02-02 00:00:00", "设计", "站酷"),
		"source/_posts/设计/站酷/深/two.md":   article("二", "2026-02-03 00:00:00", "设计", "站酷", "深"),
		"source/_posts/设计/站酷/深/three.md": article("三", "2026-02-04 00:00:00", "设计", "站酷", "深"),
	})
	u = l.settle("a folder made with files in it")
	if got := added(u); len(got) != 3 {
		t.Errorf("a new folder: added %q", got)
	}

	// A copy of a story arrives, deeper than the primary: it becomes the
	// primary of the merged article. Then the first copy goes, and the
	// story stays, from the copies left.
	deeper := "source/_posts/金融/新浪财经/国内/深/a.md"
	l.write(map[string][]byte{deeper: article("央行发布数据", "2022-05-16 02:27:46", "金融", "新浪财经", "国内", "深")})
	l.settle("copies merging")
	if a := lookup(t, l.ix, primary); a.Path != deeper || len(a.Paths()) != 3 {
		t.Errorf("copies merging: %s, %q", a.Path, a.Paths())
	}
	l.do(os.Remove(l.path(deeper)))
	l.settle("the primary copy deleted")
	if a := lookup(t, l.ix, "post/金融/a.md"); a.Path != primary || len(a.Paths()) != 2 {
		t.Errorf("the primary copy deleted: %s, %q", a.Path, a.Paths())
	}

	// Renamed, within its folder and into another, starred: the mark
	// follows, in the updates and in the store.
	star := lookup(t, l.ix, b)
	l.ms.Apply(set(t, l.s, Star, star))
	renamed := "source/_posts/编程/开源中国/b-renamed.md"
	l.do(os.Rename(l.path(b), l.path(renamed)))
	u = l.settle("a file renamed")
	if !slices.Equal(added(u), []string{renamed}) || !slices.Equal(removed(u), []string{b}) {
		t.Errorf("a file renamed: added %q, removed %q", added(u), removed(u))
	}
	moved := "source/_posts/编程/归档/b.md"
	l.do(os.MkdirAll(filepath.Dir(l.path(moved)), 0o755))
	l.do(os.Rename(l.path(renamed), l.path(moved)))
	l.settle("a file moved to another folder")
	for _, ms := range []*Marks{l.ms, marks(t, l.s)} {
		if m := ms.Of(lookup(t, l.ix, moved)); !m.Starred {
			t.Errorf("the star did not follow the file: %+v", m)
		}
	}

	// A `git pull`: 2,000 files at once, in new folders and old.
	files := map[string][]byte{}
	for i := range 2000 {
		p := fmt.Sprintf("source/_posts/游戏/pull%d/%d.md", i%7, i)
		if i%3 == 0 {
			p = fmt.Sprintf("source/_posts/游戏/%d.md", i)
		}
		files[p] = article(fmt.Sprint("拉取 ", i), fmt.Sprintf("2026-03-01 %02d:%02d:00", i/60%24, i%60), "游戏")
	}
	l.write(files)
	u = l.settle("a burst of 2,000 files")
	if got := added(u); len(got) != 2000 {
		t.Errorf("a burst: %d added", len(got))
	}

	// And a folder removed with everything in it.
	l.do(os.RemoveAll(l.path("source/_posts/游戏")))
	u = l.settle("a folder removed")
	if got := removed(u); len(got) != 2000+1 {
		t.Errorf("a folder removed: %d removed", len(got))
	}
}

// TestBatchesWhenPolling follows an archive whose watcher runs out of
// watches at once: it polls, says so, and the batches still reach the
// store.
func TestBatchesWhenPolling(t *testing.T) {
	opts := quick
	opts.MaxWatches = 1
	l := follow(t, newArchive(t), opts)
	l.write(map[string][]byte{"source/_posts/编程/开源中国/polled.md": article("轮询", "2026-02-01 00:00:00", "编程", "开源中国")})
	if got := added(l.settle("a file written")); !slices.Equal(got, []string{"source/_posts/编程/开源中国/polled.md"}) {
		t.Errorf("added %q", got)
	}
	if len(l.statuses) == 0 || l.statuses[0].Mode != watch.Poll {
		t.Errorf("statuses %v, want polling", l.statuses)
	}
}
