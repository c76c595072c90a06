package render

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"newsreader/display"

	"charm.land/glamour/v2"
	gansi "charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Style is a loaded glamour style. Load it once and reuse it; it is
// immutable and safe for concurrent use.
type Style struct {
	// Name is what the style was loaded from: a built-in name or a path.
	Name   string
	config gansi.StyleConfig
	// headingColours turns the body text's foreground into a heading's
	// (see unpadColour); nil when the text has no colour of its own.
	headingColours *headingColours
	// ascii is set for the ascii style: only ASCII decorations, and no
	// hyperlinks.
	ascii bool
}

// StyleAuto asks ResolveStyle to pick dark or light from the terminal.
const StyleAuto = "auto"

// ResolveStyle turns the style setting into a name LoadStyle accepts, for
// the `show` command on a real terminal: "auto" asks the terminal for its
// background colour (lipgloss.HasDarkBackground, which reads from in and
// writes to out, so call it before any output). noColor (the NO_COLOR
// convention) replaces every built-in colour style by "notty"; a JSON file
// the user chose is kept. The TUI resolves "auto" from bubbletea's
// background-colour message instead and passes "dark" or "light".
func ResolveStyle(name string, noColor bool, in, out *os.File) string {
	_, builtin := styles.DefaultStyles[name]
	switch {
	case noColor && (name == StyleAuto || builtin):
		return styles.NoTTYStyle
	case name == StyleAuto && lipgloss.HasDarkBackground(in, out):
		return styles.DarkStyle
	case name == StyleAuto:
		return styles.LightStyle
	}
	return name
}

// LoadStyle loads a built-in glamour style (dark, light, notty, ascii,
// pink, dracula, tokyo-night) or a glamour JSON style file. "auto" must be
// resolved first (ResolveStyle), because only the caller knows the
// terminal.
func LoadStyle(name string) (*Style, error) {
	if name == StyleAuto {
		return nil, errors.New(`style "auto" must be resolved to dark or light first`)
	}
	var cfg gansi.StyleConfig
	if builtin, ok := styles.DefaultStyles[name]; ok {
		cfg = *builtin
	} else {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("style %q is neither a built-in style nor a readable file: %w", name, err)
		}
		if err := json.Unmarshal(data, &cfg); err != nil {
			return nil, fmt.Errorf("style file %s: %w", name, err)
		}
	}
	ascii := name == styles.AsciiStyle
	if ascii {
		bullet := "* " // glamour's ascii style has "• "
		cfg.Item.BlockPrefix = bullet
	}
	return newStyle(name, cfg, ascii), nil
}

// newStyle completes a style configuration: the heading variant, and the
// colour moved off the padding.
func newStyle(name string, cfg gansi.StyleConfig, ascii bool) *Style {
	unpadColour(&cfg)
	return &Style{Name: name, config: cfg, headingColours: newHeadingColours(cfg), ascii: ascii}
}

// unpadColour moves the document's foreground colour to the text, list
// markers and links. glamour pads every line to the full width with spaces
// in the document's style, one SGR sequence per space: for the dark style
// that made output ten times the size of the text and rendering five times
// slower, to colour spaces nobody sees. With a background colour the
// padding is visible, so such a style is left alone. glamour gives a
// heading's text the text style, whose colour now wins over the heading's;
// so Render marks the headings and gives their text the heading's colour
// back (headingColours).
func unpadColour(cfg *gansi.StyleConfig) {
	doc := &cfg.Document.StylePrimitive
	if doc.Color == nil || doc.BackgroundColor != nil {
		return
	}
	for _, p := range []*gansi.StylePrimitive{&cfg.Text, &cfg.Item, &cfg.Enumeration} {
		if p.Color == nil {
			p.Color = doc.Color
		}
	}
	doc.Color = nil
}

// plainStyle and plainASCIIStyle lay text out like notty but print no
// Markdown markers and no left margin, for the text format.
var (
	plainStyle      = newPlainStyle(false)
	plainASCIIStyle = newPlainStyle(true)
)

