package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiffShowsOnlyTheChange: a failure on a long output names the lines
// that changed, with a little context, not the whole output.
func TestDiffShowsOnlyTheChange(t *testing.T) {
	var lines []string
	for i := range 100 {
		lines = append(lines, strings.Repeat("x", i%7)+" line")
	}
	old := strings.Join(lines, "\n")
	lines[50] = "changed \x1b[31mred\x1b[0m "
	d := Diff("golden", "got", old, strings.Join(lines, "\n"))
	if !strings.Contains(d, "+changed \\x1b[31mred\\x1b[0m ") || !strings.Contains(d, "-"+strings.Repeat("x", 50%7)+" line") {
		t.Errorf("the diff does not show the change, escapes quoted:\n%s", d)
	}
	if n := strings.Count(d, "\n"); n > 15 {
		t.Errorf("the diff of one changed line has %d lines:\n%s", n, d)
	}
	if Diff("a", "b", old, old) != "" {
		t.Error("equal texts have a diff")
	}
}

func TestCheckMatches(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", "x.golden"), []byte("same\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	Check(t, "x", "same\n")
}
