package main

import (
	"bufio"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"newsreader/display"
	"newsreader/feed"
)

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
