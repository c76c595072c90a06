package main

import (
	"errors"
	"strconv"

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

// setMouse takes --mouse, --mouse=true and --mouse=false.
func (a *app) setMouse(v string) error {
	on, err := strconv.ParseBool(v)
	if err != nil {
		return errors.New("give true or false")
	}
	a.mouse = &on
	return nil
}
