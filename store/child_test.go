//go:build unix

package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"newsreader/feed"
)

// childEnv names the environment variable that makes the test binary a
// child process of a test: a second newsreader on the same store, or one
// to kill.
const childEnv = "NEWSREADER_STORE_CHILD"

// TestChild is the child process's body; without childEnv it does
// nothing.
func TestChild(t *testing.T) {
	mode := os.Getenv(childEnv)
	if mode == "" {
		t.Skip("only run as a child process")
	}
	archive, state := os.Getenv("NEWSREADER_CHILD_ARCHIVE"), os.Getenv("NEWSREADER_CHILD_STATE")
	arch, err := feed.Open(archive, feed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(state, arch)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	defer printPeak()
	ctx := context.Background()
	switch mode {
	case "frame":
		if _, err := s.Load(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Marks(); err != nil {
			t.Fatal(err)
		}
	case "list", "cold":
		if _, err := s.Index(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Marks(); err != nil {
			t.Fatal(err)
		}
	case "writer":
		// Mark each article read, star it, then unmark, one transaction
		// each, as an interface does key by key.
		ix, err := s.Index(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range ix.Articles() {
			for _, op := range []Op{Star, Read} {
				if _, err := s.Set([]*feed.Article{a}, op); err != nil {
					t.Fatal(err)
				}
			}
		}
		fmt.Println("done", s.Warning())
	case "kill-state", "kill-index":
		ix, err := s.Index(ctx)
		if err != nil {
			t.Fatal(err)
		}
		testHookInTx = func() {
			fmt.Println("in transaction")
			os.Stdout.Sync()
			time.Sleep(time.Hour) // until killed
		}
		if mode == "kill-state" {
			_, err = s.Set(ix.Articles(), Read)
		} else {
			// A rewritten file makes the reconcile save its folder.
			p := filepath.Join(archive, "source/_posts/编程/开源中国/b.md")
			if err := os.WriteFile(p, article("改过", "2026-01-13 08:20:00", "编程", "开源中国"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = s.Reconcile(ctx, func(Update) {})
		}
		t.Fatalf("not killed: %v", err)
	}
}

// printPeak prints the process's peak resident memory, for childPeak.
func printPeak() {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fmt.Println("peak", strings.TrimSuffix(strings.TrimSpace(v), " kB"))
		}
	}
}

// child starts the test binary as a child process in mode.
func child(t *testing.T, mode, archive, state string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run", "^TestChild$", "-test.v")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, "NEWSREADER_CHILD_ARCHIVE="+archive, "NEWSREADER_CHILD_STATE="+state)
	return cmd
}

func TestKilledWriterLosesNothing(t *testing.T) {
	for _, mode := range []string{"kill-state", "kill-index"} {
		t.Run(mode, func(t *testing.T) {
			dir := newArchive(t)
			state := t.TempDir()
			s := openStore(t, state, dir)
			ix := index(t, s)
			starred := lookup(t, ix, "post/金融/a.md")
			if _, err := s.Set([]*feed.Article{starred}, Star); err != nil {
				t.Fatal(err)
			}
			s.Close()

			cmd := child(t, mode, dir, state)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = cmd.Stdout
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(out)
			var seen []string
			for sc.Scan() {
				seen = append(seen, sc.Text())
				if sc.Text() == "in transaction" {
					break
				}
			}
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			if len(seen) == 0 || seen[len(seen)-1] != "in transaction" {
				t.Fatalf("the child never reached its transaction:\n%s", strings.Join(seen, "\n"))
			}

			// Both files open and check, the star is there, and the
			// transaction left nothing behind.
			s = openStore(t, state, dir)
			if n := s.Notices(); len(n) > 0 {
				t.Errorf("notices after the kill: %q", n)
			}
			for _, db := range []string{s.Paths().Index, s.Paths().State} {
				if err := checkFile(db); err != nil {
					t.Errorf("%s: %v", db, err)
				}
			}
			ix = index(t, s)
			ms, err := s.Marks()
			if err != nil {
				t.Fatal(err)
			}
			if m := ms.Of(lookup(t, ix, "post/金融/a.md")); !m.Starred || m.Read {
				t.Errorf("the starred article's mark is %+v", m)
			}
			if ms.Len() != 1 {
				t.Errorf("%d marks, want the one saved before", ms.Len())
			}
			if got, want := listing(ix), listing(scanned(t, dir)); got != want {
				t.Errorf("index after the kill:\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// checkFile runs the integrity check on a database file.
func checkFile(path string) error {
	db, err := openDB(path, stateFile)
	if err != nil {
		return err
	}
	defer db.Close()
	return check(db)
}

func TestTwoProcessesWriteAtOnce(t *testing.T) {
	dir := newArchive(t)
	for i := range 40 {
		writeFiles(t, dir, map[string][]byte{
			fmt.Sprintf("source/_posts/更多/%02d.md", i): article(fmt.Sprintf("文章 %d", i), fmt.Sprintf("2024-01-%02d 08:00:00", 1+i%28), "更多"),
		})
	}
	state := t.TempDir()
	var wg sync.WaitGroup
	outs := make([]string, 3)
	errs := make([]error, 3)
	for i := range outs {
		wg.Go(func() {
			out, err := child(t, "writer", dir, state).CombinedOutput()
			outs[i], errs[i] = string(out), err
		})
	}
	wg.Wait()
	for i := range outs {
		if errs[i] != nil || !strings.Contains(outs[i], "done \n") {
			t.Errorf("writer %d: %v\n%s", i, errs[i], outs[i])
		}
		if strings.Contains(outs[i], "locked") {
			t.Errorf("writer %d saw a lock:\n%s", i, outs[i])
		}
	}
	s := openStore(t, state, dir)
	ix := index(t, s)
	ms, err := s.Marks()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range ix.Articles() {
		if m := ms.Of(a); !m.Read || !m.Starred {
			t.Errorf("%s: mark %+v", a.Path, m)
		}
	}
	if ms.Len() != ix.Len() {
		t.Errorf("%d marks for %d articles", ms.Len(), ix.Len())
	}
}
