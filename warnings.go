package main

import (
	"bufio"
	"fmt"
	"strings"

	"newsreader/display"
	"newsreader/feed"
)

// reportWarnings prints each warning of a scan and their count to stderr,
// buffered: an archive may have tens of thousands, and a write each took
// a tenth of a second for 13,000.
func (a *app) reportWarnings(ix *feed.Index) {
	ws := ix.Warnings()
	if len(ws) == 0 {
		return
	}
	out := bufio.NewWriterSize(a.stderr, 64<<10)
	if !a.quiet {
		// Written in parts, without fmt: the path and the reason are
		// cleaned apart, which is the same as cleaning w.String() (the
		// ": " between them completes no character), without building it.
		for _, w := range ws {
			out.WriteString(display.Printable(w.Path))
			out.WriteString(": ")
			out.WriteString(display.Printable(w.Reason))
			out.WriteByte('\n')
		}
	}
	fmt.Fprintln(out, warningCount(ws, ix.Files()))
	_ = out.Flush() // as for every message on stderr: nowhere to tell
}

// warningCount sums up warnings, sorted by path as Index.Warnings gives
// them: how many, in how many of the files read and in how many folders
// skipped. A file may have several warnings, and a folder is none of the
// files.
func warningCount(ws []feed.Warning, files int) string {
	// The warnings of one file are neighbours: ws is sorted by path.
	inFiles, folders := 0, 0
	last := ""
	for _, w := range ws {
		switch {
		case w.Folder:
			folders++
		case inFiles == 0 || w.Path != last:
			inFiles++
			last = w.Path
		}
	}
	var in []string
	if inFiles > 0 {
		in = append(in, fmt.Sprintf("%s of %s files", display.Thousands(inFiles), display.Thousands(files)))
	}
	if folders > 0 {
		in = append(in, display.Plural(folders, "folder"))
	}
	return display.Plural(len(ws), "warning") + " in " + strings.Join(in, " and ")
}

// reportArticleWarnings prints the warnings of one article to stderr,
// unless --quiet.
func (a *app) reportArticleWarnings(art *feed.Article) {
	if a.quiet {
		return
	}
	for _, w := range art.Warnings() {
		fmt.Fprintln(a.stderr, display.Printable(art.Path+": "+w))
	}
}
