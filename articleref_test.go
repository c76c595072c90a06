package main

import (
	"bytes"
	"context"
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
		{[]string{"show", "--latest", "-c", "nothing"}, 1, `no article in category "nothing"`},
		{[]string{"explain"}, 2, "needs one article"},
		{[]string{"explain", "zzzzzzzz"}, 1, `no article "zzzzzzzz"`},
	})
}

func TestLatestInEmptyArchive(t *testing.T) {
	env, _ := newArchive(t)
	code, out, errOut := runCmd(t, env, "show", "--latest", "--archive", t.TempDir())
	if code != 1 || out != "" || !strings.Contains(errOut, "has no articles") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
