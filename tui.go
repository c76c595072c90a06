package main

import (
	"github.com/spf13/cobra"

	"newsreader/ui"
)

// runTUI opens the terminal interface on the configured archive. ctrl+c
// is a key there, and bubbletea takes SIGINT itself, also while a pager
// it started has the terminal.
func (a *app) runTUI(cmd *cobra.Command) error {
	cfg, arch, err := a.open()
	if err != nil {
		return err
	}
	interruptsElsewhere.Store(true)
	defer interruptsElsewhere.Store(false)
	return ui.Run(cmd.Context(), ui.Options{
		Archive: arch,
		Config:  cfg,
		Getenv:  a.env.Getenv,
	})
}
