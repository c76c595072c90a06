package ui

import (
	"fmt"
	"strings"
	"testing"

	"newsreader/feed"
)

func TestHelp(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "?")
	contains(t, m, "Help", "next category", "filter titles", "switch pane", "ctrl+c", "quit", "rescan")
	lacks(t, m, "next article")
	press(t, m, "?")
	contains(t, m, "All · 6 articles")
	// In the reader the help lists the reader's keys.
	press(t, m, "tab", "enter", "?")
	contains(t, m, "next article", "previous article", "pipe", "copy path")
	lacks(t, m, "next category")
	press(t, m, "esc")
	contains(t, m, "1/6")
}

func TestHelpFitsNarrowWindows(t *testing.T) {
	m := newModel(t, 40, 12)
	press(t, m, "?")
	contains(t, m, "Move")
	press(t, m, "G")
	contains(t, m, "Mouse")
	checkFrame(t, m)
}

// TestHelpAtTwentyColumns: a column of keys wider than the window wraps
// instead of ending in an ellipsis.
func TestHelpAtTwentyColumns(t *testing.T) {
	m := newModel(t, 20, 40)
	press(t, m, "?")
	contains(t, m, "Move", "down", "first", "last")
	checkFrame(t, m)
	press(t, m, "G")
	contains(t, m, "drag", "anywhere")
	checkFrame(t, m)
}

func TestWarnings(t *testing.T) {
	files := append([]fixture{{"坏/broken.md", "坏文件", []string{"坏"}, "Invalid Date", "<p>x</p>"}}, fixtures...)
	m := newModelOf(t, testConfig(t, writeArchive(t, files)), 100, 30)
	contains(t, m, "⚠ 1 !")
	press(t, m, "!")
	contains(t, m, "Warnings · 1 warning", "坏/broken.md", "Invalid Date")
	press(t, m, "!")
	contains(t, m, "All · 7 articles")
}

// manyWarnings gives m 100,000 warnings from 50,000 files with long
// Chinese paths, as a scan would, and opens the warnings.
func manyWarnings(t testing.TB, m *testModel) {
	t.Helper()
	var ws []feed.Warning
	for i := range 50_000 {
		p := fmt.Sprintf("金融/新浪财经－国內/%05d/%s文件%d.md", i, strings.Repeat("很长的中文名", 1+i%7), i)
		ws = append(ws, feed.Warning{Path: p, Reason: "no date; using the file's modification time"}, feed.Warning{Path: p, Reason: "no categories; using the folders"})
	}
	m.scan = scanState{gen: 9, running: true, cancel: func() {}, every: minRefresh}
	send(t, m, scanBatchMsg{gen: 9, changes: feed.Changes{Batch: feed.Batch{Warnings: ws, Files: len(ws) / 2}}})
	send(t, m, scanDoneMsg{gen: 9})
	press(t, m, "!")
}

// TestManyWarnings: 100,000 warnings with long Chinese paths, in a small
// window. Each file's path shows once, cut at its start by display width
// so that the file name stays, and a frame draws the rows on screen only
// (BenchmarkManyWarnings measures it).
func TestManyWarnings(t *testing.T) {
	m := newModel(t, 40, 12)
	manyWarnings(t, m)
	contains(t, m, "Warnings · 100,000 warnings", "文件0.md", "no date", "no categories", "文件1.md")
	if n := strings.Count(shown(m), "文件0.md"); n != 1 {
		t.Errorf("the first file's path shows %d times:\n%s", n, shown(m))
	}
	checkFrame(t, m)
	drawn := 0
	draw := m.warnings.draw
	m.warnings.draw = func(i, width int) string {
		drawn++
		return draw(i, width)
	}
	press(t, m, "G")
	if drawn != 0 {
		t.Errorf("going to the end drew %d rows", drawn)
	}
	contains(t, m, "文件49999.md", "no categories")
	if body := m.layout().bodyH; drawn != body {
		t.Errorf("a frame drew %d rows for a body of %d", drawn, body)
	}
	checkFrame(t, m)
	for _, l := range lines(m)[1 : m.height-1] {
		if strings.Contains(l, "/") && !strings.HasSuffix(l, ".md") {
			t.Errorf("a path lost its end: %q", l)
		}
	}
}

// BenchmarkManyWarnings measures going to the end of 100,000 warnings and
// drawing the frame there, then back to the top.
func BenchmarkManyWarnings(b *testing.B) {
	m := newModel(b, 40, 12)
	manyWarnings(b, m)
	for b.Loop() {
		press(b, m, "G")
		_ = m.View()
		press(b, m, "g")
		_ = m.View()
	}
}
