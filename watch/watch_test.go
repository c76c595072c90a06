package watch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// mv renames the archive path from to to.
func mv(t *testing.T, dir, from, to string) {
	t.Helper()
	if err := os.Rename(filepath.Join(dir, from), filepath.Join(dir, to)); err != nil {
		t.Fatal(err)
	}
}

func rm(t *testing.T, dir, rel string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(dir, rel)); err != nil {
		t.Fatal(err)
	}
}

// TestChanges runs each change a caller must learn of, in both modes.
func TestChanges(t *testing.T) {
	tests := []struct {
		name  string
		files []string // in the archive before the watcher starts
		check func(t *testing.T, c *caller)
	}{
		{"file written", []string{"a/old.md"}, func(t *testing.T, c *caller) {
			write(t, c.dir, "a/new.md", "new")
			write(t, c.dir, "top.md", "top")
			c.has([]string{"a/new.md", "top.md", "a/old.md"})
		}},
		{"file rewritten in place", []string{"a/old.md"}, func(t *testing.T, c *caller) {
			write(t, c.dir, "a/old.md", "a longer text than before")
			c.until("a/old.md changed", func() bool { return c.changed["a/old.md"] > 0 })
		}},
		{"file replaced by a rename over it", []string{"a/old.md"}, func(t *testing.T, c *caller) {
			write(t, c.dir, "a/old.md.tmp", "the new text")
			mv(t, c.dir, "a/old.md.tmp", "a/old.md")
			c.until("a/old.md changed", func() bool { return c.changed["a/old.md"] > 0 })
		}},
		{"file deleted", []string{"a/old.md", "a/keep.md"}, func(t *testing.T, c *caller) {
			rm(t, c.dir, "a/old.md")
			c.has([]string{"a/keep.md"}, "a/old.md")
		}},
		{"folder created with files", []string{"a/old.md"}, func(t *testing.T, c *caller) {
			// Files written right after their folder: before the watcher
			// can watch it, as a git pull does.
			if err := os.MkdirAll(filepath.Join(c.dir, "b/c/d"), 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, c.dir, "b/c/1.md", "1")
			write(t, c.dir, "b/c/d/2.md", "2")
			write(t, c.dir, "b/3.md", "3")
			write(t, c.dir, "e/f/g/4.md", "4")
			c.has([]string{"b/c/1.md", "b/c/d/2.md", "b/3.md", "e/f/g/4.md"})
			write(t, c.dir, "b/c/d/5.md", "written once the folder is watched")
			c.has([]string{"b/c/d/5.md"})
		}},
		{"file renamed", []string{"a/old.md", "b/x.md"}, func(t *testing.T, c *caller) {
			mv(t, c.dir, "a/old.md", "a/new.md")
			mv(t, c.dir, "b/x.md", "a/x.md")
			c.has([]string{"a/new.md", "a/x.md"}, "a/old.md", "b/x.md")
		}},
		{"folder renamed", []string{"a/1.md", "a/sub/2.md", "b/3.md"}, func(t *testing.T, c *caller) {
			mv(t, c.dir, "a", "z")
			c.has([]string{"z/1.md", "z/sub/2.md", "b/3.md"})
			c.hasNoneUnder("a")
			// The folder's watches follow its new name, not the old one.
			write(t, c.dir, "z/sub/4.md", "4")
			c.has([]string{"z/sub/4.md"})
			c.sync()
			c.hasNoneUnder("a")
		}},
		{"folder deleted", []string{"a/1.md", "a/sub/2.md", "b/3.md"}, func(t *testing.T, c *caller) {
			rm(t, c.dir, "a")
			c.hasNoneUnder("a")
			c.has([]string{"b/3.md"})
		}},
		{"folder moved in and out", []string{"a/1.md", "b/2.md"}, func(t *testing.T, c *caller) {
			outside := t.TempDir()
			write(t, outside, "in/sub/3.md", "3")
			write(t, outside, "in/4.md", "4")
			if err := os.Rename(filepath.Join(outside, "in"), filepath.Join(c.dir, "in")); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(filepath.Join(c.dir, "a"), filepath.Join(outside, "a")); err != nil {
				t.Fatal(err)
			}
			c.has([]string{"in/sub/3.md", "in/4.md", "b/2.md"})
			c.hasNoneUnder("a")
		}},
		{"folder renamed over an empty one", []string{"a/1.md"}, func(t *testing.T, c *caller) {
			if err := os.Mkdir(filepath.Join(c.dir, "b"), 0o755); err != nil {
				t.Fatal(err)
			}
			c.sync() // b is watched
			outside := t.TempDir()
			write(t, outside, "nb/2.md", "2")
			// rename(2) itself: os.Rename refuses to replace a folder.
			if err := syscall.Rename(filepath.Join(outside, "nb"), filepath.Join(c.dir, "b")); err != nil {
				t.Skipf("no folder renamed over another here: %v", err)
			}
			c.has([]string{"b/2.md"})
			write(t, c.dir, "b/3.md", "the new b is watched")
			c.has([]string{"b/3.md"})
		}},
		{"folder deleted and made anew", []string{"a/1.md", "a/2.md"}, func(t *testing.T, c *caller) {
			rm(t, c.dir, "a")
			write(t, c.dir, "a/3.md", "3")
			c.has([]string{"a/3.md"}, "a/1.md", "a/2.md")
		}},
		{"only article files, hidden folders skipped", []string{"a/1.md"}, func(t *testing.T, c *caller) {
			write(t, c.dir, ".git/objects/x.md", "x")
			write(t, c.dir, "a/.cache/y.md", "y")
			write(t, c.dir, "a/notes.txt", "not an article")
			write(t, c.dir, "a/draft.md~", "an editor's backup")
			write(t, c.dir, "a/UPPER.MD", "case does not matter")
			write(t, c.dir, "a/long.Markdown", "nor the longer name")
			write(t, c.dir, "a/.dotted.md", "a hidden file is an article, as the scan says")
			// A folder named like an article, with an article in it written
			// before it could be watched.
			if err := os.Mkdir(filepath.Join(c.dir, "a/dir.md"), 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, c.dir, "a/dir.md/inner.md", "in a folder named like an article")
			c.has([]string{"a/UPPER.MD", "a/long.Markdown", "a/.dotted.md", "a/dir.md/inner.md"})
			write(t, c.dir, "a/dir.md/later.md", "once it is watched")
			c.has([]string{"a/dir.md/later.md"})
			c.sync()
			for p := range c.changed {
				if strings.Contains(p, "x.md") || strings.Contains(p, "y.md") || strings.HasSuffix(p, "txt") || strings.HasSuffix(p, "~") || p == "a/dir.md" {
					t.Errorf("%s is no article of the archive, yet came in a batch", p)
				}
			}
		}},
	}
	for _, m := range modes {
		for _, tt := range tests {
			t.Run(m.name+"/"+tt.name, func(t *testing.T) {
				c := watch(t, archive(t, tt.files...), m.opts)
				tt.check(t, c)
			})
		}
	}
}

