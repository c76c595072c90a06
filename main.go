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
	"strconv"
	"strings"
	_ "time/tzdata" // time zone names work on machines without a zone database

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"newsreader/config"
	"newsreader/display"
	"newsreader/feed"
)

func main() {
	delayFirstGC()
	ctx, cancel := context.WithCancelCause(context.Background())
	stop := catchSignals(cancel)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, config.OS())
	stop()
	// A signal that arrived while run was returning (the interface quits
	// on SIGTERM by itself) still decides the status.
	if c, _ := stopStatus(ctx); c != 0 {
		code = c
	}
	os.Exit(code)
}

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // the archive or an article could not be read
	exitUsage = 2 // bad flags or arguments

	exitInterrupted = 130 // ctrl+c (SIGINT), as shells report it
	exitTerminated  = 143 // SIGTERM, as shells report it
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
	mouse   *bool // --mouse; nil when not given
	noWatch bool  // --no-watch

	// archiveFrom says where the archive opened was configured, for its
	// errors; empty when named on the command line.
	archiveFrom string
}

// run runs newsreader with args and returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env config.Env) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, env: env}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	cmd, err := root.ExecuteContextC(ctx)
	// Once stopped, whatever failed failed because of it.
	if code, why := stopStatus(ctx); code != 0 {
		fmt.Fprintln(stderr, "newsreader:", why)
		return code
	}
	if err == nil {
		return exitOK
	}
	// Clean, not Printable: a message may span lines (the candidates of an
	// ambiguous ID, one line per mistake in a rules file).
	fmt.Fprintln(stderr, "newsreader:", display.Clean(err.Error()))
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
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

Without a command, newsreader opens the reader on a terminal, and prints the
listing of 'newsreader list' when its output or input is not one.

The archive is the first of: --archive, $NEWSREADER_ARCHIVE, "archive:" in the
config file, ./source/_posts when the working directory is a Hexo site, and
otherwise a small demo archive built into the binary.

Exit status: 0 on success, 1 when the archive or an article could not be read,
2 for a mistake in the command line, 130 when interrupted (ctrl+c) and 143
when terminated (SIGTERM).`,
		Args:          noArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		// For the suggestions of noArgs; cobra sets it only where it
		// makes its own.
		SuggestionsMinimumDistance: 2,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !a.isTerminal(a.stdout) || !a.isTerminal(a.stdin) {
				// Piped: a listing for other tools.
				a.noteDemo()
				return a.listCmd().RunE(cmd, nil)
			}
			return a.runTUI(cmd)
		},
	}
	root.PersistentFlags().StringVar(&a.archive, "archive", "", "archive `folder` to read")
	_ = root.MarkPersistentFlagDirname("archive")
	root.PersistentFlags().BoolVarP(&a.quiet, "quiet", "q", false, "print only the count of warnings, not each one")
	root.PersistentFlags().StringVar(&a.style, "style", "", "article `style`: "+strings.Join(styleNames, ", ")+" or a glamour JSON file")
	_ = root.RegisterFlagCompletionFunc("style", completeStyle)
	root.Flags().StringVar(&a.theme, "theme", "", "interface colour `theme`: auto, dark or light")
	_ = root.RegisterFlagCompletionFunc("theme", cobra.FixedCompletions([]string{"auto", "dark", "light"}, cobra.ShellCompDirectiveNoFileComp))
	root.PersistentFlags().BoolVar(&a.noWatch, "no-watch", false, "do not follow the archive as it changes (the watch setting false)")
	root.Flags().BoolFunc("mouse", "let the interface capture the mouse (--mouse=false: not); shift-drag then selects text", a.setMouse)
	// cobra prints Version for --version; the flag is declared here to keep
	// -v free.
	root.Version = buildVersion()
	root.SetVersionTemplate("{{.Version}}")
	root.Flags().Bool("version", false, "print the version and the revision it was built from")
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(a.listCmd(), a.categoriesCmd(), a.configCmd(), a.showCmd(), a.explainCmd(), a.markCmd(), a.stateCmd(), a.searchCmd(), a.versionCmd())
	root.InitDefaultCompletionCmd()
	if c, _, err := root.Find([]string{"completion"}); err == nil && c != root {
		c.Long = `Print the script that makes bash, zsh, fish or PowerShell complete
