package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"newsreader/config"
	"newsreader/display"
	"newsreader/feed"
	"newsreader/render"
	"newsreader/store"
)

// Options are what the interface shows and how.
type Options struct {
	// Archive is the archive to browse.
	Archive *feed.Archive
	// Store is the archive's store: its index as last seen, which the
	// first frame shows while the archive is reconciled, and the reader's
	// marks. Nil when it could not be opened (StoreErr says why): the
	// archive is then scanned, and marks last until the interface quits.
	Store    *store.Store
	StoreErr error
	// Config holds the time zone, theme, article style and width, key
	// bindings, rules file and state folder.
	Config *config.Config
	// Getenv reads the environment (NO_COLOR, TERM, PAGER, LESS, LV,
	// EDITOR, VISUAL, BROWSER); nil means os.Getenv.
	Getenv func(string) string
	// Now is the clock that day headings count from; nil means time.Now.
	Now func() time.Time
	// ArticlesHere is set when the demo is shown although the working
	// folder holds articles: the status line says how to open them.
	ArticlesHere bool
	// Input and Output are the terminal; nil means stdin and stdout.
	Input  io.Reader
	Output io.Writer
}

// Run shows the interface until the user quits. It returns an error for
// a bad setting (such as a key binding) before the screen changes, and
// after a crash, with the path of the report written to the state folder;
// the terminal is restored in every case.
func Run(ctx context.Context, opts Options) error {
	var pre <-chan preload
	if opts.Store != nil {
		pre = startLoad(ctx, opts.Store)
	}
	m, err := New(opts)
	if err != nil {
		if pre != nil {
			<-pre // the store is closed after Run: not while it is read
		}
		return err
	}
	m.ctx = ctx
	m.preloaded = pre
	popts := []tea.ProgramOption{tea.WithContext(ctx)}
	if p, ok := forcedProfile(m.getenv); ok {
		popts = append(popts, tea.WithColorProfile(p))
	}
	if opts.Input != nil {
		popts = append(popts, tea.WithInput(opts.Input))
	}
	if opts.Output != nil {
		popts = append(popts, tea.WithOutput(opts.Output))
	}
	_, err = tea.NewProgram(m, popts...).Run()
	for _, cancel := range []context.CancelFunc{m.scan.cancel, m.pipe.cancel, m.searching.index.cancel, m.searching.cancel} {
		if cancel != nil {
			cancel()
		}
	}
	m.stopLive()
	if m.preloaded != nil {
		<-m.preloaded // the program ended before it started: not read while the store closes
	}
	// However the program ended, the marks not yet saved and the place
	// reached are saved now, with the terminal already restored.
	saveErr := m.finish()
	if errors.Is(err, tea.ErrInterrupted) || (errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil && !errors.Is(err, tea.ErrProgramPanic)) {
		err = nil // a signal asked us to stop
	}
	return errors.Join(m.crash.err(err), saveErr)
}

// screen is what the body of the window shows.
type screen int

const (
	browserScreen screen = iota
	readerScreen
	searchScreen
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
	ctx  context.Context
	arch *feed.Archive
	// preloaded is the store's reading that Run began (startLoad), for
	// the first load to take.
	preloaded <-chan preload
	cfg       *config.Config
	// rules gives the rules that clean articles (see rulesFor); a
	// command calls it, never Update, since it may compile them.
	rules   func() (*render.Rules, error)
	glamour map[string]*render.Style // article styles, by name
	getenv  func(string) string
	now     func() time.Time
	crash   *crashLog
	archDir string // the archive's folder, for copying paths; "" for the demo
	// articlesHere: the working folder holds articles, and the demo shows.
	articlesHere bool

	keys    keyMap
	dark    bool
	noColor bool
	st      styles
	help    help.Model

	width, height int
	screen        screen
	focus         pane
	overlays      []overlay // open over the screen, the last on top
	helpSheet     sheet
	warnings      warningsView
	output        outputView
	links         linksView

	// store keeps the index and the marks, nil without one; cached is
	// set while the index comes from it (else the archive is scanned).
	store  *store.Store
	cached bool
	// marks are the reader's marks as the interface knows them: changed
	// at once, saved by the store in the order made (see marks.go).
	marks   *store.Marks
	saves   saveQueue
	counts  tally
	view    viewState
	restore *place // the place to return to, until it is found
	placed  bool   // the store's place was read: quitting keeps the new one
	confirm *confirmation
	notes   []string // what the store said, shown over the warnings

	ix *feed.Index
	// snap is the index's articles, newest first, as of the last refresh:
	// the panes show it, so that moving between categories filters it
	// instead of re-sorting an index that the scan keeps adding to.
	snap      []*feed.Article
	sort      sortState
	warnCount int
	scan      scanState
	tree      tree
	list      articleList
	filter    filterState
	reader    reader
	searching searchView
	docs      *lru[string, *render.Document]
	pages     *lru[pageKey, string]
	// forgets counts the times files changed and the caches forgot them:
	// a render that read a file before does not fill them.
	forgets int

	prompt    lineInput
	prompting bool
	pipe      pipeRun
	message   message
	live      liveState

	// spinnerDelay and resizeSettle are the reader's waits (see
	// reader.go). after turns a wait into the command that delivers msg
	// once d has passed: tea.Tick in the program; tests replace it to
	// deliver timer messages themselves instead of sleeping.
	spinnerDelay, resizeSettle time.Duration
	after                      func(d time.Duration, msg tea.Msg) tea.Cmd
	// exec gives a command the terminal: tea.ExecProcess in the program;
	// tests replace it, having no terminal to give.
	exec func(*exec.Cmd, tea.ExecCallback) tea.Cmd
	// browse runs the program that opens a link, detached, and waits for
	// it: startBrowser in the program; tests replace it, so that no
	// browser starts.
	browse func(args []string) error
}

