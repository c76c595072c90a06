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

// afterPercent is the GC percentage from the first collection on: the
// heap may grow by half its live size between collections, where Go's
// default lets it double. What is live then is mostly the index, which
// stays; the garbage comes in bursts (a reconcile, the search index's
// build) that a doubling let take the process far past what it keeps.
// At 100,000 articles (/usr/bin/time, peak resident memory): a first
// list --json 141-142 MB → 129-131 MB, a list after 1% of the files
// changed 182-186 → 155-157 MB, and the interface's first session,
// which builds the search index, 342 → 269 MB; neither list took
// longer, in three runs each.
const afterPercent = 50

// delayFirstGC turns garbage collection off until the heap reaches
// startHeap, and on at afterPercent from the first collection: an
// archive larger than startHeap allows is collected from there, rather
// than at the limit over and over. GOGC or GOMEMLIMIT in the environment
// leave the runtime's settings as they are.
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
		debug.SetGCPercent(afterPercent)
		debug.SetMemoryLimit(math.MaxInt64)
	}, struct{}{})
}

// gcSentinel is an allocation of its own (a pointer-free object smaller
// than 16 bytes may share a block with others, and live as long as they).
type gcSentinel struct{ _ [16]byte }
