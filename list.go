package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

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
			arts := ix.Select(filter)
			if f.json {
				return writeJSONLines(cmd.Context(), a.stdout, arts, cfg.Timezone)
			}
			width := f.width
			if width <= 0 {
				width = a.width(a.stdout, 120)
			}
			out := bufio.NewWriter(a.stdout)
			writeListing(out, arts, cfg.Timezone, width)
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
