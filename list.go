package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"newsreader/display"
	"newsreader/feed"
	"newsreader/store"
)

// listFlags are the flags of list, which the bare command shares.
type listFlags struct {
	category     string
	since, until string
	sort         string
	limit        int
	json         bool
	width        int
	// unread and starred keep the articles not read, and those starred.
	unread, starred bool
	// follow keeps printing the articles that arrive (follow.go);
	// onlyNew leaves the listing before them out.
	follow, onlyNew bool
}

func (a *app) listCmd() *cobra.Command {
	var f listFlags
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the archive's articles, newest first",
		Long: `List the archive's articles, newest first (or in the --sort order): date and
time, category path, title and ID. The ID, or any unique prefix of it of at
least four characters, selects the article in show and explain.

Dates are shown in the configured time zone; a "~" after the time marks a date
estimated from the file's modification time because the file states none. Such
articles come after the dated ones in the newest and oldest orders, and
--since and --until leave them out.

--category takes a path from the top of the tree, levels separated by "/" or
"›", in any case and with ASCII for full-width forms (新浪财经-国內 finds
新浪财经－国內); a path that names no category is an error that suggests the
nearest. --since and --until take a date, a date and time, today or
yesterday (a day counts whole: --until yesterday ends at midnight), or 12h,
3d or 2w: that long before now.

--unread leaves out the articles marked read, --starred keeps only the
starred ones (both: the unread starred ones). Marks are made in the interface
or with 'newsreader mark'; reading an article with 'newsreader show' does not
mark it read. In --json output, "read" and "starred" are each article's marks.

--follow (-f) then keeps printing the articles that arrive, as tail -f does,
until interrupted or until the program reading the output goes away: each
article whose file is new to the archive, and each whose file is rewritten so
that its line changes (again, with the same ID), that --category, --since,
--until, --unread and --starred keep (--limit caps only the listing before).
Deleted files, files renamed or moved, new copies of an article already
listed and files still empty print nothing. Each batch of changes is flushed
at once and goes into the store. --only-new leaves the listing out. --follow
needs watching on (not --no-watch or watch: false) and an archive other than
the embedded demo; when the system's change notifications run out, it polls
and says so once on stderr.

The listing comes from the archive's index in the store (see 'newsreader
config' for where), brought up to date with the archive before it is printed:
every file is checked, and only new or changed files are read. The first run
on an archive reads every file and builds the index.`,
		Example: `  newsreader list --category 金融/新浪财经 --since 2022-05-01 --limit 20
  newsreader list --since 3d --sort source
  newsreader list --unread --category 金融
  newsreader list --json | jq -r .title
  newsreader list --follow --only-new --json --category 金融 | jq --unbuffered -r .title`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.openSession()
			if err != nil {
				return err
			}
			defer s.close()
			cfg := s.cfg
			filter, err := f.filter(cfg.Timezone, time.Now())
			if err != nil {
				return err
			}
			var fw *follower
			if f.follow {
				// Before the index is read: what is written meanwhile
				// comes in the watcher's first batch.
				if fw, err = a.startFollow(cmd.Context(), s); err != nil {
					return err
				}
				defer fw.close()
			}
			ix, err := s.index(cmd.Context(), true)
			if err != nil {
				return err
			}
			if _, err := findCategory(ix, f.category); err != nil {
				return err
			}
			var ms *store.Marks
			if f.json || f.unread || f.starred {
				if ms, err = s.marks(); err != nil {
					return err
				}
			}
			arts := f.selectFrom(ix, filter, ms)
			if fw != nil {
				return fw.run(cmd.Context(), &f, filter, ix, arts, ms)
			}
			return f.printer(a, cfg.Timezone).print(cmd.Context(), arts, ms)
		},
	}
	fl := cmd.Flags()
	a.categoryFlag(cmd, &f.category, "only articles at or below this category `path`, such as 金融/新浪财经")
	fl.StringVar(&f.since, "since", "", "only articles from this `date` on: 2022-05-16, 2022-05-16 08:30, today, yesterday, 12h, 3d, 2w")
	fl.StringVar(&f.until, "until", "", "only articles up to this `date` (a day counts whole), as for --since")
	fl.StringVar(&f.sort, "sort", feed.Newest.String(), "sort `order`: newest, oldest, title or source (by category path)")
	_ = cmd.RegisterFlagCompletionFunc("sort", cobra.FixedCompletions(feed.OrderNames(), cobra.ShellCompDirectiveNoFileComp|cobra.ShellCompDirectiveKeepOrder))
	fl.IntVarP(&f.limit, "limit", "n", 0, "at most `N` articles; 0 means no limit")
	fl.BoolVar(&f.unread, "unread", false, "only articles not marked read")
	fl.BoolVar(&f.starred, "starred", false, "only starred articles")
	fl.BoolVar(&f.json, "json", false, "print JSON Lines, one article a line")
	fl.BoolVarP(&f.follow, "follow", "f", false, "then keep printing the articles that arrive, until interrupted, as tail -f does")
	fl.BoolVar(&f.onlyNew, "only-new", false, "with --follow, print only the articles that arrive, not the listing before them")
	fl.IntVar(&f.width, "width", 0, "line width in `columns` (default: the terminal's, else $COLUMNS, else 120)")
	return cmd
}

