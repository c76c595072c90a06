package main

import (
	"github.com/spf13/cobra"

	"newsreader/ui"
)

// runTUI opens the terminal interface on the configured archive.
func (a *app) runTUI(cmd *cobra.Command) error {
	cfg, arch, err := a.open()
	if err != nil {
		return err
	}
	return ui.Run(cmd.Context(), ui.Options{
		Archive: arch,
		Config:  cfg,
		Getenv:  a.env.Getenv,
	})
}
