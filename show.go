package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"newsreader/config"
	"newsreader/feed"
	"newsreader/render"
	"newsreader/store"
)

// Output formats of show.
var formats = []string{"md", "text", "ansi", "json", "html"}

type showFlags struct {
	format   string
	width    int
	raw      bool
	pager    bool
	latest   bool
	category string
}

func (a *app) showCmd() *cobra.Command {
	var f showFlags
	cmd := &cobra.Command{
		Use:   "show [ID|PATH|-]",
		Short: "Print one article, cleaned of boilerplate",
		Long: `Print one article: an ID from 'newsreader list' or any unique prefix of it
of at least four characters, a path relative to the archive or to the working
directory, or - to read one article file from standard input. --latest picks
the newest article with a date (of --category, when given).

On a terminal the article is rendered for it, at its width up to max_width, in
colour unless $NO_COLOR is set or $TERM is dumb. --pager sends it through
$PAGER (less -R when unset), with LESS=FRX and LV=-c when those are unset, as
git does. When the output is not a terminal, the cleaned Markdown is printed
with one line per paragraph, list item or table row, as every Markdown tool
expects (--width N wraps it, at spaces only). --format forces one of md, text
(plain text, no Markdown syntax, at 80 columns or --width), ansi, json (the
metadata, the read and starred marks, and the Markdown) or html. --style ascii
keeps every format to ASCII decorations, without hyperlinks.

Showing an article does not mark it read: printing it to a pipe or a file is
not reading it. The interface marks what is opened there; 'newsreader mark
read ID' marks it from a script.`,
		Example: `  newsreader show 7gcvx56a
  newsreader show 7gcv --pager
  newsreader show --latest --category 金融 --format text | less
  newsreader show - < post.md`,
		Args:              a.articleArgs(&f.latest),
		ValidArgsFunction: a.completeArticle(&f.latest),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.show(cmd.Context(), args, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "", "output `format`: "+strings.Join(formats, ", ")+" (default: ansi on a terminal, else md)")
	fl.IntVarP(&f.width, "width", "w", 0, "wrap at `N` columns (default: the terminal's up to max_width, else 80; Markdown is not wrapped unless asked)")
	fl.BoolVar(&f.raw, "raw", false, "skip the cleaning rules (still remove control characters and unsafe links)")
	fl.BoolVarP(&f.pager, "pager", "p", false, "page the output through $PAGER")
	fl.BoolVar(&f.latest, "latest", false, "show the newest article with a date")
	a.categoryFlag(cmd, &f.category, "with --latest: the newest article of this category `path`")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func (a *app) show(ctx context.Context, args []string, f *showFlags) error {
	if f.format != "" && !slices.Contains(formats, f.format) {
		return usageError{fmt.Errorf("--format %q is not one of %s", f.format, strings.Join(formats, ", "))}
	}
	if f.width < 0 || (f.width > 0 && f.width < 20) {
		return usageError{fmt.Errorf("--width %d is too narrow (at least 20)", f.width)}
	}
	if f.category != "" && !f.latest {
		return usageError{errors.New("--category needs --latest")}
	}
	s, err := a.openSession()
	if err != nil {
		return err
	}
	defer s.close()
	cfg := s.cfg
	// JSON tells the article's marks, which are kept under the ID of its
	// first copy: the index says which that is.
	art, body, err := s.article(ctx, args, f.latest, f.category, f.format == "json")
	if err != nil {
		return err
	}
	var mark store.Mark
	if f.format == "json" {
		ms, err := s.marks()
		if err != nil {
			return err
		}
		mark = markOf(ms, art)
	}
	rules, err := render.LoadRules(cfg.Rules)
	if err != nil {
		return err
	}
	doc := render.Prepare(art, body, render.Options{Rules: rules, Location: cfg.Timezone, Raw: f.raw, HTML: f.format == "html"})

	terminal := a.isTerminal(a.stdout)
	format := f.format
	if format == "" {
		format = "md"
		if terminal || f.pager {
			format = "ansi"
		}
	}
	width := f.width
	if width == 0 {
		width = 80
		if terminal {
			width = min(a.width(a.stdout, 80), cfg.MaxWidth)
		}
	}
	if format == "md" {
		// Markdown is filled only when asked: every renderer turns a line
		// break inside a paragraph into a space, which splits Chinese text.
		width = f.width
	}
	out, err := a.format(doc, art, mark, format, width, cfg)
	if err != nil {
		return err
	}
	a.reportArticleWarnings(art)
	if f.pager {
		return a.page(ctx, out)
	}
	_, err = io.WriteString(a.stdout, out)
	return err
}

// asciiStyle is the glamour style of ASCII decorations only: no 🖼, no
// hyperlinks.
const asciiStyle = "ascii"

// styleName is the article style: --style, else the config file's.
func (a *app) styleName(cfg *config.Config) string {
	if a.style != "" {
		return a.style
	}
	return cfg.Style
}

// format renders the document in one of the output formats, whole, so
// that nothing is half-printed when it fails.
func (a *app) format(doc *render.Document, art *feed.Article, mark store.Mark, format string, width int, cfg *config.Config) (string, error) {
	switch format {
	case "md":
		return render.WrapMarkdown(doc.Markdown, width), nil
	case "text":
		if a.styleName(cfg) == asciiStyle {
			return render.RenderTextASCII(doc.Markdown, width)
		}
		return render.RenderText(doc.Markdown, width)
	case "ansi":
		name := render.ResolveStyle(a.styleName(cfg), config.NoColor(a.env), stdFile(a.stdin), stdFile(a.stdout))
		st, err := render.LoadStyle(name)
		if err != nil {
			return "", err
		}
		return render.Render(doc.Markdown, width, st)
	case "json":
		var j jsonLine
		j.start()
		j.article(art, mark, cfg.Timezone)
		if doc.Source != "" {
			j.str("source", doc.Source)
		}
		j.str("markdown", doc.Markdown)
		var b strings.Builder
		err := j.end(&b)
		return b.String(), err
	default: // html
		return htmlPage(doc, cfg.Timezone), nil
	}
}
