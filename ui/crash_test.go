package ui

import (
	"errors"
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestCrashReport(t *testing.T) {
	dir := t.TempDir()
	c := &crashLog{dir: dir + "/state"}
	func() {
		defer func() { _ = recover() }()
		defer c.catch()
		var rows []string
		_ = rows[len(dir)] // a runtime error, as a bug would raise
	}()
	err := c.err(errors.Join(tea.ErrProgramKilled, tea.ErrProgramPanic))
	if err == nil || !strings.Contains(err.Error(), dir+"/state/panic-") {
		t.Fatalf("error %v", err)
	}
	p := err.Error()[strings.Index(err.Error(), dir):]
	data, rerr := os.ReadFile(p)
	if rerr != nil || !strings.Contains(string(data), "index out of range") || !strings.Contains(string(data), "TestCrashReport") {
		t.Errorf("report %s: %v\n%s", p, rerr, data)
	}
	if c.err(nil) != nil || c.err(tea.ErrInterrupted) != tea.ErrInterrupted {
		t.Error("errors other than panics changed")
	}
}

func TestPanicInUpdateIsReported(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab")
	m.list.rowOf = nil // a broken state: moving indexes it
	func() {
		defer func() {
			if recover() == nil {
				t.Error("no panic")
			}
		}()
		m.Update(keyMsg("j"))
	}()
	if m.crash.path == "" || !strings.HasPrefix(m.crash.path, m.cfg.StateDir) {
		t.Errorf("report at %q", m.crash.path)
	}
}
