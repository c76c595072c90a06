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
	_ "time/tzdata" // time zone names work on machines without a zone database

	"github.com/spf13/cobra"

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
	// cobra prints Version for --version; the flag is declared here to keep
	// -v free.
	root.Version = buildVersion()
	root.SetVersionTemplate("{{.Version}}")
	root.Flags().Bool("version", false, "print the version and the revision it was built from")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(a.listCmd(), a.categoriesCmd(), a.configCmd(), a.showCmd(), a.explainCmd(), a.versionCmd())
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
