package feed

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// touch runs ReconcileTouched on what the reconciles so far left.
func (r *reconciled) touch(t *testing.T, dir string, touched Touched) {
	t.Helper()
	arch, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r.updates = nil
	if err := arch.ReconcileTouched(context.Background(), r.known(), touched, r.take); err != nil {
		t.Fatal(err)
	}
}

// TestReconcileTouchedLooksAtWhatItIsTold changes an archive step by step
// and names some of the changes: those are found, the others are not,
// until a Reconcile, which lists again the folders a touched reconcile
// could not trust.
func TestReconcileTouchedLooksAtWhatItIsTold(t *testing.T) {
	trustAll(t)
	dir := t.TempDir()
	files := reconcileFixtures()
	files["w/ok.md"] = articleFile("OK", "2021-04-01 00:00:00", "w")
	writeFiles(t, dir, files)
	if err := os.Symlink("nowhere.md", filepath.Join(dir, "w/broken.md")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	age(t, dir)
	var r reconciled
	r.run(t, dir)

	write := func(p, title string) {
		writeFiles(t, dir, map[string][]byte{p: articleFile(title, "2021-05-01 00:00:00", "x")})
	}
	remove := func(p string) {
		if err := os.RemoveAll(filepath.Join(dir, p)); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		name    string
		change  func()
		touched Touched
		want    []string // r.changes
		has     []string // files the cache has after
		hasNot  []string
	}{{
		name: "a file written, another changed but not named",
		change: func() {
			write("a/new.md", "New")
			write("a/long.md", "Not so long now")
		},
		touched: Touched{Files: []string{"a/new.md"}},
		want:    []string{"read a/new.md"},
		has:     []string{"a/new.md", "a/long.md"},
	}, {
		name: "a file rewritten, one deleted",
		change: func() {
			write("a/one.md", "One, rewritten")
			remove("a/estimated.md")
		},
		touched: Touched{Files: []string{"a/estimated.md", "a/one.md"}},
		want:    []string{"read a/one.md"},
		hasNot:  []string{"a/estimated.md"},
	}, {
		name:    "a folder made with a folder in it, one file named",
		change:  func() { write("n/top.md", "Top"); write("n/m/k.md", "K") },
		touched: Touched{Files: []string{"n/m/k.md"}},
		want:    []string{"read n/m/k.md", "read n/top.md"},
	}, {
		name:    "a folder removed",
		change:  func() { remove("x") },
		touched: Touched{Dirs: []string{"x"}},
		want:    []string{"gone x", "gone x/y", "gone x/y/z"},
	}, {
		name:    "a file named in a folder that went unnamed",
		change:  func() { remove("n/m") },
		touched: Touched{Files: []string{"n/m/k.md"}},
		want:    []string{"gone n/m"},
		hasNot:  []string{"n/m/k.md"},
	}, {
		name:    "a folder with a warning is listed again",
		change:  func() { write("w/new.md", "W new"); write("w/ok.md", "OK, changed") },
		touched: Touched{Files: []string{"w/new.md"}},
		want:    []string{"read w/new.md", "read w/ok.md"},
	}, {
		name:    "named but unchanged",
		touched: Touched{Files: []string{"a/one.md", "n/m/k.md"}},
		want:    []string{},
	}, {
		name:    "a file named that was gone again before the reconcile",
		change:  func() { write("a/brief.md", "Brief"); remove("a/brief.md") },
		touched: Touched{Files: []string{"a/brief.md"}},
		want:    []string{},
		hasNot:  []string{"a/brief.md"},
	}, {
		name: "paths no walk reaches",
		change: func() {
			write(".git/y.md", "Hidden")
			writeFiles(t, dir, map[string][]byte{"a/notes2.txt": []byte("no article")})
		},
		touched: Touched{Files: []string{"../outside.md", "/abs.md", ".git/y.md", "a/notes2.txt", "a/../a/one.md", ".", ""}, Dirs: []string{"..", ".git", "a/"}},
		want:    []string{},
	}}
	for _, s := range steps {
		if s.change != nil {
			s.change()
		}
		r.touch(t, dir, s.touched)
		if got := r.changes(); !slices.Equal(got, s.want) {
			t.Errorf("%s: changes\n got %q\nwant %q", s.name, got, s.want)
		}
		for _, p := range s.has {
			if r.files[p] == nil {
				t.Errorf("%s: %s is not in the cache", s.name, p)
			}
		}
		for _, p := range s.hasNot {
			if r.files[p] != nil {
				t.Errorf("%s: %s is still in the cache", s.name, p)
			}
		}
	}
	if f := r.folders["."]; !slices.Equal(f.Subdirs, []string{"a", "n", "post", "source", "w"}) {
		t.Errorf("the root's subfolders are %q", f.Subdirs)
	}
	// The folders whose times moved are listed again; the change that was
	// not named is found then.
	if r.folders["a"].MTime != 0 {
		t.Error("the folder a, which changed, is trusted")
	}
	n := r.run(t, dir)
	if got := r.changes(); !slices.Contains(got, "read a/long.md") {
		t.Errorf("the Reconcile after: changes %q", got)
	}
	sameIndex(t, r.index(n), scanFS(t, dir))
}
