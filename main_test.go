package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"newsreader/config"
	"newsreader/feed"
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
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	vars := map[string]string{"XDG_CONFIG_HOME": filepath.Join(root, "config"), "HOME": root, "TZ": "UTC"}
	return config.Env{Getenv: func(k string) string { return vars[k] }, Dir: root}, dir
}

// runCmd runs newsreader with args and returns its exit status and output.
func runCmd(t *testing.T, env config.Env, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errOut, env)
	return code, out.String(), errOut.String()
}

func TestList(t *testing.T) {
	env, dir := newArchive(t)
	code, out, errOut := runCmd(t, env, "list", "--archive", dir, "--width", "90")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines, want 4 (two copies merged):\n%s", len(lines), out)
	}
	// Newest first; the estimated date (the file's, today) is newest.
	for i, want := range []string{"인디 게임 [31m축제", "Tidewater 3.2 发布", "Second & last", "前11个月港口吞吐量同比增长6.2%"} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("line %d = %q, want %q", i, lines[i], want)
		}
	}
	if !strings.Contains(lines[0], "~") || strings.Contains(lines[1], "~") {
		t.Errorf("only the estimated date should be marked:\n%s", out)
	}
	if !strings.HasPrefix(lines[1], "2026-01-13 08:20") || !strings.Contains(lines[1], "编程 › 开源中国 › …") {
		t.Errorf("the merged article should show the deeper copy: %q", lines[1])
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w != 90 {
			t.Errorf("line is %d cells wide, want 90: %q", w, l)
		}
		if strings.ContainsRune(l, 0x1b) {
			t.Errorf("escape character in %q", l)
		}
	}
	if !strings.Contains(errOut, "post/游戏/broken.md: front matter is not valid YAML") || !strings.Contains(errOut, "warnings in 1 of 5 files") {
		t.Errorf("stderr: %s", errOut)
	}
}

func TestListFilters(t *testing.T) {
	env, dir := newArchive(t)
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"--category", "金融/新浪财经"}, []string{"Second & last", "前11个月"}},
		{[]string{"--category", "金融 › 新浪财经 › 新浪财经－國際"}, []string{"Second & last"}},
		{[]string{"--since", "2025-12-16", "--until", "2026-01-13"}, []string{"Tidewater", "Second & last"}},
		{[]string{"--until", "2025-12-15"}, []string{"前11个月"}},
		{[]string{"--category", "金融", "--limit", "1"}, []string{"Second & last"}},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(t, env, append([]string{"list", "-q", "--archive", dir}, tt.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, errOut)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != len(tt.want) {
			t.Errorf("%v: got\n%s", tt.args, out)
			continue
		}
		for i, w := range tt.want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("%v: line %d = %q, want %q", tt.args, i, lines[i], w)
			}
		}
	}
}

func TestListJSON(t *testing.T) {
	env, dir := newArchive(t)
	code, out, _ := runCmd(t, env, "list", "--json", "-q", "--archive", dir)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var arts []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("bad JSON line %q: %v", sc.Text(), err)
		}
		arts = append(arts, m)
	}
	if len(arts) != 4 {
		t.Fatalf("%d objects", len(arts))
	}
	for _, m := range arts {
		var keys []string
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if want := []string{"author", "categories", "date", "date_estimated", "id", "path", "paths", "thumbnail", "title", "warnings"}; !slices.Equal(keys, want) {
			t.Errorf("keys %q, want %q", keys, want)
		}
	}
	merged := arts[1]
	if merged["date"] != "2026-01-13T08:20:00Z" || merged["path"] != "source/_posts/编程/开源中国/资讯/c.md" ||
		len(merged["paths"].([]any)) != 2 || merged["date_estimated"] != false {
		t.Errorf("merged article: %v", merged)
	}
	if arts[0]["date_estimated"] != true || len(arts[0]["warnings"].([]any)) != 2 {
		t.Errorf("broken article: %v", arts[0])
	}
	if !strings.Contains(out, `"title":"Second & last"`) {
		t.Error("& should not be escaped")
	}
}

