package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"newsreader/display"
	"newsreader/feed"
)

func (a *app) categoriesCmd() *cobra.Command {
	var asJSON bool
	var category string
	cmd := &cobra.Command{
		Use:   "categories",
		Short: "Show the category tree with article counts",
		Long: `Show the category tree with the count of articles at or below each
category, or with --category only the branch of one category.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.openSession()
			if err != nil {
				return err
			}
			defer s.close()
			ix, err := s.index(cmd.Context(), true)
			if err != nil {
				return err
			}
			nodes := []*feed.Category{ix.Tree()}
			if category != "" {
				if nodes, err = findCategory(ix, category); err != nil {
					return err
				}
			}
			out := bufio.NewWriter(a.stdout)
			for _, n := range nodes {
				if asJSON {
					err = writeCategoriesJSON(out, n)
				} else {
					writeTree(out, n)
				}
				if err != nil {
					return err
				}
			}
			return out.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON Lines: path, name and count of each category")
	a.categoryFlag(cmd, &category, "only the branch of this category `path`")
	return cmd
}

// writeTree prints the category tree below root with box-drawing
// branches, under a line for root itself: "All" for the whole tree.
func writeTree(w io.Writer, root *feed.Category) {
	name := "All"
	if len(root.Path) > 0 {
		name = display.Printable(strings.Join(root.Path, " › "))
	}
	fmt.Fprintf(w, "%s (%s)\n", name, display.Thousands(root.Count))
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

// writeCategoriesJSON prints root and every category below it, depth
// first, one a line; the whole tree's root, which has no name, is left
// out.
func writeCategoriesJSON(w io.Writer, root *feed.Category) error {
	var j jsonLine
	var walk func(c *feed.Category) error
	walk = func(c *feed.Category) error {
		if len(c.Path) > 0 {
			j.start()
			j.strs("path", c.Path)
			j.str("name", c.Name)
			j.int("count", c.Count)
			if err := j.end(w); err != nil {
				return err
			}
		}
		for _, ch := range c.Children {
			if err := walk(ch); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(root)
}
