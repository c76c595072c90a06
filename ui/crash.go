package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
)

// crashLog writes a panic and its stack to a file in the state folder, so
// that a crash leaves a report behind after bubbletea has restored the
// terminal and the screen is gone.
type crashLog struct {
	dir string

	mu   sync.Mutex
	path string // the report written, if any
	why  any
}

// catch is deferred by every function of the interface that runs code a
// panic could escape from (Update, View, commands, the scan goroutine). It
// writes the report and panics on, so that bubbletea restores the
// terminal and Run learns of the crash.
func (c *crashLog) catch() {
	if r := recover(); r != nil {
		c.write(r, debug.Stack())
		panic(r)
	}
}

// write records the first panic, later ones being its consequences, and
// returns where the report is.
func (c *crashLog) write(r any, stack []byte) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.path == "" {
		c.path = c.save(r, stack)
		c.why = r
	}
	return c.path
}

// save writes one report and returns its path, or why it could not.
func (c *crashLog) save(r any, stack []byte) string {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return "(not written: " + err.Error() + ")"
	}
	p := filepath.Join(c.dir, fmt.Sprintf("panic-%s.log", time.Now().Format("20060102-150405")))
	report := fmt.Sprintf("newsreader crashed at %s: %v\n\n%s", time.Now().Format(time.RFC3339), r, stack)
	if err := os.WriteFile(p, []byte(report), 0o600); err != nil {
		return "(not written: " + err.Error() + ")"
	}
	return p
}

// err turns the error bubbletea returned after a panic into one that
// says where the report is.
func (c *crashLog) err(runErr error) error {
	if runErr == nil || !errors.Is(runErr, tea.ErrProgramPanic) {
		return runErr
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.path == "" {
		return fmt.Errorf("the interface crashed: %w", runErr)
	}
	return fmt.Errorf("the interface crashed (%v); the report is in %s", c.why, c.path)
}

// guard wraps a command so that a panic in it is reported like one in
// Update.
func (c *crashLog) guard(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg {
		defer c.catch()
		return cmd()
	}
}
