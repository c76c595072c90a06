package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsreader/config"
)

// fixture is a small archive in the crawler's format.
var fixture = map[string]string{
	"source/_posts/金融/新浪财经/国内/a.md": "\n---\ntitle: '前11个月港口吞吐量同比增长6.2%'\ncategories: \n - 金融\n - 新浪财经\n - 新浪财经－国內\nauthor: 新浪财经\ndate: Mon, 15 Dec 2025 02:31:07 GMT\nthumbnail: 'https://t.example/a.png'\n---\n\n<div>   \n<p>　　正文。</p>\n</div>\n",
	"source/_posts/金融/新浪财经/国内/b.md": "\n---\ntitle: 'Second & last'\ncategories: \n - 金融\n - 新浪财经\n - 新浪财经－國際\nauthor: 新浪财经\ndate: 2025-12-16 08:00:00\nthumbnail: \n---\n\n<div>   \n<p>Body.</p>\n</div>\n",
	"source/_posts/编程/开源中国/资讯/c.md": "\n---\ntitle: 'Tidewater 3.2 发布'\ncategories: \n - 编程\n - 开源中国\n - 资讯\nauthor: 开源中国\ndate: Tue, 13 Jan 2026 08:20:00 GMT\n---\n\n<div>   \n<p>x</p>\n</div>\n",
	"post/编程/c.md":      "\n---\ntitle: Tidewater 3.2 发布\ncategories: \n    - 编程\n    - 开源中国 - 资讯\nauthor: 开源中国 - 资讯\ndate: Tue, 13 Jan 2026 08:20:00 GMT\n---\n\n<div>   \n<p>x</p>\n</div>\n",
	"post/游戏/broken.md": "\n---\ntitle: \"\"\"\"'인디 게임 \x1b[31m축제'\"\"\"\"\ncategories: \n    - 游戏\ndate: Invalid Date\n---\n\n<div>x</div>\n",
}

// newArchive writes the fixture and returns an environment without a
// config file, and the archive's folder.
func newArchive(t *testing.T) (config.Env, string) {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "archive")
	for p, text := range fixture {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(p)), text)
	}
	vars := map[string]string{"XDG_CONFIG_HOME": filepath.Join(root, "config"), "HOME": root, "TZ": "UTC"}
	return config.Env{Getenv: func(k string) string { return vars[k] }, Dir: root}, dir
}

// withVar returns env with the environment variable k set to v.
func withVar(env config.Env, k, v string) config.Env {
	getenv := env.Getenv
	env.Getenv = func(name string) string {
		if name == k {
			return v
		}
		return getenv(name)
	}
	return env
}

// writeFile writes text to the file at path, making its folders.
func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runCmd runs newsreader with args and returns its exit status and output.
func runCmd(t *testing.T, env config.Env, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errOut, env)
	return code, out.String(), errOut.String()
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

// The fixture's articles, by the path list --json gives, and their titles
// for short test tables.
const (
	pathA      = "source/_posts/金融/新浪财经/国内/a.md" // 2025-12-15
	pathB      = "source/_posts/金融/新浪财经/国内/b.md" // 2025-12-16
	pathC      = "source/_posts/编程/开源中国/资讯/c.md" // 2026-01-13, with a copy at post/编程/c.md
	pathBroken = "post/游戏/broken.md"             // no date
)

// listed is one article of list --json.
type listed struct {
	ID, Path, Title string
	Read, Starred   bool
}

// listJSON runs list --json with args and returns the articles.
func listJSON(t *testing.T, env config.Env, dir string, args ...string) []listed {
	t.Helper()
	code, out, errOut := runCmd(t, env, append([]string{"list", "--json", "-q", "--archive", dir}, args...)...)
	if code != 0 {
		t.Fatalf("list --json %q: exit %d: %s", args, code, errOut)
	}
	return decodeLines[listed](t, out)
}

// decodeLines decodes JSON Lines.
func decodeLines[T any](t *testing.T, out string) []T {
	t.Helper()
	var vs []T
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("bad line %q: %v", line, err)
		}
		vs = append(vs, v)
	}
	return vs
}

// paths are the paths of arts.
func paths(arts []listed) []string {
	out := []string{}
	for _, a := range arts {
		out = append(out, a.Path)
	}
	return out
}

// failure is a command that must fail: its arguments, exit status and a
// part of its message.
type failure struct {
	args []string
	code int
	msg  string
}

// checkFailures runs each command on the fixture and checks that it
// fails as expected, printing nothing on stdout.
func checkFailures(t *testing.T, tests []failure) {
	t.Helper()
	env, dir := newArchive(t)
	for _, tt := range tests {
		code, out, errOut := runCmd(t, env, append(tt.args, "--archive", dir)...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) || out != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want %d, nothing, %q", tt.args, code, out, errOut, tt.code, tt.msg)
		}
	}
}
