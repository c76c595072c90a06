package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"newsreader/feed"
)

// safety only fails a hung test: no test asserts how long anything takes.
const safety = 60 * time.Second

// modes are the two ways of watching; every scenario runs in both, as the
// caller must not be able to tell them apart but by their delays. The
// polling intervals count in notify mode too, after a fallback.
var modes = []struct {
	name string
	opts Options
}{
	{"notify", Options{Quiet: time.Millisecond, MaxDelay: 10 * time.Millisecond, PollInterval: time.Millisecond, FullInterval: time.Millisecond}},
	{"poll", Options{Poll: true, Quiet: time.Millisecond, PollInterval: time.Millisecond, FullInterval: time.Millisecond}},
}

// caller plays the store: it knows the archive's article files and
// applies the watcher's batches to them as the package documents.
type caller struct {
	t        *testing.T
	dir      string
	w        *Watcher
	files    map[string]bool
	changed  map[string]int // how often each path came in Changed
	batches  []Batch
	statuses []Status
	rescans  int
	syncs    int
}

// watch starts a watcher on dir, then scans dir as a caller does, and
// checks at the end of the test that Close left no goroutine behind.
func watch(t *testing.T, dir string, opts Options) *caller {
	t.Helper()
	before := runtime.NumGoroutine()
	w, err := New(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := &caller{t: t, dir: dir, w: w, files: scan(t, dir), changed: map[string]int{}}
	t.Cleanup(func() {
		if err := w.Close(); err != nil {
			t.Error(err)
		}
		for range w.Events() {
			t.Error("an event after Close")
		}
		noLeak(t, before)
	})
	return c
}

// noLeak fails the test when goroutines started since there were before
// do not end. Close returns once fsnotify's goroutine is past its last
// wait, which is not yet its end: so it yields until the count falls back,
// and fails only a watcher whose goroutines hang.
func noLeak(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(safety)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Errorf("%d goroutines before the watcher, %d after Close:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
			return
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
}

// scan is the caller's full reconcile: every article file on disk, by the
// archive's rules (hidden folders skipped; TestRulesMatchScan holds those
// to feed's).
func scan(t *testing.T, dir string) map[string]bool {
	t.Helper()
	files := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != dir && feed.IsHidden(d.Name()) {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() && feed.IsArticleFile(d.Name()) {
			rel, _ := filepath.Rel(dir, p)
			files[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return files
}

// apply takes one batch as the store would, checking its form.
func (c *caller) apply(b Batch) {
	c.t.Helper()
	c.batches = append(c.batches, b)
	if b.Rescan {
		if len(b.Changed)+len(b.Removed)+len(b.RemovedDirs) > 0 {
			c.t.Errorf("a rescan with paths: %+v", b)
		}
		c.rescans++
		c.files = scan(c.t, c.dir)
		return
	}
	seen := map[string]bool{}
	for _, list := range [][]string{b.Changed, b.Removed, b.RemovedDirs} {
		if !slices.IsSorted(list) {
			c.t.Errorf("not sorted: %q", list)
		}
		for _, p := range list {
			if seen[p] {
				c.t.Errorf("%q twice in one batch: %+v", p, b)
			}
			seen[p] = true
			if p == "" || p == "." || filepath.IsAbs(p) || strings.Contains(p, `\`) || p != filepath.ToSlash(filepath.Clean(p)) {
				c.t.Errorf("not a clean relative path: %q", p)
			}
		}
	}
	for _, d := range b.RemovedDirs {
		for p := range c.files {
			if feed.Under(p, d) {
				delete(c.files, p)
			}
		}
		for _, r := range b.Removed {
			if feed.Under(r, d) {
				c.t.Errorf("%q removed inside the removed folder %q", r, d)
			}
		}
	}
	for _, p := range b.Removed {
		delete(c.files, p)
	}
	for _, p := range b.Changed {
		c.files[p] = true
		c.changed[p]++
	}
}

// until reads events until ok says the caller has what it waits for.
func (c *caller) until(what string, ok func() bool) {
	c.t.Helper()
	timeout := time.NewTimer(safety)
	defer timeout.Stop()
	for !ok() {
		select {
		case ev, open := <-c.w.Events():
			if !open {
				c.t.Fatalf("events closed while waiting for %s", what)
			}
			switch ev := ev.(type) {
			case Batch:
				c.apply(ev)
			case Status:
				c.statuses = append(c.statuses, ev)
			}
		case <-timeout.C:
			c.t.Fatalf("hung waiting for %s; the caller has %v after %d batches, statuses %v", what, slices.Sorted(maps.Keys(c.files)), len(c.batches), c.statuses)
		}
	}
}

// has waits until the caller knows every path of want and none of gone.
func (c *caller) has(want []string, gone ...string) {
	c.t.Helper()
	c.until(fmt.Sprintf("%q and not %q", want, gone), func() bool {
		for _, p := range want {
			if !c.files[p] {
				return false
			}
		}
		for _, p := range gone {
			if c.files[p] {
				return false
			}
		}
		return true
	})
}

// hasNoneUnder waits until the caller knows no file under the folder d.
func (c *caller) hasNoneUnder(d string) {
	c.t.Helper()
	c.until("nothing under "+d, func() bool {
		for p := range c.files {
			if feed.Under(p, d) {
				return false
			}
		}
		return true
	})
}

// sync returns once every change made before it has reached the caller:
// a file written now comes after them, in the same batch or a later one.
func (c *caller) sync() {
	c.t.Helper()
	c.syncs++
	marker := fmt.Sprintf("sync-%d.md", c.syncs)
	write(c.t, c.dir, marker, "marker")
	c.has([]string{marker})
	if err := os.Remove(filepath.Join(c.dir, marker)); err != nil {
		c.t.Fatal(err)
	}
	c.has(nil, marker)
}

// statusesWith counts the statuses whose error is err.
func (c *caller) statusesWith(err error) int {
	n := 0
	for _, s := range c.statuses {
		if errors.Is(s.Err, err) {
			n++
		}
	}
	return n
}

// write writes the file rel of the archive dir, and its folders.
func write(t testing.TB, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// archive writes an archive of files, each a line of front matter.
func archive(t testing.TB, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		write(t, dir, f, "---\ntitle: "+f+"\n---\n")
	}
	return dir
}
