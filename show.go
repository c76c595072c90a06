package main

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"newsreader/config"
	"newsreader/display"
	"newsreader/feed"
	"newsreader/render"
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
		Long: `Print one article: an ID from 'newsreader list', a path relative to the archive
or to the working directory, or - to read one article file from standard input.
--latest picks the newest article (of --category, when given).

On a terminal the article is rendered for it, at its width up to max_width;
--pager sends it through $PAGER (less -R when unset). When the output is not a
terminal, the cleaned Markdown is printed, filled to 80 columns. --format
forces one of md, text (no Markdown syntax at all), ansi, json (the metadata
and the Markdown) or html.`,
		Example: `  newsreader show 7gcvx56a
  newsreader show --latest --category 金融 --format text | less
  newsreader show - < post.md`,
		Args: a.articleArgs(&f.latest),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.show(cmd.Context(), args, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "", "output `format`: "+strings.Join(formats, ", ")+" (default: ansi on a terminal, else md)")
	fl.IntVarP(&f.width, "width", "w", 0, "wrap at `N` columns (default: the terminal's up to max_width, else 80)")
	fl.BoolVar(&f.raw, "raw", false, "skip the cleaning rules (still remove control characters and unsafe links)")
	fl.BoolVarP(&f.pager, "pager", "p", false, "page the output through $PAGER")
	fl.BoolVar(&f.latest, "latest", false, "show the newest article")
	fl.StringVarP(&f.category, "category", "c", "", "with --latest: the newest of this category `path`")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(formats, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// articleArgs checks that exactly one article is named, unless --latest
// names it.
func (a *app) articleArgs(latest *bool) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case latest != nil && *latest && len(args) > 0:
			return usageError{errors.New("--latest takes no article argument")}
		case (latest == nil || !*latest) && len(args) != 1:
			return usageError{fmt.Errorf("%s needs one article: an ID, a path or -", cmd.CommandPath())}
		}
		return nil
	}
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
	cfg, art, body, err := a.article(ctx, args, f.latest, f.category)
	if err != nil {
		return err
	}
	rules, err := render.LoadRules(cfg.Rules)
	if err != nil {
		return err
	}
	doc := render.Prepare(art, body, render.Options{Rules: rules, Location: cfg.Timezone, Raw: f.raw})

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
	out, err := a.format(doc, art, format, width, cfg)
	if err != nil {
		return err
	}
	if !a.quiet {
		for _, w := range art.Warnings {
			fmt.Fprintln(a.stderr, display.Printable(art.Path+": "+w))
		}
	}
	if f.pager {
		return a.page(ctx, out)
	}
	_, err = io.WriteString(a.stdout, out)
	return err
}

