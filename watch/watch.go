// Package watch follows an archive as it grows: it tells which article
// files were created, modified or removed, in batches, so that the store,
// the interface and `list --follow` can reconcile just those.
//
// It watches every folder of the archive with the system's notifications
// (inotify on Linux, through fsnotify). When those run out or fail — the
// per-user limit of watches is reached, the kernel's event queue
// overflowed, the archive is on a network file system, or the archive's
// folder went away — it falls back to polling: comparing folders'
// modification times every few seconds, and every file's size and
// modification time now and then. Polling yields the same batches, later;
// the caller sees one Status saying so, and, when changes may have been
// missed in the switch, one batch with Rescan set.
//
// The watcher reads no article: it names paths, and the caller reads them.
//
// Limits: a folder reachable by two paths (two links to it) has one
// inotify watch, under the first path, so changes in it come under that
// path only while notifications work; a link to a file is followed when
// listed, but a change of its target outside the archive tells nothing.
// Polling compares sizes and modification times, as the store does, so a
// file rewritten with the same size within the same tick of the file
// system's clock goes unseen there.
package watch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"newsreader/display"
)

// Event is what the watcher delivers: a Batch or a Status.
type Event interface{ event() }

// Batch is a set of changes to the archive. Paths are slash-separated and
// relative to the archive's folder; they come from the file system, so
// they can hold any character and must be made printable before display.
// A caller applies a batch in this order: forget RemovedDirs, forget
// Removed, then (re)read Changed; batches in the order they come. Each
// path is listed once in a batch.
type Batch struct {
	// Changed are article files created or modified, as of when the batch
	// was made. One may be gone again by the time it is read: the caller
	// then treats it as removed.
	Changed []string
	// Removed are article files that are gone, renamed ones by their old
	// name (the new name is in Changed). A Removed path may have never been
	// seen by the caller: a file created and deleted between two batches.
	Removed []string
	// RemovedDirs are folders that are gone, with every file under them.
	RemovedDirs []string
	// Rescan says that changes may have been missed: the caller must
	// reconcile the whole archive. The lists are then empty.
	Rescan bool
}

func (Batch) event() {}

// Mode is how the watcher learns of changes.
type Mode int

const (
	// Notify: the system tells of every change, within Options.Quiet.
	Notify Mode = iota
	// Poll: the watcher looks for changes every Options.PollInterval.
	Poll
)

// Status says how the watcher works. The watcher sends one when it starts
// and one each time that changes; it is meant for the status line, once.
type Status struct {
	Mode Mode
	// Folders is how many folders were watched or polled when it was sent.
	Folders int
	// Interval is how often a polling watcher looks.
	Interval time.Duration
	// Err says why the watcher polls, when it was not asked to: it wraps
	// ErrWatchLimit, ErrOverflow, ErrUnsupported or ErrRootGone.
	Err error
}

func (Status) event() {}

// String is the status line's text.
func (s Status) String() string {
	folders := display.Plural(s.Folders, "folder")
	switch {
	case errors.Is(s.Err, ErrRootGone):
		return s.Err.Error() + "; waiting for it to return"
	case s.Mode == Notify:
		return "watching " + folders
	case s.Err == nil:
		return fmt.Sprintf("checking %s every %s", folders, s.Interval)
	}
	return fmt.Sprintf("checking %s every %s: %v", folders, s.Interval, s.Err)
}

// Why a watcher polls.
var (
	ErrWatchLimit  = errors.New("out of folder watches")
	ErrOverflow    = errors.New("too many changes at once, some were missed")
	ErrUnsupported = errors.New("change notifications do not work here")
	ErrRootGone    = errors.New("the archive folder is gone")
)

// ErrClosed is returned by Start on a watcher that was closed or started.
var ErrClosed = errors.New("watcher closed or already started")

// Options tune a Watcher; the zero value is the defaults.
type Options struct {
	// Quiet is how long the archive must stay still before its changes
	// are sent: the writes of one file, and the thousands of files of a
	// `git pull`, gather into one batch. It is also the least time from a
	// write to its batch. Default 50ms: short beside the half second at
	// which a person notices a wait, long beside the microseconds between
	// the writes of one file or of one checkout.
	Quiet time.Duration
	// MaxDelay bounds how long a change waits while the archive never
	// stays still, as a long burst goes on: then a batch goes out each
	// MaxDelay, with the files that were still for Quiet. Default 1s, so
	// that the caller merges a burst into its list once a second at most.
	MaxDelay time.Duration
	// PollInterval is how often a polling watcher compares the folders'
	// modification times (one stat per folder). Default 2s.
	PollInterval time.Duration
	// FullInterval is how often a polling watcher also stats every file,
	// for files rewritten in place, which change no folder. Default 1m.
	// Both intervals grow to 50 times what a pass takes, so that polling a
	// large archive costs at most 2% of a core.
	FullInterval time.Duration
	// MaxWatches caps the folders watched; past it the watcher polls. Zero
	// is as many as the system allows (on Linux, fs.inotify.max_user_watches,
	// shared by every program of the user).
	MaxWatches int
	// Poll makes the watcher poll from the start, for file systems whose
	// notifications cannot be trusted.
	Poll bool
}

func (o Options) withDefaults() Options {
	set := func(d *time.Duration, def time.Duration) {
		if *d <= 0 {
			*d = def
		}
	}
	set(&o.Quiet, 50*time.Millisecond)
	set(&o.MaxDelay, time.Second)
	set(&o.PollInterval, 2*time.Second)
	set(&o.FullInterval, time.Minute)
	return o
}

