package ui

import (
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"newsreader/display"
	"newsreader/feed"
)

// copyPath copies the path of article a to the clipboard with OSC 52: the
// file's path for a folder archive, the path inside the demo otherwise.
// A path with control or bidi characters is not copied: pasted into a
// terminal, an escape sequence in it could end a bracketed paste and type
// the rest as commands.
func (m *Model) copyPath(a *feed.Article) tea.Cmd {
	if a == nil {
		return nil
	}
	p := a.Path
	if m.archDir != "" {
		p = filepath.Join(m.archDir, filepath.FromSlash(a.Path))
	}
	if display.Printable(p) != p {
		m.setMessage("not copied: the path holds control or formatting characters: "+display.Printable(p), true)
		return nil
	}
	m.setMessage("copied "+p, false)
	return tea.SetClipboard(p)
}
