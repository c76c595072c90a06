package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	glamourstyles "charm.land/glamour/v2/styles"

	"newsreader/config"
	"newsreader/display"
	"newsreader/feed"
	"newsreader/render"
)

// Options are what the interface shows and how.
type Options struct {
	// Archive is the archive to browse.
	Archive *feed.Archive
	// Config holds the time zone, theme, article style and width, key
	// bindings, rules file and state folder.
	Config *config.Config
	// Getenv reads the environment (NO_COLOR, PAGER); nil means os.Getenv.
	Getenv func(string) string
	// Now is the clock that day headings count from; nil means time.Now.
	Now func() time.Time
	// Input and Output are the terminal; nil means stdin and stdout.
	Input  io.Reader
	Output io.Writer
}

// Run shows the interface until the user quits. It returns an error for
// a bad setting (such as a key binding) before the screen changes, and
// after a crash, with the path of the report written to the state folder;
// the terminal is restored in every case.
func Run(ctx context.Context, opts Options) error {
	m, err := New(opts)
	if err != nil {
		return err
	}
	m.ctx = ctx
	popts := []tea.ProgramOption{tea.WithContext(ctx)}
	if opts.Input != nil {
		popts = append(popts, tea.WithInput(opts.Input))
	}
	if opts.Output != nil {
		popts = append(popts, tea.WithOutput(opts.Output))
	}
	_, err = tea.NewProgram(m, popts...).Run()
	if m.scan.cancel != nil {
		m.scan.cancel()
	}
	if errors.Is(err, tea.ErrInterrupted) || (errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil && !errors.Is(err, tea.ErrProgramPanic)) {
		return nil // a signal asked us to stop
	}
	return m.crash.err(err)
}

// screen is what the body of the window shows.
type screen int

const (
	browserScreen screen = iota
	readerScreen
)

// overlay is a screen shown over the browser or reader, which comes back
// when it closes.
type overlay int

const (
	noOverlay overlay = iota
	helpOverlay
	warningsOverlay
)

// pane is a pane of the browser.
type pane int

const (
	treePane pane = iota
	listPane
)

// Window sizes that change the layout.
const (
	// narrowWidth: below it, the browser shows one pane at a time.
	narrowWidth = 80
	// Below minWidth or minHeight only a "too small" line shows.
	minWidth  = 20
	minHeight = 5
)

// Model is the interface: a bubbletea model of the browser, the reader
// and the overlays, and the archive's index as the scan fills it.
type Model struct {
	ctx     context.Context
	arch    *feed.Archive
	cfg     *config.Config
	rules   *render.Rules
	glamour map[string]*render.Style // article styles, by name
	getenv  func(string) string
	now     func() time.Time
	crash   *crashLog
	archDir string // the archive's folder, for copying paths; "" for the demo

	keys    keyMap
	dark    bool
	noColor bool
	st      styles
	help    help.Model

	width, height int
	screen        screen
	overlay       overlay
	sheet         sheet // the overlay's text
	focus         pane

	ix *feed.Index
	// snap is the index's articles, newest first, as of the last refresh:
	// the panes show it, so that moving between categories filters it
	// instead of re-sorting an index that the scan keeps adding to.
	snap      []*feed.Article
	warnCount int
	scan      scanState
	tree      tree
	list      articleList
	filter    filterState
	reader    reader
	docs      *lru[string, *render.Document]
	pages     *lru[pageKey, string]

	prompt     lineInput
	prompting  bool
	message    string
	messageErr bool
}

// New returns the interface's model. It checks the settings the interface
// owns: key bindings, the rules file and the article style.
func New(opts Options) (*Model, error) {
	cfg := opts.Config
	keys, err := newKeyMap(cfg.Keys)
	if err != nil {
		return nil, fmt.Errorf("config file %s: %w", cfg.File, err)
	}
	rules, err := render.LoadRules(cfg.Rules)
	if err != nil {
		return nil, err
	}
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	m := &Model{
		ctx:     context.Background(),
		arch:    opts.Archive,
		cfg:     cfg,
		rules:   rules,
		getenv:  getenv,
		now:     now,
		crash:   &crashLog{dir: cfg.StateDir},
		keys:    keys,
		dark:    cfg.Theme != "light",
		noColor: getenv("NO_COLOR") != "",
		help:    help.New(),
		ix:      feed.NewIndex(),
		reader:  newReader(),
		docs:    newLRU[string](maxDocs, maxDocBytes, func(d *render.Document) int { return len(d.Markdown) }),
		pages:   newLRU[pageKey](maxPages, maxPageBytes, func(s string) int { return len(s) }),
		prompt:  lineInput{prompt: "| ", placeholder: "command to pipe the Markdown to (empty: $PAGER)"},
	}
	m.filter.input = lineInput{prompt: "/", placeholder: "filter titles"}
	if cfg.Archive != "" {
		if m.archDir, err = filepath.Abs(cfg.Archive); err != nil {
			m.archDir = cfg.Archive
		}
	}
	if m.glamour, err = loadStyles(cfg.Style, m.noColor); err != nil {
		return nil, err
	}
	m.setTheme(m.dark)
	m.tree.setRoot(m.ix.Tree())
	return m, nil
}

