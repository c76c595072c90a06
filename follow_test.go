package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"newsreader/config"
	"newsreader/feed"
	"newsreader/store"
	"newsreader/watch"
)

// failAfter is how long a test waits for a line before it fails: a
// bound on a hang, not a measure of speed, which is many times shorter.
const failAfter = 20 * time.Second

// following is a run of list --follow in this process: its output, line
// by line, and its end.
type following struct {
	t      *testing.T
	cancel context.CancelFunc
	read   io.ReadCloser // the reading end of the output pipe
	lines  chan string
	code   chan int
	stderr *strings.Builder
	ready  chan struct{} // closed once the listing is printed
}

// startFollowing runs newsreader with args (list --follow and flags) on
// the archive dir, with a watcher tuned by opts, its output in a pipe as
// a script reads it.
func startFollowing(t *testing.T, env config.Env, opts watch.Options, args ...string) *following {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	return startFollowingTo(t, r, w, env, opts, args...)
}

// startFollowingTo is startFollowing with the output to w, read from r.
func startFollowingTo(t *testing.T, r io.ReadCloser, w io.WriteCloser, env config.Env, opts watch.Options, args ...string) *following {
	t.Helper()
	saved, savedReady := followOptions, followReady
	followOptions = opts
	ready := make(chan struct{})
	followReady = sync.OnceFunc(func() { close(ready) })
	ctx, cancel := context.WithCancel(context.Background())
	fl := &following{t: t, cancel: cancel, read: r, lines: make(chan string, 1000), code: make(chan int, 1), stderr: &strings.Builder{}, ready: ready}
	go func() {
		code := run(ctx, args, strings.NewReader(""), w, fl.stderr, env)
		w.Close()
		fl.code <- code
	}()
	go func() {
		defer close(fl.lines)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			fl.lines <- sc.Text()
		}
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-fl.code:
		case <-time.After(failAfter):
			t.Error("list --follow did not stop when cancelled")
		}
		r.Close()
		followOptions, followReady = saved, savedReady
	})
	return fl
}

// next returns the next line printed.
func (fl *following) next() string {
	fl.t.Helper()
	select {
	case l, ok := <-fl.lines:
		if !ok {
			fl.t.Fatalf("the output ended; stderr: %s", fl.stderr)
		}
		return l
	case <-time.After(failAfter):
		fl.t.Fatalf("no line within %s", failAfter)
	}
	return ""
}

// wait returns the exit status once the run ends.
func (fl *following) wait() int {
	fl.t.Helper()
	select {
	case c := <-fl.code:
		fl.code <- c // for the cleanup
		return c
	case <-time.After(failAfter):
		fl.t.Fatalf("list --follow still runs after %s", failAfter)
	}
	return 0
}

// quick are watcher options for tests: a short debounce.
var quick = watch.Options{Quiet: 10 * time.Millisecond, MaxDelay: 100 * time.Millisecond}

// newsFile is an article file in the crawler's format.
func newsFile(title, date string, categories ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: '%s'\ncategories:\n", title)
	for _, c := range categories {
		fmt.Fprintf(&b, " - %s\n", c)
	}
	fmt.Fprintf(&b, "date: %s\n---\n\n<p>正文。</p>\n", date)
	return b.String()
}

