package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"newsreader/store"
)

func TestMark(t *testing.T) {
	tests := []struct {
		name string
		// args of mark, before which the commands of setup ran; "ID:p"
		// stands for the ID of the article at p, "PFX:p" for the
		// first four characters of it.
		setup [][]string
		args  []string
		say   string
		// The articles list --unread and list --starred list after.
		unread, starred []string
	}{
		{"by ID", nil, []string{"read", "ID:" + pathA}, "marked 1 article read\n",
			[]string{pathC, pathB, pathBroken}, []string{}},
		{"by prefix", nil, []string{"star", "PFX:" + pathB}, "starred 1 article\n",
			[]string{pathC, pathB, pathA, pathBroken}, []string{pathB}},
		{"by the path of a copy", nil, []string{"star", "post/编程/c.md"}, "starred 1 article\n",
			nil, []string{pathC}},
		{"by a path through the working folder", nil, []string{"read", filepath.Join("archive", pathBroken)}, "marked 1 article read\n",
			[]string{pathC, pathB, pathA}, nil},
		{"twice the same, by ID and by path", nil, []string{"read", "ID:" + pathA, pathA}, "marked 1 article read\n",
			[]string{pathC, pathB, pathBroken}, nil},
		{"by category", nil, []string{"read", "--category", "金融"}, "marked 2 articles read\n",
			[]string{pathC, pathBroken}, nil},
		{"before a date: undated articles are left out", nil, []string{"read", "--before", "2025-12-16"}, "marked 1 article read\n",
			[]string{pathC, pathB, pathBroken}, nil},
		{"before a relative date", nil, []string{"star", "--before", "0h"}, "starred 3 articles\n",
			nil, []string{pathC, pathB, pathA}},
		{"category and date", nil, []string{"read", "-c", "金融", "--before", "2026-01-01"}, "marked 2 articles read\n",
			[]string{pathC, pathBroken}, nil},
		{"all, some already", [][]string{{"read", "ID:" + pathA}}, []string{"read", "--all"}, "marked 3 articles read; 1 was already read\n",
			[]string{}, nil},
		{"unread", [][]string{{"read", "--all"}}, []string{"unread", "-c", "编程"}, "marked 1 article unread\n",
			[]string{pathC}, nil},
		{"unstar", [][]string{{"star", "--all"}}, []string{"unstar", pathA, "PFX:" + pathB}, "unstarred 2 articles\n",
			nil, []string{pathC, pathBroken}},
		{"nothing to change", [][]string{{"star", pathA}}, []string{"star", pathA}, "nothing changed: the article was already starred\n",
			nil, []string{pathA}},
		{"nothing to change, several", nil, []string{"unread", "--all"}, "nothing changed: none of the 4 articles was read\n",
			[]string{pathC, pathB, pathA, pathBroken}, nil},
		{"none selected", nil, []string{"read", "--before", "2020-01-01"}, "no article is selected: nothing was marked\n",
			[]string{pathC, pathB, pathA, pathBroken}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, dir := newArchive(t)
			refs := func(args []string) []string {
				out := slices.Clone(args)
				for i, a := range out {
					if p, ok := strings.CutPrefix(a, "ID:"); ok {
						out[i] = makeIDFor(t, env, dir, p)
					} else if p, ok := strings.CutPrefix(a, "PFX:"); ok {
						out[i] = makeIDFor(t, env, dir, p)[:4]
					}
				}
				return out
			}
			for _, s := range tt.setup {
				if code, _, errOut := runCmd(t, env, append([]string{"mark", "--archive", dir}, refs(s)...)...); code != 0 {
					t.Fatalf("mark %q: exit %d: %s", s, code, errOut)
				}
			}
			code, out, errOut := runCmd(t, env, append([]string{"mark", "--archive", dir}, refs(tt.args)...)...)
			if code != 0 || out != tt.say || errOut != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and %q", code, out, errOut, tt.say)
			}
			if tt.unread != nil {
				if got := paths(listJSON(t, env, dir, "--unread")); !slices.Equal(got, tt.unread) {
					t.Errorf("--unread lists %q, want %q", got, tt.unread)
				}
			}
			if tt.starred != nil {
				if got := paths(listJSON(t, env, dir, "--starred")); !slices.Equal(got, tt.starred) {
					t.Errorf("--starred lists %q, want %q", got, tt.starred)
				}
			}
		})
	}
}

func TestMarkErrors(t *testing.T) {
	env, dir := newArchive(t)
	writeFile(t, filepath.Join(env.Dir, "outside.md"), "---\ntitle: elsewhere\n---\nx\n")
	checkFailures(t, []failure{
		{[]string{"mark"}, 2, "mark needs a change: read, unread, star or unstar"},
		{[]string{"mark", "reed", "abcd"}, 2, `mark: "reed" is not read, unread, star or unstar`},
		{[]string{"mark", "read"}, 2, "mark read needs articles: IDs, paths, --category, --before or --all"},
		{[]string{"mark", "read", "abcd", "--all"}, 2, "not both"},
		{[]string{"mark", "read", "--before", "someday"}, 2, `--before: "someday" is not a date`},
		{[]string{"mark", "read", "zzzzzzzz"}, 1, `no article "zzzzzzzz" in the archive`},
		{[]string{"mark", "read", "-c", "金融/新浪"}, 1, `no category "金融/新浪" in the archive; did you mean 金融/新浪财经?`},
	})
	// An article that is not the archive's cannot be marked; nor can any
	// of the others named with it.
	id := makeIDFor(t, env, dir, pathA)
	code, out, errOut := runCmd(t, env, "mark", "read", id, "outside.md", "--archive", dir)
	if code != 1 || out != "" || !strings.Contains(errOut, "outside.md is not a file of the archive") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if got := paths(listJSON(t, env, dir, "--unread")); len(got) != 4 {
		t.Errorf("a failed mark marked: unread %q", got)
	}
}

func TestMarkReport(t *testing.T) {
	tests := []struct {
		op      store.Op
		n, done int
		want    string
	}{
		{store.Read, 12, 12, "marked 12 articles read"},
		{store.Unread, 1, 1, "marked 1 article unread"},
		{store.Star, 1500, 1497, "starred 1,497 articles; 3 were already starred"},
		{store.Unstar, 2, 1, "unstarred 1 article; 1 was not starred"},
		{store.Unread, 3, 2, "marked 2 articles unread; 1 was not read"},
		{store.Read, 2, 0, "nothing changed: all 2 articles were already read"},
		{store.Unread, 4, 0, "nothing changed: none of the 4 articles was read"},
		{store.Unstar, 1, 0, "nothing changed: the article was not starred"},
		{store.Star, 0, 0, "no article is selected: nothing was marked"},
	}
	for _, tt := range tests {
		if got := markReport(tt.op, tt.n, tt.done); got != tt.want {
			t.Errorf("%s %d of %d: %q, want %q", tt.op, tt.done, tt.n, got, tt.want)
		}
	}
}
