package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"newsreader/render"
)

func (a *app) explainCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "explain ID|PATH|-",
		Short: "Show what the cleaning rules removed or rewrote in an article",
		Long: `Show what each cleaning rule removed or rewrote in an article, named as for
show (an ID or a unique prefix of it, a path, or -): one line an action,
tab-separated: rule, action, selector or pattern, and an excerpt of the text or
URL. Use it to see why text vanished, and to write your own rules in the rules
file (see 'newsreader config' for its path).`,
		Args:              a.articleArgs(nil),
		ValidArgsFunction: a.completeArticle(nil),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := a.openSession()
			if err != nil {
				return err
			}
			defer s.close()
			art, body, err := s.article(cmd.Context(), args, false, "", false)
			if err != nil {
				return err
			}
			rules, err := render.LoadRules(s.cfg.Rules)
			if err != nil {
				return err
			}
			doc := render.Prepare(art, body, render.Options{Rules: rules, Location: s.cfg.Timezone})
			if len(doc.Report) == 0 {
				fmt.Fprintln(a.stdout, "No rule changed this article.")
				return nil
			}
			_, err = io.WriteString(a.stdout, doc.Explain())
			return err
		},
	}
}
