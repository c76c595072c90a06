package main

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
)

// startHeap is how much a process may allocate before its first garbage
// collection. A command's heap is nearly all live until it exits (the
// index it answers from), so the collections the default GOGC=100 runs
// while it grows, from 4 MB up, find little to free: at 100,000 articles
// a warm 'list --json' spent a seventh of its time in them, and less
// when collections waited for startHeap. (cmd/compile does the same with
// its AdjustStartingHeap.) 100,000 articles take about 85 MB.
const startHeap = 112 << 20

// delayFirstGC turns garbage collection off until the heap reaches
// startHeap, and back to the defaults at the first collection after:
// an archive larger than startHeap allows is collected as usual from
// there, rather than at the limit over and over. GOGC or GOMEMLIMIT in
// the environment leave the runtime's settings as they are.
func delayFirstGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(startHeap)
	// The sentinel is unreachable from the start: the first collection
	// finds it, and its cleanup restores the defaults.
	sentinel := new(gcSentinel)
	runtime.AddCleanup(sentinel, func(struct{}) {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	}, struct{}{})
}

// gcSentinel is an allocation of its own (a pointer-free object smaller
// than 16 bytes may share a block with others, and live as long as they).
type gcSentinel struct{ _ [16]byte }