func newPlainStyle(ascii bool) *Style {
	cfg := styles.NoTTYStyleConfig
	var zero uint
	cfg.Document.Margin = &zero
	for _, h := range []*gansi.StyleBlock{&cfg.H1, &cfg.H2, &cfg.H3, &cfg.H4, &cfg.H5, &cfg.H6} {
		h.Prefix = ""
	}
	for _, p := range []*gansi.StylePrimitive{&cfg.Strikethrough, &cfg.Emph, &cfg.Strong, &cfg.Code.StylePrimitive} {
		p.BlockPrefix, p.BlockSuffix = "", ""
	}
	indent := "  "
	cfg.BlockQuote.IndentToken = &indent
	if ascii {
		cfg.Item.BlockPrefix = "* "
		return newStyle("plain-ascii", cfg, true)
	}
	col, row, cross := "│", "─", "┼"
	cfg.Table.ColumnSeparator, cfg.Table.RowSeparator, cfg.Table.CenterSeparator = &col, &row, &cross
	cfg.HorizontalRule.Format = "\n────────\n"
	return newStyle("plain", cfg, false)
}

// rendererPools reuses glamour renderers per (style, width): building one
// costs more than rendering a short article, and a renderer is not safe
// for concurrent use, so each goroutine takes its own from the pool.
var rendererPools sync.Map // poolKey → *sync.Pool

type poolKey struct {
	style *Style
	width int
}

func (s *Style) renderer(width int) (*glamour.TermRenderer, func(), error) {
	key := poolKey{s, width}
	p, ok := rendererPools.Load(key)
	if !ok {
		p, _ = rendererPools.LoadOrStore(key, &sync.Pool{})
	}
	pool := p.(*sync.Pool)
	if r, ok := pool.Get().(*glamour.TermRenderer); ok {
		return r, func() { pool.Put(r) }, nil
	}
	r, err := glamour.NewTermRenderer(
		glamour.WithStyles(s.config),
		glamour.WithWordWrap(width),
		glamour.WithPreservedNewLines(),
		// chroma's 256-colour formatter picks the nearest palette entry by
		// ranging over a map, so a colour halfway between two entries comes
		// out differently from run to run; true colour is exact. Callers
		// that print to a lesser terminal downsample (lipgloss does).
		glamour.WithChromaFormatter("terminal16m"),
	)
	if err != nil {
		return nil, nil, fmt.Errorf("glamour renderer: %w", err)
	}
	return r, func() { pool.Put(r) }, nil
}

// Render renders Markdown for a terminal of the given width (at least 20)
// with style st. The output is a pure function of its arguments, so
// callers may cache it by (article, width, style).
//
// Links read as their text followed by a number, "picture-in-picture[3]",
// images as "🖼 alt[4]" lines, and the numbered URLs follow under a Links
// heading at the end, each whole on its line: the convention of lynx -dump,
// w3m -dump and newsboat. The numbers are the places in Document.Links of
// the Document the Markdown came from, counting from 1. A link's text
// carries an OSC 8 hyperlink to its URL, and so does each URL of the list.
// With the ascii style (LoadStyle("ascii")) every decoration is ASCII
// ("Image:" for 🖼) and there are no hyperlinks.
//
// Every line fits the width, East Asian wide characters counting two
// cells, except the URLs of the list, which are never broken; lines break
// by the CJK rules (no closing mark starts a line, no opening mark ends
// one). The only escape sequences are SGR colours and OSC 8 hyperlinks to
// URLs that appear in the Markdown and are safe. Line breaks inside a
// paragraph are kept, so pass Markdown as Prepare makes it, not
// WrapMarkdown's output.
//
// A panic while rendering (a bug that some article text triggers) becomes
// the error, whichever goroutine it happens in, so that the reader can say
// the article could not be shown instead of dying with the terminal in raw
// mode.
func Render(markdown string, width int, st *Style) (string, error) {
	return st.renderDoc(markdown, width, decorations{ascii: st.ascii, hyperlinks: !st.ascii})
}

// RenderText renders Markdown as plain text at the given width, from
// column 0: no Markdown markers, no colours, no escape sequences at all.
// Links and images are numbered and listed as Render does.
func RenderText(markdown string, width int) (string, error) {
	return renderText(markdown, width, plainStyle)
}

// RenderTextASCII is RenderText with only ASCII decorations ("Image:"
// for 🖼, "*" for bullets, "|" and "-" for tables), for --style ascii.
// The article's own text is not changed.
func RenderTextASCII(markdown string, width int) (string, error) {
	return renderText(markdown, width, plainASCIIStyle)
}

