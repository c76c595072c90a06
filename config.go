package main

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"

	"newsreader/config"
	"newsreader/store"
)

func (a *app) configCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "config",
		Short: "Print the effective settings and where each came from",
		Long: `Print the effective settings, where each came from (default, config file,
environment or flag), and the paths of the config file, the rules file, the
state folder, and the archive's store in it: its index (a cache of the
archive, which may be deleted at any time) and its state file (read marks,
stars, reading positions: 'newsreader state export' backs them up).`,
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
			paths, err := store.Location(cfg.StateDir, cfg.Archive)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "%-16s %s%s\n", "index", paths.Index, missing(paths.Index))
			fmt.Fprintf(out, "%-16s %s%s\n", "state file", paths.State, missing(paths.State))
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
