package render

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/cascadia"
	yaml3 "go.yaml.in/yaml/v3"
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
	rules   []*rule
	version string
}

// Version identifies the text the rules were compiled from, the embedded
// rules.yml and the user's file: it changes when either does, so that a
// cache of cleaned text (the search index) can tell what was cleaned by
// other rules. nil is the built-in rules, as in Options.
func (rs *Rules) Version() string {
	if rs == nil {
		return rulesVersion(defaultRulesYAML, nil)
	}
	return rs.version
}

// RulesVersion returns the Version of the rules that LoadRules(path)
// returns, without compiling them: a search that finds its index made by
// these rules needs no more, and compiling them took 13 ms of its 60. A
// file that does not compile has a version all the same; LoadRules tells
// what is wrong with it.
func RulesVersion(path string) (string, error) {
	var user []byte
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("reading rules: %w", err)
		}
		user = data
	}
	return rulesVersion(defaultRulesYAML, user), nil
}

// rulesVersion identifies the rules of the base and the user's YAML.
func rulesVersion(base, user []byte) string {
	sum := sha256.New()
	for _, data := range [][]byte{base, user} {
		// The length first: the two files cannot trade bytes.
		fmt.Fprintf(sum, "%d\n", len(data))
		sum.Write(data)
	}
	return hex.EncodeToString(sum.Sum(nil)[:8])
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
			return nil, rulesFileError(src.file, src.data, err)
		}
		for i, s := range f.Rules {
			if s.Name == "" {
				return nil, fmt.Errorf("%s:%d: a rule has no name", src.file, ruleLine(src.data, i))
			}
			if i, ok := index[s.Name]; ok {
				entries[i] = entry{s, src}
				continue
			}
			index[s.Name] = len(entries)
			entries = append(entries, entry{s, src})
		}
	}
	rs := &Rules{version: rulesVersion(base, user)}
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

// rulesFileError turns yaml.v2's error about a rules file into one line
// per mistake, "file: line N: rule "name": what is wrong", in the file's
// terms: yaml.v2 names the Go types it decodes into (render.ruleSpec,
// []string) and puts its mistakes on lines of their own under a header.
func rulesFileError(file string, data []byte, err error) error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{"not valid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	var doc yaml3.Node
	if yaml3.Unmarshal(data, &doc) != nil {
		doc = yaml3.Node{} // positions are then unknown; the lines yaml.v2 gives remain
	}
	errs := make([]error, 0, len(msgs))
	for _, m := range msgs {
		line := 0
		if sm := yamlLineRe.FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[2])
			m = sm[1] + sm[3]
		}
		where := file
		if line > 0 {
			where += ": line " + strconv.Itoa(line)
		}
		if name := ruleNameAt(&doc, line); name != "" {
			where += fmt.Sprintf(": rule %q", name)
		}
		key, list := keyAt(&doc, line)
		errs = append(errs, fmt.Errorf("%s: %s", where, yamlMistake(m, key, list)))
	}
	return errors.Join(errs...)
}

var (
	yamlLineRe     = regexp.MustCompile(`^(.*?)line (\d+): (.*)$`)
	yamlUnknownRe  = regexp.MustCompile(`^field (\S+) not found in type (.+)$`)
	yamlTwiceRe    = regexp.MustCompile(`^(?:field (\S+) already set in type .+|key (.+) already set in map)$`)
	yamlTypeRe     = regexp.MustCompile("^cannot unmarshal (!!\\w+)(?: `(.*)`)? into (.+)$")
	yamlTagMeaning = map[string]string{"!!str": "text", "!!seq": "a list", "!!map": "a map", "!!int": "a number", "!!float": "a number", "!!bool": "true or false", "!!null": "nothing"}
)

