package render

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/andybalholm/cascadia"
	"gopkg.in/yaml.v2"
)

//go:embed rules.yml
var defaultRulesYAML []byte

// ruleFile is the YAML layout shared by the embedded rules and the user's
// rules.yml; the embedded file documents every field.
type ruleFile struct {
	Rules []ruleSpec `yaml:"rules"`
}

type ruleSpec struct {
	Name     string `yaml:"name"`
	Disabled bool   `yaml:"disabled"`
	Match    struct {
		Categories []string `yaml:"categories"`
		Authors    []string `yaml:"authors"`
		Hosts      []string `yaml:"hosts"`
	} `yaml:"match"`
	Remove          []string       `yaml:"remove"`
	Unwrap          []string       `yaml:"unwrap"`
	Comments        []string       `yaml:"comments"`
	DropText        []string       `yaml:"drop_text"`
	DropTitleRepeat []string       `yaml:"drop_title_repeat"`
	Source          []string       `yaml:"source"`
	RewriteLinks    []rewriteSpec  `yaml:"rewrite_links"`
	ImageSource     []string       `yaml:"image_src"`
	Reason          string         `yaml:"reason"`
	Furniture       *furnitureSpec `yaml:"furniture"`
}

// furnitureSpec is a rule of the generic furniture layer: where in the
// article a line may be furniture, and the patterns or the structural test
// that say it is.
type furnitureSpec struct {
	Where    string   `yaml:"where"`
	MaxChars int      `yaml:"max_chars"`
	Text     []string `yaml:"text"`
	Trailing []string `yaml:"trailing"`
	Source   bool     `yaml:"source"`
	Test     string   `yaml:"test"`
	Select   []string `yaml:"select"`
}

type rewriteSpec struct {
	Pattern string `yaml:"pattern"`
	Replace string `yaml:"replace"`
}

// Rules is a compiled, immutable set of cleaning rules: the embedded
// defaults with the user's file applied on top. It is safe for concurrent
// use; load it once and share it.
type Rules struct {
	rules []*rule
}

type rule struct {
	name       string
	categories [][]string
	authors    []string
	hosts      []string

	remove          []selector
	unwrap          []selector
	comments        []*regexp.Regexp
	dropText        []*regexp.Regexp
	dropTitleRepeat []*regexp.Regexp
	source          []*regexp.Regexp
	rewrites        []rewrite
	imageSource     []string
	furniture       *furniture
}

// selector keeps its source text so that the explain report can say which
// selector removed what.
type selector struct {
	text string
	sel  cascadia.Matcher
}

type rewrite struct {
	re      *regexp.Regexp
	replace string
}

// defaultRules are the embedded rules, compiled when first needed: the
// commands that render nothing do not wait for their expressions.
var defaultRules = sync.OnceValue(func() *Rules {
	r, err := parseRules(defaultRulesYAML, nil, "")
	if err != nil {
		panic(err) // the embedded file is tested; this is a build mistake
	}
	return r
})

