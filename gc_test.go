package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcPercent reads the GC percentage, which only SetGCPercent tells.
func gcPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}

// TestDelayFirstGC checks that collection is off until the first one,
// and at afterPercent, with no memory limit, after it; and that GOGC in the environment
// leaves the runtime's setting alone.
func TestDelayFirstGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))

	t.Setenv("GOGC", "50")
	delayFirstGC()
	if p := gcPercent(); p != 100 {
		t.Errorf("with GOGC set, the GC percentage became %d", p)
	}

	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	delayFirstGC()
	if p, limit := gcPercent(), debug.SetMemoryLimit(-1); p != -1 || limit != startHeap {
		t.Fatalf("after delayFirstGC: GC percentage %d, memory limit %d; want -1 and %d", p, limit, startHeap)
	}
	// The cleanup runs on a goroutine of its own after the collection.
	for i := 0; gcPercent() != afterPercent; i++ {
		if i == 500 {
			t.Fatal("the first collection did not restore the GC percentage")
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		t.Errorf("the memory limit stayed %d", limit)
	}
}