// writeAtomically writes text to path by a rename, as crawlers and git
// do, so that the watcher never sees the file half written.
func writeAtomically(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// waitReady returns once the listing is printed or left out.
func (fl *following) waitReady() {
	fl.t.Helper()
	select {
	case <-fl.ready:
	case <-time.After(failAfter):
		fl.t.Fatalf("not following after %s; stderr: %s", failAfter, fl.stderr)
	}
}

// skipListing reads the n lines of the listing printed before the
// follow: once they are printed, the watcher is running.
func (fl *following) skipListing(n int) {
	fl.t.Helper()
	for range n {
		fl.next()
	}
}

func TestFollowRows(t *testing.T) {
	env, dir := newArchive(t)
	fl := startFollowing(t, env, quick, "list", "--follow", "-q", "--archive", dir, "--width", "100")
	fl.skipListing(4)

	steps := []struct {
		name  string
		do    func()
		title string // of the next line
	}{
		{"a new file", func() {
			writeAtomically(t, filepath.Join(dir, "post/编程/new.md"), newsFile("第一篇新文章", "2026-02-01 09:00:00", "编程", "开源中国"))
		}, "第一篇新文章"},
		{"a file in a new folder", func() {
			writeAtomically(t, filepath.Join(dir, "post/新闻/今日/more/n.md"), newsFile("New folder, new story", "2026-02-02 09:00:00", "新闻"))
		}, "New folder, new story"},
		{"a file deleted, then one written", func() {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(pathA))); err != nil {
				t.Fatal(err)
			}
			writeAtomically(t, filepath.Join(dir, "post/编程/after-delete.md"), newsFile("After the deletion", "2026-02-03 09:00:00", "编程"))
		}, "After the deletion"},
		{"a file rewritten", func() {
			writeAtomically(t, filepath.Join(dir, "post/编程/new.md"), newsFile("第一篇新文章（更新）", "2026-02-01 09:00:00", "编程", "开源中国"))
		}, "第一篇新文章（更新）"},
		{"a file rewritten the same, then one written", func() {
			writeAtomically(t, filepath.Join(dir, "post/编程/new.md"), newsFile("第一篇新文章（更新）", "2026-02-01 09:00:00", "编程", "开源中国"))
			writeAtomically(t, filepath.Join(dir, "post/编程/last.md"), newsFile("Last one", "2026-02-04 09:00:00", "编程"))
		}, "Last one"},
		{"an empty file, then one written", func() {
			writeFile(t, filepath.Join(dir, "post/编程/slow.md"), "")
			writeAtomically(t, filepath.Join(dir, "post/编程/after-empty.md"), newsFile("After the empty one", "2026-02-04 10:00:00", "编程"))
		}, "After the empty one"},
		{"the empty file written", func() {
			writeFile(t, filepath.Join(dir, "post/编程/slow.md"), newsFile("Written at last", "2026-02-04 11:00:00", "编程"))
		}, "Written at last"},
		{"a file renamed and one moved, then one written", func() {
			if err := os.Rename(filepath.Join(dir, "post/编程/after-delete.md"), filepath.Join(dir, "post/编程/renamed.md")); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(filepath.Join(dir, "post/编程/last.md"), filepath.Join(dir, "post/新闻/last.md")); err != nil {
				t.Fatal(err)
			}
			writeAtomically(t, filepath.Join(dir, "post/编程/after-move.md"), newsFile("After the moves", "2026-02-04 12:00:00", "编程"))
		}, "After the moves"},
		{"a copy of an article there, then a new one", func() {
			writeAtomically(t, filepath.Join(dir, "post/copies/c.md"), fixture[pathC])
			writeAtomically(t, filepath.Join(dir, "post/编程/after-copy.md"), newsFile("After the copy", "2026-02-05 09:00:00", "编程"))
		}, "After the copy"},
	}
	for _, st := range steps {
		st.do()
		line := fl.next()
		if !strings.Contains(line, st.title) || !strings.HasPrefix(line, "2026-02-0") {
			t.Errorf("%s: printed %q, want the row of %q", st.name, line, st.title)
		}
	}

	fl.cancel()
	if code := fl.wait(); code != exitInterrupted {
		t.Errorf("cancelled: exit %d, want %d", code, exitInterrupted)
	}
	if !strings.Contains(fl.stderr.String(), "interrupted") {
		t.Errorf("stderr %q should say interrupted", fl.stderr)
	}
	// Everything the follow saw is in the store, as the next start finds
	// it before it reads the archive.
	stored := map[string]string{}
	for _, a := range storedIndex(t, env, dir).Articles() {
		for _, p := range a.Paths() {
			stored[p] = a.Title
		}
	}
	for p, title := range map[string]string{
		"post/编程/new.md":       "第一篇新文章（更新）",
		"post/新闻/今日/more/n.md": "New folder, new story",
		"post/编程/slow.md":      "Written at last",
		"post/copies/c.md":     "Tidewater 3.2 发布",
	} {
		if stored[p] != title {
			t.Errorf("the store has %q for %s, want %q", stored[p], p, title)
		}
	}
	if _, ok := stored[pathA]; ok {
		t.Errorf("the deleted %s is still in the store", pathA)
	}
}