func renderText(markdown string, width int, st *Style) (string, error) {
	out, err := st.renderDoc(markdown, width, decorations{ascii: st.ascii})
	if err != nil {
		return "", err
	}
	lines := strings.Split(ansi.Strip(out), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n") + "\n", nil
}

func (st *Style) renderDoc(markdown string, width int, deco decorations) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = "", fmt.Errorf("rendering markdown: panic: %v", r)
		}
	}()
	width = max(width, 20)
	markdown = display.Clean(markdown)
	if deco.ascii {
		markdown = asciiMarkdown(markdown)
	}
	md, list := references(markdown, deco)
	if len(list) > 0 {
		md = strings.TrimRight(md, "\n") + "\n\n## Links\n"
	}
	allowed := allowedLinks(markdown, list, deco)
	pieces := splitMarkdown(st.layout(md, width), chunkSize)
	outs := make([]string, len(pieces))
	errs := make([]error, len(pieces))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, piece := range pieces {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					errs[i] = fmt.Errorf("panic: %v", r)
				}
			}()
			sem <- struct{}{}
			defer func() { <-sem }()
			if panicHook != nil {
				panicHook("render", piece)
			}
			out, err := st.render(piece, width)
			out = st.headingColours.apply(hyperlinks(out, list, deco.hyperlinks))
			outs[i], errs[i] = fitWidth(sanitizeOutput(out, allowed), width), err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return "", fmt.Errorf("rendering markdown: %w", err)
	}
	// glamour separates blocks by one blank line; so are the pieces, which
	// begin and end with blank lines of their own (a rule's are styled).
	for i := range outs {
		lines := strings.Split(outs[i], "\n")
		if i > 0 {
			for len(lines) > 0 && visibleText(lines[0]) == "" {
				lines = lines[1:]
			}
			lines = append([]string{""}, lines...)
		}
		if i < len(outs)-1 {
			for len(lines) > 0 && visibleText(lines[len(lines)-1]) == "" {
				lines = lines[:len(lines)-1]
			}
			lines = append(lines, "")
		}
		outs[i] = strings.Join(lines, "\n")
	}
	return breakLines(strings.Join(outs, ""), width) + st.linkLines(list, deco), nil
}

// allowedLinks says which URLs may become OSC 8 hyperlinks: those of the
// numbered links, and the bare URLs in the text that goldmark's linkify
// extension turns into links, once SafeURL accepts them. With ASCII
// decorations there are none, not even the sequence that ends a link.
func allowedLinks(md string, list []Link, deco decorations) func(string) bool {
	if deco.ascii {
		return func(string) bool { return false }
	}
	urls := markdownLinks(md)
	for _, l := range list {
		urls[l.URL] = true
	}
	return func(link string) bool {
		if link == "" {
			return true
		}
		u, ok := SafeURL(link)
		return ok && u == link && urls[link]
	}
}

// asciiSeparators are the metadata line's separators in ASCII.
var asciiSeparators = strings.NewReplacer(" · ", " | ", " › ", " > ")

// asciiMarkdown replaces the decorations that Prepare writes into the
// Markdown by ASCII ones: the "▶" of embedded players, and the separators
// of the header's metadata line.
func asciiMarkdown(md string) string {
	md = videoLine.ReplaceAllString(md, "${1}[Video]")
	if !strings.HasPrefix(md, "# ") {
		return md
	}
	// The metadata line is the paragraph after the title.
	_, rest, ok := strings.Cut(md, "\n\n")
	if !ok {
		return md
	}
	meta, _, _ := strings.Cut(rest, "\n")
	ascii := asciiSeparators.Replace(meta)
	return md[:len(md)-len(rest)] + ascii + rest[len(meta):]
}

// videoLine is the start of the line that replaceEmbeds writes for a
// player.
var videoLine = regexp.MustCompile(`(?m)^((?: {0,3}> ?)*)▶ \[video\]`)

// linkLines lists the numbered URLs after the Links heading, one a line at
// the document's margin, the numbers aligned. A URL is never broken, even
// when it is wider than the screen: a terminal can follow a URL only
// whole.
func (st *Style) linkLines(list []Link, deco decorations) string {
	if len(list) == 0 {
		return ""
	}
	margin := strings.Repeat(" ", st.margin())
	numWidth := len(strconv.Itoa(len(list))) + 2
	var b strings.Builder
	for i, l := range list {
		n := strconv.Itoa(i + 1)
		url := styled(st.config.Link, l.URL)
		if deco.hyperlinks {
			url = ansi.SetHyperlink(l.URL, "id=nr"+n) + url + ansi.ResetHyperlink()
		}
		fmt.Fprintf(&b, "%s%*s %s\n", margin, numWidth, "["+n+"]", url)
	}
	return b.String()
}