func TestAppendJSONString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain 中文 ¢", `"plain 中文 ¢"`},
		{"a\u009b2Jb\u007f", `"a\u009b2Jb\u007f"`},
		{"\x1b[31m\a\r\n\t", `"\u001b[31m\u0007\u000d\n\t"`},
		{`quote " and \ back`, `"quote \" and \\ back"`},
		{"line\u2028sep", `"line\u2028sep"`},
		{"bad \xff\xfe utf8", `"bad \ufffd\ufffd utf8"`},
		{"<&>", `"<&>"`},
	}
	for _, tt := range tests {
		got := string(appendJSONString(nil, tt.in))
		if got != tt.want {
			t.Errorf("appendJSONString(%q) = %s, want %s", tt.in, got, tt.want)
		}
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil || back != string([]rune(tt.in)) {
			t.Errorf("%s decodes to %q, %v", got, back, err)
		}
		for _, r := range got {
			if r < 0x20 || r >= 0x7f && r <= 0x9f {
				t.Errorf("%s holds control character %U", got, r)
			}
		}
	}
}

func TestCategories(t *testing.T) {
	env, dir := newArchive(t)
	_, out, _ := runCmd(t, env, "categories", "-q", "--archive", dir)
	want := `All (4)
├─ 游戏 (1)
├─ 编程 (1)
│  └─ 开源中国 (1)
│     └─ 资讯 (1)
└─ 金融 (2)
   └─ 新浪财经 (2)
      ├─ 新浪财经－国內 (1)
      └─ 新浪财经－國際 (1)
`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	_, out, _ = runCmd(t, env, "categories", "--json", "-q", "--archive", dir)
	first := strings.SplitN(out, "\n", 2)[0]
	if first != `{"path":["游戏"],"name":"游戏","count":1}` {
		t.Errorf("first JSON line %s", first)
	}
}

func TestExitStatus(t *testing.T) {
	env, dir := newArchive(t)
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"list", "--archive", dir, "-q"}, 0, ""},
		{[]string{"list", "--bogus"}, 2, "unknown flag: --bogus"},
		{[]string{"list", "extra"}, 2, "takes no arguments"},
		{[]string{"list", "--since", "yesterday", "--archive", dir}, 2, `--since: "yesterday" is not a date`},
		{[]string{"list", "--limit", "-1", "--archive", dir}, 2, "--limit"},
		{[]string{"nosuchcommand"}, 2, "nosuchcommand"},
		{[]string{"list", "--archive", filepath.Join(dir, "missing")}, 1, "open archive"},
		{[]string{"categories", "--archive", filepath.Join(dir, "post/游戏/broken.md")}, 1, "not a folder"},
	}
	for _, tt := range tests {
		code, _, errOut := runCmd(t, env, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, tt.code, tt.msg)
		}
	}
}

func TestQuiet(t *testing.T) {
	env, dir := newArchive(t)
	_, _, errOut := runCmd(t, env, "list", "--quiet", "--archive", dir)
	if errOut != "2 warnings in 1 of 5 files\n" {
		t.Errorf("stderr %q", errOut)
	}
}

func TestBareCommandListsDemoWhenPiped(t *testing.T) {
	env, _ := newArchive(t)
	code, out, errOut := runCmd(t, env)
	if code != 0 || strings.Count(out, "\n") < 10 || errOut != "" {
		t.Errorf("exit %d, %d lines, stderr %q", code, strings.Count(out, "\n"), errOut)
	}
}

func TestConfigCommand(t *testing.T) {
	env, dir := newArchive(t)
	code, out, _ := runCmd(t, env, "config", "--archive", dir)
	for _, want := range []string{"archive          " + dir + "  (flag (--archive))", "source_timezone  UTC  (default)", "config file", "(not found)", "rules file", "state folder"} {
		if !strings.Contains(out, want) {
			t.Errorf("config output lacks %q:\n%s", want, out)
		}
	}
	if code != 0 {
		t.Errorf("exit %d", code)
	}
}

func TestInterrupted(t *testing.T) {
	env, dir := newArchive(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errOut bytes.Buffer
	code := run(ctx, []string{"list", "--archive", dir}, strings.NewReader(""), &out, &errOut, env)
	if code != exitInterrupted || errOut.String() != "newsreader: interrupted\n" || out.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errOut.String())
	}
}

func TestJSONLinesKeepOrder(t *testing.T) {
	var arts []*feed.Article
	for i := range 2500 {
		arts = append(arts, &feed.Article{ID: fmt.Sprint(i), Title: fmt.Sprint("标题 ", i)})
	}
	var b bytes.Buffer
	if err := writeJSONLines(&b, arts, time.UTC); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(arts) {
		t.Fatalf("%d lines for %d articles", len(lines), len(arts))
	}
	for i, l := range lines {
		var m struct{ ID string }
		if err := json.Unmarshal([]byte(l), &m); err != nil || m.ID != fmt.Sprint(i) {
			t.Fatalf("line %d: %q, %v", i, l, err)
		}
	}
}