// TestWritesSettle: a file written in several writes is sent once, when
// it is whole. Quiet is a tenth of a second here, against the microseconds
// between the writes: only a stall of the writer that long could split
// them.
func TestWritesSettle(t *testing.T) {
	c := watch(t, archive(t, "a/old.md"), Options{Quiet: 100 * time.Millisecond, MaxDelay: time.Second})
	f, err := os.Create(filepath.Join(c.dir, "a/new.md"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := fmt.Fprintf(f, "part %d\n", i); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	c.has([]string{"a/new.md"})
	c.sync()
	if n := c.changed["a/new.md"]; n != 1 {
		t.Errorf("a/new.md came %d times", n)
	}
}

// TestBurst: 2,000 files written at once, as by a git pull, into folders
// old and new, come in a few batches, each path once.
func TestBurst(t *testing.T) {
	const files = 2000
	burstModes := []struct {
		name string
		opts Options
	}{
		// Quiet and MaxDelay generous against the writer's pauses, so that
		// the count of batches tells about the watcher, not the scheduler,
		// and no file is caught between its creation and its write.
		{"notify", Options{Quiet: 200 * time.Millisecond, MaxDelay: 10 * time.Second}},
		{"poll", Options{Poll: true, Quiet: 200 * time.Millisecond, PollInterval: time.Millisecond, FullInterval: time.Millisecond}},
	}
	for _, m := range burstModes {
		t.Run(m.name, func(t *testing.T) {
			var old []string
			for i := range 10 {
				old = append(old, fmt.Sprintf("old%d/seed.md", i))
			}
			c := watch(t, archive(t, old...), m.opts)
			var want []string
			for i := range files {
				p := fmt.Sprintf("old%d/%d.md", i%10, i)
				if i%2 == 1 {
					p = fmt.Sprintf("new%d/sub/%d.md", i%10, i)
				}
				write(t, c.dir, p, "burst")
				want = append(want, p)
			}
			c.has(want)
			batches := len(c.batches)
			c.sync()
			for _, p := range want {
				if n := c.changed[p]; n != 1 {
					t.Errorf("%s came %d times", p, n)
				}
			}
			t.Logf("%d files in %d batches", files, batches)
			if m.name == "notify" && batches > 10 {
				t.Errorf("%d files came in %d batches", files, batches)
			}
		})
	}
}

// TestFolderMovedInIsOneBatch: a whole folder that appears at once is one
// batch.
func TestFolderMovedInIsOneBatch(t *testing.T) {
	c := watch(t, archive(t, "a/old.md"), modes[0].opts)
	outside := t.TempDir()
	var want []string
	for i := range 500 {
		p := fmt.Sprintf("in/%d/%d.md", i%5, i)
		write(t, outside, p, "x")
		want = append(want, p)
	}
	if err := os.Rename(filepath.Join(outside, "in"), filepath.Join(c.dir, "in")); err != nil {
		t.Fatal(err)
	}
	c.has(want)
	if len(c.batches) != 1 {
		t.Errorf("the folder came in %d batches", len(c.batches))
	}
}

// TestBusyCaller: a caller that does not read while the archive changes
// gets the changes merged, and ends up with the disk's state.
func TestBusyCaller(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			c := watch(t, archive(t, "a/1.md", "b/2.md"), m.opts)
			for i := range 100 {
				write(t, c.dir, fmt.Sprintf("c/%d.md", i), "x")
			}
			for i := range 50 {
				rm(t, c.dir, fmt.Sprintf("c/%d.md", i))
			}
			rm(t, c.dir, "b")
			c.sync()
			if want := scan(t, c.dir); !equal(c.files, want) {
				t.Errorf("the caller has %v, the disk %v", c.files, want)
			}
		})
	}
}

