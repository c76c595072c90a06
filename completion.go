package main

import (
	"context"
	"strings"

	"github.com/spf13/cobra"

	"newsreader/config"
	"newsreader/display"
	"newsreader/feed"
	"newsreader/store"
)

// completionIndex is the index that shell completion answers from, for
// the archive the command line names: the store's, up to date. Nothing is
// printed: whatever completion prints, the shell shows, and its stderr
// the shell throws away. The store's notices, which are told once and may
// say where the user's state went, come back as lines of active help
// (bash and zsh show them), to be appended to the completions.
func (a *app) completionIndex(ctx context.Context) (*config.Config, *feed.Index, []string, error) {
	s, err := a.openSessionTo(true)
	if err != nil {
		return nil, nil, nil, err
	}
	ix, err := s.index(ctx, false)
	s.close()
	return s.cfg, ix, s.held, err
}

// withNotices appends the store's notices to completions as active help.
func withNotices(out []cobra.Completion, notices []string) []cobra.Completion {
	for _, n := range notices {
		out = cobra.AppendActiveHelp(out, "newsreader: "+n)
	}
	return out
}

// maxCompletions caps the articles offered for an ID: enough to choose
// among the newest, few enough for a shell to show.
const maxCompletions = 100

// descWidth caps a completion's description, in cells.
const descWidth = 60

// completeCategory offers the category paths that start with what was
// typed (folded as --category matches), depth first, with their counts.
func (a *app) completeCategory(cmd *cobra.Command, _ []string, typed string) ([]cobra.Completion, cobra.ShellCompDirective) {
	_, ix, notices, err := a.completionIndex(cmd.Context())
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	prefix := feed.FoldName(strings.ReplaceAll(typed, "›", "/"))
	var out []cobra.Completion
	var walk func(c *feed.Category)
	walk = func(c *feed.Category) {
		for _, ch := range c.Children {
			path := categoryName(ch.Path)
			if strings.HasPrefix(feed.FoldName(path), prefix) {
				out = append(out, cobra.CompletionWithDesc(path, display.Plural(ch.Count, "article")))
			}
			walk(ch)
		}
	}
	walk(ix.Tree())
	return withNotices(out, notices), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
}

// completeArticle offers, for the article argument of show and explain,
// the IDs that start with what was typed (see completeIDs).
func (a *app) completeArticle(latest *bool) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, typed string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 || (latest != nil && *latest) || typed == "-" {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return a.completeIDs(cmd, typed)
	}
}

// completeMark offers the changes mark makes, then IDs as for show, as
// many as are typed.
func (a *app) completeMark(cmd *cobra.Command, args []string, typed string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) == 0 {
		var out []cobra.Completion
		for op := store.Read; op <= store.Unstar; op++ {
			if strings.HasPrefix(op.String(), typed) {
				out = append(out, op.String())
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
	}
	return a.completeIDs(cmd, typed)
}

// completeIDs offers the article IDs that start with what was typed,
// newest first, each with its date and title. When no ID matches, the
// shell completes file names.
func (a *app) completeIDs(cmd *cobra.Command, typed string) ([]cobra.Completion, cobra.ShellCompDirective) {
	cfg, ix, notices, err := a.completionIndex(cmd.Context())
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	prefix := strings.ToLower(typed)
	var out []cobra.Completion
	for _, art := range ix.Articles() {
		if !strings.HasPrefix(art.ID, prefix) {
			continue
		}
		date := art.Date.In(cfg.Timezone).Format("2006-01-02")
		if art.DateEstimated {
			date = "no date"
		}
		out = append(out, cobra.CompletionWithDesc(art.ID, display.Truncate(date+" "+display.Line(art.Title), descWidth)))
		if len(out) == maxCompletions {
			break
		}
	}
	if len(out) == 0 {
		return withNotices(nil, notices), cobra.ShellCompDirectiveDefault
	}
	return withNotices(out, notices), cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveKeepOrder
}

// styleNames are the built-in article styles --style offers.
var styleNames = []string{"auto", "dark", "light", "notty", "ascii"}

// completeStyle offers the built-in styles that start with what was
// typed, else the JSON files of a glamour style.
func completeStyle(_ *cobra.Command, _ []string, typed string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, n := range styleNames {
		if strings.HasPrefix(n, typed) {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return []cobra.Completion{"json"}, cobra.ShellCompDirectiveFilterFileExt
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
