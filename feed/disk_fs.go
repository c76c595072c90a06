package feed

import (
	"io/fs"
)

// fsFolder is a folder of an archive read through its fs.FS: the
// embedded demo, an archive on disk elsewhere than on Unix (through
// os.DirFS), and the file systems of tests that fail on purpose.
type fsFolder struct {
	fsys fs.FS
	path string
}

func openFSFolder(fsys fs.FS, p string) (folder, error) { return fsFolder{fsys, p}, nil }

func (d fsFolder) close() error { return nil }

func (d fsFolder) entries() ([]entry, error) {
	des, err := fs.ReadDir(d.fsys, d.path)
	return entriesOf(des), err
}

func (d fsFolder) self() (diskStat, error) { return statFS(d.fsys, d.path) }

func (d fsFolder) statAt(name string) (diskStat, error) { return statFS(d.fsys, Join(d.path, name)) }

func (d fsFolder) openAt(name string) (file, error) {
	f, err := d.fsys.Open(Join(d.path, name))
	if err != nil {
		return nil, err
	}
	return fsFile{f}, nil
}

// fsFile is an open file of an fs.FS.
type fsFile struct{ fs.File }

func (f fsFile) stat() (diskStat, error) {
	fi, err := f.Stat()
	if err != nil {
		return diskStat{}, err
	}
	return statOfInfo(fi), nil
}

func statFS(fsys fs.FS, p string) (diskStat, error) {
	fi, err := fs.Stat(fsys, p)
	if err != nil {
		return diskStat{}, err
	}
	return statOfInfo(fi), nil
}

// statOfInfo has no change time to give: through an fs.FS, a file
// rewritten with its size and modification time restored goes unnoticed.
func statOfInfo(fi fs.FileInfo) diskStat {
	return diskStat{
		FileStat: FileStat{Size: fi.Size(), MTime: fi.ModTime().UnixNano()},
		dir:      fi.IsDir(),
		regular:  fi.Mode().IsRegular(),
		info:     fi,
	}
}
