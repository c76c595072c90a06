package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"newsreader/config"
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
		{[]string{"list", "--since", "someday", "--archive", dir}, 2, `--since: "someday" is not a date`},
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

// Messages name the command once, and the hint names the command's own
// help.
func TestUsageMessages(t *testing.T) {
	env, dir := newArchive(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"show"}, "newsreader: show needs one article: an ID, a path or -\nRun 'newsreader show --help' for usage.\n"},
		{[]string{"list", "extra"}, "newsreader: list takes no arguments, got \"extra\"\nRun 'newsreader list --help' for usage.\n"},
		{[]string{"show", "--bogus"}, "newsreader: unknown flag: --bogus\nRun 'newsreader show --help' for usage.\n"},
		{[]string{"list", "--limit", "abc"}, "newsreader: --limit: \"abc\" is not a whole number\nRun 'newsreader list --help' for usage.\n"},
		{[]string{"show", "-w", "99999999999999999999", "x"}, "newsreader: --width: \"99999999999999999999\" is out of range\nRun 'newsreader show --help' for usage.\n"},
		{[]string{"lst"}, "newsreader: unknown command \"lst\"; did you mean list?\nRun 'newsreader --help' for usage.\n"},
		{[]string{"categories", "x"}, "newsreader: categories takes no arguments, got \"x\"\nRun 'newsreader categories --help' for usage.\n"},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(t, env, append(tt.args, "--archive", dir)...)
		if code != exitUsage || out != "" || errOut != tt.want {
			t.Errorf("%q: exit %d, stdout %q, stderr\n%s\nwant\n%s", tt.args, code, out, errOut, tt.want)
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

// Piped in a folder of articles that is not a Hexo site, the bare
// command says that it lists the demo, and how to list the folder.
func TestBareCommandNotesDemo(t *testing.T) {
	const note = "newsreader: listing the embedded demo archive; 'newsreader --archive .' lists the articles of this folder\n"
	env, dir := newArchive(t)
	inArchive := env
	inArchive.Dir = filepath.Join(dir, "post")
	tests := []struct {
		name string
		env  config.Env
		args []string
		want string
	}{
		{"articles one folder down", inArchive, nil, note},
		{"articles deeper down only", env, nil, ""},
		{"an archive named", inArchive, []string{"--archive", "."}, ""},
		{"list says nothing", inArchive, []string{"list"}, ""},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(t, tt.env, append(tt.args, "-q")...)
		if code != 0 || out == "" || !strings.HasPrefix(errOut, tt.want) || (tt.want == "" && strings.Contains(errOut, "demo")) {
			t.Errorf("%s: exit %d, stderr %q, want %q", tt.name, code, errOut, tt.want)
		}
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

// An archive that cannot be opened is named whole, with where it was set
// when that was not the command line.
func TestArchiveErrors(t *testing.T) {
	env, dir := newArchive(t)
	root := filepath.Dir(dir)
	cfgFile := filepath.Join(root, "config", "newsreader", "config.yml")
	writeFile(t, cfgFile, "archive: /nonexistent/news\n")
	withVar := func(k, v string) config.Env {
		e := env
		e.Getenv = func(name string) string {
			if name == k {
				return v
			}
			return env.Getenv(name)
		}
		return e
	}
	tests := []struct {
		env  config.Env
		args []string
		want string
	}{
		{env, []string{"list"}, `newsreader: open archive /nonexistent/news: no such file or directory (the archive set by "archive:" in the config file ` + cfgFile + ")\n"},
		{withVar(config.EnvArchive, "gone"), []string{"categories"}, "newsreader: open archive " + filepath.Join(root, "gone") + ": no such file or directory (the archive set by $NEWSREADER_ARCHIVE)\n"},
		{env, []string{"show", "--latest", "--archive", "gone"}, "newsreader: open archive " + filepath.Join(root, "gone") + ": no such file or directory\n"},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(t, tt.env, tt.args...)
		if code != exitError || out != "" || errOut != tt.want {
			t.Errorf("%q: exit %d, stdout %q, stderr\n%s\nwant\n%s", tt.args, code, out, errOut, tt.want)
		}
	}
}

// An archive folder that cannot be read is named whole, not ".".
func TestArchiveUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every folder")
	}
	env, dir := newArchive(t)
	if err := os.Chmod(dir, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(dir, 0o755) })
	e := env
	e.Dir = dir
	code, _, errOut := runCmd(t, e, "list", "--archive", ".")
	if want := "newsreader: read archive " + dir + ": permission denied\n"; code != exitError || errOut != want {
		t.Errorf("exit %d, stderr %q, want %q", code, errOut, want)
	}
}

// Every command's help has a description, names what each flag takes
// (never pflag's "string" or "int") and fits 80 columns but for flags.
func TestHelp(t *testing.T) {
	env, _ := newArchive(t)
	placeholder := regexp.MustCompile(`--\S+ (string|int|uint)\s`)
	for _, cmd := range []string{"", "list", "show", "explain", "categories", "config", "version", "completion"} {
		args := []string{"--help"}
		if cmd != "" {
			args = []string{cmd, "--help"}
		}
		code, out, errOut := runCmd(t, env, args...)
		if code != 0 || errOut != "" {
			t.Errorf("%s --help: exit %d, stderr %q", cmd, code, errOut)
		}
		desc, _, _ := strings.Cut(out, "\nUsage:")
		if strings.Count(desc, "\n") < 2 {
			t.Errorf("%s --help: no description:\n%s", cmd, out)
		}
		for _, l := range strings.Split(desc, "\n") {
			if w := ansi.StringWidth(l); w > 80 {
				t.Errorf("%s --help: line of %d columns: %q", cmd, w, l)
			}
		}
		if m := placeholder.FindString(out); m != "" {
			t.Errorf("%s --help: unnamed value %q", cmd, m)
		}
	}
}

func TestCompleteStyle(t *testing.T) {
	if got, d := complete(t, "show", "--style", "d"); !slices.Equal(got, []string{"dark"}) || d != ":4" {
		t.Errorf("--style d<tab>: %q %s", got, d)
	}
	if got, d := complete(t, "--style", "./"); !slices.Equal(got, []string{"json"}) || d != ":8" {
		t.Errorf("--style ./<tab>: %q %s", got, d)
	}
}
