package render

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"

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
	// Images are a short labelled line with their link: the terminal cannot
	// show them, and glamour's "Image: alt →" reads as an instruction.
	cfg.ImageText.Format = "🖼 {{.text}}"
	return &Style{Name: name, config: cfg}, nil
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
// in the Markdown and are safe.
func Render(markdown string, width int, st *Style) (string, error) {
	width = max(width, 20)
	r, done, err := st.renderer(width)
	if err != nil {
		return "", err
	}
	out, err := r.RenderBytes([]byte(SanitizeText(markdown)))
	done()
	if err != nil {
		return "", fmt.Errorf("rendering markdown: %w", err)
	}
	allowed := func(link string) bool {
		u, ok := SafeURL(link)
		return ok && u == link && strings.Contains(markdown, link)
	}
	return fitWidth(sanitizeOutput(string(out), allowed), width), nil
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
// wide tables): glamour wraps at spaces only, and those have none.
func fitWidth(s string, width int) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = ansi.Hardwrap(l, width, true)
		}
	}
	return strings.Join(lines, "\n")
}
