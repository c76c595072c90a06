package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestExitStatus(t *testing.T) {
	env, dir := newArchive(t)
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"list", "--archive", dir, "-q"}, 0, ""},
		{[]string{"list", "--bogus"}, 2, "unknown flag: --bogus"},
		{[]string{"list", "extra"}, 2, "takes no arguments"},
		{[]string{"list", "--since", "yesterday", "--archive", dir}, 2, `--since: "yesterday" is not a date`},
		{[]string{"list", "--limit", "-1", "--archive", dir}, 2, "--limit"},
		{[]string{"nosuchcommand"}, 2, "nosuchcommand"},
		{[]string{"list", "--archive", filepath.Join(dir, "missing")}, 1, "open archive"},
		{[]string{"categories", "--archive", filepath.Join(dir, "post/游戏/broken.md")}, 1, "not a folder"},
	}
	for _, tt := range tests {
		code, _, errOut := runCmd(t, env, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, tt.code, tt.msg)
		}
	}
}

func TestBareCommandListsDemoWhenPiped(t *testing.T) {
	env, _ := newArchive(t)
	code, out, errOut := runCmd(t, env)
	if code != 0 || strings.Count(out, "\n") < 10 || errOut != "" {
		t.Errorf("exit %d, %d lines, stderr %q", code, strings.Count(out, "\n"), errOut)
	}
}

func TestInterrupted(t *testing.T) {
	env, dir := newArchive(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"list", "--archive", dir}, strings.NewReader(""), &out, &errOut, env)
	if code != exitInterrupted || errOut.String() != "newsreader: interrupted\n" || out.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
}
