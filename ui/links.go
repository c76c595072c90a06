package ui

import (
	"errors"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"newsreader/config"
	"newsreader/display"
	"newsreader/render"
)

// The link list (o) shows the open article's links and images, numbered
// as the reader shows them ("text[3]"), and opens the one chosen in the
// user's browser. A count typed before o in the reader ("3o", as in vim)
// opens that link at once. The browser is $BROWSER, else the system's
// opener (xdg-open, open), run without a shell, the URL one argument, and
// only for a URL that SafeURL accepts and that is a web or mail address: a
// relative reference would be a file to an opener. A graphical browser
// runs detached from the terminal, its standard streams the null device,
// so that it never draws on the screen or stops with ctrl+z; a text
// browser the interface knows (w3m, lynx, …) gets the terminal instead,
// as a pager does.

// linksView is the link list: the open article's links, a cursor, and a
// count being typed.
type linksView struct {
	sheet
	links  []render.Link
	cursor int
	count  int // the digits typed so far, 0 for none
	// textW is the width of the widest link text, which the text column
	// takes up to two fifths of the window: the URL, which tells where
	// the link goes, gets the rest.
	textW int
}

// linkOpenedMsg is the end of the program that opened link n: err says
// how it failed, if it did; system is set when it was the system's opener,
// $BROWSER being unset.
type linkOpenedMsg struct {
	n      int
	name   string
	system bool
	err    error
}

// maxCount bounds a count: more digits are ignored, not an overflow.
const maxCount = 1_000_000

// countKey handles a count typed in the reader before o: digits that no
// action is bound to add up, shown in the status line; o opens that link,
// esc (back) cancels, and any other key drops the count and does what it
// does. ok is false for a key left to the reader.
func (m *Model) countKey(msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	r := &m.reader
	k := &m.keys
	if m.addDigit(msg, &r.count) {
		return nil, true
	}
	if r.count == 0 {
		return nil, false
	}
	n := r.count
	r.count = 0
	switch {
	case key.Matches(msg, k.OpenLink):
		links, ok := m.loadedLinks()
		if !ok {
			return nil, true
		}
		return m.openNumbered(links, n), true
	case key.Matches(msg, k.Back):
		return nil, true
	}
	return nil, false
}

// addDigit adds the digit a key press types to count, and reports
// whether it did: not for a digit an action is bound to, nor for a 0
// that would start a count.
func (m *Model) addDigit(msg tea.KeyPressMsg, count *int) bool {
	s := msg.String()
	if len(s) != 1 || s[0] < '0' || s[0] > '9' || m.keys.bound(s) || (s == "0" && *count == 0) {
		return false
	}
	if *count < maxCount {
		*count = *count*10 + int(s[0]-'0')
	}
	return true
}

// loadedLinks returns the open article's links; ok is false, with a
// message in the status line, when it has none or is not loaded yet.
func (m *Model) loadedLinks() ([]render.Link, bool) {
	doc, ok := m.docs.get(m.reader.art.Path)
	switch {
	case !ok:
		m.setMessage("the article is not loaded yet", true)
		return nil, false
	case len(doc.Links) == 0:
		m.setMessage("this article has no links", false)
		return nil, false
	}
	return doc.Links, true
}

// showLinks opens the link list of the open article.
func (m *Model) showLinks() {
	links, ok := m.loadedLinks()
	if !ok {
		return
	}
	m.links = newLinksView(links)
	m.showOverlay(linksOverlay)
}

// newLinksView is the link list of links, its cursor on the first.
func newLinksView(links []render.Link) linksView {
	v := linksView{links: links}
	for _, l := range links {
		v.textW = max(v.textW, display.Width(linkLabel(l)))
	}
	return v
}

// noText stands for the text of a link that has none.
const noText = "(no text)"

// linkLabel is what the list's text column shows of a link: its text,
// else noText.
func linkLabel(l render.Link) string {
	if t := linkText(l); t != "" {
		return t
	}
	return noText
}

// linkText is how the list names a link: its text, or that it is an
// image, on one line.
func linkText(l render.Link) string {
	text := display.Line(l.Text)
	switch {
	case l.Image && text != "":
		return "image: " + text
	case l.Image:
		return "image"
	}
	return text
}

