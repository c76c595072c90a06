package ui

import (
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"newsreader/config"
	"newsreader/display"
	"newsreader/feed"
)

// editedMsg says that the editor of an article's file ended.
type editedMsg struct {
	path string // in the archive
	name string
	err  error
}

// edit opens article a's file in $VISUAL, else $EDITOR, as glow does:
// the setting is split into arguments and run without a shell, the file's
// absolute path (which no option starts with a dash) one argument after
// them.
func (m *Model) edit(a *feed.Article) tea.Cmd {
	if a == nil {
		return nil
	}
	if m.archDir == "" {
		m.setMessage("the demo's articles are built into newsreader: there is no file to edit", true)
		return nil
	}
	v, line := "VISUAL", m.getenv("VISUAL")
	if strings.TrimSpace(line) == "" {
		v, line = "EDITOR", m.getenv("EDITOR")
	}
	args, err := config.SplitCommand(line)
	switch {
	case err != nil:
		m.setMessage("$"+v+": "+err.Error(), true)
		return nil
	case len(args) == 0:
		m.setMessage("no editor: set $VISUAL or $EDITOR to the command that edits a file", true)
		return nil
	}
	file := filepath.Join(m.archDir, filepath.FromSlash(a.Path))
	name := display.Printable(args[0])
	return m.findCommand(name, append(args, file), nil, "", func(err error) tea.Msg {
		return editedMsg{path: a.Path, name: name, err: err}
	})
}

// edited follows the editor's end: the file may have changed, so its
// rendered pages are forgotten and the reader shows it again as saved.
// Its title and date in the list change with the next rescan.
func (m *Model) edited(msg editedMsg) tea.Cmd {
	m.ended(msg.name, msg.err)
	m.docs.remove(func(p string) bool { return p == msg.path })
	m.pages.remove(func(k pageKey) bool { return k.path == msg.path })
	if m.screen != readerScreen || m.reader.art.Path != msg.path {
		return nil
	}
	m.reader.shown = pageKey{path: msg.path} // keep the page until the new one
	return m.rerender()
}
