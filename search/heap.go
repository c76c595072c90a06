package search

import (
	"math"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// buildRoom is the heap a long Sync may use above what was live at the
// last collection. A build's garbage is per article (a file read,
// cleaned, converted and tokenised, then dropped once its batch is
// written), so the room it needs does not grow with the archive, where
// GOGC's does: it lets the heap grow by a share of what is live, which
// is mostly the caller's index of every article, and the runtime keeps
// freed pages a while before it returns them, which a limit makes it do
// sooner. At 100,000 articles the interface's first session, which
// builds the index, peaked at 183-185 MB resident with GOGC=50 alone,
// and at 163 MB with 32 MB of room, for 10 % more processor time (the
// collections mark the whole index each time); 24 MB of room gave 151
// MB for 22 % more, and GOGC lowered to leave 24 MB instead of a limit,
// 162 MB for 12 % more.
const buildRoom = 32 << 20

// boundMinArticles is the smallest Sync that bounds the heap: a
// watcher's batch or a day's new articles take seconds or less, and
// their garbage no more than a few collections' room.
const boundMinArticles = 2000

// heapBound keeps a soft memory limit (debug.SetMemoryLimit) of what was
// live at the last collection plus buildRoom, while a long Sync runs. It
// lowers the limit only, never raises it above the one it found (a
// GOMEMLIMIT the user set stays in force), and gives that back at the
// end. A limit someone else sets meanwhile (main's first collection
// lifts its start-up one) replaces the one found: the bound goes under
// it, and the end leaves it in place.
type heapBound struct {
	mu    sync.Mutex
	prev  int64 // the limit before; 0 while not bounding
	ours  int64 // the limit last set; 0 when none was
	users int   // Syncs bounding at once (a Sync and an Update)
}

var bound heapBound

// begin starts bounding for one Sync; end stops it.
func (h *heapBound) begin() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.users++
	h.adjustLocked()
}

// adjust follows the live heap, which the caller's own work (new
// articles from a watcher, an opened article) may grow while a long
// Sync runs: called after each batch.
func (h *heapBound) adjust() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.adjustLocked()
}

func (h *heapBound) adjustLocked() {
	if h.users == 0 {
		return
	}
	cur := debug.SetMemoryLimit(-1)
	if h.ours == 0 || cur != h.ours {
		// Not bounding, or another has set a limit since (main lifting
		// its start-up one, a caller its own): it is what to give back,
		// and what not to go above.
		h.prev, h.ours = cur, 0
	}
	want, ok := heapLimit(buildRoom)
	if !ok || want >= h.prev {
		if h.ours != 0 {
			debug.SetMemoryLimit(h.prev)
			h.ours = 0
		}
		return
	}
	debug.SetMemoryLimit(want)
	h.ours = want
}

func (h *heapBound) end() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.users--
	if h.users > 0 {
		return
	}
	if h.ours != 0 && debug.SetMemoryLimit(-1) == h.ours {
		debug.SetMemoryLimit(h.prev)
	}
	h.prev, h.ours = 0, 0
}

// heapLimit is a memory limit that leaves room bytes above the live heap
// of the last collection and what the runtime holds besides the heap
// (stacks, its own metadata), which the limit counts too. It is not ok
// before the first collection, when nothing is known to be live.
func heapLimit(room int64) (int64, bool) {
	s := []metrics.Sample{
		{Name: "/gc/cycles/total:gc-cycles"},
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
	}
	metrics.Read(s)
	for _, m := range s {
		if m.Value.Kind() != metrics.KindUint64 {
			return 0, false
		}
	}
	v := func(i int) int64 { return int64(min(s[i].Value.Uint64(), math.MaxInt64/4)) }
	if v(0) == 0 {
		return 0, false
	}
	besides := v(2) - v(3) - v(4) - v(5) - v(6)
	return v(1) + max(besides, 0) + room, true
}
