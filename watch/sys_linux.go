package watch

import (
	"fmt"
	"os"
	"strings"
	"syscall"
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
// with the setting that raises the limit.
func limitError(err error) error {
	what, setting := "watches", "max_user_watches"
	if strings.Contains(err.Error(), "too many open files") {
		what, setting = "instances", "max_user_instances"
	}
	count := "all"
	if b, rerr := os.ReadFile("/proc/sys/fs/inotify/" + setting); rerr == nil {
		count = "all " + strings.TrimSpace(string(b))
	}
	return fmt.Errorf("%w: %s inotify %s of the user are taken (fs.inotify.%s, shared with editors and other tools; sysctl raises it)", ErrWatchLimit, count, what, setting)
}