// New returns the interface's model. It checks the settings the interface
// owns: key bindings, the rules file and the article style.
func New(opts Options) (*Model, error) {
	cfg := opts.Config
	keys, err := newKeyMap(cfg.Keys)
	if err != nil {
		return nil, fmt.Errorf("config file %s: %w", cfg.File, err)
	}
	rules, err := rulesFor(cfg.Rules)
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
		noColor: config.NoColor(config.Env{Getenv: getenv}),
		help:    help.New(),
		ix:      feed.NewIndex(),
		store:   opts.Store,
		cached:  opts.Store != nil,
		marks:   &store.Marks{},
		reader:  newReader(),
		docs:    newLRU[string](maxDocs, maxDocBytes, func(d *render.Document) int { return len(d.Markdown) }),
		pages:   newLRU[pageKey](maxPages, maxPageBytes, func(s string) int { return len(s) }),
		prompt:  newLineInput("| ", "command to pipe the Markdown to (empty: $PAGER)"),

		spinnerDelay: defaultSpinnerDelay,
		resizeSettle: defaultResizeSettle,
		after:        tick,
		exec:         tea.ExecProcess,
		browse:       startBrowser,

		articlesHere: opts.ArticlesHere,
	}
	m.filter.input = newLineInput("/", "filter titles, sources, authors")
	m.searching = newSearchView()
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
	if opts.Store == nil && opts.StoreErr != nil {
		m.setMessage(fmt.Sprintf("cannot open the store (%v): read marks and stars last until newsreader quits", opts.StoreErr), true)
	}
	return m, nil
}

// rulesFor returns the rules of the user's rules file at path, combined
// with the built-in ones, as a function that compiles them at the first
// call. The built-in rules alone (no file at path, as for most users)
// wait for that call, from the first article opened or the search index's
// update: compiling them takes 6 to 8 ms of processor time, which a warm
// start spent beside the store's load, on two cores both busy before the
// first frame, which cleans no article. A file of the user's is compiled
// at once, so that a mistake in it stops the start with its line, before
// the terminal is taken.
func rulesFor(path string) (func() (*render.Rules, error), error) {
	if _, err := os.Stat(path); path == "" || errors.Is(err, fs.ErrNotExist) {
		return sync.OnceValues(func() (*render.Rules, error) { return render.LoadRules("") }), nil
	}
	rules, err := render.LoadRules(path)
	if err != nil {
		return nil, err
	}
	return func() (*render.Rules, error) { return rules, nil }, nil
}

// forcedProfile is the colour profile the program must use instead of the
// one bubbletea detects, if any. colorprofile treats TERM=dumb as no
// terminal at all and strips every attribute, the reverse video of the
// selection too, so that nothing would show where the cursor is: such a
// terminal gets attributes and no colours, as NO_COLOR gives.
func forcedProfile(getenv func(string) string) (colorprofile.Profile, bool) {
	if config.DumbTerminal(getenv) {
		return colorprofile.ASCII, true
	}
	return 0, false
}

// tick returns the command that delivers msg once d has passed.
func tick(d time.Duration, msg tea.Msg) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}

// Init loads the index and the marks from the store, or starts the scan
// without one, and, for the auto theme, asks the terminal for its
// background colour.
func (m *Model) Init() tea.Cmd {
	var cmd tea.Cmd
	if m.store != nil {
		cmd = m.load()
	} else {
		cmd = m.rescan()
	}
	// A message set before the program started (the store could not be
	// opened) needs its timer too.
	if m.message.text != "" {
		cmd = tea.Batch(cmd, m.after(m.message.ttl(), messageExpiredMsg{m.message.seq}))
	}
	if m.cfg.Theme == "auto" {
		return tea.Batch(cmd, tea.RequestBackgroundColor)
	}
	return cmd
}

