//go:build !linux

package main

import "io"

// outputGone would tell that the output's reader has gone; elsewhere than
// on Linux the follow learns it at its next write.
func outputGone(io.Writer, <-chan struct{}) <-chan struct{} { return nil }
