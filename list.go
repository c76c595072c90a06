package main

import (
	"bufio"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"newsreader/config"
	"newsreader/display"
	"newsreader/feed"
)

// listFlags are the flags of list, which the bare command shares.
type listFlags struct {
	category     string
	since, until string
	limit        int
	json         bool
	width        int
}

func (a *app) listCmd() *cobra.Command {
	var f listFlags
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the archive's articles, newest first",
		Long: `List the archive's articles, newest first: date and time, category path,
title and ID. The ID selects the article in other commands.

Dates are shown in the configured time zone; a "~" after the time marks a date
estimated from the file's modification time because the file states none.`,
		Example: `  newsreader list --category 金融/新浪财经 --since 2022-05-01 --limit 20
  newsreader list --json | jq -r .title`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, arch, err := a.open()
			if err != nil {
				return err
			}
			filter, err := f.filter(cfg.Timezone)
			if err != nil {
				return err
			}
			ix, err := a.scan(cmd.Context(), arch)
			if err != nil {
				return err
			}
			out := bufio.NewWriter(a.stdout)
			arts := ix.Select(filter)
			if f.json {
				err = writeJSONLines(out, arts, cfg.Timezone)
			} else {
				width := f.width
				if width <= 0 {
					width = a.width(a.stdout, 120)
				}
				writeListing(out, arts, cfg.Timezone, width)
			}
			if err != nil {
				return err
			}
			return out.Flush()
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.category, "category", "c", "", "only the `path` of categories given, such as 金融/新浪财经")
	fl.StringVar(&f.since, "since", "", "only articles from this `date` on (2006-01-02, or with a time 15:04)")
	fl.StringVar(&f.until, "until", "", "only articles up to this `date` (the whole day when no time is given)")
	fl.IntVarP(&f.limit, "limit", "n", 0, "at most `N` articles")
	fl.BoolVar(&f.json, "json", false, "print JSON Lines, one article a line")
	fl.IntVar(&f.width, "width", 0, "line width in `columns` (default: the terminal's, else $COLUMNS, else 120)")
	return cmd
}

// filter builds the feed filter the flags ask for.
func (f *listFlags) filter(loc *time.Location) (feed.Filter, error) {
	var out feed.Filter
	out.Category = feed.ParseCategory(f.category)
	if f.limit < 0 {
		return out, usageError{fmt.Errorf("--limit must not be negative")}
	}
	out.Limit = f.limit
	var err error
	if out.Since, err = parseDay(f.since, loc, false); err != nil {
		return out, usageError{fmt.Errorf("--since: %w", err)}
	}
	if out.Until, err = parseDay(f.until, loc, true); err != nil {
		return out, usageError{fmt.Errorf("--until: %w", err)}
	}
	return out, nil
}

// parseDay reads a date typed by a user in loc. A date without a time
// means the start of the day, or its end when end is set.
func parseDay(s string, loc *time.Location, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		if end {
			t = t.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
		return t, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", time.RFC3339} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date such as 2022-05-16 or 2022-05-16 08:30", s)
}

// Column widths of a listing, in terminal cells.
const (
	dateWidth     = len("2006-01-02 15:04~")
	idWidth       = 8
	categoryWidth = 36
	minTitleWidth = 10
)

// writeListing prints one line an article: date, category path, title and
// ID, aligned and cut by display width so that CJK text lines up.
func writeListing(w io.Writer, arts []*feed.Article, loc *time.Location, width int) {
	catW := min(categoryWidth, max(8, (width-dateWidth-idWidth-6)/3))
	titleW := max(minTitleWidth, width-dateWidth-catW-idWidth-6)
	for _, a := range arts {
		mark := " "
		if a.DateEstimated {
			mark = "~"
		}
		fmt.Fprintf(w, "%s%s  %s  %s  %s\n",
			a.Date.In(loc).Format("2006-01-02 15:04"), mark,
			display.Fit(strings.Join(a.Categories, " › "), catW),
			display.Fit(a.Title, titleW),
			a.ID)
	}
}

