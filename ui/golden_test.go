package ui

import (
	"regexp"
	"strings"
	"testing"

	"newsreader/internal/golden"
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
		{"small", 40, 12, []string{"j", "j", "l"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newModel(t, tt.w, tt.h)
			press(t, m, tt.keys...)
			got := strings.Join(lines(m), "\n") + "\n"
			// The archive's folder, and so the room left after it, differs
			// on every run.
			got = regexp.MustCompile(`ARCHIVE +`).ReplaceAllString(strings.ReplaceAll(got, m.archDir, "ARCHIVE"), "ARCHIVE  ")
			golden.Check(t, tt.name, got)
		})
	}
}
