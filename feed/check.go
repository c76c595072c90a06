package feed

import (
	"fmt"
	"path"
)

// FolderTime returns the modification time of folder p (slash-separated,
// relative to the archive) as a reconcile records it in Folder.MTime:
// for a caller that checks a cache's folders against the disk without a
// walk, as search does before it trusts its index.
func (a *Archive) FolderTime(p string) (int64, error) {
	if _, ok := a.OnDisk(); !ok {
		return 0, fmt.Errorf("check %s: not a folder on disk", a.name)
	}
	st, err := a.folderStat(p)
	return st.MTime, err
}

// openedStat stats folder p by opening it, as the walk does.
func openedStat(a *Archive, p string) (diskStat, error) {
	d, err := a.openFolder(p)
	if err != nil {
		return diskStat{}, err
	}
	defer d.close()
	return d.self()
}

// FileStat returns the size and times of the article file at p as a
// reconcile records them in Folder.Stats, following a link as the walk
// does: for a caller that checks a few files against a cache.
func (a *Archive) FileStat(p string) (FileStat, error) {
	if _, ok := a.OnDisk(); !ok {
		return FileStat{}, fmt.Errorf("check %s: not a folder on disk", a.name)
	}
	dir, name := path.Split(p)
	d, err := a.openFolder(path.Clean(dir)) // "." for a file at the top
	if err != nil {
		return FileStat{}, err
	}
	defer d.close()
	st, err := d.statAt(name)
	return st.FileStat, err
}
