package feed

import (
	"os"
	"path/filepath"
	"testing"
)

// FolderTime and FileStat give what a reconcile records, so that a cache
// checked with them against the disk matches where nothing changed: at
// the top of the archive too, and through a link.
func TestFolderTimeAndFileStat(t *testing.T) {
	dir := t.TempDir()
	post := []byte("---\ntitle: A\ndate: 2025-01-01 08:00:00\n---\n<p>x</p>\n")
	writeFiles(t, dir, map[string][]byte{"a.md": post, "sub/b.md": post, "sub/deep/c.md": post})
	if err := os.Symlink(filepath.Join(dir, "sub", "b.md"), filepath.Join(dir, "sub", "link.md")); err != nil {
		t.Fatal(err)
	}
	age(t, dir)
	var r reconciled
	r.run(t, dir)
	arch, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	stats := 0
	for p, f := range r.folders {
		if got, err := arch.FolderTime(p); err != nil || got != f.MTime || got == 0 {
			t.Errorf("FolderTime(%s) = %d, %v; the reconcile recorded %d", p, got, err, f.MTime)
		}
		for i, name := range f.Names {
			stats++
			if got, err := arch.FileStat(Join(p, name)); err != nil || got != f.Stats[i] {
				t.Errorf("FileStat(%s) = %+v, %v; the reconcile recorded %+v", Join(p, name), got, err, f.Stats[i])
			}
		}
	}
	if len(r.folders) != 3 || stats != 4 {
		t.Fatalf("%d folders, %d files reconciled, want 3 and 4", len(r.folders), stats)
	}
	if _, err := arch.FileStat("sub/none.md"); err == nil {
		t.Error("FileStat of a file that is not there: no error")
	}
	if _, err := arch.FolderTime("none"); err == nil {
		t.Error("FolderTime of a folder that is not there: no error")
	}
	if _, err := Demo(Options{}).FileStat("a.md"); err == nil {
		t.Error("FileStat in the demo: no error")
	}
}
