package render

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"newsreader/internal/golden"
)

// localeDumpEnv names the file that TestLocaleDump writes its renders to;
// it is set only in the child processes of TestRenderIgnoresLocale.
const localeDumpEnv = "NEWSREADER_LOCALE_DUMP"

// TestRenderIgnoresLocale renders every fixture in child processes under
// a Chinese and a C locale and compares the bytes: width libraries that
// read LANG (go-runewidth) count “ … — · ① as two cells under
// zh_CN.UTF-8, which would make articles wrap differently by machine.
func TestRenderIgnoresLocale(t *testing.T) {
	if os.Getenv(localeDumpEnv) != "" {
		t.Skip("inside a child process")
	}
	var outs []string
	for _, locale := range []string{"zh_CN.UTF-8", "C.UTF-8"} {
		path := filepath.Join(t.TempDir(), "dump")
		cmd := exec.Command(os.Args[0], "-test.run=^TestLocaleDump$", "-test.count=1")
		cmd.Env = append(os.Environ(), localeDumpEnv+"="+path, "LANG="+locale, "LC_ALL="+locale, "LC_CTYPE="+locale)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", locale, err, out)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, string(data))
	}
	if len(outs[0]) < 10000 {
		t.Fatalf("the renders are only %d bytes", len(outs[0]))
	}
	if outs[0] != outs[1] {
		t.Errorf("renders differ by locale (-zh_CN +C):\n%s", golden.Diff("zh_CN.UTF-8", "C.UTF-8", outs[0], outs[1]))
	}
}

// TestLocaleDump writes every fixture in every format and width to the
// file $NEWSREADER_LOCALE_DUMP, for TestRenderIgnoresLocale.
func TestLocaleDump(t *testing.T) {
	path := os.Getenv(localeDumpEnv)
	if path == "" {
		t.Skip("run by TestRenderIgnoresLocale in a child process")
	}
	dark, err := LoadStyle("dark")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i, f := range fixtures {
		md := prepareFixture(t, i).Markdown
		for _, w := range []int{24, 40, 80} {
			out, text := renderBoth(t, md, w, dark)
			fmt.Fprintf(&b, "== %s %d\n%s\n%s\n%s\n", f.name, w, out, text, WrapMarkdown(md, w))
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
