package ui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"newsreader/display"
)

// titleBar is the top line: the program's name and where the user is.
func (m *Model) titleBar() string {
	app := m.st.App.Render("newsreader")
	var title string
	switch {
	case m.top() != noOverlay:
		title = m.overlayTitle()
	case m.screen == readerScreen:
		title = m.st.Title.Render(display.Printable(m.reader.art.Title))
	case m.screen == searchScreen:
		title = m.st.Title.Render("Search")
	default:
		title = m.st.Title.Render(m.categoryName()) + m.st.Muted.Render(" · "+m.countText()+" · "+m.unreadText()+" · "+orderLabel(m.list.order)+m.viewText())
	}
	return display.Fit(app+" "+title, m.width)
}

// crumb writes a category path for people.
func crumb(path []string) string {
	if len(path) == 0 {
		return "All"
	}
	return display.Printable(strings.Join(path, " › "))
}

// categoryName is the name of the tree's selected entry, for people.
func (m *Model) categoryName() string {
	if m.tree.onStarred() {
		return "Starred"
	}
	return crumb(m.tree.selectedPath())
}

// unreadText counts the unread articles of the tree's selected entry.
func (m *Model) unreadText() string {
	var n int
	if c := m.tree.selected(); c != nil {
		n = m.counts.unread(c)
	}
	return display.Thousands(n) + " unread"
}

// viewText names the articles the view hides, if any, for the title bar.
func (m *Model) viewText() string {
	var s string
	if m.view.starredOnly {
		s += " · starred only"
	}
	if m.view.hideRead {
		s += " · read hidden"
	}
	return s
}

// countText counts the list's articles, and those the filter kept.
func (m *Model) countText() string {
	if m.filter.active() {
		return fmt.Sprintf("%s of %s", display.Thousands(len(m.list.items)), display.Plural(len(m.list.all), "article"))
	}
	return display.Plural(len(m.list.all), "article")
}

// message is a message of the status line. It shows until the next key
// press or until it expires, whichever comes first: a message that comes
// while nobody types, such as the end of a rescan, must not stay forever.
type message struct {
	text  string
	isErr bool
	// more, when set, stays at the end of a text too long for the line,
	// to say where the rest is.
	more string
	// seq numbers the messages, so that the timer of one replaced by a
	// newer message is ignored.
	seq int
}

// How long a message shows without a key press; errors stay longer, to
// be read.
const (
	messageTTL = 5 * time.Second
	errorTTL   = 10 * time.Second
)

func (msg message) ttl() time.Duration {
	if msg.isErr {
		return errorTTL
	}
	return messageTTL
}

// messageExpiredMsg says that message seq has shown long enough.
type messageExpiredMsg struct{ seq int }

// setMessage shows a message in the status line; Update starts its timer.
// Messages carry paths, commands and errors that hold them, so the text
// is made printable here, once for every caller.
func (m *Model) setMessage(s string, isErr bool) {
	m.message = message{text: display.Printable(s), isErr: isErr, seq: m.message.seq + 1}
}

// statusBar is the bottom line: an input line, a message or the state on
// the left; the warnings and the help key on the right.
func (m *Model) statusBar() string {
	r := m.statusRight()
	var left string
	switch {
	case m.confirm != nil:
		left = m.confirmView(m.width - display.Width(r))
	case m.prompting:
		s, _ := m.prompt.view(m.width)
		return display.Pad(s, m.width)
	case m.filter.typing:
		s, _ := m.filter.input.view(m.filterWidth())
		left = s + m.st.Muted.Render("  "+m.countText())
	case m.screen == readerScreen && m.reader.find.typing:
		s, _ := m.reader.find.input.view(m.findWidth())
		left = s + m.st.Muted.Render("  "+m.findStatus())
	case m.message.text != "":
		s := m.st.Status
		if m.message.isErr {
			s = m.st.Warning
		}
		text := m.message.text
		if room := m.width - display.Width(r) - 1; m.message.more != "" && display.Width(text) > room {
			text = display.Truncate(text, max(0, room-display.Width(m.message.more)-1)) + " " + m.message.more
		}
		left = " " + s.Render(text)
	case m.top() != noOverlay:
		left = " " + m.overlayStatus()
	case m.screen == readerScreen:
		left = " " + m.readerStatus()
	case m.screen == searchScreen:
		left = " " + m.searchStatus()
	default:
		left = " " + m.browserStatus()
	}
	return display.Fit(left, m.width-display.Width(r)) + r
}

// statusRight is the right end of the status line: the count of warnings
// and the help key, or only the warnings in a narrow window; nothing when
// the window is too narrow to spare the room.
func (m *Model) statusRight() string {
	n := m.warnCount + len(m.notes)
	warn := m.st.Warning.Render(fmt.Sprintf("⚠ %s %s", display.Thousands(n), firstKey(m.keys.Warnings)))
	help := m.st.Muted.Render(firstKey(m.keys.Help) + " help")
	var r string
	switch {
	case n == 0:
		r = " " + help + " "
	case m.width < narrowWidth:
		r = " " + warn + " "
	default:
		r = " " + warn + m.st.Muted.Render(" · ") + help + " "
	}
	r = m.newText() + r
	if m.width-display.Width(r) < 10 {
		return ""
	}
	return r
}

// backKeys names the first keys of back and close, which both go back
// one level, for hints.
func (m *Model) backKeys() string {
	return firstKey(m.keys.Back) + "/" + firstKey(m.keys.Close)
}

// inputCursor places the terminal's cursor in the input line being
// edited, where input methods show their composition; nil hides it.
func (m *Model) inputCursor() *tea.Cursor {
	var x int
	switch {
	case m.width < minWidth || m.height < minHeight:
		return nil
	case m.prompting:
		_, x = m.prompt.view(m.width)
	case m.filter.typing:
		_, x = m.filter.input.view(m.filterWidth())
	case m.top() != noOverlay:
		return nil
	case m.screen == readerScreen && m.reader.find.typing:
		_, x = m.reader.find.input.view(m.findWidth())
	case m.screen == searchScreen && m.searching.typing:
		_, x = m.searching.input.view(m.width - 1)
		return tea.NewCursor(x+1, 1)
	default:
		return nil
	}
	return tea.NewCursor(x, m.height-1)
}

// filterWidth is the room of the filter's input line: the status line
// less the count after it and the right end.
func (m *Model) filterWidth() int {
	return max(10, m.width-display.Width(m.countText())-2-display.Width(m.statusRight()))
}
