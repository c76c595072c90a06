package render

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"regexp"
	"runtime"
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
	// Images inside link text stay glamour's; label them like the others
	// (imageLines), not "Image: alt →".
	cfg.ImageText.Format = "🖼 {{.text}}"
	unpadColour(&cfg)
	return &Style{Name: name, config: cfg}, nil
}

// unpadColour moves the document's foreground colour to the text, list
// markers and links. glamour pads every line to the full width with spaces
// in the document's style, one SGR sequence per space: for the dark style
// that made output ten times the size of the text and rendering five times
// slower, to colour spaces nobody sees. With a background colour the
// padding is visible, so such a style is left alone.
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

// plainStyle lays text out like notty but prints no Markdown markers, for
// the text format.
var plainStyle = func() *Style {
	cfg := styles.NoTTYStyleConfig
	for _, h := range []*gansi.StyleBlock{&cfg.H1, &cfg.H2, &cfg.H3, &cfg.H4, &cfg.H5, &cfg.H6} {
		h.Prefix = ""
	}
	for _, p := range []*gansi.StylePrimitive{&cfg.Strikethrough, &cfg.Emph, &cfg.Strong, &cfg.Code.StylePrimitive} {
		p.BlockPrefix, p.BlockSuffix = "", ""
	}
	indent := "  "
	cfg.BlockQuote.IndentToken = &indent
	col, row, cross := "│", "─", "┼"
	cfg.Table.ColumnSeparator, cfg.Table.RowSeparator, cfg.Table.CenterSeparator = &col, &row, &cross
	cfg.HorizontalRule.Format = "\n────────\n"
	cfg.ImageText.Format = "🖼 {{.text}}"
	return &Style{Name: "plain", config: cfg}
}()

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
// callers may cache it by (article, width, style). Every line fits the
// width, East Asian wide characters counting two cells; the only escape
// sequences in it are SGR colours and OSC 8 hyperlinks to URLs that appear
// in the Markdown and are safe. Line breaks inside a paragraph are kept,
// so pass Markdown as Prepare makes it, not WrapMarkdown's output.
//
// A panic while rendering (a bug that some article text triggers) becomes
// the error, whichever goroutine it happens in, so that the reader can say
// the article could not be shown instead of dying with the terminal in raw
// mode.
func Render(markdown string, width int, st *Style) (out string, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = "", fmt.Errorf("rendering markdown: panic: %v", r)
		}
	}()
	width = max(width, 20)
	markdown = display.Clean(markdown)
	links := markdownLinks(markdown)
	allowed := func(link string) bool {
		u, ok := SafeURL(link)
		return ok && u == link && links[link]
	}
	filled := st.layout(markdown, width)
	chunks := splitMarkdown(filled, chunkSize)
	outs := make([]string, len(chunks))
	errs := make([]error, len(chunks))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for i, chunk := range chunks {
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					errs[i] = fmt.Errorf("panic: %v", r)
				}
			}()
			sem <- struct{}{}
			defer func() { <-sem }()
			if panicHook != nil {
				panicHook("render", chunk)
			}
			out, err := st.render(chunk, width)
			outs[i], errs[i] = fitWidth(sanitizeOutput(out, allowed), width), err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return "", fmt.Errorf("rendering markdown: %w", err)
	}
	// Each piece ends with a blank line and starts with a newline; keeping
	// one of the two separates the pieces as glamour separates blocks.
	for i := range len(outs) - 1 {
		outs[i] = strings.TrimSuffix(outs[i], "\n")
	}
	return strings.Join(outs, ""), nil
}

// markdownImage matches a Markdown image that is not the text of a link.
var markdownImage = regexp.MustCompile(`(^|[^\[])!\[((?:\\.|[^\]\\])*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)

// imageLines turns each image into a "🖼 alt" line followed by its URL on
// a line of its own: the terminal cannot show the picture, and glamour's
// inline "alt URL" breaks the alt text when the URL does not fit. The new
// lines carry the quote markers of the line they break, so that the image
// stays in its quote; not a list item's indent, because glamour runs the
// paragraphs of a list item together. Code is left alone, and so are
// table rows, which a line break would end: there glamour's inline form
// stays.
func imageLines(md string) string {
	if !strings.Contains(md, "![") {
		return md
	}
	lines := strings.Split(md, "\n")
	inFence := false
	for i, line := range lines {
		if strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~") {
			inFence = !inFence
		}
		if inFence || strings.HasPrefix(strings.TrimLeft(line, " "), "|") {
			continue
		}
		q := quotePrefix.FindString(line)
		lines[i] = markdownImage.ReplaceAllString(line, "$1\n"+q+"🖼 $2\n"+q+"<$3>\n"+q)
	}
	return strings.Join(lines, "\n")
}

// quotePrefix is the quote markers at the start of a line.
var quotePrefix = regexp.MustCompile(`^(?: {0,3}> ?)+`)

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
// cut, images become a "🖼 alt" line and a URL line, and paragraphs are filled to the width inside the document
// margins, because glamour breaks East Asian text anywhere (splitting
// numbers, starting lines with "，") while it keeps lines that fit as they
// are.
func (s *Style) layout(markdown string, width int) string {
	margin := 0
	if m := s.config.Document.Margin; m != nil {
		margin = int(*m)
	}
	markdown = deepQuote.ReplaceAllString(markdown, "$1")
	return wrapMarkdown(imageLines(markdown), width-2*margin, glamourIndent, true)
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
const chunkSize = 32 << 10

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

// RenderText renders Markdown as plain text at the given width: no
// Markdown markers, no colours, no escape sequences at all.
func RenderText(markdown string, width int) (string, error) {
	out, err := Render(markdown, width, plainStyle)
	if err != nil {
		return "", err
	}
	lines := strings.Split(ansi.Strip(out), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n") + "\n", nil
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
