package watch

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"

	"newsreader/display"
)

// remoteFS names the file system of dir when it is one whose changes made
// elsewhere (another machine, the host of a virtual machine) never reach
// inotify, and is "" otherwise. The magic numbers are statfs(2)'s.
func remoteFS(dir string) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return ""
	}
	switch uint32(st.Type) {
	case 0x6969:
		return "NFS"
	case 0x517b, 0xff534d42, 0xfe534d42:
		return "SMB"
	case 0x65735546:
		return "a FUSE file system"
	case 0x01021997:
		return "9P (a shared folder of a virtual machine or WSL)"
	case 0x00c36400:
		return "Ceph"
	case 0x5346414f:
		return "AFS"
	}
	return ""
}

// limitError explains err, inotify running out of watches or instances,
// with the setting that raises the limit. The count read is the user
// namespace's, which is the system's outside containers.
func limitError(err error) error {
	what, setting := "watches", "max_user_watches"
	if strings.Contains(err.Error(), "too many open files") {
		what, setting = "instances", "max_user_instances"
	}
	count := ""
	if b, rerr := os.ReadFile("/proc/sys/user/max_inotify_" + what); rerr == nil {
		if n, perr := strconv.Atoi(strings.TrimSpace(string(b))); perr == nil {
			count = " " + display.Thousands(n)
		}
	}
	return fmt.Errorf("%w: all%s of the user's inotify %s are taken (sysctl fs.inotify.%s)", ErrWatchLimit, count, what, setting)
}
