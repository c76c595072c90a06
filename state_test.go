package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"newsreader/config"
)

// runWithInput is runCmd with standard input.
func runWithInput(t *testing.T, env config.Env, in string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(in), &out, &errOut, env)
	return code, out.String(), errOut.String()
}

// An export imported into a fresh state folder gives the same state: the
// same export, the same listing of marks.
func TestStateExportImport(t *testing.T) {
	env, dir := newArchive(t)
	for _, m := range [][]string{{"read", "--all"}, {"unread", pathC}, {"star", pathB, "post/编程/c.md"}} {
		if code, _, errOut := runCmd(t, env, append([]string{"mark", "--archive", dir}, m...)...); code != 0 {
			t.Fatalf("mark %q: %s", m, errOut)
		}
	}
	code, exported, errOut := runCmd(t, env, "state", "export", "--archive", dir)
	if code != 0 || errOut != "" || strings.Count(exported, "\n") != 4 {
		t.Fatalf("export: exit %d, stderr %q:\n%s", code, errOut, exported)
	}
	file := filepath.Join(env.Dir, "marks.jsonl")
	code, out, errOut := runCmd(t, env, "state", "export", "marks.jsonl", "--archive", dir)
	if code != 0 || out != "exported the marks of 4 articles to marks.jsonl\n" || errOut != "" {
		t.Fatalf("export to a file: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if data, err := os.ReadFile(file); err != nil || string(data) != exported {
		t.Fatalf("the file holds\n%s\nwant\n%s (%v)", data, exported, err)
	}

	fresh := withVar(env, "XDG_STATE_HOME", filepath.Join(env.Dir, "fresh-state"))
	code, out, errOut = runCmd(t, fresh, "state", "import", "marks.jsonl", "--archive", dir)
	if want := "imported the marks of 4 articles: 4 added, 0 changed, 0 as they were\n"; code != 0 || out != want || errOut != "" {
		t.Fatalf("import: exit %d, stdout %q, stderr %q; want %q", code, out, errOut, want)
	}
	if _, again, _ := runCmd(t, fresh, "state", "export", "--archive", dir); again != exported {
		t.Errorf("export after import:\n%s\nwant\n%s", again, exported)
	}
	for _, flag := range []string{"--unread", "--starred"} {
		if got, want := paths(listJSON(t, fresh, dir, flag)), paths(listJSON(t, env, dir, flag)); !slices.Equal(got, want) {
			t.Errorf("%s after import: %q, want %q", flag, got, want)
		}
	}
	// Again, from standard input: nothing changes.
	code, out, _ = runWithInput(t, fresh, exported, "state", "import", "-", "--archive", dir)
	if want := "imported the marks of 4 articles: 0 added, 0 changed, 4 as they were\n"; code != 0 || out != want {
		t.Errorf("import again: exit %d, %q; want %q", code, out, want)
	}
}

// A line moved by hand to another path, with the title and date of an
// article of the archive, finds it.
func TestStateImportFindsMovedFiles(t *testing.T) {
	env, dir := newArchive(t)
	line := `{"id":"zzzzzzzz","path":"old/b.md","title":"Second & last","date":"2025-12-16T08:00:00Z","read":false,"starred":true,"position":0}` + "\n"
	code, out, errOut := runWithInput(t, env, line, "state", "import", "-", "--archive", dir)
	if want := "imported the marks of 1 article: 1 added, 0 changed, 0 as they were; 1 found at a new path by title and date\n"; code != 0 || out != want {
		t.Fatalf("exit %d, stdout %q, stderr %q; want %q", code, out, errOut, want)
	}
	if got := paths(listJSON(t, env, dir, "--starred")); !slices.Equal(got, []string{pathB}) {
		t.Errorf("--starred: %q", got)
	}
}

func TestStateErrors(t *testing.T) {
	env, dir := newArchive(t)
	writeFile(t, filepath.Join(env.Dir, "bad.jsonl"), `{"id":"abcdabcd","read":true}`+"\n"+`{"id":"abcdabcd","red":true}`+"\n")
	checkFailures(t, []failure{
		{[]string{"state"}, 2, "state needs export or import"},
		{[]string{"state", "expor"}, 2, `state has no command "expor": use export or import`},
		{[]string{"state", "import"}, 2, "state import needs one file (- for standard input)"},
		{[]string{"state", "export", "a", "b"}, 2, "state export takes at most one file, got 2 arguments"},
		{[]string{"state", "import", "nothing.jsonl"}, 1, "nothing.jsonl: no such file or directory"},
	})
	// A bad line imports nothing, and the error names the file and the
	// line.
	code, out, errOut := runCmd(t, env, "state", "import", "bad.jsonl", "--archive", dir)
	if code != 1 || out != "" || !strings.Contains(errOut, "newsreader: bad.jsonl: import: line 2: ") || !strings.Contains(errOut, `unknown field "red"`) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, exported, _ := runCmd(t, env, "state", "export", "--archive", dir); exported != "" {
		t.Errorf("a failed import imported:\n%s", exported)
	}
	// An export that cannot be written is an error.
	code, _, errOut = runCmd(t, env, "state", "export", "no/such/folder/marks.jsonl", "--archive", dir)
	if code != 1 || !strings.Contains(errOut, "export: ") {
		t.Errorf("export to a missing folder: exit %d, stderr %q", code, errOut)
	}
}
