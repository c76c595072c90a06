package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// --category is typed as a keyboard types it: any case, and ASCII for the
// full-width forms (NFKC).
func TestCategoryMatching(t *testing.T) {
	env, dir := newArchive(t)
	writeFile(t, filepath.Join(dir, "post/Tech/x.md"), "---\ntitle: Gadgets\ncategories:\n  - Tech\n  - Hacker News\ndate: 2025-11-01 10:00:00\n---\n<p>x</p>\n")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"list", "-c", "金融/新浪财经/新浪财经-国內"}, "前11个月港口吞吐量同比增长6.2%"},
		{[]string{"list", "-c", "tech/HACKER NEWS"}, "Gadgets"},
		{[]string{"show", "--latest", "-c", "金融 › 新浪财经 › 新浪财经-国內"}, "# 前11个月港口吞吐量同比增长6.2%"},
		{[]string{"show", "--latest", "-c", "TECH"}, "# Gadgets"},
		{[]string{"categories", "-c", "tech"}, "Tech (1)\n└─ Hacker News (1)\n"},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(t, env, append(tt.args, "-q", "--archive", dir)...)
		if code != 0 || !strings.Contains(out, tt.want) {
			t.Errorf("%q: exit %d, stderr %q, output\n%s\nwant %q", tt.args, code, errOut, out, tt.want)
		}
		if tt.args[0] == "list" && strings.Count(out, "\n") != 1 {
			t.Errorf("%q: want one article:\n%s", tt.args, out)
		}
	}
}

func TestCategoryErrors(t *testing.T) {
	checkFailures(t, []failure{
		{[]string{"list", "-c", "金融/新浪财经/国內"}, 1, `no category "金融/新浪财经/国內" in the archive; did you mean 金融/新浪财经/新浪财经－国內`},
		{[]string{"list", "-c", "nothing"}, 1, `no category "nothing" in the archive`},
		{[]string{"show", "--latest", "-c", "金融/新浪"}, 1, `no category "金融/新浪" in the archive; did you mean 金融/新浪财经?`},
		{[]string{"categories", "-c", "编成"}, 1, `no category "编成" in the archive; did you mean 编程?`},
		// 游戏 holds one article, whose date is "Invalid Date".
		{[]string{"show", "--latest", "-c", "游戏"}, 1, `category "游戏" has only one article, without a date, and --latest picks only dated articles; 'newsreader list -c "游戏"' lists it`},
	})
}

func TestCategoriesBranch(t *testing.T) {
	env, dir := newArchive(t)
	_, out, _ := runCmd(t, env, "categories", "-q", "-c", "金融/新浪财经", "--archive", dir)
	want := "金融 › 新浪财经 (2)\n├─ 新浪财经－国內 (1)\n└─ 新浪财经－國際 (1)\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	_, out, _ = runCmd(t, env, "categories", "-q", "--json", "-c", "金融/新浪财经", "--archive", dir)
	if first := strings.SplitN(out, "\n", 2)[0]; first != `{"path":["金融","新浪财经"],"name":"新浪财经","count":2}` || strings.Count(out, "\n") != 3 {
		t.Errorf("JSON:\n%s", out)
	}
}