// storedIndex is the index the store of the archive dir holds, as the
// interface's next start draws it before it looks at the archive.
func storedIndex(t *testing.T, env config.Env, dir string) *feed.Index {
	t.Helper()
	cfg, err := config.Load(config.Overrides{Archive: dir}, env)
	if err != nil {
		t.Fatal(err)
	}
	arch, err := feed.Open(cfg.Archive, feed.Options{SourceZone: cfg.SourceTimezone, Zones: cfg.Zones})
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(cfg.StateDir, arch)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix, err := st.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// With --json, what follows is in the listing's one shape, an article
// whose file was rewritten comes again under its id, and the filters of
// the listing hold for what follows.
func TestFollowJSON(t *testing.T) {
	env, dir := newArchive(t)
	fl := startFollowing(t, env, quick, "list", "--follow", "--json", "-q", "--archive", dir, "--category", "金融")
	fl.skipListing(2) // a and b

	decode := func(line string) map[string]any {
		t.Helper()
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not JSON: %q: %v", line, err)
		}
		return m
	}
	// Outside the category, then inside it.
	writeAtomically(t, filepath.Join(dir, "post/编程/other.md"), newsFile("Not followed", "2026-02-01 09:00:00", "编程"))
	writeAtomically(t, filepath.Join(dir, "post/金融/new.md"), newsFile("金融新闻", "2026-02-01 10:00:00", "金融", "新浪财经"))
	first := decode(fl.next())
	if first["title"] != "金融新闻" || first["path"] != "post/金融/new.md" {
		t.Fatalf("printed %v, want post/金融/new.md", first)
	}
	var want []string
	for k := range decode(listedLine(t, env, dir, "post/金融/new.md")) {
		want = append(want, k)
	}
	for _, k := range want {
		if _, ok := first[k]; !ok {
			t.Errorf("field %q of list --json is missing from what follows", k)
		}
	}
	if len(first) != len(want) {
		t.Errorf("%d fields, list --json has %d", len(first), len(want))
	}

	writeAtomically(t, filepath.Join(dir, "post/金融/new.md"), newsFile("金融新闻（更正）", "2026-02-01 10:00:00", "金融", "新浪财经"))
	again := decode(fl.next())
	if again["id"] != first["id"] || again["title"] != "金融新闻（更正）" {
		t.Errorf("rewritten: printed %v, want id %v with the new title", again, first["id"])
	}
}

// listedLine is the line of list --json for the article at p.
func listedLine(t *testing.T, env config.Env, dir, p string) string {
	t.Helper()
	_, out, _ := runCmd(t, env, "list", "--json", "-q", "--archive", dir)
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, `"path":"`+p+`"`) {
			return line
		}
	}
	t.Fatalf("%s not listed", p)
	return ""
}

// A reader that goes away ends the follow, with no error: on Linux at
// once, when the output is a pipe; otherwise at the next line written,
// which fails.
func TestFollowClosedOutput(t *testing.T) {
	for _, write := range []bool{false, true} {
		t.Run(fmt.Sprintf("write %v", write), func(t *testing.T) {
			if !write && runtime.GOOS != "linux" {
				t.Skip("only Linux tells of a reader gone before a write")
			}
			env, dir := newArchive(t)
			args := []string{"list", "--follow", "-q", "--archive", dir}
			var fl *following
			if write {
				// Not a file: only the write can tell.
				r, w := io.Pipe()
				fl = startFollowingTo(t, r, w, env, quick, args...)
			} else {
				fl = startFollowing(t, env, quick, args...)
			}
			fl.skipListing(4)
			fl.read.Close()
			if write {
				writeAtomically(t, filepath.Join(dir, "post/编程/unread.md"), newsFile("Nobody reads this", "2026-02-01 09:00:00", "编程"))
			}
			if code := fl.wait(); code != exitOK {
				t.Errorf("exit %d, want 0; stderr: %s", code, fl.stderr)
			}
			if s := fl.stderr.String(); strings.Contains(s, "newsreader:") {
				t.Errorf("stderr %q, want no error", s)
			}
		})
	}
}