// Update handles a message. All I/O happens in the commands it returns.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	defer m.crash.catch()
	seq := m.message.seq
	m.seeNew(msg) // what was on screen as the user acted
	cmd := m.update(msg)
	m.seeNew(msg) // what the key brought into view
	if m.message.seq != seq {
		cmd = tea.Batch(cmd, m.after(m.message.ttl(), messageExpiredMsg{m.message.seq}))
	}
	return m, cmd
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
	case loadedMsg:
		return m.loaded(msg)
	case savedMsg:
		return m.saved(msg)
	case scanBatchMsg:
		return m.scanned(msg)
	case scanDoneMsg:
		return m.scanEnded(msg)
	case liveStartedMsg, liveEventMsg, liveReconciledMsg:
		return m.updateLive(msg)
	case rebuildMsg:
		return m.rebuildTimed()
	case filterMsg, matcherMsg:
		return m.updateFilter(msg)
	case sortedMsg:
		return m.sorted(msg)
	case renderedMsg, spinnerDueMsg, spinner.TickMsg, resizedMsg:
		return m.updateReader(msg)
	case searchDueMsg, searchedMsg, indexProgressMsg, indexedMsg:
		return m.updateSearch(msg)
	case pipeDoneMsg, pipeOutputMsg:
		return m.updatePrompt(msg)
	case terminalMsg:
		return m.exec(msg.cmd, msg.done)
	case startFailedMsg:
		m.startFailed(msg)
	case editedMsg:
		return m.edited(msg)
	case linkOpenedMsg:
		m.linkOpened(msg)
	case messageExpiredMsg:
		if msg.seq == m.message.seq {
			m.message.text = ""
		}
	case tea.KeyPressMsg:
		m.message.text = ""
		m.restore = nil // the user has moved on from the place kept
		edit := m.editing()
		if edit != nil && typesText(msg) {
			return edit(msg)
		}
		switch {
		case msg.String() == quitKey, key.Matches(msg, m.keys.Quit):
			return tea.Quit
		case key.Matches(msg, m.keys.Suspend):
			return tea.Suspend
		case edit != nil:
			return edit(msg)
		}
		if m.top() != noOverlay {
			return m.updateOverlay(msg)
		}
		if m.screen == readerScreen {
			// A count before o takes the digits, and goes at any other
			// key, help's and rescan's too.
			if cmd, ok := m.countKey(msg); ok {
				return cmd
			}
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
		if m.top() != noOverlay {
			return m.updateOverlay(msg)
		}
		return m.updateScreen(msg)
	}
	return nil
}

// typesText reports whether a key press is text for an input line: the
// keys that act on every screen, such as quit and suspend, act in an input
// line too unless they type a character (Q quits, but not in the filter).
func typesText(msg tea.KeyPressMsg) bool {
	return msg.Text != "" && msg.Mod&^tea.ModShift == 0
}

// editing returns the update function of the input line being edited,
// which takes every key and paste; nil when none is.
func (m *Model) editing() func(tea.Msg) tea.Cmd {
	switch {
	case m.confirm != nil:
		return m.updateConfirm
	case m.prompting:
		return m.updatePrompt
	case m.filter.typing:
		return m.updateFilter
	case m.screen == readerScreen && m.reader.find.typing:
		return m.updateFind
	case m.screen == searchScreen && m.searching.typing:
		return m.updateSearch
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
		m.openWarnings()
	case key.Matches(msg, m.keys.Rescan):
		return m.rescan(), true
	case key.Matches(msg, m.keys.Search):
		return m.openSearch(), true
	default:
		return nil, false
	}
	return nil, true
}

// updateScreen passes a message to the current screen.
func (m *Model) updateScreen(msg tea.Msg) tea.Cmd {
	switch m.screen {
	case readerScreen:
		return m.updateReader(msg)
	case searchScreen:
		return m.updateSearch(msg)
	}
	return m.updateBrowser(msg)
}

// layout is where the panes are for the window's size.
type layout struct {
	narrow bool // one pane at a time
	bodyH  int  // rows between the title bar and the status line
	// Side by side, the panes start with their titles, the focused one
	// highlighted: paneTop is the screen row of the panes' first line,
	// paneH their count of lines.
	paneTop, paneH int
	treeW          int // the list starts after it and a rule
	listW          int
}

// layout computes the layout for the window's size, for drawing and for
// finding what is under the mouse alike.
func (m *Model) layout() layout {
	bodyH := max(0, m.height-2)
	if m.width < narrowWidth {
		return layout{narrow: true, bodyH: bodyH, paneTop: 1, paneH: bodyH, treeW: m.width, listW: m.width}
	}
	treeW := clamp(m.width*3/10, 24, 40)
	return layout{bodyH: bodyH, paneTop: 2, paneH: max(0, bodyH-1), treeW: treeW, listW: m.width - treeW - 1}
}

// resize lays the screens out for a new window size.
func (m *Model) resize(w, h int) tea.Cmd {
	m.width, m.height = w, h
	lay := m.layout()
	m.help.SetWidth(w)
	m.tree.scroll(lay.paneH)
	m.list.scroll(lay.paneH)
	m.fillOverlays()
	return tea.Batch(m.resizeReader(lay.bodyH), m.resizeSearch())
}

// View renders the window.
func (m *Model) View() tea.View {
	defer m.crash.catch()
	v := tea.NewView(m.render())
	v.AltScreen = true
	if m.cfg.Mouse {
		v.MouseMode = tea.MouseModeCellMotion
	}
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
	case m.top() != noOverlay:
		body = m.sheetOf(m.top()).view(m.width, lay.bodyH)
	case m.screen == readerScreen:
		body = m.readerView()
	case m.screen == searchScreen:
		body = m.searchView()
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
