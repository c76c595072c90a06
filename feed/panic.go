package feed

import (
	"fmt"
	"runtime/debug"

	"newsreader/display"
)

// PanicError is a panic recovered while reading the archive: a bug that
// some file or folder triggered. It ends the operation that met it instead
// of the process, which may be holding the terminal in raw mode; its stack
// is kept for a crash report.
type PanicError struct {
	// Op is what was being done, such as "read x/y.md".
	Op    string
	Value any
	Stack []byte
}

// Error says what was being done and what the panic was.
func (e *PanicError) Error() string {
	return e.Op + ": internal error: " + display.Printable(fmt.Sprint(e.Value))
}

// recoverPanic, deferred, turns a panic into a *PanicError in *err. op
// and arg are joined only when there was one.
func recoverPanic(err *error, op, arg string) {
	if v := recover(); v != nil {
		*err = &PanicError{Op: op + " " + display.Printable(arg), Value: v, Stack: debug.Stack()}
	}
}