// styled renders text in a glamour style's colour and underline, as
// glamour would.
func styled(p gansi.StylePrimitive, text string) string {
	var s ansi.Style
	if p.Color != nil {
		s = s.ForegroundColor(lipgloss.Color(*p.Color))
	}
	if p.Underline != nil && *p.Underline {
		s = s.Underline(true)
	}
	if len(s) == 0 {
		return text
	}
	return s.Styled(text)
}

func (st *Style) margin() int {
	if m := st.config.Document.Margin; m != nil {
		return int(*m)
	}
	return 0
}

// glamourIndent is how many cells more than the Markdown marker glamour
// gives a quote ("│ " after an indent) or a list item ("• " after the
// level indent).
const glamourIndent = 2

// linkTarget finds link and image destinations, autolinks and the bare
// URLs that goldmark's linkify extension turns into links.
var linkTarget = regexp.MustCompile(`\]\(([^)\s]+)|<((?:https?|mailto):[^>\s]+)>|((?:https?|mailto):[^\s<>()\[\]]+)`)

// markdownLinks returns the URLs the Markdown links to, as goldmark will
// hand them to glamour (backslash escapes and entities resolved): only
// those may become OSC 8 hyperlinks.
func markdownLinks(md string) map[string]bool {
	links := map[string]bool{}
	for _, m := range linkTarget.FindAllStringSubmatch(md, -1) {
		link := m[1] + m[2] + m[3]
		for link != "" {
			links[link] = true
			links[html.UnescapeString(markdownEscapes.ReplaceAllString(link, "$1"))] = true
			if m[3] == "" {
				break
			}
			// linkify leaves trailing punctuation out of the link.
			trimmed := strings.TrimRight(link, `.,:;!?"'*_~`)
			if trimmed == link {
				break
			}
			link = trimmed
		}
	}
	return links
}

// deepQuote finds quote markers past the eighth on a line; glamour's time
// grows exponentially with quote depth, so Markdown that did not come
// through Prepare (which limits nesting) is cut there.
var deepQuote = regexp.MustCompile(`(?m)^((?: {0,3}> ?){8})(?: {0,3}> ?)+`)

// layout prepares Markdown for glamour: quotes deeper than eight levels are
// cut, paragraphs are filled to the width inside the document margins
// (wrapForScreen), and headings are marked for headingColours.
func (s *Style) layout(markdown string, width int) string {
	markdown = deepQuote.ReplaceAllString(markdown, "$1")
	markdown = wrapForScreen(markdown, width-2*s.margin(), glamourIndent)
	if s.headingColours != nil {
		markdown = markHeadings(markdown)
	}
	return markdown
}

func (s *Style) render(markdown string, width int) (string, error) {
	r, done, err := s.renderer(width)
	if err != nil {
		return "", err
	}
	out, err := r.RenderBytes([]byte(markdown))
	done() // not deferred: a renderer that panicked is not reused
	return string(out), err
}

// chunkSize is the Markdown size above which Render cuts a document into
// pieces and renders them in parallel: glamour renders about 1 MB a
// second, and a long article should not make the reader wait that long.
var chunkSize = 32 << 10 // a variable for TestRenderLongDocument

// splitMarkdown cuts md into pieces of about size bytes at blank lines
// before a top-level block that cannot continue the block above it (not a
// list item, quote, table row, indented line, or inside a code fence), so
// that every piece renders as it would within the whole.
func splitMarkdown(md string, size int) []string {
	if len(md) <= size {
		return []string{md}
	}
	var chunks []string
	start, inFence, prevBlank := 0, false, false
	for i := 0; i < len(md); {
		end := strings.IndexByte(md[i:], '\n')
		if end < 0 {
			end = len(md)
		} else {
			end += i
		}
		line := md[i:end]
		if strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~") {
			inFence = !inFence
		}
		if prevBlank && !inFence && i-start >= size && startsTopBlock(line) {
			chunks = append(chunks, md[start:i])
			start = i
		}
		prevBlank = strings.TrimSpace(line) == ""
		i = end + 1
	}
	return append(chunks, md[start:])
}

var continuation = regexp.MustCompile(`^(?:[ \t>|=*+-]|\d{1,9}[.)](?: |$))`)

func startsTopBlock(line string) bool {
	return line != "" && !continuation.MatchString(line)
}

// fitWidth hard-wraps the lines glamour could not fit (long URLs, code,
// wide tables): glamour wraps at spaces only, and those have none. It also
// drops the unstyled spaces glamour pads each line with, which only cost
// bytes.
func fitWidth(s string, width int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, " ")
		if ansi.StringWidth(l) > width {
			l = ansi.Hardwrap(l, width, true)
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}
