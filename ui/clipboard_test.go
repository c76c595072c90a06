package ui

import (
	"fmt"
	"path/filepath"
	"testing"
)

func TestCopyPath(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab", "j")
	_, cmd := m.Update(keyMsg("y"))
	want := filepath.Join(m.archDir, "金融", "新浪财经", "国内", "准备金率.md")
	if got := fmt.Sprint(cmd()); got != want { // bubbletea's OSC 52 message is the text
		t.Errorf("clipboard got %q, want %q", got, want)
	}
	contains(t, m, "copied "+want)
}
