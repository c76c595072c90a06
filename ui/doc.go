// Package ui is the terminal interface: a category and article browser and
// an article reader, built with bubbletea.
//
// The top model (model.go) routes each message to the screen that owns
// it; each screen's file holds its keys, its messages and its drawing:
// browser.go (the tree and list panes), reader.go (an article), filter.go
// and pipe.go (the input lines of the status bar), overlay.go with
// help.go and warnings.go (the screens drawn over the others). bars.go
// draws the title and status bars around them.
package ui
