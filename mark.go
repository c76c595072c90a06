package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"newsreader/display"
	"newsreader/feed"
	"newsreader/store"
)

// markFlags select the articles of mark by what they are rather than by
// ID.
type markFlags struct {
	category string
	before   string
	all      bool
}

// selects reports whether the flags select articles.
func (f *markFlags) selects() bool { return f.category != "" || f.before != "" || f.all }

func (a *app) markCmd() *cobra.Command {
	var f markFlags
	cmd := &cobra.Command{
		Use:   "mark read|unread|star|unstar [ID|PATH]...",
		Short: "Mark articles read or unread, starred or not",
		Long: `Mark articles read or unread, or star them or take their star away, as the
interface does, for scripts. Articles are named as for show: an ID from
'newsreader list' or a unique prefix of it of at least four characters, or a
path relative to the archive or to the working directory. Instead of naming
them, select them: --category, the articles at or below a category path;
--before, those dated before a date (as --since takes it: 2022-05-16, today,
3d...; articles without a stated date are left out); --all, every article.
--category and --before together select the articles that both select.

It says what it changed. Nothing is changed unless all of it can be: an ID
that names no article, or a state folder where nothing can be saved, is an
error that marks nothing.`,
		Example: `  newsreader mark read 7gcvx56a 3kq2
  newsreader mark read --category 金融/新浪财经 --before 2w
  newsreader mark star source/_posts/金融/新浪财经/a.md
  newsreader list --json --unread | jq -r 'select(.title | test("发布")) | .id' | xargs newsreader mark read`,
		Args:              markArgs(&f),
		ValidArgsFunction: a.completeMark,
		RunE: func(cmd *cobra.Command, args []string) error {
			op, _ := store.ParseOp(args[0]) // checked by markArgs
			return a.mark(cmd, op, args[1:], &f)
		},
	}
	fl := cmd.Flags()
	a.categoryFlag(cmd, &f.category, "the articles at or below this category `path`")
	fl.StringVar(&f.before, "before", "", "the articles dated before this `date`: 2022-05-16, 2022-05-16 08:30, today, yesterday, 12h, 3d, 2w")
	fl.BoolVar(&f.all, "all", false, "every article (of --category, when given)")
	return cmd
}

// markArgs checks mark's command line: a change, then either articles or
// the flags that select them.
func markArgs(f *markFlags) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return usageError{errors.New("mark needs a change: read, unread, star or unstar")}
		}
		if _, err := store.ParseOp(args[0]); err != nil {
			return usageError{fmt.Errorf("mark: %w", err)}
		}
		switch refs := args[1:]; {
		case len(refs) == 0 && !f.selects():
			return usageError{fmt.Errorf("mark %s needs articles: IDs, paths, --category, --before or --all", args[0])}
		case len(refs) > 0 && f.selects():
			return usageError{errors.New("name articles or select them with --category, --before or --all, not both")}
		}
		return nil
	}
}

