package main

import "testing"

func TestQuiet(t *testing.T) {
	env, dir := newArchive(t)
	_, _, errOut := runCmd(t, env, "list", "--quiet", "--archive", dir)
	if errOut != "2 warnings in 1 of 5 files\n" {
		t.Errorf("stderr %q", errOut)
	}
}
