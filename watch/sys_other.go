//go:build !linux

package watch

import "fmt"

// remoteFS would name a network file system; only Linux's are told apart.
func remoteFS(string) string { return "" }

// limitError explains err, the system running out of watches or of files
// (kqueue takes one per file watched).
func limitError(err error) error { return fmt.Errorf("%w: %v", ErrWatchLimit, err) }
