package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// signalled is the cause of a run's cancellation by a signal.
type signalled struct{ sig os.Signal }

func (s signalled) Error() string { return s.sig.String() + " signal received" }

// interruptsElsewhere is set while another program has the terminal (a
// pager) or bubbletea runs the interface: ctrl+c is theirs then, the
// terminal sends it to the whole process group, and it must not stop
// newsreader under them. SIGTERM still does. It is the process's, as
// signals are.
var interruptsElsewhere atomic.Bool

// catchSignals cancels the run, with a signalled cause, on SIGINT or
// SIGTERM. stop ends the catching and returns once a signal received has
// cancelled the run, so that the exit status can rely on it.
// signal.NotifyContext would do, but its cause does not say which signal
// came, and the status depends on it.
func catchSignals(cancel context.CancelCauseFunc) (stop func()) {
	// Room for a burst: signal.Notify drops what does not fit.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for s := range sigs {
			if s == os.Interrupt && interruptsElsewhere.Load() {
				continue
			}
			cancel(signalled{s})
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(sigs) // safe: after Stop, nothing more is sent
		<-done
	}
}

// stopStatus is the exit status of a run that the cancellation of ctx
// stopped, 128 plus the signal's number as shells report it, and the word
// for it; 0 when the run was not stopped. A cancellation with no signal
// (as tests do) counts as an interrupt.
func stopStatus(ctx context.Context) (int, string) {
	if ctx.Err() == nil {
		return 0, ""
	}
	var s signalled
	if errors.As(context.Cause(ctx), &s) && s.sig == syscall.SIGTERM {
		return exitTerminated, "terminated"
	}
	return exitInterrupted, "interrupted"
}
