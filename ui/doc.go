// Package ui is the terminal interface: a category and article browser and
// an article reader, built with bubbletea.
//
// The top model (model.go) routes each message to the screen that owns
// it; each screen's file holds its keys, its messages and its drawing:
// browser.go (the tree and list panes, with list.go, tree.go and the sort
// orders of order.go), reader.go (an article), filter.go and pipe.go (the
// input lines of the status bar), overlay.go with help.go, warnings.go
// and output.go (the screens drawn over the others: the keys, the scan's
// warnings, the output of a piped command). terminal.go runs the programs
// that take the terminal: the pager or editor of the pipe, and the editor
// of editor.go. bars.go draws the title and status bars around them.
package ui