newsreader's command lines: commands, flags, the values of --format, --sort,
--style and --theme, category paths for --category (with their counts), the
changes of mark, and article IDs with their dates and titles for show, explain
and mark. Categories and IDs are read from the index of the archive the command
line, or the configuration, names, brought up to date first.
'newsreader completion bash --help' (or zsh, fish, powershell) says where the
script goes.`
	}
	return root
}

// flagError is the usage error for a flag that could not be parsed, in
// words where pflag passes on strconv's message.
func flagError(_ *cobra.Command, err error) error {
	var bad *pflag.InvalidValueError
	var num *strconv.NumError
	if errors.As(err, &bad) && errors.As(err, &num) {
		what := "is not a whole number"
		if errors.Is(num.Err, strconv.ErrRange) {
			what = "is out of range"
		}
		err = fmt.Errorf("--%s: %q %s", bad.GetFlag().Name, bad.GetValue(), what)
	}
	return usageError{err}
}

// noArgs rejects arguments, as a usage error; for the bare command an
// argument is a mistyped command.
func noArgs(cmd *cobra.Command, args []string) error {
	switch {
	case len(args) == 0:
		return nil
	case !cmd.HasParent():
		msg := fmt.Sprintf("unknown command %q", args[0])
		if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
			msg += "; did you mean " + strings.Join(s, " or ") + "?"
		}
		return usageError{errors.New(msg)}
	}
	return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.Name(), args[0])}
}

// config loads the effective configuration.
func (a *app) config() (*config.Config, error) {
	return config.Load(config.Overrides{Archive: a.archive, Style: a.style, Theme: a.theme, Mouse: a.mouse, NoWatch: a.noWatch}, a.env)
}

// open loads the configuration and opens its archive.
func (a *app) open() (*config.Config, *feed.Archive, error) {
	cfg, err := a.config()
	if err != nil {
		return nil, nil, err
	}
	arch, err := a.openArchive(cfg)
	return cfg, arch, err
}

// openArchive opens the archive cfg names, or the demo.
func (a *app) openArchive(cfg *config.Config) (*feed.Archive, error) {
	opts := feed.Options{SourceZone: cfg.SourceTimezone, Zones: cfg.Zones}
	if cfg.Archive == "" {
		return feed.Demo(opts), nil
	}
	a.archiveFrom = archiveFrom(cfg)
	arch, err := feed.Open(cfg.Archive, opts)
	return arch, a.archiveError(err)
}

// noteDemo says on stderr, when the demo archive is shown because none is
// configured while the working folder holds articles, how to read them:
// a folder that is not a Hexo site is not opened by itself.
func (a *app) noteDemo() {
	if cfg, err := a.config(); err == nil && cfg.Archive == "" && feed.HoldsArticles(a.env.Dir) {
		fmt.Fprintln(a.stderr, "newsreader: listing the embedded demo archive; 'newsreader --archive .' lists the articles of this folder")
	}
}

// archiveFrom says where the configuration's archive was set, for
// errors about it: the user who named it on the command line knows, but
// one from the config file or the environment may be long forgotten.
func archiveFrom(cfg *config.Config) string {
	switch o := cfg.Origin("archive"); {
	case o == config.FromFile:
		return `"archive:" in the config file ` + cfg.File
	case strings.HasPrefix(o, config.FromEnv):
		return "$" + config.EnvArchive
	}
	return ""
}

// archiveError adds to an error about the archive where it was set.
func (a *app) archiveError(err error) error {
	if err == nil || a.archiveFrom == "" {
		return err
	}
	return fmt.Errorf("%w (the archive set by %s)", err, a.archiveFrom)
}
