// Package ui is the terminal interface: a category and article browser and
// an article reader, built with bubbletea.
//
// The top model (model.go) routes each message to the screen that owns
// it; each screen's file holds its keys, its messages and its drawing:
// browser.go (the tree and list panes, with list.go, tree.go and the sort
// orders of order.go), reader.go (an article, with find.go, the search in
// it), search.go (the search screen, which also brings the search index up
// to date in the background), filter.go, pipe.go and
// confirm.go (the input lines and questions of the status bar),
// overlay.go with help.go, warnings.go, output.go and links.go (the
// screens drawn over the others: the keys, the scan's warnings, the output
// of a piped command, the article's links, which links.go opens in the
// browser). scan.go fills the index: from the store and its reconcile
// with the archive, or by a scan without one; marks.go keeps the reader's
// marks (read, starred, the place in each article, the place the
// interface was left at) and has the store save them. terminal.go runs
// the programs that take the terminal: the pager or editor of the pipe,
// and the editor of editor.go. bars.go draws the title and status bars
// around them.
package ui
