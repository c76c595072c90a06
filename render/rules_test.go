package render

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"newsreader/feed"
)

// sgrOrLink matches the escape sequences rendered output may contain.
var sgrOrLink = regexp.MustCompile("\x1b\\[[0-9;:]*m|\x1b\\]8;[^\x07\x1b]*(?:\x07|\x1b\\\\)")

func writeRules(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rules.yml")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadRulesMissingFile(t *testing.T) {
	for _, path := range []string{"", filepath.Join(t.TempDir(), "absent.yml")} {
		rs, err := LoadRules(path)
		if err != nil || rs != defaultRules() {
			t.Errorf("LoadRules(%q) = %v, %v; want the default rules", path, rs, err)
		}
	}
}

// The version of rules changes with the user's file, and only with it.
func TestRulesVersion(t *testing.T) {
	load := func(content string) string {
		t.Helper()
		rs, err := LoadRules(writeRules(t, content))
		if err != nil {
			t.Fatal(err)
		}
		return rs.Version()
	}
	builtin := defaultRules().Version()
	if builtin == "" || (*Rules)(nil).Version() != builtin {
		t.Fatalf("built-in version %q, nil's %q", builtin, (*Rules)(nil).Version())
	}
	off := "rules:\n  - name: furniture-images\n    disabled: true\n"
	if v := load(off); v == builtin || v != load(off) {
		t.Errorf("a user file: version %q, the built-in %q, again %q", v, builtin, load(off))
	}
	if load(off) == load(off+"  - name: extra\n    remove: [aside]\n") {
		t.Error("a changed user file keeps its version")
	}
}

// RulesVersion gives the version LoadRules's rules have, without
// compiling them.
func TestRulesVersionUncompiled(t *testing.T) {
	for _, path := range []string{
		"",
		filepath.Join(t.TempDir(), "absent.yml"),
		writeRules(t, ""),
		writeRules(t, "rules:\n  - name: furniture-images\n    disabled: true\n"),
	} {
		rs, err := LoadRules(path)
		if err != nil {
			t.Fatal(err)
		}
		if v, err := RulesVersion(path); err != nil || v != rs.Version() {
			t.Errorf("RulesVersion(%q) = %q, %v; LoadRules's %q", path, v, err, rs.Version())
		}
	}
	if _, err := RulesVersion(t.TempDir()); err == nil {
		t.Error("a folder for a rules file: no error")
	}
}

func TestLoadRulesErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"bad yaml", "rules:\n  - name: x\n    remove: [a\n", "line 3"},
		{"unknown field", "rules:\n  - name: x\n    delete: [a]\n", "line 3"},
		{"bad selector", "rules:\n  - name: x\n    remove:\n      - 'p[[['\n", `:4: rule "x"`},
		{"bad pattern", "rules:\n  - name: x\n    drop_text:\n      - 'a('\n", `:4: rule "x"`},
		{"source without group", "rules:\n  - name: x\n    source: ['^来源']\n", "capture group"},
		{"rewrite without group", "rules:\n  - name: x\n    rewrite_links:\n      - pattern: '^http'\n", "capture group"},
		{"no name", "rules:\n  - remove: [p]\n", "no name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeRules(t, tt.yaml)
			_, err := LoadRules(path)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name the file and %q", err, tt.want)
			}
		})
	}
}

