package store

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"newsreader/feed"
	"newsreader/watch"
)

// TestReconcileMatchesScanAfterRandomChanges changes a small archive at
// random, round after round: files added, removed, rewritten, renamed,
// folders removed or moved, many of them copies of one story in other
// folders. After each round, the index the store brings up to date, in
// batches of one folder, is the one a scan gives; so is the next start's.
// The store looks at the whole archive (Reconcile), or only at what
// changed, as a watcher names it (ReconcileBatch); then what it saved,
// which the next start loads, is checked each round too. The other copies
// of a story are found through the index of copy keys, or by passes over
// the folders' keys.
func TestReconcileMatchesScanAfterRandomChanges(t *testing.T) {
	old := keyPasses
	t.Cleanup(func() { keyPasses = old })
	for _, batches := range []bool{false, true} {
		for _, passes := range []int{0, 1 << 30} {
			name := fmt.Sprintf("reconcile/passes=%d", passes)
			if batches {
				name = fmt.Sprintf("batches/passes=%d", passes)
			}
			keyPasses = passes
			t.Run(name, func(t *testing.T) { randomChanges(t, batches) })
		}
	}
}

func randomChanges(t *testing.T, batches bool) {
	old := batchRows
	batchRows = 1
	t.Cleanup(func() { batchRows = old })
	rng := rand.New(rand.NewPCG(3, 4))
	dir := filepath.Join(t.TempDir(), "archive")
	folders := []string{"a", "a/b", "c", "c/d/e", "f", "source/_posts/金融/新浪"}
	stories := 12 // few, so that many files are copies of one another
	name := func() string {
		return fmt.Sprintf("%s/%d.md", folders[rng.IntN(len(folders))], rng.IntN(40))
	}
	// What a watcher would name, for batches: files, and folders removed.
	touched, removedDirs := map[string]bool{}, map[string]bool{}
	write := func(p string) {
		touched[p] = true
		n := rng.IntN(stories)
		date := fmt.Sprintf("2024-03-%02d 08:00:00", 1+n%5)
		if rng.IntN(8) == 0 {
			date = "Invalid Date"
		}
		cats := []string{"组", fmt.Sprint("来源", n%3)}[:1+rng.IntN(2)]
		body := article(fmt.Sprint("故事 ", n), date, cats...)
		if rng.IntN(10) == 0 {
			body = []byte{0x89, 'P', 'N', 'G', 0}
		}
		writeFiles(t, dir, map[string][]byte{p: body})
		// Distinct times, an hour back: trusted, and each write seen.
		when := time.Now().Add(-time.Hour).Add(time.Duration(rng.IntN(1e6)) * time.Millisecond)
		if err := os.Chtimes(filepath.Join(dir, filepath.FromSlash(p)), when, when); err != nil {
			t.Fatal(err)
		}
	}
	for range 60 {
		write(name())
	}
	state := t.TempDir()
	s := openStore(t, state, dir)
	ix := index(t, s)
	for round := range 60 {
		for range 1 + rng.IntN(12) {
			p := name()
			full := filepath.Join(dir, filepath.FromSlash(p))
			switch rng.IntN(6) {
			case 0, 1:
				write(p)
			case 2:
				os.Remove(full)
				touched[p] = true
			case 3:
				if _, err := os.Stat(full); err == nil {
					to := name()
					full2 := filepath.Join(dir, filepath.FromSlash(to))
					os.MkdirAll(filepath.Dir(full2), 0o755)
					os.Rename(full, full2)
					touched[p], touched[to] = true, true
				}
			case 4:
				if rng.IntN(4) == 0 {
					d := folders[rng.IntN(len(folders))]
					os.RemoveAll(filepath.Join(dir, d))
					removedDirs[d] = true
				}
			case 5:
				// A folder moved, maybe into another: gone, and its files
				// new where it went.
				from, to := folders[rng.IntN(len(folders))], folders[rng.IntN(len(folders))]+"/moved"
				if os.Rename(filepath.Join(dir, from), filepath.Join(dir, to)) == nil {
					removedDirs[from] = true
					filepath.WalkDir(filepath.Join(dir, to), func(p string, d fs.DirEntry, err error) error {
						if err == nil && !d.IsDir() {
							rel, _ := filepath.Rel(dir, p)
							touched[filepath.ToSlash(rel)] = true
						}
						return nil
					})
				}
			}
		}
		apply := func(u Update) { ix.Apply(u.Changes) }
		var err error
		if batches {
			_, err = s.ReconcileBatch(context.Background(), batchOf(dir, touched, removedDirs), apply)
		} else {
			_, err = s.Reconcile(context.Background(), apply)
		}
		if err != nil {
			t.Fatal(err)
		}
		clear(touched)
		clear(removedDirs)
		want := listing(scanned(t, dir))
		t.Logf("round %d: %d articles, %d files", round, ix.Len(), ix.Files())
		if got := listing(ix); got != want {
			t.Fatalf("round %d, reconciled:\n%s\nwant\n%s", round, got, want)
		}
		if batches {
			if got := listing(loaded(t, state, dir)); got != want {
				t.Fatalf("round %d, loaded by the next start:\n%s\nwant\n%s", round, got, want)
			}
		}
		if round%5 == 4 {
			s.Close()
			s = openStore(t, state, dir)
			if got := listing(index(t, s)); got != want {
				t.Fatalf("round %d, after a restart:\n%s\nwant\n%s", round, got, want)
			}
			var err error
			if ix, err = s.Load(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// batchOf is the batch a watcher gives for the files touched and the
// folders removed under dir: the files there now changed, the others
// removed.
func batchOf(dir string, touched, removedDirs map[string]bool) watch.Batch {
	var b watch.Batch
	for p := range touched {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err == nil {
			b.Changed = append(b.Changed, p)
		} else {
			b.Removed = append(b.Removed, p)
		}
	}
	for d := range removedDirs {
		b.RemovedDirs = append(b.RemovedDirs, d)
	}
	slices.Sort(b.Changed)
	slices.Sort(b.Removed)
	slices.Sort(b.RemovedDirs)
	return b
}

// loaded is the index that the next start loads from the store in state,
// without looking at the archive.
func loaded(t *testing.T, state, dir string) *feed.Index {
	t.Helper()
	s := openStore(t, state, dir)
	defer s.Close()
	ix, err := s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return ix
}
