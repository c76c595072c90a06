package main

import (
	"runtime/debug"
	"testing"
)

func TestVersionText(t *testing.T) {
	settings := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"release from a clean checkout", &debug.BuildInfo{
			GoVersion: "go1.26.8",
			Main:      debug.Module{Path: "newsreader", Version: "v1.2.0"},
			Settings: settings("GOOS", "linux", "GOARCH", "amd64", "vcs", "git",
				"vcs.revision", "0123456789abcdef0123456789abcdef01234567", "vcs.time", "2026-01-13T08:20:00Z", "vcs.modified", "false"),
		}, "newsreader v1.2.0\nrevision: 0123456789abcdef0123456789abcdef01234567, committed 2026-01-13T08:20:00Z\nbuilt with go1.26.8 for linux/amd64\n"},
		{"checkout with local changes", &debug.BuildInfo{
			GoVersion: "go1.26.8",
			Main:      debug.Module{Path: "newsreader", Version: "v0.0.0-20260113082000-0123456789ab+dirty"},
			Settings:  settings("vcs.revision", "0123456789abcdef0123456789abcdef01234567", "vcs.modified", "true"),
		}, "newsreader v0.0.0-20260113082000-0123456789ab+dirty\nrevision: 0123456789abcdef0123456789abcdef01234567, with uncommitted changes\nbuilt with go1.26.8\n"},
		{"built with -buildvcs=false", &debug.BuildInfo{
			GoVersion: "go1.26.8",
			Main:      debug.Module{Path: "newsreader", Version: "(devel)"},
			Settings:  settings("-buildvcs", "false", "GOOS", "linux", "GOARCH", "arm64"),
		}, "newsreader (devel)\nrevision: unknown (built without VCS information: with -buildvcs=false, or outside a git checkout)\nbuilt with go1.26.8 for linux/arm64\n"},
		{"no main module version", &debug.BuildInfo{}, "newsreader (unknown version)\nrevision: unknown (built without VCS information: with -buildvcs=false, or outside a git checkout)\n"},
		{"no build information", nil, "newsreader (unknown version)\nrevision: unknown (the binary holds no build information)\n"},
	}
	for _, tt := range tests {
		if got := versionText(tt.bi); got != tt.want {
			t.Errorf("%s:\ngot  %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestVersionCommandAndFlag(t *testing.T) {
	env, _ := newArchive(t)
	code, cmdOut, errOut := runCmd(t, env, "version")
	if code != 0 || errOut != "" || cmdOut != buildVersion() {
		t.Errorf("version: exit %d, stdout %q, stderr %q; want %q", code, cmdOut, errOut, buildVersion())
	}
	code, flagOut, errOut := runCmd(t, env, "--version")
	if code != 0 || errOut != "" || flagOut != cmdOut {
		t.Errorf("--version: exit %d, stdout %q, stderr %q; want %q", code, flagOut, errOut, cmdOut)
	}
	if code, _, _ := runCmd(t, env, "version", "extra"); code != exitUsage {
		t.Errorf("version extra: exit %d, want %d", code, exitUsage)
	}
}