// writeJSONLines prints one JSON object a line. Encoding is most of the
// work after a scan, so blocks of articles are encoded on every core and
// written in order: a few blocks at a time, in buffers used again, to keep
// memory small.
func writeJSONLines(w io.Writer, arts []*feed.Article, loc *time.Location) error {
	const block = 1024
	blocks := make([]chan []byte, (len(arts)+block-1)/block)
	for i := range blocks {
		blocks[i] = make(chan []byte, 1)
	}
	inFlight := 2 * runtime.GOMAXPROCS(0)
	slots := make(chan struct{}, inFlight)
	free := make(chan []byte, inFlight)
	go func() {
		for i := range blocks {
			slots <- struct{}{}
			go func() {
				var j jsonLine
				select {
				case j.b = <-free:
				default:
				}
				for _, a := range arts[i*block : min(len(arts), (i+1)*block)] {
					j.open()
					j.article(a, loc)
					j.close()
				}
				blocks[i] <- j.b
			}()
		}
	}()
	var err error
	for i := range blocks {
		b := <-blocks[i]
		if err == nil {
			_, err = w.Write(b)
		}
		free <- b[:0]
		<-slots
	}
	return err
}

func (a *app) categoriesCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "categories",
		Short: "Show the category tree with article counts",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, arch, err := a.open()
			if err != nil {
				return err
			}
			ix, err := a.scan(cmd.Context(), arch)
			if err != nil {
				return err
			}
			out := bufio.NewWriter(a.stdout)
			root := ix.Tree()
			if asJSON {
				err = writeCategoriesJSON(out, root)
			} else {
				writeTree(out, root)
			}
			if err != nil {
				return err
			}
			return out.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON Lines: path, name and count of each category")
	return cmd
}

// writeTree prints the category tree with box-drawing branches.
func writeTree(w io.Writer, root *feed.Category) {
	fmt.Fprintf(w, "All (%s)\n", display.Thousands(root.Count))
	var walk func(c *feed.Category, indent string)
	walk = func(c *feed.Category, indent string) {
		for i, ch := range c.Children {
			branch, next := "├─ ", "│  "
			if i == len(c.Children)-1 {
				branch, next = "└─ ", "   "
			}
			fmt.Fprintf(w, "%s%s%s (%s)\n", indent, branch, display.Printable(ch.Name), display.Thousands(ch.Count))
			walk(ch, indent+next)
		}
	}
	walk(root, "")
}

// writeCategoriesJSON prints every category, depth first, one a line.
func writeCategoriesJSON(w io.Writer, root *feed.Category) error {
	var j jsonLine
	var walk func(c *feed.Category) error
	walk = func(c *feed.Category) error {
		for _, ch := range c.Children {
			j.start()
			j.strs("path", ch.Path)
			j.str("name", ch.Name)
			j.int("count", ch.Count)
			if err := j.end(w); err != nil {
				return err
			}
			if err := walk(ch); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(root)
}

func (a *app) configCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Print the effective settings and where each came from",
		Long: `Print the effective settings, where each came from (default, config file,
environment or flag), and the paths of the config file, the rules file and the
state folder.`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			out := bufio.NewWriter(a.stdout)
			for _, s := range cfg.Settings() {
				fmt.Fprintf(out, "%-16s %s  (%s)\n", s.Name, s.Value, s.Origin)
			}
			fmt.Fprintln(out)
			fmt.Fprintf(out, "%-16s %s%s\n", "config file", cfg.File, missing(cfg.File))
			fmt.Fprintf(out, "%-16s %s%s\n", "rules file", cfg.Rules, missing(cfg.Rules))
			fmt.Fprintf(out, "%-16s %s\n", "state folder", cfg.StateDir)
			return out.Flush()
		},
	}
}

// missing notes a file that does not exist.
func missing(path string) string {
	if !config.Exists(path) {
		return "  (not found)"
	}
	return ""
}
