package main

import (
	"errors"
	"strconv"

	"github.com/spf13/cobra"

	"newsreader/feed"
	"newsreader/store"
	"newsreader/ui"
)

// runTUI opens the terminal interface on the configured archive, with its
// store. ctrl+c is a key there, and bubbletea takes SIGINT itself, also
// while a pager it started has the terminal.
func (a *app) runTUI(cmd *cobra.Command) error {
	cfg, arch, err := a.open()
	if err != nil {
		return err
	}
	// Without a store the interface still works: it says why, scans the
	// archive and keeps the marks in memory.
	st, stErr := store.Open(cfg.StateDir, arch)
	if stErr == nil {
		defer st.Close()
	}
	interruptsElsewhere.Store(true)
	defer interruptsElsewhere.Store(false)
	return ui.Run(cmd.Context(), ui.Options{
		Archive:  arch,
		Config:   cfg,
		Store:    st,
		StoreErr: stErr,
		Getenv:   a.env.Getenv,
		// As the listing's noteDemo says it, the interface says how to read
		// the articles of the working folder when it shows the demo.
		ArticlesHere: cfg.Archive == "" && feed.HoldsArticles(a.env.Dir),
	})
}

// setMouse takes --mouse, --mouse=true and --mouse=false.
func (a *app) setMouse(v string) error {
	on, err := strconv.ParseBool(v)
	if err != nil {
		return errors.New("give true or false")
	}
	a.mouse = &on
	return nil
}
