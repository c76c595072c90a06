package main

import (
	"slices"
	"strings"
	"testing"

	"newsreader/config"
)

// complete runs cobra's hidden completion command and returns the
// completions offered, one "value<tab>description" a line, and the
// directive line.
func complete(t *testing.T, args ...string) ([]string, string) {
	t.Helper()
	env, dir := newArchive(t)
	return completeIn(t, env, dir, args...)
}

// completeIn is complete in the archive dir, for env.
func completeIn(t *testing.T, env config.Env, dir string, args ...string) ([]string, string) {
	t.Helper()
	code, out, errOut := runCmd(t, env, append([]string{"__complete", "--archive", dir}, args...)...)
	if code != 0 {
		t.Fatalf("%q: exit %d, stderr %q", args, code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	return lines[:len(lines)-1], lines[len(lines)-1]
}

func TestCompleteCategory(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"list", "-c", "金融/"}, []string{
			"金融/新浪财经\t2 articles",
			"金融/新浪财经/新浪财经－国內\t1 article",
			"金融/新浪财经/新浪财经－國際\t1 article",
		}},
		// Folded as --category matches: the ASCII hyphen finds the
		// full-width one.
		{[]string{"show", "--latest", "--category", "金融/新浪财经/新浪财经-国"}, []string{"金融/新浪财经/新浪财经－国內\t1 article"}},
		{[]string{"categories", "-c", "编"}, []string{"编程\t1 article", "编程/开源中国\t1 article", "编程/开源中国/资讯\t1 article"}},
		{[]string{"list", "-c", "nothing"}, []string{}},
	}
	for _, tt := range tests {
		got, directive := complete(t, tt.args...)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.args, got, tt.want)
		}
		if directive != ":36" { // no file completion, keep the order
			t.Errorf("%q: directive %s", tt.args, directive)
		}
	}
}

func TestCompleteArticle(t *testing.T) {
	env, dir := newArchive(t)
	id := makeIDFor(t, env, dir, "source/_posts/编程/开源中国/资讯/c.md")
	for _, cmd := range []string{"show", "explain"} {
		got, directive := complete(t, cmd, id[:2])
		if !slices.Contains(got, id+"\t2026-01-13 Tidewater 3.2 发布") || directive != ":36" {
			t.Errorf("%s %s<tab>: %q, %s", cmd, id[:2], got, directive)
		}
		for _, c := range got {
			if !strings.HasPrefix(c, id[:2]) {
				t.Errorf("%s %s<tab> offers %q", cmd, id[:2], c)
			}
		}
	}
	// Newest first; the undated article last, its title cleaned of the
	// escape it holds.
	got, _ := complete(t, "show", "")
	if len(got) != 4 || !strings.HasPrefix(got[0], id+"\t") || !strings.Contains(got[3], "\tno date 인디 게임 [31m축제") {
		t.Errorf("show <tab>: %q", got)
	}
	for _, c := range got {
		if strings.ContainsRune(c, 0x1b) {
			t.Errorf("escape in completion %q", c)
		}
	}
	// No ID matches: the shell completes file names.
	if got, directive := complete(t, "show", "post/"); len(got) != 0 || directive != ":0" {
		t.Errorf("show post/<tab>: %q, %s", got, directive)
	}
	if got, directive := complete(t, "show", "--latest", ""); len(got) != 0 || directive != ":4" {
		t.Errorf("show --latest <tab>: %q, %s", got, directive)
	}
}

func TestCompleteMark(t *testing.T) {
	env, dir := newArchive(t)
	id := makeIDFor(t, env, dir, "source/_posts/编程/开源中国/资讯/c.md")
	tests := []struct {
		args      []string
		want      []string
		directive string
	}{
		{[]string{"mark", ""}, []string{"read", "unread", "star", "unstar"}, ":36"},
		{[]string{"mark", "un"}, []string{"unread", "unstar"}, ":36"},
		{[]string{"mark", "read", id[:3]}, []string{id + "\t2026-01-13 Tidewater 3.2 发布"}, ":36"},
		// Any number of articles.
		{[]string{"mark", "star", "abcd", id[:3]}, []string{id + "\t2026-01-13 Tidewater 3.2 发布"}, ":36"},
	}
	for _, tt := range tests {
		got, directive := completeIn(t, env, dir, tt.args...)
		if !slices.Equal(got, tt.want) || directive != tt.directive {
			t.Errorf("%q: %q %s, want %q %s", tt.args, got, directive, tt.want, tt.directive)
		}
	}
}