// filter builds the feed filter the flags ask for, reading dates in loc
// and relative dates from now.
func (f *listFlags) filter(loc *time.Location, now time.Time) (feed.Filter, error) {
	var out feed.Filter
	out.Category = feed.ParseCategory(f.category)
	var err error
	if out.Order, err = feed.ParseOrder(f.sort); err != nil {
		return out, usageError{fmt.Errorf("--sort: %w", err)}
	}
	if f.onlyNew && !f.follow {
		return out, usageError{fmt.Errorf("--only-new goes with --follow")}
	}
	if f.limit < 0 {
		return out, usageError{fmt.Errorf("--limit must not be negative")}
	}
	out.Limit = f.limit
	if out.Since, err = feed.ParseDay(f.since, loc, false, now); err != nil {
		return out, usageError{fmt.Errorf("--since: %w", err)}
	}
	if out.Until, err = feed.ParseDay(f.until, loc, true, now); err != nil {
		return out, usageError{fmt.Errorf("--until: %w", err)}
	}
	if !out.Since.IsZero() && !out.Until.IsZero() && out.Since.After(out.Until) {
		return out, usageError{fmt.Errorf("--since %s is after --until %s", f.since, f.until)}
	}
	return out, nil
}

// selectFrom selects the articles of ix that filter and the flags
// --unread and --starred keep, by their marks in ms (nil: none), before
// the limit is applied.
func (f *listFlags) selectFrom(ix *feed.Index, filter feed.Filter, ms *store.Marks) []*feed.Article {
	if !f.unread && !f.starred {
		return ix.Select(filter)
	}
	limit := filter.Limit
	filter.Limit = 0
	all := ix.Select(filter)
	out := all[:0]
	for _, a := range all {
		m := markOf(ms, a)
		if (f.unread && m.Read) || (f.starred && !m.Starred) {
			continue
		}
		out = append(out, a)
		if len(out) == limit {
			break
		}
	}
	return out
}

// listPrinter prints articles as list does: JSON Lines, or rows of width
// cells.
type listPrinter struct {
	w     io.Writer
	json  bool
	loc   *time.Location
	width int
}

// printer is the printer of the listing the flags ask for, to a's
// standard output, with dates in loc: rows as wide as --width, else the
// terminal, now.
func (f *listFlags) printer(a *app, loc *time.Location) listPrinter {
	p := listPrinter{w: a.stdout, json: f.json, loc: loc, width: f.width}
	if !f.json && p.width <= 0 {
		p.width = a.width(a.stdout, 120)
	}
	return p
}

// print prints arts with their marks in ms (nil: none), all written when
// it returns.
func (p listPrinter) print(ctx context.Context, arts []*feed.Article, ms *store.Marks) error {
	if p.json {
		return writeJSONLines(ctx, p.w, arts, ms, p.loc)
	}
	out := bufio.NewWriter(p.w)
	writeListing(out, arts, p.loc, p.width)
	return out.Flush()
}

// Column widths of a listing, in terminal cells.
const (
	dateWidth     = len("2006-01-02 15:04~")
	idWidth       = 8
	categoryWidth = 36
	minTitleWidth = 10
)

// listColumns shares a line of width cells out between a listing's
// category path and title, the columns that give; search's results line
// up with it.
func listColumns(width int) (catW, titleW int) {
	catW = min(categoryWidth, max(8, (width-dateWidth-idWidth-6)/3))
	return catW, max(minTitleWidth, width-dateWidth-catW-idWidth-6)
}

// writeListing prints one line an article: date, category path, title and
// ID, aligned and cut by display width so that CJK text lines up.
func writeListing(w io.Writer, arts []*feed.Article, loc *time.Location, width int) {
	catW, titleW := listColumns(width)
	// An archive has a few hundred category paths for its many articles,
	// and fitting text to a width (grapheme by grapheme) is most of a
	// listing's time: each path is fitted once.
	fitted := map[string]string{}
	for _, a := range arts {
		path := strings.Join(a.Categories, " › ")
		cat, ok := fitted[path]
		if !ok {
			cat = display.Fit(path, catW)
			fitted[path] = cat
		}
		fmt.Fprintf(w, "%s  %s  %s  %s\n",
			dateCell(a.Date, a.DateEstimated, loc), cat,
			display.Fit(a.Title, titleW),
			a.ID)
	}
}

// dateCell is a listing's date column: the date and time in loc, then
// "~" for a date estimated from the file's time, which the file does not
// state.
func dateCell(t time.Time, estimated bool, loc *time.Location) string {
	mark := " "
	if estimated {
		mark = "~"
	}
	return t.In(loc).Format("2006-01-02 15:04") + mark
}
