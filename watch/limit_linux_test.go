package watch

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// childLimit, in the environment, makes TestSystemWatchLimit the child
// that runs under a lowered limit: the number of watches it may take.
const childLimit = "NEWSREADER_WATCH_TEST_LIMIT"

// TestSystemWatchLimit runs the watcher out of the kernel's own watches:
// inotify_add_watch fails with ENOSPC, as when editors and other tools of
// the user hold all of fs.inotify.max_user_watches. The limit is lowered in
// a user namespace of a child process, so nothing else on the machine
// notices; where user namespaces are not allowed the test is skipped.
func TestSystemWatchLimit(t *testing.T) {
	if limit := os.Getenv(childLimit); limit != "" {
		underLimit(t, limit)
		return
	}
	for _, tt := range []struct {
		name  string
		limit int
	}{
		{"at the start", 2}, // of the archive's 4 folders
		{"later", 4},        // a fifth comes while it watches
	} {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestSystemWatchLimit$", "-test.count=1", "-test.v")
			cmd.Env = append(os.Environ(), childLimit+"="+strconv.Itoa(tt.limit))
			cmd.SysProcAttr = &syscall.SysProcAttr{
				Cloneflags:  syscall.CLONE_NEWUSER,
				UidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}},
				GidMappings: []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}},
			}
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if err != nil && !errors.As(err, &exit) {
				t.Skipf("no user namespace for a lowered limit: %v", err)
			}
			switch {
			case err != nil:
				t.Fatalf("the watcher under the lowered limit failed:\n%s", out)
			case strings.Contains(string(out), "--- SKIP"):
				t.Skipf("%s", out)
			case !strings.Contains(string(out), "--- PASS"):
				t.Fatalf("the child ran no test:\n%s", out)
			}
			t.Logf("%s", out)
		})
	}
}

// underLimit is the child: with limit watches allowed, an archive of four
// folders, and a fifth made later.
func underLimit(t *testing.T, limit string) {
	if err := os.WriteFile("/proc/sys/user/max_inotify_watches", []byte(limit), 0); err != nil {
		t.Skipf("cannot lower the limit: %v", err)
	}
	opts := modes[0].opts
	c := watch(t, archive(t, "a/1.md", "b/2.md", "b/c/3.md"), opts)
	c.until("a status", func() bool { return len(c.statuses) > 0 })
	if limit == "4" {
		if s := c.statuses[0]; s.Mode != Notify {
			t.Fatalf("status %v, want watching", s)
		}
		write(t, c.dir, "d/new.md", "one folder too many")
		c.until("a rescan", func() bool { return c.rescans > 0 })
	}
	s := c.statuses[len(c.statuses)-1]
	if s.Mode != Poll || !errors.Is(s.Err, ErrWatchLimit) || !strings.Contains(s.String(), "all "+limit+" of the user's inotify watches are taken (sysctl fs.inotify.max_user_watches)") {
		t.Fatalf("status %q, want polling for the system's limit of %s watches", s, limit)
	}
	write(t, c.dir, "b/c/polled.md", "found by polling")
	write(t, c.dir, "e/polled.md", "found by polling")
	c.has([]string{"b/c/polled.md", "e/polled.md", "a/1.md"})
	c.sync()
	if n := c.statusesWith(ErrWatchLimit); n != 1 {
		t.Errorf("statuses %v, want the limit told once", c.statuses)
	}
	t.Logf("under %s watches: %q", limit, s)
}