// mark changes the marks of the articles that refs name, or that the
// flags select.
func (a *app) mark(cmd *cobra.Command, op store.Op, refs []string, f *markFlags) error {
	// --before is checked before the store is opened: a mistake in it
	// leaves no state folder behind.
	cfg, err := a.config()
	if err != nil {
		return err
	}
	before, err := feed.ParseDay(f.before, cfg.Timezone, false, time.Now())
	if err != nil {
		return usageError{fmt.Errorf("--before: %w", err)}
	}
	s, err := a.sessionOf(cfg, false)
	if err != nil {
		return err
	}
	defer s.close()
	st, err := s.writable("nothing was marked")
	if err != nil {
		return err
	}
	ix, err := s.index(cmd.Context(), false)
	if err != nil {
		return err
	}
	var arts []*feed.Article
	if len(refs) > 0 {
		if arts, err = s.lookupAll(ix, refs); err != nil {
			return err
		}
	} else {
		if _, err := findCategory(ix, f.category); err != nil {
			return err
		}
		filter := feed.Filter{Category: feed.ParseCategory(f.category)}
		if !before.IsZero() {
			// Until is inclusive; before is not.
			filter.Until = before.Add(-time.Nanosecond)
		}
		arts = ix.Select(filter)
	}
	ms, err := s.marks()
	if err != nil {
		return err
	}
	// Only the marks that change are written: an unchanged mark keeps the
	// time it last changed, which decides what a later import keeps.
	var change []*feed.Article
	for _, art := range arts {
		if m := markOf(ms, art); changes(op, m) {
			change = append(change, art)
		}
	}
	if len(change) > 0 {
		if _, err := st.Set(change, op); err != nil {
			return err
		}
		// A disk that filled up during the change: the state file holds
		// none of it.
		if _, err := s.writable("nothing was marked"); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintln(a.stdout, markReport(op, len(arts), len(change)))
	return err
}

// changes reports whether op changes mark m.
func changes(op store.Op, m store.Mark) bool {
	switch op {
	case store.Read:
		return !m.Read
	case store.Unread:
		return m.Read
	case store.Star:
		return !m.Starred
	default: // Unstar
		return m.Starred
	}
}

// opWords are how markReport tells each change: what was done, and the
// state that op gives an article (not: the state it takes away).
var opWords = map[store.Op]struct {
	done, state string
	not         bool
}{
	store.Read:   {"marked %s read", "read", false},
	store.Unread: {"marked %s unread", "read", true},
	store.Star:   {"starred %s", "starred", false},
	store.Unstar: {"unstarred %s", "starred", true},
}

// markReport says what mark did: of n articles, changed took op.
func markReport(op store.Op, n, changed int) string {
	w := opWords[op]
	was := "already " + w.state // what an article left unchanged was
	if w.not {
		was = "not " + w.state
	}
	rest := n - changed
	switch {
	case n == 0:
		return "no article is selected: nothing was marked"
	case changed == 0 && n == 1:
		return "nothing changed: the article was " + was
	case changed == 0 && w.not:
		return fmt.Sprintf("nothing changed: none of the %s was %s", display.Plural(n, "article"), w.state)
	case changed == 0:
		return fmt.Sprintf("nothing changed: all %s were %s", display.Plural(n, "article"), was)
	case rest == 0:
		return fmt.Sprintf(w.done, display.Plural(changed, "article"))
	}
	verb := "were"
	if rest == 1 {
		verb = "was"
	}
	return fmt.Sprintf(w.done+"; %s %s %s", display.Plural(changed, "article"), display.Thousands(rest), verb, was)
}

// lookupAll finds the articles that refs name (see lookup), each once,
// in the order named. It fails at the first that names none, or more
// than one. A script may name thousands: the IDs and paths of the index
// are looked up in maps, and only prefixes search the whole index.
func (s *session) lookupAll(ix *feed.Index, refs []string) ([]*feed.Article, error) {
	byID := make(map[string]*feed.Article, ix.Len())
	byPath := make(map[string]*feed.Article, ix.Len())
	for _, art := range ix.Articles() {
		for i, p := range art.Paths() {
			byPath[p] = art
			id := art.ID
			if i > 0 {
				id = feed.IDOf(p)
			}
			if other, ok := byID[id]; ok && other != art {
				byID[id] = nil // one ID for two articles: Lookup says so
			} else {
				byID[id] = art
			}
		}
	}
	var out []*feed.Article
	seen := map[*feed.Article]bool{}
	for _, ref := range refs {
		var art *feed.Article
		if rel, ok := s.inArchive(ref); ok {
			art = byPath[rel]
		} else {
			art = byID[strings.ToLower(strings.TrimSpace(ref))]
		}
		if art == nil {
			var err error
			if art, err = s.lookup(ix, ref); err != nil {
				return nil, err
			}
		}
		if !seen[art] {
			seen[art] = true
			out = append(out, art)
		}
	}
	return out, nil
}
