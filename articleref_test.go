package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestArticleRef(t *testing.T) {
	env, dir := newArchive(t)
	id := makeIDFor(t, env, dir, "source/_posts/金融/新浪财经/国内/a.md")
	outside := filepath.Join(env.Dir, "outside.md")
	if err := os.WriteFile(outside, []byte(fixture["source/_posts/金融/新浪财经/国内/b.md"]), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"by ID", []string{"show", id}, "# 前11个月港口吞吐量同比增长6.2%"},
		{"by archive path", []string{"show", "source/_posts/金融/新浪财经/国内/a.md"}, "# 前11个月港口吞吐量同比增长6.2%"},
		{"by working-directory path", []string{"show", "archive/source/_posts/编程/开源中国/资讯/c.md"}, "# Tidewater 3.2 发布"},
		{"copy's path finds the article", []string{"show", "post/编程/c.md"}, "# Tidewater 3.2 发布"},
		{"a file outside the archive", []string{"show", "outside.md"}, "# Second & last"},
		{"latest: never an article without a date", []string{"show", "--latest"}, "# Tidewater 3.2 发布"},
		{"latest of a category", []string{"show", "--latest", "-c", "金融"}, "# Second & last"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, env, append(tt.args, "--archive", dir)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("output lacks %q:\n%s", tt.want, out)
			}
			if strings.ContainsRune(out, 0x1b) {
				t.Errorf("escape sequences in piped output:\n%q", out)
			}
		})
	}
	t.Run("stdin", func(t *testing.T) {
		var out, errOut bytes.Buffer
		body := fixture["source/_posts/金融/新浪财经/国内/a.md"]
		code := run(context.Background(), []string{"show", "-"}, strings.NewReader(body), &out, &errOut, env)
		if code != 0 || !strings.Contains(out.String(), "# 前11个月港口吞吐量同比增长6.2%") {
			t.Errorf("exit %d, output:\n%s%s", code, out.String(), errOut.String())
		}
	})
}

func TestArticleRefErrors(t *testing.T) {
	checkFailures(t, []failure{
		{[]string{"show", "zzzzzzzz"}, 1, `no article "zzzzzzzz"`},
		{[]string{"show", "no/such/file.md"}, 1, "no article"},
		{[]string{"show"}, 2, "needs one article"},
		{[]string{"show", "a", "b"}, 2, "needs one article"},
		{[]string{"show", "--latest", "x"}, 2, "--latest takes no article"},
		{[]string{"show", "--latest", "-c", "nothing"}, 1, `no category "nothing" in the archive`},
		{[]string{"explain"}, 2, "needs one article"},
		{[]string{"explain", "zzzzzzzz"}, 1, `no article "zzzzzzzz"`},
	})
}

// show - with nothing on standard input is an error, not an empty article.
func TestShowEmptyInput(t *testing.T) {
	env, dir := newArchive(t)
	for _, in := range []string{"", " \n\t\n"} {
		var out, errOut bytes.Buffer
		code := run(context.Background(), []string{"show", "-", "--archive", dir}, strings.NewReader(in), &out, &errOut, env)
		if code != exitError || out.Len() != 0 || !strings.Contains(errOut.String(), "standard input is empty") {
			t.Errorf("input %q: exit %d, stdout %q, stderr %q", in, code, out.String(), errOut.String())
		}
	}
}

func TestLatestInEmptyArchive(t *testing.T) {
	env, _ := newArchive(t)
	code, out, errOut := runCmd(t, env, "show", "--latest", "--archive", t.TempDir())
	if code != 1 || out != "" || !strings.Contains(errOut, "has no articles") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	undated := t.TempDir()
	writeFile(t, filepath.Join(undated, "a.md"), "---\ntitle: a\ndate: Invalid Date\n---\nx\n")
	code, out, errOut = runCmd(t, env, "show", "--latest", "-q", "--archive", undated)
	want := "newsreader: no article of the archive " + undated + " states a date, and --latest picks only dated articles; 'newsreader list' lists them\n"
	if code != 1 || out != "" || errOut != want {
		t.Errorf("no dated article: exit %d, stdout %q, stderr %q, want %q", code, out, errOut, want)
	}
}

// An ID may be cut to any unique prefix of at least four characters, as
// git allows; an ambiguous one lists the candidates.
func TestArticleIDPrefix(t *testing.T) {
	env, dir := newArchive(t)
	// Their IDs, 3m0xw28f and 3m0xetf3, share four characters.
	for i, p := range []string{"post/ambiguous/166.md", "post/ambiguous/263.md"} {
		writeFile(t, filepath.Join(dir, p), fmt.Sprintf("---\ntitle: Twin %d\ndate: 2025-10-0%d 10:00:00\n---\n<p>twin %d</p>\n", i+1, i+1, i+1))
	}
	id := makeIDFor(t, env, dir, "source/_posts/编程/开源中国/资讯/c.md")
	for _, ref := range []string{id[:4], strings.ToUpper(id[:5]), "3m0xw", "3m0xe"} {
		code, out, errOut := runCmd(t, env, "show", ref, "-q", "--archive", dir)
		if code != 0 || !strings.HasPrefix(out, "# ") {
			t.Errorf("show %s: exit %d, stderr %q", ref, code, errOut)
		}
	}
	code, out, errOut := runCmd(t, env, "show", "3m0x", "-q", "--archive", dir)
	want := "newsreader: 2 articles match \"3m0x\"; give more of the ID, or the path:\n  3m0xetf3  Twin 2\n  3m0xw28f  Twin 1\n"
	if code != exitError || out != "" || errOut != want {
		t.Errorf("show 3m0x: exit %d, stdout %q, stderr\n%s\nwant\n%s", code, out, errOut, want)
	}
	code, _, errOut = runCmd(t, env, "explain", "3m0", "-q", "--archive", dir)
	if code != exitError || !strings.Contains(errOut, `no article "3m0"`) {
		t.Errorf("explain 3m0: exit %d, stderr %q", code, errOut)
	}
}
