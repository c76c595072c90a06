package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"newsreader/config"
)

func TestShow(t *testing.T) {
	env, dir := newArchive(t)
	id := makeIDFor(t, env, dir, "source/_posts/金融/新浪财经/国内/a.md")
	body := fixture["source/_posts/金融/新浪财经/国内/a.md"]
	stdinArgs := []string{"show", "-"}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"by ID", []string{"show", id}, []string{"# 前11个月港口吞吐量同比增长6.2%", "2025-12-15 02:31", "正文。"}},
		{"by archive path", []string{"show", "source/_posts/金融/新浪财经/国内/a.md"}, []string{"# 前11个月港口吞吐量同比增长6.2%"}},
		{"by working-directory path", []string{"show", "archive/source/_posts/编程/开源中国/资讯/c.md"}, []string{"# Tidewater 3.2 发布"}},
		{"copy's path finds the article", []string{"show", "post/编程/c.md"}, []string{"# Tidewater 3.2 发布"}},
		{"latest", []string{"show", "--latest"}, []string{"인디 게임"}},
		{"latest of a category", []string{"show", "--latest", "-c", "金融"}, []string{"# Second & last"}},
		{"text", []string{"show", "--format", "text", id}, []string{"前11个月港口吞吐量同比增长6.2%", "正文。"}},
		{"html", []string{"show", "--format", "html", id}, []string{"<!doctype html>", "<h1>前11个月港口吞吐量同比增长6.2%</h1>", "正文。"}},
		{"json", []string{"show", "--format", "json", id}, []string{`"id":"` + id + `"`, `"markdown":"# 前11个月`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, env, append(tt.args, "--archive", dir)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if strings.ContainsRune(out, 0x1b) {
				t.Errorf("escape sequences in piped output:\n%q", out)
			}
		})
	}
	t.Run("stdin", func(t *testing.T) {
		var out, errOut bytes.Buffer
		code := run(context.Background(), stdinArgs, strings.NewReader(body), &out, &errOut, env)
		if code != 0 || !strings.Contains(out.String(), "# 前11个月港口吞吐量同比增长6.2%") {
			t.Errorf("exit %d, output:\n%s%s", code, out.String(), errOut.String())
		}
	})
	t.Run("text has no Markdown syntax", func(t *testing.T) {
		_, out, _ := runCmd(t, env, "show", "--format", "text", id, "--archive", dir)
		if strings.Contains(out, "# ") || strings.Contains(out, "**") {
			t.Errorf("Markdown in text output:\n%s", out)
		}
	})
}

// makeIDFor returns the ID that list prints for the article at p.
func makeIDFor(t *testing.T, env config.Env, dir, p string) string {
	t.Helper()
	_, out, _ := runCmd(t, env, "list", "--json", "-q", "--archive", dir)
	for _, line := range strings.Split(out, "\n") {
		var m struct{ ID, Path string }
		if json.Unmarshal([]byte(line), &m) == nil && m.Path == p {
			return m.ID
		}
	}
	t.Fatalf("%s not listed", p)
	return ""
}

func TestShowWidth(t *testing.T) {
	env, dir := newArchive(t)
	for _, width := range []int{20, 40, 80} {
		_, out, _ := runCmd(t, env, "show", "--format", "ansi", "--style", "dark", "-w", fmt.Sprint(width), "source/_posts/金融/新浪财经/国内/a.md", "--archive", dir)
		for _, line := range strings.Split(out, "\n") {
			if w := ansi.StringWidth(line); w > width {
				t.Errorf("width %d: line of %d cells: %q", width, w, line)
			}
		}
	}
}

func TestShowErrors(t *testing.T) {
	env, dir := newArchive(t)
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"show", "zzzzzzzz"}, 1, `no article "zzzzzzzz"`},
		{[]string{"show", "no/such/file.md"}, 1, "no article"},
		{[]string{"show"}, 2, "needs one article"},
		{[]string{"show", "a", "b"}, 2, "needs one article"},
		{[]string{"show", "--latest", "x"}, 2, "--latest takes no article"},
		{[]string{"show", "-c", "金融", "x"}, 2, "--category needs --latest"},
		{[]string{"show", "--format", "pdf", "x"}, 2, `--format "pdf"`},
		{[]string{"show", "--width", "5", "x"}, 2, "too narrow"},
		{[]string{"show", "--latest", "-c", "nothing"}, 1, `no article in category "nothing"`},
		{[]string{"explain"}, 2, "needs one article"},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(t, env, append(tt.args, "--archive", dir)...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) || out != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want %d, nothing, %q", tt.args, code, out, errOut, tt.code, tt.msg)
		}
	}
}

func TestShowEmptyArchive(t *testing.T) {
	env, _ := newArchive(t)
	code, out, errOut := runCmd(t, env, "show", "--latest", "--archive", t.TempDir())
	if code != 1 || out != "" || !strings.Contains(errOut, "has no articles") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestExplain(t *testing.T) {
	env, dir := newArchive(t)
	p := filepath.Join(dir, "source/_posts/金融/新浪财经/国内/sina.md")
	sina := "\n---\ntitle: '新浪'\ncategories: \n - 金融\n - 新浪财经\n - 国内\nauthor: 新浪财经\ndate: Mon, 15 Dec 2025 02:31:07 GMT\n---\n\n<div>   \n<p>　　正文。</p>\n<p class=\"article-editor\">责任编辑：王某 SF001</p>\n</div>\n"
	if err := os.WriteFile(p, []byte(sina), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, env, "explain", "source/_posts/金融/新浪财经/国内/sina.md", "--archive", dir)
	if code != 0 || !strings.Contains(out, "p.article-editor") || !strings.Contains(out, "责任编辑") {
		t.Errorf("exit %d, stderr %q, output:\n%s", code, errOut, out)
	}
	_, out, _ = runCmd(t, env, "show", "source/_posts/金融/新浪财经/国内/sina.md", "--archive", dir)
	if strings.Contains(out, "责任编辑") {
		t.Errorf("the editor line survived:\n%s", out)
	}
	_, out, _ = runCmd(t, env, "show", "--raw", "source/_posts/金融/新浪财经/国内/sina.md", "--archive", dir)
	if !strings.Contains(out, "责任编辑") {
		t.Errorf("--raw removed the editor line:\n%s", out)
	}
}
