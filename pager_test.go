package main

import (
	"strings"
	"testing"
)

func TestPager(t *testing.T) {
	env, dir := newArchive(t)
	p := "source/_posts/金融/新浪财经/国内/a.md"
	tests := []struct {
		pager string
		code  int
		out   string
		msg   string
	}{
		{"cat", 0, "前11个月港口吞吐量同比增长6.2%", ""},
		{"sed -n 1,2p", 0, "前11个月港口吞吐量同比增长6.2%", ""},
		{"newsreader-no-such-pager", 1, "", "pager newsreader-no-such-pager:"},
		{"false", 1, "", "pager false: exit status 1"},
		{`cat "unclosed`, 1, "", "$PAGER"},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(t, withVar(env, "PAGER", tt.pager), "show", "--pager", "--style", "notty", p, "--archive", dir)
		if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errOut, tt.msg) {
			t.Errorf("PAGER=%s: exit %d, stdout %q, stderr %q; want %d, %q, %q", tt.pager, code, out, errOut, tt.code, tt.out, tt.msg)
		}
	}
}

// less gets LESS=FRX (and lv LV=-c) when the user has not set them, as
// git does, so that colours show instead of escape codes.
func TestPagerEnvironment(t *testing.T) {
	env, dir := newArchive(t)
	pager := `sh -c 'printf "[%s|%s]" "$LESS" "$LV"; cat >/dev/null'`
	tests := []struct {
		less, want string
	}{
		{"", "[FRX|-c]"},
		{"-S", "[-S|-c]"},
	}
	for _, tt := range tests {
		e := withVar(env, "PAGER", pager)
		getenv := e.Getenv
		e.Getenv = func(k string) string {
			if k == "LESS" {
				return tt.less
			}
			return getenv(k)
		}
		t.Setenv("LESS", tt.less)
		code, out, errOut := runCmd(t, e, "show", "--pager", "source/_posts/金融/新浪财经/国内/a.md", "--archive", dir)
		if code != 0 || out != tt.want {
			t.Errorf("LESS=%q: exit %d, stdout %q, stderr %q; want %q", tt.less, code, out, errOut, tt.want)
		}
	}
}