// articleStyles maps the style setting to the glamour styles the reader
// may use: "auto" follows the terminal's background, and NO_COLOR turns
// the built-in colour styles into notty, as the show command does.
func articleStyles(setting string, noColor bool) []string {
	_, builtin := glamourstyles.DefaultStyles[setting]
	switch {
	case noColor && (setting == render.StyleAuto || builtin):
		return []string{glamourstyles.NoTTYStyle}
	case setting == render.StyleAuto:
		return []string{glamourstyles.DarkStyle, glamourstyles.LightStyle}
	}
	return []string{setting}
}

// loadStyles loads the styles the reader may use, so that a bad style
// file is reported at start-up.
func loadStyles(setting string, noColor bool) (map[string]*render.Style, error) {
	out := map[string]*render.Style{}
	for _, name := range articleStyles(setting, noColor) {
		st, err := render.LoadStyle(name)
		if err != nil {
			return nil, err
		}
		out[name] = st
	}
	return out, nil
}

// articleStyle is the style articles render in now.
func (m *Model) articleStyle() string {
	names := articleStyles(m.cfg.Style, m.noColor)
	if len(names) == 2 && !m.dark {
		return names[1]
	}
	return names[0]
}

// setTheme sets the colours for a dark or light background.
func (m *Model) setTheme(dark bool) {
	m.dark = dark
	m.st = newStyles(dark, m.noColor)
	m.help.Styles = m.st.Help
	m.reader.spin.Style = m.st.Heading
	for _, in := range []*lineInput{&m.prompt, &m.filter.input} {
		in.promptStyle, in.placeholderStyle = m.st.Heading, m.st.Muted
	}
}

// Init starts the scan and, for the auto theme, asks the terminal for its
// background colour.
func (m *Model) Init() tea.Cmd {
	cmd := m.rescan()
	if m.cfg.Theme == "auto" {
		return tea.Batch(cmd, tea.RequestBackgroundColor)
	}
	return cmd
}

// Update handles a message. All I/O happens in the commands it returns.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	defer m.crash.catch()
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m, m.resize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		if m.cfg.Theme == "auto" && msg.IsDark() != m.dark {
			m.setTheme(msg.IsDark())
			return m, m.rerender()
		}
	case scanBatchMsg:
		return m, m.scanned(msg)
	case scanDoneMsg:
		return m, m.scanEnded(msg)
	case rebuildMsg:
		return m, m.rebuildTimed()
	case filterMsg:
		m.filtered(msg)
	case renderedMsg:
		return m, m.rendered(msg)
	case resizedMsg:
		if msg.seq == m.reader.resizes {
			return m, m.rerender()
		}
	case spinnerDueMsg:
		return m, m.spinnerDue(msg)
	case spinner.TickMsg:
		if m.reader.spinning {
			var cmd tea.Cmd
			m.reader.spin, cmd = m.reader.spin.Update(msg)
			return m, cmd
		}
	case pipeDoneMsg:
		m.piped(msg)
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	case tea.PasteMsg:
		return m, m.paste(msg)
	case tea.MouseWheelMsg:
		m.wheel(msg)
	case tea.MouseClickMsg:
		return m, m.click(msg)
	}
	return m, nil
}

// layout is where the panes are for the window's size.
type layout struct {
	narrow bool // one pane at a time
	bodyH  int  // rows between the title bar and the status line
	treeW  int  // the list starts after it and a rule
	listW  int
}

// layout computes the layout for the window's size, for drawing and for
// finding what is under the mouse alike.
func (m *Model) layout() layout {
	bodyH := max(0, m.height-2)
	if m.width < narrowWidth {
		return layout{narrow: true, bodyH: bodyH, treeW: m.width, listW: m.width}
	}
	treeW := clamp(m.width*3/10, 24, 40)
	return layout{bodyH: bodyH, treeW: treeW, listW: m.width - treeW - 1}
}

