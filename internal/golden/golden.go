// Package golden compares test output with golden files: the expected
// output, kept in the testdata directory of the package under test. A
// mismatch fails the test with a unified diff of the two, so that a change
// of one line shows as one line; `go test -update` rewrites the files
// instead, and every rewritten file is to be reviewed by eye before it is
// committed.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aymanbagabas/go-udiff"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// Check compares got with testdata/name.golden, or writes it there when
// the tests run with -update.
func Check(t testing.TB, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the output (-golden +got):\n%s", path, Diff(path, "got", string(want), got))
	}
}

// Diff is a unified diff of two texts, for a test failure. Each line is
// quoted as Go would quote it, without the quotes, so that escape
// sequences and trailing spaces are visible and the terminal running the
// tests is not restyled by them.
func Diff(oldName, newName, old, new string) string {
	return udiff.Unified(oldName, newName, quoteLines(old), quoteLines(new))
}

func quoteLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		q := strconv.Quote(l)
		lines[i] = q[1 : len(q)-1]
	}
	return strings.Join(lines, "\n")
}
