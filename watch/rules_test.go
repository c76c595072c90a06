package watch

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"newsreader/feed"
)

// TestRulesMatchScan holds the watcher to the scan's rules of what is an
// article file: both modes find, in an archive of every kind of entry,
// exactly the files that feed's scan reads.
func TestRulesMatchScan(t *testing.T) {
	dir := archive(t,
		"a/plain.md", "a/UPPER.MD", "a/long.markdown", "a/Mixed.MarkDown", "a/.dotted.md",
		"a/notes.txt", "a/draft.md~", "a/archive.md.gz", "a/md", "top.md",
		".git/hidden.md", "a/.cache/hidden.md", "a/dir.md/inner.md", "deep/er/still/deeper.md",
	)
	links := map[string]string{
		"b":           "a",                        // a folder by another name: its files are copies
		"a/loop":      "..",                       // back to the archive's folder
		"a/link.md":   "plain.md",                 // a file by another name
		"a/broken.md": "nowhere.md",               // a link to nothing
		"a/out":       filepath.Join(dir, "deep"), // an absolute link
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}

	arc, err := feed.Open(dir, feed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	err = arc.Scan(context.Background(), func(b feed.Batch) {
		for _, a := range b.Articles {
			want = append(want, a.Path)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(want)

	ctx := context.Background()
	w, err := New(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.debounce, w.tick = stoppedTimer(), stoppedTimer()

	w.startPoll(ctx, nil)
	var polled []string
	for rel, d := range w.poll.dirs {
		for name := range d.files {
			polled = append(polled, feed.Join(rel, name))
		}
	}
	slices.Sort(polled)
	if !slices.Equal(polled, want) {
		t.Errorf("polling finds\n%q\nthe scan reads\n%q", polled, want)
	}

	// A folder that appears later is walked as at the start, and its
	// files reported: the whole archive appearing at once.
	if err := w.startNotify(ctx); err != nil {
		t.Fatal(err)
	}
	defer w.stopNotify()
	clear(w.notify.dirs)
	if err := w.addTree(ctx, ".", true); err != nil {
		t.Fatal(err)
	}
	notified := slices.Sorted(maps.Keys(w.notify.pend))
	if !slices.Equal(notified, want) {
		t.Errorf("a new folder's walk finds\n%q\nthe scan reads\n%q", notified, want)
	}
}