// Out of watches, the follow polls, says so once, and still finds new
// files, in old folders and new ones.
func TestFollowWatchLimit(t *testing.T) {
	env, dir := newArchive(t)
	opts := quick
	opts.MaxWatches = 2
	opts.PollInterval = 20 * time.Millisecond
	fl := startFollowing(t, env, opts, "list", "--follow", "-q", "--archive", dir, "--width", "100")
	fl.skipListing(4)
	writeAtomically(t, filepath.Join(dir, "post/编程/polled.md"), newsFile("Found by polling", "2026-02-01 09:00:00", "编程"))
	if line := fl.next(); !strings.Contains(line, "Found by polling") {
		t.Errorf("printed %q", line)
	}
	writeAtomically(t, filepath.Join(dir, "post/new/deeper/polled.md"), newsFile("Also in a new folder", "2026-02-02 09:00:00", "编程"))
	if line := fl.next(); !strings.Contains(line, "Also in a new folder") {
		t.Errorf("printed %q", line)
	}
	fl.cancel()
	fl.wait()
	if n := strings.Count(fl.stderr.String(), "out of folder watches"); n != 1 {
		t.Errorf("the fallback is said %d times, want once:\n%s", n, fl.stderr)
	}
}

func TestFollowFailures(t *testing.T) {
	env, dir := newArchive(t)
	off := filepath.Join(env.Dir, "config", "newsreader", "config.yml")
	for _, tt := range []struct {
		name   string
		config string
		args   []string
		msg    string
	}{
		{"--no-watch", "", []string{"--no-watch", "--archive", dir}, "turned off by --no-watch"},
		{"watch: false", "watch: false\n", []string{"--archive", dir}, "turned off by watch: false in " + off + "; set it to true (or poll)"},
		{"the demo", "", nil, "the embedded demo archive never changes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			writeFile(t, off, tt.config)
			code, out, errOut := runCmd(t, env, append([]string{"list", "--follow"}, tt.args...)...)
			if code != exitUsage || out != "" || !strings.Contains(errOut, tt.msg) {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d, nothing, %q", code, out, errOut, exitUsage, tt.msg)
			}
		})
	}
}

// watch: poll follows by polling from the start, and does not call that
// a fallback.
func TestFollowPollSetting(t *testing.T) {
	env, dir := newArchive(t)
	writeFile(t, filepath.Join(env.Dir, "config", "newsreader", "config.yml"), "watch: poll\n")
	opts := quick
	opts.PollInterval = 20 * time.Millisecond
	fl := startFollowing(t, env, opts, "list", "--follow", "-q", "--archive", dir)
	fl.skipListing(4)
	writeAtomically(t, filepath.Join(dir, "post/编程/polled.md"), newsFile("Polled on purpose", "2026-02-01 09:00:00", "编程"))
	if line := fl.next(); !strings.Contains(line, "Polled on purpose") {
		t.Errorf("printed %q", line)
	}
	fl.cancel()
	fl.wait()
	if strings.Contains(fl.stderr.String(), "checking") {
		t.Errorf("asked-for polling is no news: %s", fl.stderr)
	}
}

// --only-new leaves the listing out, and prints what arrives.
func TestFollowOnlyNew(t *testing.T) {
	env, dir := newArchive(t)
	fl := startFollowing(t, env, quick, "list", "--follow", "--only-new", "-q", "--archive", dir)
	fl.waitReady()
	writeAtomically(t, filepath.Join(dir, "post/编程/first.md"), newsFile("The first new one", "2020-01-01 09:00:00", "编程"))
	if line := fl.next(); !strings.Contains(line, "The first new one") {
		t.Errorf("the first line is %q, want the new article's", line)
	}
	code, _, errOut := runCmd(t, env, "list", "--only-new", "--archive", dir)
	if code != exitUsage || !strings.Contains(errOut, "--only-new goes with --follow") {
		t.Errorf("--only-new alone: exit %d, %q", code, errOut)
	}
}
