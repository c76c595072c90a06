package store

import (
	"context"
	"sync"
	"testing"

	"newsreader/feed"
)

// TestConcurrentUse uses one store from several goroutines at once, as an
// interface's commands do: marks set and read, the last place kept,
// while a reconcile runs and an export reads.
func TestConcurrentUse(t *testing.T) {
	dir := newArchive(t)
	s := openStore(t, t.TempDir(), dir)
	ix := index(t, s)
	arts := ix.Articles()
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 20 {
				a := arts[(i+j)%len(arts)]
				if _, err := s.Set([]*feed.Article{a}, Op(j%4)); err != nil {
					t.Error(err)
				}
				if _, err := s.SetPosition(a, j); err != nil {
					t.Error(err)
				}
				if _, err := s.Marks(); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Go(func() {
		for range 5 {
			if _, err := s.Reconcile(context.Background(), func(Update) {}); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Go(func() {
		for j := range 20 {
			if err := s.SetLast([]string{"编程"}, arts[j%len(arts)].ID); err != nil {
				t.Error(err)
			}
			if _, _, err := s.Last(); err != nil {
				t.Error(err)
			}
			if err := s.Export(discard{}); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
	if n := s.Notices(); len(n) > 0 || s.Warning() != "" {
		t.Errorf("notices %q, warning %q", n, s.Warning())
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