// yamlMistake says in the file's terms what one of yaml.v2's messages
// means; key is the field whose value is wrong, when known, and list
// tells that its value is a list, of which an entry is wrong.
func yamlMistake(msg, key string, list bool) string {
	if m := yamlUnknownRe.FindStringSubmatch(msg); m != nil {
		if t, ok := ruleFileTypes[m[2]]; ok {
			return fmt.Sprintf("unknown field %q (fields here: %s)", m[1], strings.Join(yamlFields(t), ", "))
		}
		return fmt.Sprintf("unknown field %q", m[1])
	}
	if m := yamlTwiceRe.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s is given twice", strings.Trim(m[1]+m[2], `"`))
	}
	if m := yamlTypeRe.FindStringSubmatch(msg); m != nil {
		want := "something else"
		t, ok := ruleFileTypes[m[3]]
		if ok {
			want = yamlShape(t)
		}
		if list && ok && t.Kind() != reflect.Slice && m[1] != "!!seq" {
			key = "each entry of " + key
		}
		got := yamlTagMeaning[m[1]]
		if got == "" {
			got = strings.TrimPrefix(m[1], "!!")
		}
		if m[2] != "" {
			got += " " + strconv.Quote(strings.TrimSpace(m[2]))
		}
		if key != "" {
			return fmt.Sprintf("%s must be %s, not %s", key, want, got)
		}
		return fmt.Sprintf("expected %s, not %s", want, got)
	}
	return msg
}

// ruleFileTypes are the Go types of a rules file by the names yaml.v2
// gives them, collected from ruleFile so that new fields need nothing.
var ruleFileTypes = func() map[string]reflect.Type {
	types := map[string]reflect.Type{}
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		if _, ok := types[t.String()]; ok {
			return
		}
		types[t.String()] = t
		switch t.Kind() {
		case reflect.Slice:
			add(t.Elem())
		case reflect.Struct:
			for i := range t.NumField() {
				if t.Field(i).IsExported() {
					add(t.Field(i).Type)
				}
			}
		}
	}
	add(reflect.TypeFor[ruleFile]())
	return types
}()

// yamlFields lists the YAML names of a struct's fields.
func yamlFields(t reflect.Type) []string {
	var names []string
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); name != "" {
			names = append(names, name)
		}
	}
	return names
}

// yamlShape says what a value of type t looks like in YAML.
func yamlShape(t reflect.Type) string {
	fields := func(t reflect.Type) string {
		f := yamlFields(t)
		if len(f) > 3 {
			f = append(f[:3], "…")
		}
		return "(fields: " + strings.Join(f, ", ") + ")"
	}
	switch t.Kind() {
	case reflect.Slice:
		if t.Elem().Kind() == reflect.String {
			return "a list, such as [a, b]"
		}
		return "a list of maps " + fields(t.Elem())
	case reflect.Struct:
		return "a map " + fields(t)
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "text"
	}
	return "a number"
}

// ruleLine is the line where the i-th rule of a rules file starts.
func ruleLine(data []byte, i int) int {
	var doc yaml3.Node
	if yaml3.Unmarshal(data, &doc) == nil {
		if rules := mappingValue(&doc, "rules"); rules != nil && i < len(rules.Content) {
			return rules.Content[i].Line
		}
	}
	return max(lineOf(data, "rules:"), 1)
}

// ruleNameAt is the name of the rule of the rules file doc whose entry
// holds line, or "" when there is none or the file is not YAML.
func ruleNameAt(doc *yaml3.Node, line int) string {
	rules := mappingValue(doc, "rules")
	if rules == nil || rules.Kind != yaml3.SequenceNode || line == 0 {
		return ""
	}
	name := ""
	for _, r := range rules.Content {
		if r.Line > line {
			break
		}
		name = ""
		if n := mappingValue(r, "name"); n != nil && n.Kind == yaml3.ScalarNode {
			name = n.Value
		}
	}
	return name
}

// keyAt is the key of the innermost mapping entry of doc whose value
// starts at line, or "", and whether that value is a list.
func keyAt(doc *yaml3.Node, line int) (key string, list bool) {
	var find func(n *yaml3.Node) *yaml3.Node
	find = func(n *yaml3.Node) *yaml3.Node {
		for i, c := range n.Content {
			if v := find(c); v != nil {
				return v
			}
			if n.Kind == yaml3.MappingNode && i%2 == 1 && c.Line == line {
				key = n.Content[i-1].Value
				return c
			}
		}
		return nil
	}
	if v := find(doc); v != nil {
		return key, v.Kind == yaml3.SequenceNode
	}
	return "", false
}

// mappingValue is the value of key in the mapping n (or in the mapping a
// document node holds), or nil.
func mappingValue(n *yaml3.Node, key string) *yaml3.Node {
	if n.Kind == yaml3.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if n.Kind != yaml3.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}
