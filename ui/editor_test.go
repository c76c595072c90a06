package ui

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestEditOpensTheFile: e opens the article's file in $VISUAL, else
// $EDITOR, split into arguments with the path one more, from the reader
// and the list; the reader shows the file as saved.
func TestEditOpensTheFile(t *testing.T) {
	m := newModelEnv(t, map[string]string{"VISUAL": "true --wait 'a b'", "EDITOR": "false"}, 100, 30)
	use := fakeTerminal(m)
	file := filepath.Join(m.archDir, "编程", "开源中国", "资讯", "go.md")
	use.done = func(c *exec.Cmd) {
		data, err := os.ReadFile(c.Args[len(c.Args)-1])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(strings.Replace(string(data), "Go 1.22 发布了", "Go 1.22 已经发布了", 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	press(t, m, "tab", "enter")
	contains(t, m, "Go 1.22 发布了")
	press(t, m, "e")
	if len(use.cmds) != 1 || !slices.Equal(use.cmds[0].Args, []string{"true", "--wait", "a b", file}) {
		t.Fatalf("gave the terminal to %v", use.cmds)
	}
	contains(t, m, "Go 1.22 已经发布了")
	// From the list, the selected article's; $EDITOR without $VISUAL.
	m = newModelEnv(t, map[string]string{"EDITOR": "true"}, 100, 30)
	use = fakeTerminal(m)
	press(t, m, "tab", "j", "e")
	if len(use.cmds) != 1 || !slices.Equal(use.cmds[0].Args, []string{"true", filepath.Join(m.archDir, "金融", "新浪财经", "国内", "准备金率.md")}) {
		t.Errorf("gave the terminal to %v", use.cmds)
	}
	// The tree has no file.
	press(t, m, "tab", "e")
	if len(use.cmds) != 1 {
		t.Errorf("e in the tree gave the terminal to %v", use.cmds[1:])
	}
}

// TestEditSaysWhyNot: the demo has no files, an editor must be set, and
// one that is not installed is said so; the screen stays.
func TestEditSaysWhyNot(t *testing.T) {
	for _, tt := range []struct {
		demo bool
		env  map[string]string
		want string
	}{
		{true, map[string]string{"EDITOR": "true"}, "the demo's articles are built into newsreader: there is no file to edit"},
		{false, nil, "no editor: set $VISUAL or $EDITOR"},
		{false, map[string]string{"VISUAL": " ", "EDITOR": "no-such-editor-xyz -w"}, "cannot run no-such-editor-xyz: not found in $PATH"},
		{false, map[string]string{"EDITOR": "vim 'unclosed"}, "$EDITOR: unterminated single quote"},
	} {
		cfg := testConfig(t, writeArchive(t, fixtures))
		if tt.demo {
			cfg = testConfig(t, "")
		}
		m := newUnsized(t, cfg, func(k string) string { return tt.env[k] })
		use := fakeTerminal(m)
		send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
		scan(t, m)
		press(t, m, "tab", "enter", "e")
		contains(t, m, tt.want)
		if m.screen != readerScreen || len(use.cmds) > 0 {
			t.Errorf("%s: screen %d, commands %v", tt.want, m.screen, use.cmds)
		}
	}
}