// resize lays the screens out for a new window size; the open article is
// rendered again at the new width, the other articles when they are next
// opened.
func (m *Model) resize(w, h int) tea.Cmd {
	m.width, m.height = w, h
	lay := m.layout()
	m.help.SetWidth(w)
	m.reader.vp.SetWidth(w)
	m.reader.vp.SetHeight(max(0, lay.bodyH-2)) // under the date line and a blank one
	m.tree.scroll(lay.bodyH)
	m.list.scroll(lay.bodyH)
	if m.overlay != noOverlay {
		m.fillOverlay()
	}
	if m.screen != readerScreen {
		return nil
	}
	m.reader.resizes++
	seq := m.reader.resizes
	return tea.Tick(resizeSettle, func(time.Time) tea.Msg { return resizedMsg{seq} })
}

// rerender shows the open article for the current width and style.
func (m *Model) rerender() tea.Cmd {
	if m.screen != readerScreen || m.width == 0 {
		return nil
	}
	return m.showPage(m.reader.vp.ScrollPercent())
}

// rebuildMsg asks for the second half of a refresh.
type rebuildMsg struct{}

// refresh starts rebuilding the panes from the index: it takes the
// snapshot, and the tree and list follow in a second message, so that a
// key pressed meanwhile waits for half the work only.
func (m *Model) refresh() tea.Cmd {
	m.snap = slices.Clone(m.ix.Articles())
	m.warnCount = len(m.ix.Warnings())
	return func() tea.Msg { return rebuildMsg{} }
}

// rebuild rebuilds the tree and the list, keeping the selections.
func (m *Model) rebuild() tea.Cmd {
	m.tree.setRoot(m.ix.Tree())
	m.tree.scroll(m.layout().bodyH)
	if m.overlay == warningsOverlay {
		m.fillOverlay()
	}
	return m.listCategory()
}

// listCategory fills the list with the selected category's articles.
func (m *Model) listCategory() tea.Cmd {
	var srcs []string
	if c := m.tree.selected(); c != nil {
		srcs = sources(c)
	}
	arts := m.snap
	if path := m.tree.selectedPath(); len(path) > 0 {
		arts = nil
		for _, a := range m.snap {
			if feed.HasPrefix(a.Categories, path) {
				arts = append(arts, a)
			}
		}
	}
	m.list.setAll(arts, srcs)
	m.showList()
	if m.filter.active() {
		return m.refilter()
	}
	return nil
}

// selectCategory follows a move of the tree's cursor: the list shows the
// new category from its top.
func (m *Model) selectCategory() tea.Cmd {
	m.tree.scroll(m.layout().bodyH)
	m.list.cursor, m.list.offset = 0, 0
	m.list.items = m.list.items[:0]
	return m.listCategory()
}

// showList applies the filter to the list.
func (m *Model) showList() {
	m.list.show(m.filter.keep(), m.now(), m.cfg.Timezone, m.screen == readerScreen)
	m.list.scroll(m.layout().bodyH)
}

// setMessage shows a message in the status line until the next key.
func (m *Model) setMessage(s string, isErr bool) {
	m.message, m.messageErr = s, isErr
}

// handleKey dispatches a key press: ctrl+c first, then whichever input
// line has the focus, then the overlay, then the keys of every screen,
// then the current screen's.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &m.keys
	if msg.String() == quitKey || key.Matches(msg, k.Quit) {
		return tea.Quit
	}
	m.message = ""
	switch {
	case m.prompting:
		return m.promptKey(msg)
	case m.filter.typing:
		return m.filterKey(msg)
	case m.overlay != noOverlay:
		return m.overlayKey(msg)
	case key.Matches(msg, k.Help):
		m.showOverlay(helpOverlay)
	case key.Matches(msg, k.Warnings):
		m.showOverlay(warningsOverlay)
	case key.Matches(msg, k.Rescan):
		return m.rescan()
	case m.screen == readerScreen:
		return m.readerKey(msg)
	default:
		return m.browserKey(msg)
	}
	return nil
}

// paste sends pasted text to the input line that has the focus.
func (m *Model) paste(msg tea.PasteMsg) tea.Cmd {
	switch {
	case m.prompting:
		m.prompt.update(msg)
	case m.filter.typing:
		return m.editFilter(msg)
	}
	return nil
}

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

// View renders the window.
func (m *Model) View() tea.View {
	defer m.crash.catch()
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "newsreader"
	v.Cursor = m.inputCursor()
	return v
}