// openNumbered opens link n of links, counting from 1.
func (m *Model) openNumbered(links []render.Link, n int) tea.Cmd {
	if n < 1 || n > len(links) {
		m.setMessage(fmt.Sprintf("no link %d: this article has %s", n, linkRange(len(links))), true)
		return nil
	}
	return m.openLink(n, links[n-1].URL)
}

// linkRange says which link numbers an article has.
func linkRange(n int) string {
	if n == 1 {
		return "one link, 1"
	}
	return fmt.Sprintf("links 1–%d", n)
}

// openLink opens raw, link n, in the browser, checking it again first:
// whatever made the list, only a web or mail address reaches a program.
func (m *Model) openLink(n int, raw string) tea.Cmd {
	u, ok := openable(raw)
	if !ok {
		m.setMessage(display.Printable(fmt.Sprintf("link %d is not a web address: %s", n, raw)), true)
		return nil
	}
	args, system, err := browserCommand(m.getenv("BROWSER"), runtime.GOOS, u)
	if err != nil {
		m.setMessage(err.Error(), true)
		return nil
	}
	name := display.Printable(args[0])
	m.setMessage(display.Printable(fmt.Sprintf("opening link %d: %s (%s)", n, u, filepath.Base(args[0]))), false)
	done := func(err error) tea.Msg { return linkOpenedMsg{n: n, name: name, system: system, err: err} }
	if m.takesTerminal(args[0]) {
		return m.findCommand(name, args, nil, "", done)
	}
	browse := m.browse
	return m.crash.guard(func() tea.Msg { return done(browse(args)) })
}

// openable returns raw as SafeURL cleans it when it is an absolute http,
// https or mailto URL.
func openable(raw string) (string, bool) {
	u, ok := render.SafeURL(raw)
	if !ok {
		return "", false
	}
	p, err := url.Parse(u)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https", "mailto":
		return u, true
	}
	return "", false
}

// errNoBrowser is the error when nothing can open a link.
var errNoBrowser = errors.New("no browser found: set $BROWSER")

// browserCommand is the command that opens URL u: $BROWSER (the setting
// line, split into arguments as $EDITOR is), with u as its last argument
// or in place of each %s in its arguments ("%%" is a %), the convention of
// $BROWSER; else the system's opener on goos, system then set. u is
// always within one argument, never split.
func browserCommand(line, goos, u string) (args []string, system bool, err error) {
	if strings.TrimSpace(line) == "" {
		opener := systemOpener(goos)
		if opener == "" {
			return nil, false, errNoBrowser
		}
		return []string{opener, u}, true, nil
	}
	args, err = config.SplitCommand(line)
	switch {
	case err != nil:
		return nil, false, fmt.Errorf("$BROWSER: %w", err)
	case len(args) == 0:
		return nil, false, errNoBrowser
	}
	fill := strings.NewReplacer("%%", "%", "%s", u)
	placed := false
	for i, a := range args[1:] {
		// Found before the replacing, which reads the pairs left to
		// right: "%%s" is a "%s" kept, not a place for u.
		placed = placed || strings.Contains(strings.ReplaceAll(a, "%%", ""), "%s")
		args[i+1] = fill.Replace(a)
	}
	if !placed {
		args = append(args, u)
	}
	return args, false, nil
}

// systemOpener is the program that opens a URL in the user's chosen
// browser on goos, "" where newsreader knows none.
func systemOpener(goos string) string {
	switch goos {
	case "darwin":
		return "open"
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly", "solaris", "illumos":
		return "xdg-open"
	}
	return ""
}

// startBrowser runs a browser detached from the terminal and waits for
// it: the system's opener ends once the browser has the URL, and says
// when it found none.
func startBrowser(args []string) error {
	c := exec.Command(args[0], args[1:]...)
	// Stdin, Stdout and Stderr stay nil: the null device.
	detach(c)
	if err := c.Start(); err != nil {
		return err
	}
	return c.Wait()
}

// linkOpened says in the status line how opening a link failed, if it
// did.
func (m *Model) linkOpened(msg linkOpenedMsg) {
	var exit *exec.ExitError
	switch {
	case msg.err == nil:
	case errors.As(msg.err, &exit):
		m.setMessage(display.Printable(fmt.Sprintf("link %d: %s failed: %v", msg.n, msg.name, msg.err)), true)
	case msg.system && errors.Is(msg.err, exec.ErrNotFound):
		m.setMessage(errNoBrowser.Error(), true)
	default:
		m.startFailed(startFailedMsg{what: msg.name, err: msg.err})
	}
}