func equal(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// TestWatchLimit: when the watches run out, at the start or later, the
// watcher says so once, polls, and still finds new files.
func TestWatchLimit(t *testing.T) {
	t.Run("at the start", func(t *testing.T) {
		opts := modes[0].opts
		opts.MaxWatches = 2
		c := watch(t, archive(t, "a/1.md", "b/2.md", "c/3.md"), opts)
		c.until("a status", func() bool { return len(c.statuses) > 0 })
		if s := c.statuses[0]; s.Mode != Poll || !errors.Is(s.Err, ErrWatchLimit) {
			t.Errorf("status %v, want polling for the watch limit", s)
		}
		write(t, c.dir, "b/new.md", "new")
		write(t, c.dir, "d/new.md", "new")
		c.has([]string{"b/new.md", "d/new.md"})
		c.sync()
		if n := len(c.statuses); n != 1 || c.rescans != 0 {
			t.Errorf("%d statuses (%v), %d rescans; want 1 status and no rescan: the caller scans after the start", n, c.statuses, c.rescans)
		}
	})
	t.Run("later", func(t *testing.T) {
		opts := modes[0].opts
		opts.MaxWatches = 3 // the archive's folder, a and b
		c := watch(t, archive(t, "a/1.md", "b/2.md"), opts)
		c.until("a status", func() bool { return len(c.statuses) > 0 })
		if s := c.statuses[0]; s.Mode != Notify || s.Folders != 3 {
			t.Errorf("status %v, want watching 3 folders", s)
		}
		write(t, c.dir, "c/d/new.md", "one folder too many")
		c.has([]string{"c/d/new.md"})
		c.until("a rescan", func() bool { return c.rescans > 0 })
		write(t, c.dir, "a/polled.md", "found by polling")
		write(t, c.dir, "e/polled.md", "found by polling")
		c.has([]string{"a/polled.md", "e/polled.md"})
		c.sync()
		if n := c.statusesWith(ErrWatchLimit); n != 1 || len(c.statuses) != 2 {
			t.Errorf("statuses %v; want the fallback once", c.statuses)
		}
		if c.rescans != 1 {
			t.Errorf("%d rescans, want 1", c.rescans)
		}
		if got := c.statuses[1].String(); !strings.Contains(got, "folder watches is reached") {
			t.Errorf("status line %q", got)
		}
	})
}

// TestOverflow: when the system's queue of events overflows, changes were
// lost: the caller is told to rescan, once, and the watcher polls.
func TestOverflow(t *testing.T) {
	c := watch(t, archive(t, "a/1.md"), modes[0].opts)
	c.until("a status", func() bool { return len(c.statuses) > 0 })
	// The queue's overflow as inotify reports it, on the channel it uses;
	// making a real one needs a lowered fs.inotify.max_queued_events.
	c.w.notify.fsw.Errors <- fsnotify.ErrEventOverflow
	c.until("a rescan", func() bool { return c.rescans > 0 })
	write(t, c.dir, "a/after.md", "found by polling")
	c.has([]string{"a/after.md"})
	c.sync()
	if n := c.statusesWith(ErrOverflow); n != 1 || c.rescans != 1 {
		t.Errorf("statuses %v, %d rescans; want one of each", c.statuses, c.rescans)
	}
	if s := c.statuses[len(c.statuses)-1]; s.Mode != Poll {
		t.Errorf("status %v, want polling", s)
	}
}

// TestRootGone: the archive's folder removed says so and waits; the
// folder made again is rescanned and watched.
func TestRootGone(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			c := watch(t, archive(t, "a/1.md"), m.opts)
			rm(t, c.dir, ".")
			c.until("the folder said gone", func() bool { return c.statusesWith(ErrRootGone) > 0 })
			rescans := c.rescans
			write(t, c.dir, "b/back.md", "back")
			c.until("a rescan", func() bool { return c.rescans > rescans })
			c.has([]string{"b/back.md"}, "a/1.md")
			write(t, c.dir, "b/later.md", "later")
			c.has([]string{"b/later.md"})
			if s := c.statuses[len(c.statuses)-1]; s.Mode != m.opts.mode() || s.Err != nil {
				t.Errorf("status %v after the folder came back", s)
			}
			for _, s := range c.statuses {
				if errors.Is(s.Err, ErrRootGone) && !strings.Contains(s.String(), "the archive folder is gone: "+c.dir) {
					t.Errorf("status line %q", s)
				}
			}
		})
	}
}

