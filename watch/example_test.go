package watch_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"newsreader/watch"
)

// A caller starts the watcher, then scans, then applies each batch: forget
// the removed folders and files, (re)read the changed files, or reconcile
// everything on a rescan; and shows each status once.
func Example() {
	dir, err := os.MkdirTemp("", "archive")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.Mkdir(filepath.Join(dir, "news"), 0o755); err != nil {
		log.Fatal(err)
	}

	w, err := watch.New(dir, watch.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer w.Close()
	if err := w.Start(context.Background()); err != nil {
		log.Fatal(err)
	}
	// Scan the archive here: whatever changes from now on comes in a batch.

	if err := os.WriteFile(filepath.Join(dir, "news", "new.md"), []byte("---\ntitle: New\n---\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	for ev := range w.Events() {
		switch ev := ev.(type) {
		case watch.Status:
			fmt.Println("status:", ev)
		case watch.Batch:
			if ev.Rescan {
				fmt.Println("reconcile everything")
				continue
			}
			fmt.Println("forget folders:", ev.RemovedDirs)
			fmt.Println("forget files:", ev.Removed)
			fmt.Println("read:", ev.Changed)
			return
		}
	}
	// Output:
	// status: watching 2 folders
	// forget folders: []
	// forget files: []
	// read: [news/new.md]
}
