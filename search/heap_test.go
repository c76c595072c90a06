package search

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"testing"
)

// keepLimit restores the process's memory limit after a test that
// changes it.
func keepLimit(t *testing.T) {
	t.Helper()
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
}

func TestHeapBoundLowersTheLimitAndGivesItBack(t *testing.T) {
	keepLimit(t)
	debug.SetMemoryLimit(math.MaxInt64)
	runtime.GC()
	var h heapBound
	h.begin()
	got := debug.SetMemoryLimit(-1)
	want, _ := heapLimit(buildRoom)
	if got == math.MaxInt64 || got < buildRoom || got > want+buildRoom {
		t.Errorf("while bounding, the limit is %d; want about %d", got, want)
	}
	h.begin() // a second Sync at once
	h.end()
	if l := debug.SetMemoryLimit(-1); l == math.MaxInt64 {
		t.Error("the first Sync's end lifted the bound while another ran")
	}
	h.end()
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("after the Sync the limit is %d; want it given back", l)
	}
}

func TestHeapBoundNeverRaisesALimit(t *testing.T) {
	keepLimit(t)
	runtime.GC()
	low, _ := heapLimit(0)
	debug.SetMemoryLimit(low) // a GOMEMLIMIT below what a bound would set
	var h heapBound
	h.begin()
	h.adjust()
	if l := debug.SetMemoryLimit(-1); l != low {
		t.Errorf("the bound set %d over the user's %d", l, low)
	}
	h.end()
	if l := debug.SetMemoryLimit(-1); l != low {
		t.Errorf("after the Sync the limit is %d; want the user's %d", l, low)
	}
}

func TestHeapBoundLeavesAnotherLimit(t *testing.T) {
	keepLimit(t)
	debug.SetMemoryLimit(math.MaxInt64)
	runtime.GC()
	var h heapBound
	h.begin()
	const theirs = 1 << 40
	debug.SetMemoryLimit(theirs) // main lifting its start-up limit
	h.adjust()
	if l := debug.SetMemoryLimit(-1); l >= theirs {
		t.Errorf("after another's limit, the bound is %d; want it under %d", l, theirs)
	}
	h.end()
	if l := debug.SetMemoryLimit(-1); l != theirs {
		t.Errorf("after the Sync the limit is %d; want the other's %d", l, int64(theirs))
	}

	h.begin()
	debug.SetMemoryLimit(theirs + 1)
	h.end()
	if l := debug.SetMemoryLimit(-1); l != theirs+1 {
		t.Errorf("the end replaced a limit set since the last batch: %d", l)
	}
}

// TestSyncBoundsTheHeap: a build of boundMinArticles or more loads its
// articles under the bound and gives the limit back at its end; a small
// Sync leaves the limit alone.
func TestSyncBoundsTheHeap(t *testing.T) {
	keepLimit(t)
	debug.SetMemoryLimit(math.MaxInt64)
	runtime.GC()
	ctx := context.Background()
	for _, n := range []int{boundMinArticles, 10} {
		var docs []Doc
		for i := range n {
			docs = append(docs, Doc{ID: fmt.Sprint("a", i), Version: "1", Path: fmt.Sprint(i, ".md"), Title: "标题", Text: "正文"})
		}
		arch := newArchive(docs...)
		var bounded atomic.Int64
		load := func(ctx context.Context, e Entry) (Doc, error) {
			if debug.SetMemoryLimit(-1) != math.MaxInt64 {
				bounded.Add(1)
			}
			return arch.load(ctx, e)
		}
		if _, err := openIndex(t).Sync(ctx, arch.entries(), load, SyncOptions{}); err != nil {
			t.Fatal(err)
		}
		if big := n >= boundMinArticles; (bounded.Load() == int64(n)) != big || (!big && bounded.Load() != 0) {
			t.Errorf("a Sync of %d articles loaded %d under a bound", n, bounded.Load())
		}
		if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
			t.Errorf("after a Sync of %d articles the limit is %d", n, l)
		}
	}
}
