// Package ui is the terminal interface: a category and article browser and
// an article reader, built with bubbletea.
package ui