func (o Options) mode() Mode {
	if o.Poll {
		return Poll
	}
	return Notify
}

// TestLifecycle: clear errors for a missing archive, Close at any time,
// and no goroutine left when the context ends.
func TestLifecycle(t *testing.T) {
	dir := t.TempDir()
	if _, err := New(filepath.Join(dir, "missing"), Options{}); err == nil {
		t.Error("New on a missing folder: no error")
	}
	write(t, dir, "file.md", "x")
	if _, err := New(filepath.Join(dir, "file.md"), Options{}); err == nil || !strings.Contains(err.Error(), "not a folder") {
		t.Errorf("New on a file: %v", err)
	}

	w, err := New(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, open := <-w.Events(); open {
		t.Error("Events open after Close")
	}
	if err := w.Start(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Start after Close: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	for _, m := range modes {
		before := runtime.NumGoroutine()
		w, err := New(dir, m.opts)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		if err := w.Start(ctx); err != nil {
			t.Fatal(err)
		}
		if err := w.Start(ctx); !errors.Is(err, ErrClosed) {
			t.Errorf("%s: second Start: %v", m.name, err)
		}
		cancel()
		for range w.Events() {
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		noLeak(t, before)
	}
}

func TestStatusString(t *testing.T) {
	tests := []struct {
		s    Status
		want string
	}{
		{Status{Mode: Notify, Folders: 409}, "watching 409 folders"},
		{Status{Mode: Poll, Folders: 1, Interval: 2e9}, "checking 1 folder every 2s"},
		{Status{Mode: Poll, Folders: 12345, Interval: 2e9, Err: ErrOverflow}, "checking 12,345 folders every 2s: too many changes at once, some were missed"},
		{Status{Mode: Poll, Err: fmt.Errorf("%w: /x", ErrRootGone)}, "the archive folder is gone: /x; waiting for it to return"},
	}
	for _, tt := range tests {
		if got := tt.s.String(); got != tt.want {
			t.Errorf("%#v: %q, want %q", tt.s, got, tt.want)
		}
	}
}
