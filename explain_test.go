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

// A mistake in the user's rules file is told with the file, the line and
// the rule, in the file's terms: no Go type names, one line a mistake.
func TestRulesFileErrors(t *testing.T) {
	env, dir := newArchive(t)
	rules := filepath.Join(filepath.Dir(dir), "config", "newsreader", "rules.yml")
	tests := []struct {
		yaml string
		want []string
	}{
		{"rules:\n  - name: mine\n    remuve: [div]\n    drop_text: x\n  - name: other\n    match:\n      categories: 金融\n", []string{
			`line 3: rule "mine": unknown field "remuve" (fields here: name, disabled, match, remove, `,
			`line 4: rule "mine": drop_text must be a list, such as [a, b], not text "x"`,
			`line 7: rule "other": categories must be a list, such as [a, b], not text "金融"`,
		}},
		{"rules:\n  - name: a\n    rewrite_links:\n      - '^http'\n    disabled: maybe\n", []string{
			`line 4: rule "a": each entry of rewrite_links must be a map (fields: pattern, replace), not text "^http"`,
			`line 5: rule "a": disabled must be true or false, not text "maybe"`,
		}},
		{"rules:\n  - name: a\n    remove: ['p[[']\n", []string{`:3: rule "a": "p[[": expected identifier, found [ instead`}},
		{"rules:\n  - name: a\n  - remove: [p]\n", []string{":3: a rule has no name"}},
		{"rules:\n  - name: a\n  remove: [x]\n", []string{"line 2: not valid YAML: did not find expected '-' indicator"}},
	}
	for _, tt := range tests {
		writeFile(t, rules, tt.yaml)
		code, out, errOut := runCmd(t, env, "explain", "source/_posts/金融/新浪财经/国内/a.md", "--archive", dir)
		lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
		if code != exitError || out != "" || len(lines) != len(tt.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr\n%s", tt.yaml, code, out, errOut)
			continue
		}
		for i, w := range tt.want {
			prefix := rules
			if i == 0 {
				prefix = "newsreader: " + rules
			}
			if !strings.HasPrefix(lines[i], prefix) || !strings.Contains(lines[i], w) {
				t.Errorf("%q: line %d = %q, want %q…%q", tt.yaml, i, lines[i], prefix, w)
			}
		}
		for _, bad := range []string{"render.", "yaml:", "!!", "[]string", "\uFFFD"} {
			if strings.Contains(errOut, bad) {
				t.Errorf("%q: %q in %q", tt.yaml, bad, errOut)
			}
		}
	}
}
