package render

import (
	"regexp"
	"strings"

	gansi "charm.land/glamour/v2/ansi"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The marks that Render puts at the start of a heading's lines, a
// top-level one's or another's, for headingColours to find them in
// glamour's output. They are invisible characters that display.Clean
// removes from the Markdown and x/ansi measures zero cells wide.
const (
	titleMark   = '\u2061'
	headingMark = '\u2062'
)

// markHeadings marks the lines of the headings of Markdown: ATX headings
// after their "#" markers, setext headings (which wrapForScreen writes
// for long ones) at the start of each line above the underline.
func markHeadings(md string) string {
	lines := strings.Split(md, "\n")
	inFence := false
	start := 0 // first line of the current paragraph
	for i, line := range lines {
		if isFence(line) {
			inFence = !inFence
		}
		switch {
		case inFence:
		case strings.TrimSpace(line) == "":
			start = i + 1
		case atxMarker.MatchString(line):
			m := atxMarker.FindString(line)
			lines[i] = m + string(markFor(strings.Count(m, "#"))) + line[len(m):]
			start = i + 1
		case i > start && setextUnderline.MatchString(line):
			mark := string(markFor(2))
			if strings.HasPrefix(line, "=") {
				mark = string(markFor(1))
			}
			for j := start; j < i; j++ {
				lines[j] = mark + lines[j]
			}
			start = i + 1
		}
	}
	return strings.Join(lines, "\n")
}

var (
	atxMarker       = regexp.MustCompile(`^ {0,3}#{1,6} +`)
	setextUnderline = regexp.MustCompile(`^ {0,3}(?:=+|-+) *$`)
)

func markFor(level int) rune {
	if level == 1 {
		return titleMark
	}
	return headingMark
}

// headingColours gives the text of marked heading lines the heading's
// foreground colour instead of the body text's, by rewriting the SGR
// sequences on those lines, and removes the marks.
type headingColours struct {
	text, title, heading string // SGR parameters of the foregrounds
}

// newHeadingColours reads the colours of a style whose body text has a
// colour of its own; nil for one without.
func newHeadingColours(cfg gansi.StyleConfig) *headingColours {
	if cfg.Text.Color == nil {
		return nil
	}
	title, heading := cfg.Heading.Color, cfg.Heading.Color
	if cfg.H1.Color != nil {
		title = cfg.H1.Color
	}
	if cfg.H2.Color != nil {
		heading = cfg.H2.Color
	}
	h := &headingColours{text: fgParams(cfg.Text.Color), title: fgParams(title), heading: fgParams(heading)}
	if h.text == "" {
		return nil
	}
	return h
}

// fgParams are the SGR parameters that set a glamour colour as the
// foreground, as glamour writes them.
func fgParams(c *string) string {
	if c == nil {
		return ""
	}
	seq := ansi.Style{}.ForegroundColor(lipgloss.Color(*c)).String()
	return strings.TrimSuffix(strings.TrimPrefix(seq, "\x1b["), "m")
}

// headingMarks removes the marks markHeadings left.
var headingMarks = strings.NewReplacer(string(titleMark), "", string(headingMark), "")

func (h *headingColours) apply(out string) string {
	if h == nil || !strings.ContainsAny(out, string(titleMark)+string(headingMark)) {
		return out
	}
	lines := strings.Split(out, "\n")
	for i, line := range lines {
		colour := ""
		switch {
		case strings.ContainsRune(line, titleMark):
			colour = h.title
		case strings.ContainsRune(line, headingMark):
			colour = h.heading
		default:
			continue
		}
		line = headingMarks.Replace(line)
		if colour != "" {
			line = sgrSeq.ReplaceAllStringFunc(line, func(seq string) string {
				return recolour(seq, h.text, colour)
			})
		}
		lines[i] = line
	}
	return strings.Join(lines, "\n")
}

// sgrSeq is an SGR sequence.
var sgrSeq = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// recolour replaces the foreground parameters from with to in one SGR
// sequence, where they stand as whole parameters.
func recolour(seq, from, to string) string {
	params := ";" + strings.TrimSuffix(strings.TrimPrefix(seq, "\x1b["), "m") + ";"
	if !strings.Contains(params, ";"+from+";") {
		return seq
	}
	params = strings.Replace(params, ";"+from+";", ";"+to+";", 1)
	return "\x1b[" + strings.Trim(params, ";") + "m"
}
