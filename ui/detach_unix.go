//go:build unix

package ui

import (
	"os/exec"
	"syscall"
)

// detach starts c in a session of its own: bubbletea's ctrl+z stops the
// whole process group, and the terminal's hangup would end it with
// newsreader, neither of which a browser opened from it should share.
func detach(c *exec.Cmd) {
	c.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
}
