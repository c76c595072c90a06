package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// warnedArchive is the fixtures and three files with warnings: two
// undated articles and a binary file, which is no article.
func warnedArchive(t *testing.T) string {
	dir := writeArchive(t, append([]fixture{
		{"坏/a-undated.md", "没有日期的文章", []string{"坏"}, "Invalid Date", "<p>甲。</p>"},
		{"坏/b-undated.md", "另一篇没有日期的文章", []string{"坏"}, "", "<p>乙。</p>"},
	}, fixtures...))
	if err := os.WriteFile(filepath.Join(dir, "坏", "c-binary.md"), []byte("\x00\x01\x02\x00binary"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestWarningsOpenArticles: enter on a warning opens its file's article;
// back returns to the warnings where they were left, and back again to
// where they were opened: the browser, with its focus.
func TestWarningsOpenArticles(t *testing.T) {
	m := newModelOf(t, testConfig(t, warnedArchive(t)), 100, 30)
	press(t, m, "!")
	contains(t, m, "Warnings · 3 warnings", "坏/a-undated.md", "坏/c-binary.md", "enter open its article")
	press(t, m, "j", "enter")
	contains(t, m, "另一篇没有日期的文章", "乙。")
	lacks(t, m, "Warnings ·")
	press(t, m, "q")
	contains(t, m, "Warnings · 3 warnings")
	if m.warnings.path != "坏/b-undated.md" {
		t.Errorf("back in the warnings on %q", m.warnings.path)
	}
	press(t, m, "q")
	contains(t, m, "All · 8 articles")
	if m.screen != browserScreen || m.focus != treePane {
		t.Errorf("back on screen %d, pane %d, want the tree", m.screen, m.focus)
	}
	// A file that holds no article says so, and stays.
	press(t, m, "!", "G", "enter")
	contains(t, m, "Warnings ·", "no article was read from this file")
}

// TestWarningsFromTheReader: opened from an article, the warnings return
// to it, at the place it was read, after another article opened from
// them.
func TestWarningsFromTheReader(t *testing.T) {
	m := newModelOf(t, testConfig(t, warnedArchive(t)), 60, 12)
	press(t, m, "tab", "enter", "ctrl+d")
	contains(t, m, "Go 1.22 正式发布")
	place := m.reader.vp.YOffset()
	if place == 0 {
		t.Fatal("the article did not scroll")
	}
	press(t, m, "!", "enter")
	contains(t, m, "没有日期的文章")
	press(t, m, "esc", "esc")
	contains(t, m, "Go 1.22 正式发布")
	if got := m.reader.vp.YOffset(); got != place {
		t.Errorf("back at line %d, was at %d", got, place)
	}
	// n and p follow the list, which still works from here.
	press(t, m, "esc")
	contains(t, m, "All · 8 articles")
}

// TestWarningsHelp: ? over the warnings lists their keys, and closes back
// to them; q there returns to where they were opened.
func TestWarningsHelp(t *testing.T) {
	m := newModelOf(t, testConfig(t, warnedArchive(t)), 100, 30)
	press(t, m, "tab", "enter", "!", "?")
	contains(t, m, "Help", "next file", "open its article", "back to where they were opened")
	lacks(t, m, "next category", "next article")
	press(t, m, "q")
	contains(t, m, "Warnings · 3 warnings")
	press(t, m, "q")
	contains(t, m, "Go 1.22 正式发布", "1/8")
	// The help of the browser replaced by the warnings closes to the
	// browser.
	press(t, m, "q", "?", "!")
	contains(t, m, "Warnings ·")
	press(t, m, "q")
	if m.top() != noOverlay || !strings.Contains(lines(m)[0], "All · 8 articles") {
		t.Errorf("overlays %v:\n%s", m.overlays, shown(m))
	}
}
