package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"newsreader/config"
)

// page runs the pager on out, without a shell, with config.PagerEnv added
// to its environment. While it runs, ctrl+c is the pager's (less uses it
// to stop a search); a SIGTERM to newsreader is passed on to it, so that
// it restores the terminal before both end.
func (a *app) page(ctx context.Context, out string) error {
	args, err := config.Pager(a.env)
	if err != nil {
		return fmt.Errorf("$PAGER: %w", err)
	}
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Env = append(os.Environ(), config.PagerEnv(a.env)...)
	cmd.Stdin = strings.NewReader(out)
	cmd.Stdout, cmd.Stderr = a.stdout, a.stderr
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 2 * time.Second // then it is killed
	interruptsElsewhere.Store(true)
	defer interruptsElsewhere.Store(false)
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pager %s: %w", args[0], err)
	}
	return nil
}
