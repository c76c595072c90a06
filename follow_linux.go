package main

import (
	"io"
	"os"

	"golang.org/x/sys/unix"
)

// outputGone returns a channel closed once w, the output of list
// --follow, is a pipe or socket whose reader has gone (`list --follow |
// head -3` once head is done), so that the follow ends then rather than
// at the next article, as GNU tail -f does; or nil. It watches until
// done is closed. Polling for no event reports only the errors and
// hang-ups, which Linux sets on a pipe without readers; the wait is a
// quarter of a second at a time, so that the goroutine never blocks on a
// descriptor closed under it.
func outputGone(w io.Writer, done <-chan struct{}) <-chan struct{} {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	fi, err := f.Stat()
	if err != nil || fi.Mode()&(os.ModeNamedPipe|os.ModeSocket) == 0 {
		return nil
	}
	conn, err := f.SyscallConn()
	if err != nil {
		return nil
	}
	gone := make(chan struct{})
	go func() {
		for {
			hung := false
			err := conn.Control(func(fd uintptr) {
				fds := []unix.PollFd{{Fd: int32(fd)}}
				n, err := unix.Poll(fds, 250)
				hung = err == nil && n > 0 && fds[0].Revents&(unix.POLLERR|unix.POLLHUP) != 0
			})
			if hung || err != nil {
				close(gone)
				return
			}
			select {
			case <-done:
				return
			default:
			}
		}
	}()
	return gone
}
