package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

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

// Window sizes that change the layout.
const (
	// narrowWidth: below it, the browser shows one pane at a time.
	narrowWidth = 80
	// Below minWidth or minHeight only a "too small" line shows.
	minWidth  = 20
	minHeight = 5
)

// Model is the interface: a bubbletea model of the browser, the reader
// and the overlays, and the archive's index as the scan fills it. It
// routes each message to the screen that owns it; each screen's file
// holds its keys, its messages and its drawing.
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

	// spinnerDelay and resizeSettle are the reader's waits (see
	// reader.go). after turns a wait into the command that delivers msg
	// once d has passed: tea.Tick in the program; tests replace it to
	// deliver timer messages themselves instead of sleeping.
	spinnerDelay, resizeSettle time.Duration
	after                      func(d time.Duration, msg tea.Msg) tea.Cmd
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
		prompt:  newLineInput("| ", "command to pipe the Markdown to (empty: $PAGER)"),

		spinnerDelay: defaultSpinnerDelay,
		resizeSettle: defaultResizeSettle,
		after:        tick,
	}
	m.filter.input = newLineInput("/", "filter titles")
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

// tick returns the command that delivers msg once d has passed.
func tick(d time.Duration, msg tea.Msg) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
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
	return m, m.update(msg)
}

// update routes a message. The window's size and colours and the scan
// concern every screen. A screen's own messages go to it wherever the
// user is: a render that ends after the user left the reader still fills
// the cache. Keys go to the input line being edited, else to the overlay,
// else to the keys of every screen, else to the current screen; pastes
// go to the input line, the mouse to the overlay or the screen.
func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m.resize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		if m.cfg.Theme == "auto" && msg.IsDark() != m.dark {
			m.setTheme(msg.IsDark())
			return m.rerender()
		}
	case scanBatchMsg:
		return m.scanned(msg)
	case scanDoneMsg:
		return m.scanEnded(msg)
	case rebuildMsg:
		return m.rebuildTimed()
	case filterMsg:
		return m.updateFilter(msg)
	case renderedMsg, spinnerDueMsg, spinner.TickMsg, resizedMsg:
		return m.updateReader(msg)
	case pipeDoneMsg:
		return m.updatePrompt(msg)
	case tea.KeyPressMsg:
		if msg.String() == quitKey || key.Matches(msg, m.keys.Quit) {
			return tea.Quit
		}
		m.message = ""
		if edit := m.editing(); edit != nil {
			return edit(msg)
		}
		if m.overlay != noOverlay {
			return m.updateOverlay(msg)
		}
		if cmd, ok := m.generalKey(msg); ok {
			return cmd
		}
		return m.updateScreen(msg)
	case tea.PasteMsg:
		if edit := m.editing(); edit != nil {
			return edit(msg)
		}
	case tea.MouseWheelMsg, tea.MouseClickMsg:
		if m.overlay != noOverlay {
			return m.updateOverlay(msg)
		}
		return m.updateScreen(msg)
	}
	return nil
}

// editing returns the update function of the input line being edited,
// which takes every key and paste; nil when none is.
func (m *Model) editing() func(tea.Msg) tea.Cmd {
	switch {
	case m.prompting:
		return m.updatePrompt
	case m.filter.typing:
		return m.updateFilter
	}
	return nil
}

// generalKey handles the keys that act the same on every screen: help,
// warnings and rescan. ok is false for any other key.
func (m *Model) generalKey(msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	switch {
	case key.Matches(msg, m.keys.Help):
		m.showOverlay(helpOverlay)
	case key.Matches(msg, m.keys.Warnings):
		m.showOverlay(warningsOverlay)
	case key.Matches(msg, m.keys.Rescan):
		return m.rescan(), true
	default:
		return nil, false
	}
	return nil, true
}

// updateScreen passes a message to the current screen.
func (m *Model) updateScreen(msg tea.Msg) tea.Cmd {
	if m.screen == readerScreen {
		return m.updateReader(msg)
	}
	return m.updateBrowser(msg)
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

// resize lays the screens out for a new window size.
func (m *Model) resize(w, h int) tea.Cmd {
	m.width, m.height = w, h
	lay := m.layout()
	m.help.SetWidth(w)
	m.tree.scroll(lay.bodyH)
	m.list.scroll(lay.bodyH)
	if m.overlay != noOverlay {
		m.fillOverlay()
	}
	return m.resizeReader(lay.bodyH)
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
		body = m.readerView()
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
