package ui

import (
	"sort"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"newsreader/display"
	"newsreader/feed"
)

// warningsView is the warnings screen: the scan's warnings, one file
// each, its path and then its warnings, with a cursor on a file whose
// article enter opens.
type warningsView struct {
	sheet
	// entries holds, for each row of the sheet, the index of its warning,
	// or -i-1 for the path of warning i; files the rows that are paths.
	// cursor is an index in files, path the path under it, so that a
	// rescan keeps the cursor there.
	entries []int
	files   []int
	cursor  int
	path    string
	// from is where the warnings were opened, which they return to once
	// an article opened from them has been read; reading is set while the
	// reader shows such an article, so that back returns to the warnings.
	from    returnPoint
	reading bool
}

// returnPoint is a screen to come back to: the browser with its focus, or
// the reader on an article at a place in it.
type returnPoint struct {
	screen screen
	focus  pane
	art    *feed.Article
	pos    int // see position
}

// here is the screen under the overlays, to come back to.
func (m *Model) here() returnPoint {
	p := returnPoint{screen: m.screen, focus: m.focus}
	if m.screen == readerScreen {
		p.art, p.pos = m.reader.art, m.reader.position()
	}
	return p
}

// openWarnings shows the warnings. Opened from an article that was opened
// from them, they come back as they were left; else from their top.
func (m *Model) openWarnings() {
	w := &m.warnings
	if w.reading && m.screen == readerScreen && m.top() == noOverlay {
		m.overlays = append(m.overlays, warningsOverlay)
		m.fillOverlay(warningsOverlay)
		return
	}
	w.from, w.reading, w.cursor, w.path = m.here(), false, 0, ""
	m.showOverlay(warningsOverlay)
}

// leaveWarnings returns, once the warnings close, to where they were
// opened, if an article opened from them took its place.
func (m *Model) leaveWarnings() tea.Cmd {
	w := &m.warnings
	if !w.reading {
		return nil
	}
	w.reading = false
	if w.from.screen == browserScreen {
		keep := m.leaveReader()
		m.focus = w.from.focus
		return keep
	}
	if w.from.art == nil || w.from.art.Path == m.reader.art.Path {
		return nil
	}
	keep := m.keepPosition()
	m.reader.art, m.reader.shown, m.reader.opened = w.from.art, pageKey{}, false
	return tea.Batch(keep, m.showPage(w.from.pos))
}

// fillWarnings lists what the store said, whole, then the scan's
// warnings, one file each: its path, then its warnings. Paths too wide
// for the window lose their start, where the file name is not.
func (m *Model) fillWarnings() {
	w := &m.warnings
	ws := m.ix.Warnings()
	w.files, w.entries = w.files[:0], w.entries[:0]
	var notes []string
	for _, n := range m.notes {
		for j, l := range strings.Split(ansi.Wrap(n, max(1, m.width-4), "/"), "\n") {
			mark := "  "
			if j == 0 {
				mark = "⚠ "
			}
			notes = append(notes, mark+l)
		}
	}
	if len(notes) > 0 {
		notes = append(notes, "")
	}
	note := func(i, width int) string {
		return " " + m.st.Warning.Render(display.Truncate(notes[i], width-1))
	}
	if len(ws) == 0 {
		if len(notes) == 0 {
			notes = []string{""}
		}
		w.rows = len(notes) + 1
		w.draw = func(i, width int) string {
			if i < len(notes) {
				return note(i, width)
			}
			return " " + m.st.Muted.Render(display.Truncate("The scan found nothing wrong.", width-1))
		}
		return
	}
	rows := make([]int, len(notes), len(notes)+2*len(ws))
	w.cursor = 0
	for i, wn := range ws {
		if i == 0 || wn.Path != ws[i-1].Path {
			if wn.Path == w.path {
				w.cursor = len(w.files)
			}
			w.files = append(w.files, len(rows))
			rows = append(rows, -i-1)
		}
		rows = append(rows, i)
	}
	w.entries = rows
	w.path = ws[-rows[w.files[w.cursor]]-1].Path
	w.rows = len(rows)
	w.draw = func(i, width int) string {
		if i < len(notes) {
			return note(i, width)
		}
		if r := rows[i]; r >= 0 {
			return "   " + m.st.Muted.Render(display.Truncate(display.Printable(ws[r].Reason), width-3))
		}
		path := " " + display.TruncateLeft(display.Printable(ws[-rows[i]-1].Path), width-2) + " "
		if i == w.files[w.cursor] {
			return m.st.Selected.Render(display.Pad(path, width))
		}
		return path
	}
}

// updateWarnings handles the warnings' own keys: the moves go from file
// to file, enter opens the file's article.
func (m *Model) updateWarnings(msg tea.KeyPressMsg, height int) tea.Cmd {
	w := &m.warnings
	k := &m.keys
	if len(w.files) == 0 {
		return nil
	}
	if d, ok := k.move(msg, height); ok {
		if d == 1 || d == -1 {
			w.cursor = clamp(w.cursor+d, 0, len(w.files)-1)
		} else {
			// A page, the top or the end: to the last file that starts
			// within that many rows.
			target := w.files[w.cursor] + d
			w.cursor = clamp(sort.SearchInts(w.files, target+1)-1, 0, len(w.files)-1)
		}
		m.showWarning(height)
		return nil
	}
	if key.Matches(msg, k.Open, k.Right) {
		a, err := m.ix.Lookup(w.path)
		if err != nil {
			m.setMessage("no article was read from this file", true)
			return nil
		}
		m.overlays = m.overlays[:0]
		w.reading = true
		if i := m.listIndex(a); i >= 0 {
			m.list.cursor = i // so that n and p go on from it
		}
		return m.open(a)
	}
	return nil
}

// showWarning scrolls the warnings so that the file under the cursor
// shows with its warnings, and notes its path.
func (m *Model) showWarning(height int) {
	w := &m.warnings
	start, end := w.files[w.cursor], w.rows-1
	if w.cursor+1 < len(w.files) {
		end = w.files[w.cursor+1] - 1
	}
	w.offset = min(follow(w.offset, end, height, w.rows), start)
	w.path = m.ix.Warnings()[-w.entries[start]-1].Path
}

// warningsTitle is the title bar over the warnings.
func (m *Model) warningsTitle() string {
	return m.st.Title.Render("Warnings") + m.st.Muted.Render(" · "+display.Plural(m.warnCount+len(m.notes), "warning"))
}

// warningsStatus is the status line under the warnings: their keys.
func (m *Model) warningsStatus() string {
	k := &m.keys
	return m.help.ShortHelpView([]key.Binding{
		as(k.Open, "open its article"), hint("back", k.Back, k.Close), hint("next/previous file", k.Down, k.Up), as(k.Help, "keys"),
	})
}
