package main

import (
	"context"
	"fmt"
	"os/exec"
	"strings"

	"newsreader/config"
)

// page runs the pager on out, without a shell.
func (a *app) page(ctx context.Context, out string) error {
	args, err := config.Pager(a.env)
	if err != nil {
		return fmt.Errorf("$PAGER: %w", err)
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Stdin = strings.NewReader(out)
	cmd.Stdout, cmd.Stderr = a.stdout, a.stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pager %s: %w", args[0], err)
	}
	return nil
}
