package main

import (
	"strings"
	"testing"
)

func TestConfigCommand(t *testing.T) {
	env, dir := newArchive(t)
	code, out, _ := runCmd(t, env, "config", "--archive", dir)
	for _, want := range []string{"archive          " + dir + "  (flag (--archive))", "source_timezone  UTC  (default)", "config file", "(not found)", "rules file", "state folder"} {
		if !strings.Contains(out, want) {
			t.Errorf("config output lacks %q:\n%s", want, out)
		}
	}
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	// Where the archive's store is, before and after it is made.
	p := storePaths(t, env, dir)
	for _, want := range []string{"index            " + p.Index + "  (not found)\n", "state file       " + p.State + "  (not found)\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("config output lacks %q:\n%s", want, out)
		}
	}
	runCmd(t, env, "list", "--archive", dir)
	_, out, _ = runCmd(t, env, "config", "--archive", dir)
	for _, want := range []string{"index            " + p.Index + "\n", "state file       " + p.State + "\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("config output lacks %q:\n%s", want, out)
		}
	}
}
