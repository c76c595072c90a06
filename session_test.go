package main

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"newsreader/config"
	"newsreader/feed"
	"newsreader/store"
)

// storePaths are where the store of the archive dir is, for env.
func storePaths(t *testing.T, env config.Env, dir string) store.Paths {
	t.Helper()
	cfg, err := config.Load(config.Overrides{Archive: dir}, env)
	if err != nil {
		t.Fatal(err)
	}
	p, err := store.Location(cfg.StateDir, cfg.Archive)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The commands answer from the store's index, and reconcile it with the
// archive first: a file added, rewritten or removed between two runs is
// seen by the next.
func TestWarmIndexSeesChanges(t *testing.T) {
	env, dir := newArchive(t)
	// An hour old: the store trusts times only once they are not too
	// close to now, and the warm runs are to use what it trusts.
	age(t, dir, time.Hour)
	titles := func() []string {
		t.Helper()
		var got []string
		for _, a := range listJSON(t, env, dir) {
			got = append(got, a.Title)
		}
		return got
	}
	const broken = "인디 게임 [31m축제"
	want := []string{"Tidewater 3.2 发布", "Second & last", "前11个月港口吞吐量同比增长6.2%", broken}
	if got := titles(); !slices.Equal(got, want) {
		t.Fatalf("cold: %q, want %q", got, want)
	}
	if _, err := os.Stat(storePaths(t, env, dir).Index); err != nil {
		t.Fatalf("no index after a run: %v", err)
	}
	// Warm, unchanged.
	if got := titles(); !slices.Equal(got, want) {
		t.Fatalf("warm: %q, want %q", got, want)
	}

	// Added, rewritten in place (same size, an older time: only the full
	// check of every file catches it), removed.
	writeFile(t, filepath.Join(dir, "post/新闻/new.md"), "---\ntitle: Added\ncategories:\n  - 新闻\ndate: 2026-02-01 09:00:00\n---\n<p>new</p>\n")
	age(t, filepath.Join(dir, "post"), time.Hour)
	b := filepath.Join(dir, "source/_posts/金融/新浪财经/国内/b.md")
	old, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	rewritten := strings.Replace(string(old), "Second & last", "Second & next", 1)
	if len(rewritten) != len(old) {
		t.Fatal("the rewrite must keep the size")
	}
	fi, err := os.Stat(b)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, b, rewritten)
	earlier := fi.ModTime().Add(-time.Minute)
	if err := os.Chtimes(b, earlier, earlier); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "source/_posts/金融/新浪财经/国内/a.md")); err != nil {
		t.Fatal(err)
	}
	want = []string{"Added", "Tidewater 3.2 发布", "Second & next", broken}
	if got := titles(); !slices.Equal(got, want) {
		t.Errorf("after the changes: %q, want %q", got, want)
	}
	// categories, show and completion see the same.
	if _, out, _ := runCmd(t, env, "categories", "-q", "--archive", dir); !strings.Contains(out, "新闻 (1)") || strings.Contains(out, "新浪财经－国內") {
		t.Errorf("categories after the changes:\n%s", out)
	}
	if code, out, _ := runCmd(t, env, "show", "--latest", "-q", "--archive", dir); code != 0 || !strings.Contains(out, "# Added") {
		t.Errorf("show --latest after the changes: exit %d\n%s", code, out)
	}
	if got, _ := completeIn(t, env, dir, "list", "-c", "新"); !slices.Contains(got, "新闻\t1 article") {
		t.Errorf("completion after the changes: %q", got)
	}
}

