//go:build !unix

package feed

import (
	"errors"
	"io/fs"
)

// openFolder opens folder p of the archive. Elsewhere than on Unix it goes
// through the archive's fs.FS (os.DirFS for a folder on disk): slower, and
// blind to change times, but the same results.
func (a *Archive) openFolder(p string) (folder, error) { return openFSFolder(a.fsys, p) }

// folderStat stats folder p of the archive, through its fs.FS.
func (a *Archive) folderStat(p string) (diskStat, error) { return openedStat(a, p) }

// isNotExist reports whether err says the entry is gone.
func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