// A Watcher follows one archive folder. Its methods may be called from any
// goroutine.
type Watcher struct {
	root   string // absolute and clean
	prefix string // root with a trailing separator
	opts   Options
	out    chan Event

	mu      sync.Mutex
	started bool
	closed  bool
	cancel  context.CancelFunc
	done    chan struct{}

	// Owned by the goroutine of run, once started.
	status   *Status // not taken by the caller yet
	box      outbox
	notify   *notifier
	poll     *poller
	debounce *time.Timer
	tick     *time.Timer
}

// New returns a watcher for the archive in the folder root. It watches
// nothing until Start.
func New(root string, opts Options) (*Watcher, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", display.Printable(root), err)
	}
	if err := checkRoot(abs); err != nil {
		return nil, err
	}
	prefix := abs
	if prefix[len(prefix)-1] != filepath.Separator {
		prefix += string(filepath.Separator)
	}
	return &Watcher{
		root:   abs,
		prefix: prefix,
		opts:   opts.withDefaults(),
		out:    make(chan Event),
		done:   make(chan struct{}),
		box:    newOutbox(),
	}, nil
}

func checkRoot(root string) error {
	fi, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("watch %s: not a folder", display.Printable(root))
	}
	return nil
}

// Events delivers batches and statuses until the watcher stops, then is
// closed. The watcher never waits for its reader to read on: changes
// gather meanwhile into the next batch.
func (w *Watcher) Events() <-chan Event { return w.out }

// Start watches every folder of the archive, or takes the snapshot that
// polling compares with, and returns once that is done: a change from then
// on is in some batch. A caller that scans the archive starts the watcher
// first, so that nothing falls between the scan and the watch; a change
// during the scan may then come twice, which a reconcile takes in its
// stride. The watcher stops when ctx ends or at Close.
func (w *Watcher) Start(ctx context.Context) error {
	w.mu.Lock()
	if w.started || w.closed {
		w.mu.Unlock()
		return ErrClosed
	}
	if err := checkRoot(w.root); err != nil {
		w.mu.Unlock()
		return err
	}
	w.started = true
	ctx, w.cancel = context.WithCancel(ctx)
	w.mu.Unlock()

	w.debounce = stoppedTimer()
	w.tick = stoppedTimer()
	w.begin(ctx)
	go w.run(ctx)
	return ctx.Err()
}

// Close stops the watcher, releases its watches and returns when all its
// goroutines have ended. Events is closed then. Closing twice is harmless.
func (w *Watcher) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	started := w.started
	w.mu.Unlock()
	if !started {
		close(w.out)
		return nil
	}
	w.cancel()
	<-w.done
	return nil
}

func stoppedTimer() *time.Timer {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return t
}

// begin sets up watching, with notifications when they work and by polling
// otherwise, and queues the Status that says which.
func (w *Watcher) begin(ctx context.Context) {
	if w.opts.Poll {
		w.startPoll(ctx, nil)
		return
	}
	if err := w.startNotify(ctx); err != nil {
		w.startPoll(ctx, err)
		return
	}
	w.report(Status{Mode: Notify, Folders: len(w.notify.dirs)})
}

// fallback switches from notifications to polling for reason. Changes
// between the last event read and the poll's snapshot are unknown, so the
// caller is told to rescan.
func (w *Watcher) fallback(ctx context.Context, reason error) {
	w.stopNotify()
	w.startPoll(ctx, reason)
	if !w.poll.gone {
		w.box.setRescan()
	}
}

// report queues a status for the caller, in place of one it has not
// taken: the status line shows how the watcher works now.
func (w *Watcher) report(s Status) { w.status = &s }

// run is the watcher's one goroutine of its own: it reads notifications,
// runs the timers and polls, and hands events to the caller, so that all
// state is touched from here alone.
func (w *Watcher) run(ctx context.Context) {
	defer close(w.done)
	defer close(w.out)
	defer w.stopNotify()
	for {
		var out chan<- Event
		var next Event
		if w.status != nil {
			out, next = w.out, *w.status
		} else if !w.box.empty() {
			out, next = w.out, w.box.batch()
		}
		var events <-chan fsnotify.Event
		var errs <-chan error
		if w.notify != nil {
			events, errs = w.notify.fsw.Events, w.notify.fsw.Errors
		}
		select {
		case <-ctx.Done():
			return
		case out <- next:
			if _, ok := next.(Status); ok {
				w.status = nil
			} else {
				w.box.reset()
			}
		case ev, ok := <-events:
			if !ok {
				w.fallback(ctx, fmt.Errorf("%w: the notifications stopped", ErrUnsupported))
				continue
			}
			w.handle(ctx, ev)
		case err, ok := <-errs:
			switch {
			case !ok:
				w.fallback(ctx, fmt.Errorf("%w: the notifications stopped", ErrUnsupported))
			case errors.Is(err, fsnotify.ErrEventOverflow):
				w.fallback(ctx, ErrOverflow)
			default:
				w.fallback(ctx, fmt.Errorf("%w: %v", ErrUnsupported, err))
			}
		case <-w.debounce.C:
			w.flush(ctx, time.Now())
		case <-w.tick.C:
			w.pollPass(ctx)
		}
	}
}