// A state folder that cannot be created (a file is in its way) leaves
// the commands that read working, with one warning, and those that
// change marks failing, having said why.
func TestStateFolderCannotBeCreated(t *testing.T) {
	env, dir := newArchive(t)
	blocked := filepath.Join(env.Dir, "state")
	writeFile(t, blocked, "")
	env = withVar(env, "XDG_STATE_HOME", blocked)
	const warning = "newsreader: cannot save in " // the store's, with the folder and why
	for _, args := range [][]string{{"list"}, {"categories"}, {"list", "--json"}, {"list", "--unread", "-q"}} {
		code, out, errOut := runCmd(t, env, append(args, "--archive", dir)...)
		if code != 0 || out == "" || strings.Count(errOut, warning) != 1 || !strings.Contains(errOut, "not a directory") {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
		}
	}
	// --quiet leaves the warning out when the answer does not depend on
	// the state.
	if code, _, errOut := runCmd(t, env, "categories", "-q", "--archive", dir); code != 0 || strings.Contains(errOut, warning) {
		t.Errorf("categories -q: exit %d, stderr %q", code, errOut)
	}
	for _, args := range [][]string{{"mark", "read", "--all"}, {"mark", "read", "--all", "-q"}} {
		code, out, errOut := runCmd(t, env, append(args, "--archive", dir)...)
		if code != 1 || out != "" || strings.Count(errOut, warning) != 1 || !strings.Contains(errOut, "newsreader: nothing was marked: the state cannot be saved in "+filepath.Join(blocked, "newsreader")) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

// A store that cannot be opened at all leaves list and show working from
// a scan of the archive, with one warning.
func TestStoreCannotBeOpened(t *testing.T) {
	defer func(open func(string, *feed.Archive) (*store.Store, error)) { openStore = open }(openStore)
	openStore = func(string, *feed.Archive) (*store.Store, error) {
		return nil, errors.New("state /x/state.db is damaged, and could not be moved aside")
	}
	env, dir := newArchive(t)
	const warning = "newsreader: cannot open the store of " // then the archive, and why
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"list"}, "Tidewater 3.2 发布"},
		{[]string{"list", "--json", "-q"}, `"read":false,"starred":false`},
		{[]string{"show", "--latest"}, "# Tidewater 3.2 发布"},
		{[]string{"show", "post/编程/c.md"}, "# Tidewater 3.2 发布"},
		{[]string{"categories"}, "编程 (1)"},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(t, env, append(tt.args, "--archive", dir)...)
		if code != 0 || !strings.Contains(out, tt.want) || strings.Count(errOut, warning) != 1 || !strings.Contains(errOut, "could not be moved aside") {
			t.Errorf("%q: exit %d, stdout\n%s\nstderr %q", tt.args, code, out, errOut)
		}
	}
	code, _, errOut := runCmd(t, env, "mark", "read", "--all", "--archive", dir)
	if code != 1 || !strings.Contains(errOut, "nothing was marked: the store cannot be opened: state /x/state.db is damaged") {
		t.Errorf("mark: exit %d, stderr %q", code, errOut)
	}
}

// A damaged state file is moved aside by whichever command opens the
// store first, and that command says so, also under --quiet; in shell
// completion, as active help.
func TestStateMovedAsideIsTold(t *testing.T) {
	for _, args := range [][]string{{"list", "-q"}, {"show", "--latest", "-q"}, {"categories", "-q"}, {"__complete", "show", ""}} {
		args = append([]string{"--archive", ""}, args...)
		env, dir := newArchive(t)
		if code, _, errOut := runCmd(t, env, "list", "--archive", dir); code != 0 {
			t.Fatalf("list: %s", errOut)
		}
		p := storePaths(t, env, dir)
		writeFile(t, p.State, "this is not a database, and long enough to be read as one")
		os.Remove(p.State + "-wal")
		os.Remove(p.State + "-shm")
		args[1] = dir
		code, out, errOut := runCmd(t, env, args...)
		told := errOut
		if args[2] == "__complete" {
			told = out
		}
		if code != 0 || !strings.Contains(told, "newsreader: the state file "+p.State+" was damaged") || !strings.Contains(told, "it was moved to "+p.State+".damaged-") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
		if args[2] == "__complete" && !strings.Contains(out, "_activeHelp_ newsreader: the state file") {
			t.Errorf("completion: not active help: %q", out)
		}
		// Told once: the file is moved.
		if _, out, errOut := runCmd(t, env, args...); strings.Contains(out+errOut, "damaged") {
			t.Errorf("%q told again: stdout %q, stderr %q", args, out, errOut)
		}
	}
}

// age sets the times of the folder tree at dir to d ago.
func age(t *testing.T, dir string, d time.Duration) {
	t.Helper()
	then := time.Now().Add(-d)
	err := filepath.WalkDir(dir, func(p string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, then, then)
	})
	if err != nil {
		t.Fatal(err)
	}
}
