package main

import (
	"os"
	"path/filepath"
	"testing"

	"newsreader/feed"
)

func TestQuiet(t *testing.T) {
	env, dir := newArchive(t)
	_, _, errOut := runCmd(t, env, "list", "--quiet", "--archive", dir)
	if errOut != "2 warnings in 1 of 5 files\n" {
		t.Errorf("stderr %q", errOut)
	}
}

func TestWarningCount(t *testing.T) {
	file := func(p string) feed.Warning { return feed.Warning{Path: p, Reason: "r"} }
	folder := feed.Warning{Path: "d", Reason: "folder skipped", Folder: true}
	tests := []struct {
		ws    []feed.Warning
		files int
		want  string
	}{
		{[]feed.Warning{file("a"), file("a"), file("b")}, 10, "3 warnings in 2 of 10 files"},
		{[]feed.Warning{file("a"), folder}, 1, "2 warnings in 1 of 1 files and 1 folder"},
		{[]feed.Warning{folder}, 0, "1 warning in 1 folder"},
		{[]feed.Warning{folder, {Path: "e", Folder: true}}, 3, "2 warnings in 2 folders"},
	}
	for _, tt := range tests {
		if got := warningCount(tt.ws, tt.files); got != tt.want {
			t.Errorf("%v of %d: %q, want %q", tt.ws, tt.files, got, tt.want)
		}
	}
}

// A broken link is a file that could not be read; a link loop is a folder
// skipped. The count said "3 warnings in 3 of 1 files".
func TestWarningCountOnDisk(t *testing.T) {
	env, _ := newArchive(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "one.md"), "---\ntitle: t\ndate: 2024-01-01\n---\nbody\n")
	if err := os.Mkdir(filepath.Join(dir, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("nowhere.md", filepath.Join(dir, "x/broken.md")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink("..", filepath.Join(dir, "x/up")); err != nil {
		t.Fatal(err)
	}
	_, _, errOut := runCmd(t, env, "list", "-q", "--archive", dir)
	if want := "3 warnings in 2 of 2 files and 1 folder\n"; errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
}
