// Command newsreader reads archives of crawled news articles in a terminal:
// browse by category and date, read articles cleaned of site boilerplate,
// and pipe articles or listings to other tools.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"time"
	_ "time/tzdata" // time zone names work on machines without a zone database

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"newsreader/config"
	"newsreader/display"
	"newsreader/feed"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, config.OS())
	stop()
	os.Exit(code)
}

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // the archive or an article could not be read
	exitUsage = 2 // bad flags or arguments

	exitInterrupted = 130 // ctrl+c, as shells report it
)

// usageError marks an error in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// app is one run of the command: its streams, environment and flags.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	env            config.Env

	archive string
	quiet   bool
	style   string
	theme   string
}

// run runs newsreader with args and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env config.Env) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, env: env}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "newsreader: interrupted")
		return exitInterrupted
	}
	fmt.Fprintln(stderr, "newsreader:", display.Printable(err.Error()))
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(stderr, "Run 'newsreader --help' for usage.")
		return exitUsage
	}
	return exitError
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "newsreader",
		Short: "Read archives of crawled news articles in the terminal",
		Long: `newsreader reads a folder tree of Hexo-style Markdown articles, as RSS-to-blog
crawlers leave them: browse by category and date, read an article cleaned of
site boilerplate, or pipe an article or a listing to other tools.

The archive is the first of: --archive, $NEWSREADER_ARCHIVE, "archive:" in the
config file, ./source/_posts when the working directory is a Hexo site, and
otherwise a small demo archive built into the binary.`,
		Args:          noArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !a.isTerminal(a.stdout) || !a.isTerminal(a.stdin) {
				// Piped: a listing for other tools.
				return a.listCmd().RunE(cmd, nil)
			}
			return a.runTUI(cmd)
		},
	}
	root.PersistentFlags().StringVar(&a.archive, "archive", "", "archive `folder` to read")
	_ = root.MarkPersistentFlagDirname("archive")
	root.PersistentFlags().BoolVarP(&a.quiet, "quiet", "q", false, "print only the count of warnings, not each one")
	root.PersistentFlags().StringVar(&a.style, "style", "", "article `style`: auto, dark, light, notty, ascii or a glamour JSON file")
	root.Flags().StringVar(&a.theme, "theme", "", "interface colours: auto, dark or light")
	_ = root.RegisterFlagCompletionFunc("theme", cobra.FixedCompletions([]string{"auto", "dark", "light"}, cobra.ShellCompDirectiveNoFileComp))
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(a.listCmd(), a.categoriesCmd(), a.configCmd(), a.showCmd(), a.explainCmd())
	return root
}

// noArgs rejects arguments, as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.CommandPath(), args[0])}
	}
	return nil
}

// config loads the effective configuration.
func (a *app) config() (*config.Config, error) {
	return config.Load(config.Overrides{Archive: a.archive, Style: a.style, Theme: a.theme}, a.env)
}

// open loads the configuration and opens its archive.
func (a *app) open() (*config.Config, *feed.Archive, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, nil, err
	}
	opts := feed.Options{SourceZone: cfg.SourceTimezone, Zones: cfg.Zones}
	if cfg.Archive == "" {
		return cfg, feed.Demo(opts), nil
	}
	arch, err := feed.Open(cfg.Archive, opts)
	return cfg, arch, err
}

// scan indexes the archive, showing progress on a terminal when it takes
// a while, and reports the warnings on stderr.
func (a *app) scan(ctx context.Context, arch *feed.Archive) (*feed.Index, error) {
	return a.scanWith(ctx, arch, true)
}

// scanWith indexes the archive with progress, reporting the warnings when
// report is set.
func (a *app) scanWith(ctx context.Context, arch *feed.Archive, report bool) (*feed.Index, error) {
	var files atomic.Int64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		a.showProgress(&files, done)
	}()
	ix, err := arch.Index(ctx, func(n int) { files.Store(int64(n)) })
	close(done)
	<-stopped
	if err != nil {
		return nil, err
	}
	if report {
		a.reportWarnings(ix)
	}
	return ix, nil
}

// showProgress prints the count of files read to a terminal's stderr
// while a scan runs for longer than half a second.
func (a *app) showProgress(files *atomic.Int64, done <-chan struct{}) {
	if !a.isTerminal(a.stderr) {
		return
	}
	f := a.stderr.(*os.File)
	select {
	case <-done:
		return
	case <-time.After(500 * time.Millisecond):
	}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		fmt.Fprintf(f, "\rscanning… %s files", display.Thousands(int(files.Load())))
		select {
		case <-done:
			fmt.Fprint(f, "\r\x1b[K")
			return
		case <-tick.C:
		}
	}
}

// reportWarnings prints each warning and their count to stderr.
func (a *app) reportWarnings(ix *feed.Index) {
	ws := ix.Warnings()
	if len(ws) == 0 {
		return
	}
	files := map[string]bool{}
	for _, w := range ws {
		files[w.Path] = true
		if !a.quiet {
			fmt.Fprintln(a.stderr, display.Printable(w.String()))
		}
	}
	fmt.Fprintf(a.stderr, "%s in %s of %s files\n", display.Plural(len(ws), "warning"), display.Thousands(len(files)), display.Thousands(ix.Files()))
}

// isTerminal reports whether the stream is a terminal.
func (a *app) isTerminal(s any) bool {
	f, ok := s.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// width is the terminal's width when w is one, else $COLUMNS, else def.
func (a *app) width(w io.Writer, def int) int {
	if f, ok := w.(*os.File); ok {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols > 0 {
			return cols
		}
	}
	var cols int
	if _, err := fmt.Sscan(a.env.Getenv("COLUMNS"), &cols); err == nil && cols > 0 {
		return cols
	}
	return def
}
