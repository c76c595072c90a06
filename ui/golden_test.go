package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGolden compares whole screens, colours stripped, with
// testdata/*.golden; go test ./ui -update rewrites them, to be reviewed by
// eye.
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		w, h int
		keys []string
	}{
		{"browser", 100, 24, []string{"G", "l", "tab", "j"}},
		{"reader", 100, 24, []string{"tab", "j", "enter"}},
		{"narrow-list", 60, 16, []string{"tab"}},
		{"filter", 100, 16, []string{"/", "准备金"}},
		{"help", 100, 24, []string{"?"}},
		{"small", 40, 12, []string{"j", "l"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newModel(t, tt.w, tt.h)
			press(t, m, tt.keys...)
			got := strings.Join(lines(m), "\n") + "\n"
			// The archive's folder, and so the room left after it, differs
			// on every run.
			got = regexp.MustCompile(`ARCHIVE +`).ReplaceAllString(strings.ReplaceAll(got, m.archDir, "ARCHIVE"), "ARCHIVE  ")
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s:\n%s", tt.name, path, got)
			}
		})
	}
}
