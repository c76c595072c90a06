package watch

import (
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"strings"

	"newsreader/feed"
)

// kind is what a folder entry is to the archive.
type kind int

const (
	ignored kind = iota
	folder
	article
)

// classify tells what the entry e of the folder dir (absolute) is, following
// links as the scan does. info is the followed link's, or nil: callers that
// need a file's size and time ask e.Info() themselves, which is one stat
// they skip otherwise.
func classify(dir string, e fs.DirEntry) (k kind, info fs.FileInfo) {
	typ := e.Type()
	if typ&fs.ModeSymlink != 0 {
		fi, err := os.Stat(filepath.Join(dir, e.Name()))
		if err != nil {
			return ignored, nil // broken link: the scan warns about it
		}
		info, typ = fi, fi.Mode().Type()
	}
	switch {
	case typ.IsDir() && !feed.IsHidden(e.Name()):
		return folder, info
	case typ.IsRegular() && feed.IsArticleFile(e.Name()):
		return article, info
	}
	return ignored, info
}

// readDir lists the folder dir in the order the file system keeps it:
// os.ReadDir's sorting by name is an eighth of the time Start takes, and
// nothing here needs the order.
func readDir(dir string) ([]fs.DirEntry, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadDir(-1)
}

// loops reports whether the folder at rel, reached through a link and whose
// target is info, is one of its own ancestors: following it would never end.
// Only links can loop, so only they pay for the ancestors' stats.
func (w *Watcher) loops(rel string, info fs.FileInfo) bool {
	for d := path.Dir(rel); ; d = path.Dir(d) {
		if fi, err := os.Stat(w.abs(d)); err == nil && os.SameFile(fi, info) {
			return true
		}
		if d == "." {
			return false
		}
	}
}

// abs is the file system path of rel, a slash-separated path in the archive.
func (w *Watcher) abs(rel string) string {
	return filepath.Join(w.root, filepath.FromSlash(rel))
}

// rel is the slash-separated archive path of name, a file system path, and
// whether name is inside the archive at all.
func (w *Watcher) rel(name string) (string, bool) {
	if name == w.root {
		return ".", true
	}
	r, ok := strings.CutPrefix(name, w.prefix)
	if !ok || r == "" {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// deleteUnder deletes from m the paths that are dir or inside it.
func deleteUnder[V any](m map[string]V, dir string) {
	maps.DeleteFunc(m, func(p string, _ V) bool { return feed.Under(p, dir) })
}
