package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
