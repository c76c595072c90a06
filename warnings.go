package main

import (
	"fmt"

	"newsreader/display"
	"newsreader/feed"
)

// reportWarnings prints each warning of a scan and their count to stderr.
func (a *app) reportWarnings(ix *feed.Index) {
	ws := ix.Warnings()
	if len(ws) == 0 {
		return
	}
	files := map[string]bool{}
	for _, w := range ws {
		files[w.Path] = true
		if !a.quiet {
			fmt.Fprintln(a.stderr, display.Printable(w.String()))
		}
	}
	fmt.Fprintf(a.stderr, "%s in %s of %s files\n", display.Plural(len(ws), "warning"), display.Thousands(len(files)), display.Thousands(ix.Files()))
}

// reportArticleWarnings prints the warnings of one article to stderr,
// unless --quiet.
func (a *app) reportArticleWarnings(art *feed.Article) {
	if a.quiet {
		return
	}
	for _, w := range art.Warnings {
		fmt.Fprintln(a.stderr, display.Printable(art.Path+": "+w))
	}
}