// fillLinks sets the link list's rows for the window.
func (m *Model) fillLinks() {
	l := &m.links
	l.rows = len(l.links)
	l.draw = m.drawLink
	l.offset = follow(l.offset, l.cursor, m.layout().bodyH, l.rows)
}

// drawLink draws row i of the link list: its number, its text and its
// URL, each cut to its column, the cursor's row highlighted.
func (m *Model) drawLink(i, width int) string {
	l := &m.links
	link := l.links[i]
	numW := len(strconv.Itoa(len(l.links)))
	room := max(0, width-numW-5) // a margin, two gaps, a margin
	textW := min(l.textW, room*2/5)
	num := fmt.Sprintf("%*d", numW, i+1)
	text := display.Fit(linkLabel(link), textW)
	row := " " + num + "  " + text + "  "
	u := display.Truncate(display.Printable(link.URL), max(0, width-display.Width(row)-1))
	if i == l.cursor {
		return m.st.Selected.Render(display.Pad(row+u+" ", width))
	}
	if linkText(link) == "" {
		row = " " + num + "  " + m.st.Muted.Render(text) + "  "
	}
	return row + m.st.Muted.Render(u)
}

// updateLinks handles the link list's own keys: the moves move the
// cursor, enter opens its link, digits pick a link by number (enter opens
// it, esc cancels the count), and o closes the list. ok is false for a key
// left to every overlay.
func (m *Model) updateLinks(msg tea.KeyPressMsg, height int) (cmd tea.Cmd, ok bool) {
	l := &m.links
	k := &m.keys
	if m.addDigit(msg, &l.count) {
		if l.count <= len(l.links) {
			m.moveLink(l.count-1, height)
		}
		return nil, true
	}
	n := l.count
	l.count = 0
	switch {
	case n > 0 && msg.String() == "backspace":
		l.count = n / 10
	case n > 0 && key.Matches(msg, k.Back):
	case key.Matches(msg, k.Open, k.Right), n > 0 && key.Matches(msg, k.OpenLink):
		if n == 0 {
			n = l.cursor + 1
		}
		return m.openNumbered(l.links, n), true
	case key.Matches(msg, k.OpenLink):
		return m.closeOverlay(), true
	default:
		d, moves := k.move(msg, height)
		if !moves {
			return nil, false
		}
		m.moveLink(l.cursor+d, height)
	}
	return nil, true
}

// moveLink puts the list's cursor on link i, within the list, and
// scrolls it into view.
func (m *Model) moveLink(i, height int) {
	l := &m.links
	l.cursor = clamp(i, 0, len(l.links)-1)
	l.offset = follow(l.offset, l.cursor, height, l.rows)
}

// linksTitle is the title bar over the link list: how many links and
// images it has, and the article's title.
func (m *Model) linksTitle() string {
	images := 0
	for _, l := range m.links.links {
		if l.Image {
			images++
		}
	}
	var counts []string
	if n := len(m.links.links) - images; n > 0 {
		counts = append(counts, display.Plural(n, "link"))
	}
	if images > 0 {
		counts = append(counts, display.Plural(images, "image"))
	}
	return m.st.Title.Render("Links") + m.st.Muted.Render(" · "+strings.Join(counts, ", ")+" · "+display.Printable(m.reader.art.Title))
}

// linksStatus is the status line under the link list: the count being
// typed, or the list's keys.
func (m *Model) linksStatus() string {
	k := &m.keys
	if n := m.links.count; n > 0 {
		if n > len(m.links.links) {
			return m.st.Warning.Render(fmt.Sprintf("no link %d: this article has %s", n, linkRange(len(m.links.links))))
		}
		return m.st.Status.Render(fmt.Sprintf("link %d", n)) + "  " + m.help.ShortHelpView([]key.Binding{as(k.Open, "open it"), hint("cancel", k.Back)})
	}
	return m.help.ShortHelpView([]key.Binding{
		as(k.Open, "open"), helpOnly("1-9", "pick by number"), hint("move", k.Down, k.Up), hint("close", k.Back, k.Close),
	})
}

// countStatus is the reader's pending count, for its status line.
func (m *Model) countStatus() string {
	n := m.reader.count
	return fmt.Sprintf("%d… %s opens link %d, %s cancels", n, firstKey(m.keys.OpenLink), n, firstKey(m.keys.Back))
}
