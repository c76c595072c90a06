package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"newsreader/display"
	"newsreader/feed"
)

// categoryFlag adds --category (-c) to cmd, with shell completion of the
// archive's category paths.
func (a *app) categoryFlag(cmd *cobra.Command, p *string, usage string) {
	cmd.Flags().StringVarP(p, "category", "c", "", usage)
	_ = cmd.RegisterFlagCompletionFunc("category", a.completeCategory)
}

// findCategory returns the categories of the index that the typed path
// names (feed.FindCategory: ignoring case and compatibility forms). A
// path that names none is an error that suggests the nearest.
func findCategory(ix *feed.Index, typed string) ([]*feed.Category, error) {
	paths, err := ix.FindCategory(feed.ParseCategory(typed))
	if err != nil {
		return nil, err
	}
	nodes := make([]*feed.Category, 0, len(paths))
	for _, p := range paths {
		nodes = append(nodes, subtree(ix.Tree(), p))
	}
	return nodes, nil
}

// subtree is the node of the tree at path, which the tree holds.
func subtree(root *feed.Category, path []string) *feed.Category {
	n := root
	for _, name := range path {
		for _, ch := range n.Children {
			if ch.Name == name {
				n = ch
				break
			}
		}
	}
	return n
}

// categoryName is how a category path is shown in messages: levels
// joined by "/", as they are typed.
func categoryName(path []string) string {
	return display.Printable(strings.Join(path, "/"))
}

// noDatedArticle explains why --latest found nothing in categories that
// hold articles: none states a date.
func noDatedArticle(nodes []*feed.Category) error {
	n := 0
	for _, c := range nodes {
		n += c.Count
	}
	name := categoryName(nodes[0].Path)
	has, lists := "only one article, without a date", "lists it"
	if n > 1 {
		has, lists = display.Thousands(n)+" articles, none with a date", "lists them"
	}
	return fmt.Errorf("category %q has %s, and --latest picks only dated articles; 'newsreader list -c %q' %s", name, has, name, lists)
}
