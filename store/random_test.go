package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestReconcileMatchesScanAfterRandomChanges changes a small archive at
// random, round after round: files added, removed, rewritten, renamed,
// folders removed, many of them copies of one story in other folders.
// After each round, the index the store brings up to date, in batches of
// one folder, is the one a scan gives; so is the next start's.
func TestReconcileMatchesScanAfterRandomChanges(t *testing.T) {
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
	write := func(p string) {
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
			switch rng.IntN(5) {
			case 0, 1:
				write(p)
			case 2:
				os.Remove(full)
			case 3:
				if _, err := os.Stat(full); err == nil {
					to := filepath.Join(dir, filepath.FromSlash(name()))
					os.MkdirAll(filepath.Dir(to), 0o755)
					os.Rename(full, to)
				}
			case 4:
				if rng.IntN(4) == 0 {
					os.RemoveAll(filepath.Join(dir, folders[rng.IntN(len(folders))]))
				}
			}
		}
		if _, err := s.Reconcile(context.Background(), func(u Update) { ix.Apply(u.Changes) }); err != nil {
			t.Fatal(err)
		}
		want := listing(scanned(t, dir))
		t.Logf("round %d: %d articles, %d files", round, ix.Len(), ix.Files())
		if got := listing(ix); got != want {
			t.Fatalf("round %d, reconciled:\n%s\nwant\n%s", round, got, want)
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