func TestUserRules(t *testing.T) {
	path := writeRules(t, `
rules:
  - name: sina
    disabled: true
  - name: mine
    match:
      categories: [博客/Example]
    remove: [.ad]
    drop_text: ['^买一送一$']
  - name: zhihu
    match:
      hosts: [zhihu.com]
    remove: [.extra]
`)
	rs, err := LoadRules(path)
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`<p>正文</p><div class="ad">买它</div><p>买一送一</p><p class="article-editor">责任编辑：某</p>` +
		`<p class="extra">多余</p><div class="view-more">查看知乎讨论</div>`)
	tests := []struct {
		name       string
		categories []string
		gone, kept []string
	}{
		// The user's sina rule switched the built-in one off.
		{"sina disabled", []string{"金融", "新浪财经"}, nil, []string{"责任编辑", "买它", "买一送一"}},
		// Old "Source - Route" folders match a "Source/Route" prefix.
		{"added rule", []string{"博客", "Example - Feed"}, []string{"买它", "买一送一"}, []string{"正文"}},
		// The user's zhihu rule replaced the built-in one whole.
		{"replaced rule", []string{"社交媒体", "知乎"}, []string{}, []string{"多余", "查看知乎讨论"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &feed.Article{Title: "t", Categories: tt.categories}
			md := Prepare(a, body, Options{Rules: rs}).Markdown
			for _, s := range tt.gone {
				if strings.Contains(md, s) {
					t.Errorf("%q survived:\n%s", s, md)
				}
			}
			for _, s := range tt.kept {
				if !strings.Contains(md, s) {
					t.Errorf("%q was removed:\n%s", s, md)
				}
			}
		})
	}
	// A host in the body selects the replaced zhihu rule.
	a := &feed.Article{Title: "t"}
	md := Prepare(a, []byte(`<p><a href="https://www.zhihu.com/q">问题</a></p><p class="extra">多余</p>`), Options{Rules: rs}).Markdown
	if strings.Contains(md, "多余") {
		t.Errorf("host match did not apply the rule:\n%s", md)
	}
}

func TestRuleMatching(t *testing.T) {
	r, err := compileRule(ruleSpec{Name: "x", Match: struct {
		Categories []string `yaml:"categories"`
		Authors    []string `yaml:"authors"`
		Hosts      []string `yaml:"hosts"`
	}{Categories: []string{"新媒体/虎嗅"}, Authors: []string{"Huxiu"}, Hosts: []string{"huxiu.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		key  articleKey
		want bool
	}{
		{"category prefix", articleKey{categories: []string{"新媒体", "虎嗅", "作者"}}, true},
		{"category too short", articleKey{categories: []string{"新媒体"}}, false},
		{"other source", articleKey{categories: []string{"新媒体", "虎嗅网"}}, false},
		{"author, any case", articleKey{author: "huxiu"}, true},
		{"subdomain host", articleKey{hosts: map[string]bool{"img.huxiu.com": true}}, true},
		{"lookalike host", articleKey{hosts: map[string]bool{"nothuxiu.com": true}}, false},
		{"nothing", articleKey{}, false},
	}
	for _, tt := range tests {
		if got := r.matches(tt.key); got != tt.want {
			t.Errorf("%s: matches = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestTitleRepeat(t *testing.T) {
	tests := []struct {
		title, line string
		dropped     bool
	}{
		{"1-4月份全国居民消费价格（CPI）同比上涨1.4%", "原标题：1—4月份 全国居民消费价格（CPI）同比上涨1.4%", true},
		{`"大连日本风情街"引争议，官方回应`, "原标题：“大连日本风情街”引争议，官方回应", true},
		{"1-11月份全国规模以上工业企业利润同比增长38.0% 两年平均增长18.9%", "原标题：2021年1—11月份全国规模以上工业企业利润同比增长38.0% 两年平均增长18.9%", true},
		{`"看得出这个寺庙在中国吗？"当地回应`, "原标题 “看得出这个寺庙在中国吗？”当地回应", true},
		{"0！", "原标题：关于某事的完全不同的一篇报道", false},
	}
	for _, tt := range tests {
		a := &feed.Article{Title: tt.title, Categories: []string{"金融", "新浪财经"}}
		md := Prepare(a, []byte("<p>　　"+tt.line+"</p><p>正文。</p>"), Options{}).Markdown
		if got := !strings.Contains(md, "原标题"); got != tt.dropped {
			t.Errorf("title %q, line %q: dropped = %v, want %v", tt.title, tt.line, got, tt.dropped)
		}
	}
}

func TestRawSkipsRulesButNotSafety(t *testing.T) {
	a := &feed.Article{Title: "t", Categories: []string{"金融", "新浪财经"}}
	body := []byte(`<p class="article-editor">责任编辑：某</p><p><a href="javascript:x()">点</a>` + "\x1b[2J</p>")
	doc := Prepare(a, body, Options{Raw: true})
	if !strings.Contains(doc.Markdown, "责任编辑") {
		t.Errorf("raw mode applied the rules:\n%s", doc.Markdown)
	}
	if strings.Contains(doc.Markdown, "javascript") || strings.Contains(doc.Markdown, "\x1b") {
		t.Errorf("raw mode kept an unsafe link or an escape:\n%q", doc.Markdown)
	}
}
