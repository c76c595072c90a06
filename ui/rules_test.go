package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsreader/render"
)

// TestRulesFor checks the rules the interface cleans articles with: the
// built-in ones when the user has no rules file, compiled once, at the
// first call; the file's on top of them when there is one; and a mistake
// in that file stopping the start at once.
func TestRulesFor(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tt := range []struct {
		name, path, err string
	}{
		{"no path", "", ""},
		{"no file", filepath.Join(dir, "missing.yaml"), ""},
		{"a file", write("good.yaml", "rules:\n  - name: furniture-images\n    disabled: true\n"), ""},
		{"a broken file", write("bad.yaml", "rules:\n  - name: x\n    remove: [a\n"), "bad.yaml"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rules, err := rulesFor(tt.path)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one naming %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := rules()
			if err != nil {
				t.Fatal(err)
			}
			want, err := render.RulesVersion(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if got.Version() != want {
				t.Errorf("rules of version %s, want %s", got.Version(), want)
			}
			if again, _ := rules(); again != got {
				t.Error("the rules were compiled again")
			}
		})
	}
}
