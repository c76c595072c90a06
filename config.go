package main

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"

	"newsreader/config"
)

func (a *app) configCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Print the effective settings and where each came from",
		Long: `Print the effective settings, where each came from (default, config file,
environment or flag), and the paths of the config file, the rules file and the
state folder.`,
		Args: noArgs,
		RunE: func(*cobra.Command, []string) error {
			cfg, err := a.config()
			if err != nil {
				return err
			}
			out := bufio.NewWriter(a.stdout)
			for _, s := range cfg.Settings() {
				fmt.Fprintf(out, "%-16s %s  (%s)\n", s.Name, s.Value, s.Origin)
			}
			fmt.Fprintln(out)
			fmt.Fprintf(out, "%-16s %s%s\n", "config file", cfg.File, missing(cfg.File))
			fmt.Fprintf(out, "%-16s %s%s\n", "rules file", cfg.Rules, missing(cfg.Rules))
			fmt.Fprintf(out, "%-16s %s\n", "state folder", cfg.StateDir)
			return out.Flush()
		},
	}
}

// missing notes a file that does not exist.
func missing(path string) string {
	if !config.Exists(path) {
		return "  (not found)"
	}
	return ""
}
