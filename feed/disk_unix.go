//go:build unix

package feed

import (
	"errors"
	"os"
	"slices"
	"strings"

	"golang.org/x/sys/unix"
)

// A reconcile stats every file of the archive and reads the new ones. It
// does so relative to an open folder (fstatat, openat) on raw descriptors:
// measured on 100,000 files, that took 200 ms where os.Lstat of each path
// took 270 ms, and opening and reading 4 KiB took 40% less time than
// through *os.File, which registers every file with the poller and sets a
// finalizer.

// dirHandle is an open folder of the archive.
type dirHandle struct {
	f  *os.File
	fd int
}

func openDir(path string) (*dirHandle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return &dirHandle{f: f, fd: int(f.Fd())}, nil
}

func (d *dirHandle) close() error { return d.f.Close() }

// entries lists the folder, sorted by name.
func (d *dirHandle) entries() ([]os.DirEntry, error) {
	es, err := d.f.ReadDir(-1)
	slices.SortFunc(es, func(a, b os.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return es, err
}

// self stats the folder itself.
func (d *dirHandle) self() (diskStat, error) {
	var st unix.Stat_t
	if err := unix.Fstat(d.fd, &st); err != nil {
		return diskStat{}, err
	}
	return statOf(&st), nil
}

// statAt stats the named entry, following links.
func (d *dirHandle) statAt(name string) (diskStat, error) {
	var st unix.Stat_t
	for {
		err := unix.Fstatat(d.fd, name, &st, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return diskStat{}, &os.PathError{Op: "stat", Path: name, Err: err}
		}
		return statOf(&st), nil
	}
}

// readAt reads the named file's first len(buf) bytes, and on to the end
// (up to maxFile) when more tells it to; it returns what was read and the
// file's stat as of the read.
func (d *dirHandle) readAt(name string, buf []byte, more func([]byte) bool) ([]byte, diskStat, error) {
	fd, err := openat(d.fd, name)
	if err != nil {
		return nil, diskStat{}, &os.PathError{Op: "open", Path: name, Err: err}
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, diskStat{}, &os.PathError{Op: "stat", Path: name, Err: err}
	}
	n, err := readFull(fd, buf)
	if err != nil {
		return nil, diskStat{}, &os.PathError{Op: "read", Path: name, Err: err}
	}
	data := buf[:n]
	if n == len(buf) && more(data) {
		rest := make([]byte, 0, 2*len(buf))
		rest = append(rest, data...)
		for len(rest) < maxFile {
			if len(rest) == cap(rest) {
				rest = append(rest, 0)[:len(rest)]
			}
			k, err := read(fd, rest[len(rest):min(cap(rest), maxFile)])
			if err != nil {
				return nil, diskStat{}, &os.PathError{Op: "read", Path: name, Err: err}
			}
			if k == 0 {
				break
			}
			rest = rest[:len(rest)+k]
		}
		data = rest
	}
	return data, statOf(&st), nil
}

func openat(dirfd int, name string) (int, error) {
	for {
		fd, err := unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_CLOEXEC|unix.O_NOCTTY, 0)
		if err != unix.EINTR {
			return fd, err
		}
	}
}

func read(fd int, b []byte) (int, error) {
	for {
		n, err := unix.Read(fd, b)
		if err != unix.EINTR {
			return max(n, 0), err
		}
	}
}

// readFull reads until buf is full or the file ends.
func readFull(fd int, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		k, err := read(fd, buf[n:])
		if err != nil {
			return n, err
		}
		if k == 0 {
			break
		}
		n += k
	}
	return n, nil
}

// diskStat is what a stat tells a reconcile.
type diskStat struct {
	FileStat
	dir, regular bool
	dev, ino     uint64
}

// same reports whether two stats are of one file, for link loops.
func (s diskStat) same(o diskStat) bool { return s.dev == o.dev && s.ino == o.ino }

func statOf(st *unix.Stat_t) diskStat {
	return diskStat{
		FileStat: FileStat{
			Size:  st.Size,
			MTime: st.Mtim.Sec*1e9 + int64(st.Mtim.Nsec),
			CTime: st.Ctim.Sec*1e9 + int64(st.Ctim.Nsec),
		},
		dir:     st.Mode&unix.S_IFMT == unix.S_IFDIR,
		regular: st.Mode&unix.S_IFMT == unix.S_IFREG,
		dev:     uint64(st.Dev),
		ino:     uint64(st.Ino),
	}
}

// isNotExist reports whether err says the entry is gone.
func isNotExist(err error) bool {
	return errors.Is(err, unix.ENOENT) || errors.Is(err, unix.ENOTDIR) || errors.Is(err, os.ErrNotExist)
}