// format renders the document in one of the output formats, whole, so
// that nothing is half-printed when it fails.
func (a *app) format(doc *render.Document, art *feed.Article, format string, width int, cfg *config.Config) (string, error) {
	switch format {
	case "md":
		return render.WrapMarkdown(doc.Markdown, width), nil
	case "text":
		return render.RenderText(doc.Markdown, width)
	case "ansi":
		name := a.style
		if name == "" {
			name = cfg.Style
		}
		name = render.ResolveStyle(name, a.env.Getenv("NO_COLOR") != "", stdFile(a.stdin), stdFile(a.stdout))
		st, err := render.LoadStyle(name)
		if err != nil {
			return "", err
		}
		return render.Render(doc.Markdown, width, st)
	case "json":
		var j jsonLine
		j.start()
		j.article(art, cfg.Timezone)
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

// htmlPage wraps the cleaned body in a small standalone page.
func htmlPage(doc *render.Document, loc *time.Location) string {
	var b strings.Builder
	title := html.EscapeString(doc.Title)
	fmt.Fprintf(&b, "<!doctype html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n</head>\n<body>\n<article>\n<h1>%s</h1>\n", title, title)
	var meta []string
	if !doc.Date.IsZero() {
		meta = append(meta, doc.Date.In(loc).Format("2006-01-02 15:04"))
	}
	if len(doc.Categories) > 0 {
		meta = append(meta, strings.Join(doc.Categories, " › "))
	}
	if doc.Author != "" {
		meta = append(meta, doc.Author)
	}
	if len(meta) > 0 {
		fmt.Fprintf(&b, "<p class=\"meta\">%s</p>\n", html.EscapeString(strings.Join(meta, " · ")))
	}
	b.WriteString(doc.HTML)
	b.WriteString("\n</article>\n</body>\n</html>\n")
	return b.String()
}

// stdFile returns the stream as a file when it is one, for terminal queries.
func stdFile(s any) *os.File {
	f, _ := s.(*os.File)
	return f
}

// page runs the pager on out, without a shell.
func (a *app) page(ctx context.Context, out string) error {
	args, err := config.Pager(a.env)
	if err != nil {
		return fmt.Errorf("$PAGER: %w", err)
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin = strings.NewReader(out)
	cmd.Stdout, cmd.Stderr = a.stdout, a.stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pager %s: %w", args[0], err)
	}
	return nil
}

// article finds the article args name: standard input, a file, an ID or
// the newest one. It returns the configuration with it.
func (a *app) article(ctx context.Context, args []string, latest bool, category string) (*config.Config, *feed.Article, []byte, error) {
	cfg, arch, err := a.open()
	if err != nil {
		return nil, nil, nil, err
	}
	if latest {
		ix, err := a.index(ctx, arch)
		if err != nil {
			return nil, nil, nil, err
		}
		arts := ix.Select(feed.Filter{Category: feed.ParseCategory(category), Limit: 1})
		switch {
		case len(arts) == 0 && category != "":
			return nil, nil, nil, fmt.Errorf("no article in category %q", category)
		case len(arts) == 0:
			return nil, nil, nil, fmt.Errorf("the archive %s has no articles", arch.Name())
		}
		return a.load(cfg, arch, arts[0])
	}
	ref := args[0]
	if ref == "-" {
		data, err := io.ReadAll(io.LimitReader(a.stdin, 64<<20))
		if err != nil {
			return nil, nil, nil, fmt.Errorf("read standard input: %w", err)
		}
		art, body := feed.ParseFile("-", data, arch.Options())
		return cfg, art, body, nil
	}
	if rel, ok := a.inArchive(cfg, arch, ref); ok {
		art, body, err := arch.Load(rel)
		return cfg, art, body, err
	}
	if file := a.localPath(ref); isFile(file) {
		return a.readFile(cfg, arch, file, ref)
	}
	ix, err := a.index(ctx, arch)
	if err != nil {
		return nil, nil, nil, err
	}
	art, err := ix.Lookup(ref)
	if err != nil {
		return nil, nil, nil, err
	}
	return a.load(cfg, arch, art)
}

// load reads the body of an article of the index, keeping the index's
// metadata (it knows every copy).
func (a *app) load(cfg *config.Config, arch *feed.Archive, art *feed.Article) (*config.Config, *feed.Article, []byte, error) {
	_, body, err := arch.Load(art.Path)
	return cfg, art, body, err
}

// index scans the archive for a lookup; its warnings are not this
// command's business.
func (a *app) index(ctx context.Context, arch *feed.Archive) (*feed.Index, error) {
	return a.scanWith(ctx, arch, false)
}

// inArchive returns ref as a path of the archive when it names a file
// there, either relative to the archive or through the working directory.
func (a *app) inArchive(cfg *config.Config, arch *feed.Archive, ref string) (string, bool) {
	rel := filepath.ToSlash(filepath.Clean(ref))
	if fs.ValidPath(rel) && isRegular(arch.FS(), rel) {
		return rel, true
	}
	if cfg.Archive == "" {
		return "", false
	}
	root, err1 := filepath.Abs(cfg.Archive)
	file, err2 := filepath.Abs(a.localPath(ref))
	if err1 != nil || err2 != nil {
		return "", false
	}
	r, err := filepath.Rel(root, file)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	r = filepath.ToSlash(r)
	return r, fs.ValidPath(r) && isRegular(arch.FS(), r)
}

// localPath is ref relative to the working directory.
func (a *app) localPath(ref string) string {
	if filepath.IsAbs(ref) {
		return ref
	}
	return filepath.Join(a.env.Dir, ref)
}

// readFile reads an article file outside the archive, the same way as
// the archive's files.
func (a *app) readFile(cfg *config.Config, arch *feed.Archive, file, ref string) (*config.Config, *feed.Article, []byte, error) {
	art, body, err := feed.ReadFile(file, filepath.ToSlash(ref), arch.Options())
	return cfg, art, body, err
}

func isRegular(fsys fs.FS, p string) bool {
	fi, err := fs.Stat(fsys, p)
	return err == nil && fi.Mode().IsRegular()
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

func (a *app) explainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain ID|PATH|-",
		Short: "Show what the cleaning rules removed or rewrote in an article",
		Long: `Show what each cleaning rule removed or rewrote in an article: one line an
action, tab-separated: rule, action, selector or pattern, and an excerpt of the
text or URL. Use it to see why text vanished, and to write your own rules in the
rules file (see 'newsreader config' for its path).`,
		Args: a.articleArgs(nil),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, art, body, err := a.article(cmd.Context(), args, false, "")
			if err != nil {
				return err
			}
			rules, err := render.LoadRules(cfg.Rules)
			if err != nil {
				return err
			}
			doc := render.Prepare(art, body, render.Options{Rules: rules, Location: cfg.Timezone})
			if len(doc.Report) == 0 {
				fmt.Fprintln(a.stdout, "No rule changed this article.")
				return nil
			}
			_, err = io.WriteString(a.stdout, doc.Explain())
			return err
		},
	}
}
