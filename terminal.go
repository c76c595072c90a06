package main

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// isTerminal reports whether the stream is a terminal.
func (a *app) isTerminal(s any) bool {
	f, ok := s.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// width is the terminal's width when w is one, else $COLUMNS, else def.
func (a *app) width(w io.Writer, def int) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	var cols int
	if _, err := fmt.Sscan(a.env.Getenv("COLUMNS"), &cols); err == nil && cols > 0 {
		return cols
	}
	return def
}

// stdFile returns the stream as a file when it is one, for terminal queries.
func stdFile(s any) *os.File {
	f, _ := s.(*os.File)
	return f
}
