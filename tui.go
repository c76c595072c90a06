package main

import "github.com/spf13/cobra"

// runTUI opens the terminal interface on the configured archive.
func (a *app) runTUI(cmd *cobra.Command) error {
	// Until the interface exists, the bare command prints the listing.
	return a.listCmd().RunE(cmd, nil)
}
