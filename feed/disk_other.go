//go:build !unix

package feed

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// dirHandle is an open folder of the archive. Elsewhere than on Unix it
// goes through paths and the os package: slower, but the same results.
type dirHandle struct {
	f    *os.File
	path string
}

func openDir(path string) (*dirHandle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return &dirHandle{f: f, path: path}, nil
}

func (d *dirHandle) close() error { return d.f.Close() }

func (d *dirHandle) entries() ([]os.DirEntry, error) {
	es, err := d.f.ReadDir(-1)
	slices.SortFunc(es, func(a, b os.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return es, err
}

func (d *dirHandle) self() (diskStat, error) {
	fi, err := d.f.Stat()
	if err != nil {
		return diskStat{}, err
	}
	return statOfInfo(fi), nil
}

func (d *dirHandle) statAt(name string) (diskStat, error) {
	fi, err := os.Stat(filepath.Join(d.path, name))
	if err != nil {
		return diskStat{}, err
	}
	return statOfInfo(fi), nil
}

func (d *dirHandle) readAt(name string, buf []byte, more func([]byte) bool) ([]byte, diskStat, error) {
	f, err := os.Open(filepath.Join(d.path, name))
	if err != nil {
		return nil, diskStat{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, diskStat{}, err
	}
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, diskStat{}, err
	}
	data := buf[:n]
	if n == len(buf) && more(data) {
		rest, err := io.ReadAll(io.LimitReader(f, maxFile))
		if err != nil {
			return nil, diskStat{}, err
		}
		data = append(data[:n:n], rest...)
	}
	return data, statOfInfo(fi), nil
}

// diskStat is what a stat tells a reconcile.
type diskStat struct {
	FileStat
	dir, regular bool
	info         os.FileInfo
}

// same reports whether two stats are of one file, for link loops.
func (s diskStat) same(o diskStat) bool { return os.SameFile(s.info, o.info) }

// statOfInfo has no change time to give: a file rewritten with its size
// and modification time restored goes unnoticed here.
func statOfInfo(fi os.FileInfo) diskStat {
	return diskStat{
		FileStat: FileStat{Size: fi.Size(), MTime: fi.ModTime().UnixNano()},
		dir:      fi.IsDir(),
		regular:  fi.Mode().IsRegular(),
		info:     fi,
	}
}

func isNotExist(err error) bool { return errors.Is(err, os.ErrNotExist) }