// LoadRules returns the built-in rules combined with the user's rules file
// at path. A missing file is not an error (most users have none); a file
// that does not parse, or that holds a bad selector or pattern, is, and the
// error names the file and the line. A user rule replaces the built-in rule
// of the same name (set "disabled: true" to switch one off); rules with new
// names are added after the built-in ones.
func LoadRules(path string) (*Rules, error) {
	if path == "" {
		return defaultRules(), nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return defaultRules(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading rules: %w", err)
	}
	return parseRules(defaultRulesYAML, data, path)
}

// parseRules merges the user's YAML over the base YAML and compiles the
// result. Errors name the file and line the bad text came from.
func parseRules(base, user []byte, name string) (*Rules, error) {
	type source struct {
		data []byte
		file string
	}
	type entry struct {
		spec ruleSpec
		from source
	}
	var entries []entry
	index := map[string]int{}
	for _, src := range []source{{base, "embedded rules.yml"}, {user, name}} {
		if src.data == nil {
			continue
		}
		var f ruleFile
		if err := yaml.UnmarshalStrict(src.data, &f); err != nil {
			return nil, fmt.Errorf("%s: %w", src.file, err)
		}
		for _, s := range f.Rules {
			if s.Name == "" {
				return nil, fmt.Errorf("%s:%d: a rule has no name", src.file, max(lineOf(src.data, "rules:"), 1))
			}
			if i, ok := index[s.Name]; ok {
				entries[i] = entry{s, src}
				continue
			}
			index[s.Name] = len(entries)
			entries = append(entries, entry{s, src})
		}
	}
	rs := &Rules{}
	for _, e := range entries {
		if e.spec.Disabled {
			continue
		}
		r, err := compileRule(e.spec)
		if err != nil {
			line := lineOf(e.from.data, "name: "+e.spec.Name)
			var se *specError
			if errors.As(err, &se) {
				line = max(lineOf(e.from.data, se.text), line)
			}
			return nil, fmt.Errorf("%s:%d: rule %q: %w", e.from.file, line, e.spec.Name, err)
		}
		rs.rules = append(rs.rules, r)
	}
	return rs, nil
}

// specError carries the offending text so that the caller can find its
// line: yaml.v2 decodes into structs without positions.
type specError struct {
	text string
	err  error
}

func (e *specError) Error() string { return fmt.Sprintf("%q: %v", e.text, e.err) }
func (e *specError) Unwrap() error { return e.err }

func lineOf(data []byte, needle string) int {
	i := bytes.Index(data, []byte(needle))
	if i < 0 {
		return 0
	}
	return bytes.Count(data[:i], []byte("\n")) + 1
}

func compileRule(s ruleSpec) (*rule, error) {
	r := &rule{name: s.Name, authors: s.Match.Authors, imageSource: s.ImageSource}
	for _, c := range s.Match.Categories {
		r.categories = append(r.categories, splitCategory(c))
	}
	for _, h := range s.Match.Hosts {
		r.hosts = append(r.hosts, strings.ToLower(strings.TrimPrefix(h, ".")))
	}
	var err error
	if r.remove, err = compileSelectors(s.Remove); err != nil {
		return nil, err
	}
	if r.unwrap, err = compileSelectors(s.Unwrap); err != nil {
		return nil, err
	}
	for _, set := range []struct {
		src []string
		dst *[]*regexp.Regexp
	}{
		{s.Comments, &r.comments},
		{s.DropText, &r.dropText},
		{s.DropTitleRepeat, &r.dropTitleRepeat},
		{s.Source, &r.source},
	} {
		if *set.dst, err = compilePatterns(set.src); err != nil {
			return nil, err
		}
	}
	for _, re := range append(r.dropTitleRepeat, r.source...) {
		if re.NumSubexp() < 1 {
			return nil, &specError{re.String(), errors.New("needs a capture group")}
		}
	}
	for _, w := range s.RewriteLinks {
		re, err := regexp.Compile(w.Pattern)
		if err != nil {
			return nil, &specError{w.Pattern, err}
		}
		replace := w.Replace
		if replace == "" {
			if re.NumSubexp() < 1 {
				return nil, &specError{w.Pattern, errors.New("needs a capture group or a replace")}
			}
			replace = "$1"
		}
		r.rewrites = append(r.rewrites, rewrite{re, replace})
	}
	if s.Furniture != nil {
		if r.furniture, err = compileFurniture(*s.Furniture, s.Reason); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// compileFurniture checks and compiles a furniture rule.
func compileFurniture(s furnitureSpec, reason string) (*furniture, error) {
	f := &furniture{reason: reason, maxChars: s.MaxChars, source: s.Source, test: s.Test}
	if f.reason == "" {
		return nil, errors.New("a furniture rule needs a reason, which explain shows")
	}
	var ok bool
	if f.where, ok = positions[s.Where]; !ok {
		return nil, &specError{s.Where, errors.New("where must be start, end, edge, caption or anywhere")}
	}
	if f.maxChars <= 0 {
		f.maxChars = defaultMaxChars
	}
	t, ok := structuralTests[s.Test]
	if s.Test != "" && !ok {
		return nil, &specError{s.Test, fmt.Errorf("no such test; the tests are %s", strings.Join(testNames(), ", "))}
	}
	f.lineTest, f.nodeTest = t.lines, t.nodes
	var err error
	if f.text, err = compilePatterns(s.Text); err != nil {
		return nil, err
	}
	if f.trailing, err = compilePatterns(s.Trailing); err != nil {
		return nil, err
	}
	if f.selectors, err = compileSelectors(s.Select); err != nil {
		return nil, err
	}
	if f.source {
		for _, re := range f.text {
			if re.NumSubexp() < 1 {
				return nil, &specError{re.String(), errors.New("a source pattern needs a capture group")}
			}
		}
	}
	return f, nil
}

func compileSelectors(list []string) ([]selector, error) {
	out := make([]selector, 0, len(list))
	for _, text := range list {
		sel, err := cascadia.ParseGroup(text)
		if err != nil {
			return nil, &specError{text, err}
		}
		out = append(out, selector{text, sel})
	}
	return out, nil
}

func compilePatterns(list []string) ([]*regexp.Regexp, error) {
	out := make([]*regexp.Regexp, 0, len(list))
	for _, text := range list {
		re, err := regexp.Compile(text)
		if err != nil {
			return nil, &specError{text, err}
		}
		out = append(out, re)
	}
	return out, nil
}

// splitCategory splits a category path on "/" and on the " - " that the
// older archive layout uses to join source and route, so that
// "编程/开源中国" matches both ["编程","开源中国","资讯"] and
// ["编程","开源中国 - 资讯"].
func splitCategory(path string) []string {
	var out []string
	for _, part := range strings.Split(path, "/") {
		for _, p := range strings.Split(part, " - ") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// articleKey is what a rule can match on.
type articleKey struct {
	categories []string // split like splitCategory
	author     string
	hosts      map[string]bool
}

// matches reports whether the rule applies. A rule without a match clause
// applies to every article; otherwise any one listed category prefix,
// author or link host is enough.
func (r *rule) matches(k articleKey) bool {
	if len(r.categories) == 0 && len(r.authors) == 0 && len(r.hosts) == 0 {
		return true
	}
	for _, c := range r.categories {
		if len(c) > 0 && len(c) <= len(k.categories) && equalFoldPrefix(c, k.categories) {
			return true
		}
	}
	for _, a := range r.authors {
		if strings.EqualFold(a, k.author) {
			return true
		}
	}
	for _, h := range r.hosts {
		for host := range k.hosts {
			if host == h || strings.HasSuffix(host, "."+h) {
				return true
			}
		}
	}
	return false
}

func equalFoldPrefix(prefix, list []string) bool {
	for i := range prefix {
		if !strings.EqualFold(prefix[i], list[i]) {
			return false
		}
	}
	return true
}

// rewriteURL applies the first matching rewrite. Redirect services carry
// the target percent-encoded; it is decoded when the result is not yet a
// URL and decoding makes it one.
func (r *rule) rewriteURL(raw string) (out, pattern string, ok bool) {
	for _, w := range r.rewrites {
		m := w.re.FindStringSubmatchIndex(raw)
		if m == nil {
			continue
		}
		out = string(w.re.ExpandString(nil, w.replace, raw, m))
		if !strings.Contains(out, "://") {
			if dec, err := url.QueryUnescape(out); err == nil {
				out = dec
			}
		}
		return out, w.re.String(), true
	}
	return "", "", false
}
