package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestShow(t *testing.T) {
	env, dir := newArchive(t)
	id := makeIDFor(t, env, dir, "source/_posts/金融/新浪财经/国内/a.md")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"md when piped", []string{"show", id}, []string{"# 前11个月港口吞吐量同比增长6.2%", "2025-12-15 02:31", "正文。"}},
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
	t.Run("text has no Markdown syntax", func(t *testing.T) {
		_, out, _ := runCmd(t, env, "show", "--format", "text", id, "--archive", dir)
		if strings.Contains(out, "# ") || strings.Contains(out, "**") {
			t.Errorf("Markdown in text output:\n%s", out)
		}
	})
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
	checkFailures(t, []failure{
		{[]string{"show", "-c", "金融", "x"}, 2, "--category needs --latest"},
		{[]string{"show", "--format", "pdf", "x"}, 2, `--format "pdf"`},
		{[]string{"show", "--width", "5", "x"}, 2, "too narrow"},
	})
}

// show --format json prints list --json's object for the article, with
// the article's text added.
func TestShowJSONExtendsList(t *testing.T) {
	env, dir := newArchive(t)
	p := "source/_posts/编程/开源中国/资讯/c.md"
	_, listed, _ := runCmd(t, env, "list", "--json", "-q", "--archive", dir)
	var line string
	for _, l := range strings.SplitAfter(listed, "\n") {
		if strings.Contains(l, `"path":"`+p+`"`) {
			line = l
		}
	}
	id := makeIDFor(t, env, dir, p)
	code, out, errOut := runCmd(t, env, "show", "--format", "json", id, "--archive", dir)
	if code != 0 || line == "" {
		t.Fatalf("exit %d, stderr %q, listed:\n%s", code, errOut, listed)
	}
	if common := strings.TrimSuffix(line, "}\n") + ","; !strings.HasPrefix(out, common) {
		t.Fatalf("show's object does not start with list's:\nlist: %s\nshow: %s", line, out)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil || !strings.HasSuffix(out, "}\n") || strings.Count(out, "\n") != 1 {
		t.Fatalf("not one JSON line (%v): %q", err, out)
	}
	var listedM map[string]any
	_ = json.Unmarshal([]byte(line), &listedM)
	for k := range m {
		if _, ok := listedM[k]; !ok && k != "source" && k != "markdown" {
			t.Errorf("show adds field %q", k)
		}
	}
	if !strings.HasPrefix(m["markdown"].(string), "# Tidewater 3.2 发布") {
		t.Errorf("markdown %q", m["markdown"])
	}
}

// TERM=dumb is a terminal that prints escape codes as text: no colour, as
// with NO_COLOR.
func TestShowNoColour(t *testing.T) {
	env, dir := newArchive(t)
	p := "source/_posts/金融/新浪财经/国内/a.md"
	for _, v := range [][2]string{{"TERM", "dumb"}, {"NO_COLOR", "1"}} {
		e := env
		e.Getenv = func(k string) string {
			if k == v[0] {
				return v[1]
			}
			return env.Getenv(k)
		}
		for _, style := range []string{"auto", "dark"} {
			code, out, errOut := runCmd(t, e, "show", "--format", "ansi", "--style", style, p, "--archive", dir)
			if code != 0 || !strings.Contains(out, "正文。") {
				t.Fatalf("%s=%s --style %s: exit %d, stderr %q", v[0], v[1], style, code, errOut)
			}
			if strings.ContainsRune(out, 0x1b) {
				t.Errorf("%s=%s --style %s: escape codes in %q", v[0], v[1], style, out)
			}
		}
	}
}

// longArticle is one long paragraph of Chinese with a link and an image,
// the shape a Markdown filler breaks.
const longArticle = "\n---\ntitle: '长文'\ncategories: \n - 金融\ndate: 2025-12-15 08:00:00\n---\n\n<div><p>" +
	"据临江省统计局消息，前11个月全省港口集装箱吞吐量同比增长6.2%，其中外贸集装箱吞吐量同比增长8.1%，" +
	"内贸集装箱吞吐量同比增长4.3%，<a href=\"https://example.com/report\">青川银行研究报告</a>指出，" +
	"港口运营效率提升是主要原因，全年吞吐量有望再创新高。</p>" +
	"<p><img src=\"https://example.com/port.jpg\" alt=\"港口\"></p></div>\n"

func TestShowMarkdownIsNotFilled(t *testing.T) {
	env, dir := newArchive(t)
	writeFile(t, dir+"/long.md", longArticle)
	_, out, errOut := runCmd(t, env, "show", "long.md", "--archive", dir)
	para := ""
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "据临江省") {
			para = l
		}
	}
	if !strings.HasSuffix(para, "全年吞吐量有望再创新高。") || !strings.Contains(para, "[青川银行研究报告](https://example.com/report)") {
		t.Errorf("the paragraph is not one line with its inline link:\n%s%s", out, errOut)
	}
	_, out, _ = runCmd(t, env, "show", "--width", "40", "long.md", "--archive", dir)
	if !strings.Contains(out, "据临江省统计局消息，前11个月全省港口集装箱吞吐量同比增长6.2%，其中外贸集装箱吞吐量同比增长8.1%，") {
		t.Errorf("--width breaks Markdown inside a Chinese run:\n%s", out)
	}
}

func TestShowTextStyles(t *testing.T) {
	env, dir := newArchive(t)
	writeFile(t, dir+"/long.md", longArticle)
	_, out, _ := runCmd(t, env, "show", "--format", "text", "long.md", "--archive", dir)
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(l, " ") {
			t.Errorf("plain text keeps a margin: %q", l)
		}
	}
	if !strings.Contains(out, "青川银行研究报告[1]") || !strings.Contains(out, "[1] https://example.com/report") {
		t.Errorf("the link is not a reference:\n%s", out)
	}
	_, out, _ = runCmd(t, env, "show", "--format", "text", "--style", "ascii", "long.md", "--archive", dir)
	if strings.Contains(out, "🖼") || strings.ContainsRune(out, 0x1b) || !strings.Contains(out, "港口") {
		t.Errorf("--style ascii --format text:\n%s", out)
	}
}

// show --format json tells the article's marks, however it is named (by
// the path of another copy too); showing does not mark it read.
func TestShowJSONMarks(t *testing.T) {
	env, dir := newArchive(t)
	if code, _, errOut := runCmd(t, env, "mark", "star", pathC, "--archive", dir); code != 0 {
		t.Fatal(errOut)
	}
	id := makeIDFor(t, env, dir, pathC)
	for _, ref := range []string{id, id[:4], pathC, "post/编程/c.md", filepath.Join("archive", "post/编程/c.md")} {
		code, out, errOut := runCmd(t, env, "show", "--format", "json", ref, "--archive", dir)
		var m struct {
			ID            string
			Read, Starred bool
		}
		if err := json.Unmarshal([]byte(out), &m); code != 0 || err != nil || m.ID != id || m.Read || !m.Starred {
			t.Errorf("show %s: exit %d, stderr %q, %+v (%v)", ref, code, errOut, m, err)
		}
	}
	for _, args := range [][]string{{"show", id}, {"show", "--latest"}, {"explain", id}} {
		if code, _, errOut := runCmd(t, env, append(args, "--archive", dir)...); code != 0 {
			t.Fatalf("%q: %s", args, errOut)
		}
	}
	if got := paths(listJSON(t, env, dir, "--unread")); len(got) != 4 {
		t.Errorf("show marked articles read: unread %q", got)
	}
}