// render draws the window: title bar, body and status line, each line
// exactly the window's width.
func (m *Model) render() string {
	switch {
	case m.width == 0 || m.height == 0:
		return m.progress() // no size yet: say that something happens
	case m.width < minWidth || m.height < minHeight:
		msg := "terminal too small"
		if m.width < display.Width(msg) {
			msg = "too small"
		}
		return display.Truncate(msg, m.width)
	}
	lay := m.layout()
	var body []string
	switch {
	case m.overlay != noOverlay:
		body = m.sheet.view(m.width, lay.bodyH)
	case m.screen == readerScreen:
		body = append([]string{m.st.Muted.Render(display.Fit(" "+m.readerMeta(), m.width)), ""}, m.readerView()...)
	default:
		body = m.browserView(lay)
	}
	lines := make([]string, 0, m.height)
	lines = append(lines, m.titleBar())
	for i := range lay.bodyH {
		line := ""
		if i < len(body) {
			line = body[i]
		}
		lines = append(lines, display.Pad(line, m.width))
	}
	lines = append(lines, m.statusBar())
	return strings.Join(lines, "\n")
}

// titleBar is the top line: the program's name and where the user is.
func (m *Model) titleBar() string {
	app := m.st.App.Render("newsreader")
	var title string
	switch {
	case m.overlay == helpOverlay:
		title = m.st.Title.Render("Help")
	case m.overlay == warningsOverlay:
		title = m.st.Title.Render("Warnings") + m.st.Muted.Render(" · "+display.Plural(m.warnCount, "warning"))
	case m.screen == readerScreen:
		title = m.st.Title.Render(display.Printable(m.reader.art.Title))
	default:
		title = m.st.Title.Render(m.crumb(m.tree.selectedPath())) + m.st.Muted.Render(" · "+m.countText())
	}
	return display.Fit(app+" "+title, m.width)
}

// crumb writes a category path for people.
func (m *Model) crumb(path []string) string {
	if len(path) == 0 {
		return "All"
	}
	return display.Printable(strings.Join(path, " › "))
}

// countText counts the list's articles, and those the filter kept.
func (m *Model) countText() string {
	if m.filter.active() {
		return fmt.Sprintf("%s of %s", display.Thousands(len(m.list.items)), display.Plural(len(m.list.all), "article"))
	}
	return display.Plural(len(m.list.all), "article")
}

// progress describes the scan: running, failed or done.
func (m *Model) progress() string {
	switch {
	case m.scan.running && m.scan.pending != nil:
		return fmt.Sprintf("rescanning… %s files", display.Thousands(m.scan.files))
	case m.scan.running:
		return fmt.Sprintf("scanning… %s files", display.Thousands(m.scan.files))
	case m.scan.err != nil:
		return "scan failed: " + display.Printable(m.scan.err.Error())
	}
	return fmt.Sprintf("%s in %s · %s", display.Plural(m.ix.Len(), "article"), display.Plural(m.ix.Files(), "file"), display.Printable(m.arch.Name()))
}

// statusBar is the bottom line: an input line, a message or the state on
// the left; the warnings and the help key on the right.
func (m *Model) statusBar() string {
	r := m.statusRight()
	var left string
	switch {
	case m.prompting:
		s, _ := m.prompt.view(m.width)
		return display.Pad(s, m.width)
	case m.filter.typing:
		s, _ := m.filter.input.view(m.filterWidth())
		left = s + m.st.Muted.Render("  "+m.countText())
	case m.message != "":
		s := m.st.Status
		if m.messageErr {
			s = m.st.Warning
		}
		left = " " + s.Render(m.message)
	case m.overlay != noOverlay:
		left = " " + m.st.Status.Render(fmt.Sprintf("%s close · %s/%s scroll", m.keys.Back.Help().Key, firstKey(m.keys.Up), firstKey(m.keys.Down)))
	case m.screen == readerScreen:
		left = " " + m.readerStatus()
	default:
		left = " " + m.browserStatus()
	}
	return display.Fit(left, m.width-display.Width(r)) + r
}

// statusRight is the right end of the status line: the count of warnings
// and the help key, or only the warnings in a narrow window; nothing when
// the window is too narrow to spare the room.
func (m *Model) statusRight() string {
	warn := m.st.Warning.Render(fmt.Sprintf("⚠ %s %s", display.Thousands(m.warnCount), firstKey(m.keys.Warnings)))
	help := m.st.Muted.Render(firstKey(m.keys.Help) + " help")
	var r string
	switch {
	case m.warnCount == 0:
		r = " " + help + " "
	case m.width < narrowWidth:
		r = " " + warn + " "
	default:
		r = " " + warn + m.st.Muted.Render(" · ") + help + " "
	}
	if m.width-display.Width(r) < 10 {
		return ""
	}
	return r
}

// firstKey is the help text of a binding's first key, for hints.
func firstKey(b key.Binding) string { return keyLabel(b.Keys()[:1]) }

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
