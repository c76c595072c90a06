package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"newsreader/config"
	"newsreader/feed/feedtest"
	"newsreader/search"
)

// searchFixture is an archive for search, in Chinese, Japanese and
// English, whose hits the tests know.
var searchFixture = map[string]string{
	sA: searchFile("中国企业发展报告", "新浪财经", "2025-03-01 08:00:00", []string{"金融", "新浪财经", "国内"},
		"<p>大型企业的发展离不开创新。韩俊表示，前景向好。</p><p>责任编辑：王小明</p>"),
	sB: searchFile("港口吞吐量同比增长", "新浪财经", "2025-03-02 08:00:00", []string{"金融", "新浪财经", "国内"},
		"<p>韩国的港口集装箱吞吐量同比增长。</p>"),
	sC: searchFile("Tidewater 3.2 发布", "开源中国", "2025-03-03 08:00:00", []string{"编程", "开源中国", "资讯"},
		"<p>The new release improves Market data feeds. Interest rates are not affected. iPhone 支持。</p>"),
	sD: searchFile("東京でアニメイベント開催", "Eventernote", "2025-03-04 08:00:00", []string{"二次元", "Eventernote", "声优活动"},
		"<p>東京ビッグサイトでアニメのイベントが開催されます。</p>"),
	sE: searchFile("利率与市场", "财联社", "2025-03-05 08:00:00", []string{"金融", "财联社", "深度"},
		"<p>Rates of interest went up; the market fell. 企业利润下降。</p>"),
}

const (
	sA = "source/_posts/金融/新浪财经/国内/a.md"
	sB = "source/_posts/金融/新浪财经/国内/b.md"
	sC = "source/_posts/编程/开源中国/资讯/c.md"
	sD = "source/_posts/二次元/Eventernote/声优活动/d.md"
	sE = "source/_posts/金融/财联社/深度/e.md"
)

func searchFile(title, author, date string, cats []string, body string) string {
	front := "title: '" + title + "'\nauthor: " + author + "\ncategories:\n"
	for _, c := range cats {
		front += " - " + c + "\n"
	}
	return "\n---\n" + front + "date: " + date + "\n---\n\n<div>\n" + body + "\n</div>\n"
}

// newSearchArchive writes files as an archive, an hour old: the times of
// a file written a moment ago are not trusted, and such a file is indexed
// again at every search, which would hide whether changes are followed.
func newSearchArchive(t *testing.T, files map[string]string) (config.Env, string) {
	t.Helper()
	env, dir := newArchive(t)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	writeOld(t, dir, files)
	return env, dir
}

func writeOld(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	for p, text := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		writeFile(t, full, text)
		if err := os.Chtimes(full, old, old); err != nil {
			t.Fatal(err)
		}
	}
}

// hit is one line of search --json.
type hit struct {
	ID, Path, Title, Date, Snippet string
	Categories                     []string
	Score                          float64
	Matches                        [][2]int
	Read, Starred                  bool
}

// searchJSON runs search --json with args and returns its results.
func searchJSON(t *testing.T, env config.Env, dir string, args ...string) []hit {
	t.Helper()
	code, out, errOut := runCmd(t, env, append([]string{"search", "--json", "-q", "--limit", "0", "--archive", dir}, args...)...)
	if code != 0 {
		t.Fatalf("search %q: exit %d: %s", args, code, errOut)
	}
	return decodeLines[hit](t, out)
}

// hitPaths are the paths found, sorted.
func hitPaths(hits []hit) []string {
	out := []string{}
	for _, h := range hits {
		out = append(out, h.Path)
	}
	slices.Sort(out)
	return out
}

func TestSearchQueries(t *testing.T) {
	env, dir := newSearchArchive(t, searchFixture)
	tests := []struct {
		query []string
		want  []string
	}{
		{[]string{"企业"}, []string{sA, sE}}, // two characters, title and text
		{[]string{"韩"}, []string{sA, sB}},  // one character: 韩俊, 韩国
		{[]string{"韩俊"}, []string{sA}},
		{[]string{"東京"}, []string{sD}}, // Japanese
		{[]string{"アニメ"}, []string{sD}},
		{[]string{"イベント", "開催"}, []string{sD}},
		{[]string{"market"}, []string{sC, sE}}, // English, any case
		{[]string{"MARKET"}, []string{sC, sE}},
		{[]string{"ｍａｒｋｅｔ"}, []string{sC, sE}},       // full-width
		{[]string{"mark*"}, []string{sC, sE}},        // prefix
		{[]string{"marke"}, nil},                     // words, not parts of them
		{[]string{"iPhone 支持"}, []string{sC}},        // mixed
		{[]string{`"interest rates"`}, []string{sC}}, // a phrase
		{[]string{"interest", "rates"}, []string{sC, sE}},
		{[]string{"企业", "-利润"}, []string{sA}}, // an exclusion
		{[]string{"企业 NOT 利润"}, []string{sA}},
		{[]string{"企业", "OR", "港口"}, []string{sA, sB, sE}},
		{[]string{"title:企业"}, []string{sA}},
		{[]string{"source:新浪财经"}, []string{sA, sB}},
		{[]string{"source:国内", "韩"}, []string{sA, sB}},
		{[]string{"source:深度"}, []string{sE}},
		{[]string{"author:财联社"}, []string{sE}},
		{[]string{"author:eventernote"}, []string{sD}},
		{[]string{"since:2025-03-04"}, []string{sD, sE}},
		{[]string{"until:2025-03-02"}, []string{sA, sB}},
		{[]string{"企业", "until:2025-03-01"}, []string{sA}},
		{[]string{"王小明"}, nil}, // a credit line: furniture, cleaned away
		{[]string{"--category", "金融/新浪财经", "韩"}, []string{sA, sB}},
		{[]string{"--category", "金融", "企业"}, []string{sA, sE}},
		{[]string{"--sort", "date", "企业"}, []string{sA, sE}},
	}
	for _, tt := range tests {
		// A flag in tt.query goes before the query; the query after --,
		// for the exclusions.
		var args []string
		q := tt.query
		for len(q) > 1 && strings.HasPrefix(q[0], "--") {
			args, q = append(args, q[0], q[1]), q[2:]
		}
		args = append(append(args, "--"), q...)
		if got := hitPaths(searchJSON(t, env, dir, args...)); !slices.Equal(got, append([]string{}, tt.want...)) {
			t.Errorf("search %q: found %q, want %q", tt.query, got, tt.want)
		}
	}
}

// The read state: is:unread and is:starred use the marks, and --json
// shows them.
func TestSearchMarks(t *testing.T) {
	env, dir := newSearchArchive(t, searchFixture)
	idA, idE := searchJSON(t, env, dir, "title:企业")[0].ID, searchJSON(t, env, dir, "author:财联社")[0].ID
	for _, args := range [][]string{{"mark", "star", idA}, {"mark", "read", idA, idE}} {
		if code, _, errOut := runCmd(t, env, append(args, "-q", "--archive", dir)...); code != 0 {
			t.Fatalf("%q: %s", args, errOut)
		}
	}
	if got := hitPaths(searchJSON(t, env, dir, "is:starred")); !slices.Equal(got, []string{sA}) {
		t.Errorf("is:starred: %q", got)
	}
	if got := hitPaths(searchJSON(t, env, dir, "企业", "is:unread")); len(got) != 0 {
		t.Errorf("企业 is:unread: %q", got)
	}
	if got := hitPaths(searchJSON(t, env, dir, "韩", "is:unread")); !slices.Equal(got, []string{sB}) {
		t.Errorf("韩 is:unread: %q", got)
	}
	for _, h := range searchJSON(t, env, dir, "企业") {
		if !h.Read || h.Starred != (h.ID == idA) {
			t.Errorf("%s: read %v, starred %v", h.Path, h.Read, h.Starred)
		}
	}
}

func TestSearchJSON(t *testing.T) {
	env, dir := newSearchArchive(t, searchFixture)
	code, out, errOut := runCmd(t, env, "search", "--json", "--archive", dir, "企业")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	for i, line := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"id", "path", "paths", "title", "date", "categories", "author", "read", "starred", "snippet", "score", "matches"} {
			if _, ok := m[k]; !ok {
				t.Errorf("line %d has no %q: %s", i, k, line)
			}
		}
	}
	hits := searchJSON(t, env, dir, "企业")
	// The title's match weighs most: A first.
	if hits[0].Path != sA || hits[0].Score <= hits[1].Score || hits[1].Score <= 0 {
		t.Errorf("order and scores: %+v", hits)
	}
	a := hits[0]
	if a.Title != "中国企业发展报告" || a.Date != "2025-03-01T08:00:00Z" || !slices.Equal(a.Categories, []string{"金融", "新浪财经", "国内"}) {
		t.Errorf("fields: %+v", a)
	}
	// matches count characters of the snippet.
	r := []rune(a.Snippet)
	if len(a.Matches) != 1 || string(r[a.Matches[0][0]:a.Matches[0][1]]) != "企业" {
		t.Errorf("snippet %q, matches %v", a.Snippet, a.Matches)
	}
	// --sort date: newest first.
	if hits := searchJSON(t, env, dir, "--sort", "date", "企业"); hits[0].Path != sE {
		t.Errorf("--sort date: %s first", hits[0].Path)
	}
	if hits := searchJSON(t, env, dir, "--limit", "1", "企业"); len(hits) != 1 {
		t.Errorf("--limit 1: %d results", len(hits))
	}
}

// In a pipe, matches are between brackets; the count goes to stderr.
func TestSearchPiped(t *testing.T) {
	env, dir := newSearchArchive(t, searchFixture)
	code, out, errOut := runCmd(t, env, "search", "--archive", dir, "--width", "100", "韩俊")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "2025-03-01 08:00   金融 › 新浪财经 › 国内") ||
		!strings.Contains(lines[0], "中国企业发展报告") || !strings.HasPrefix(lines[1], "    ") || !strings.Contains(lines[1], "[韩俊]表示") {
		t.Errorf("output:\n%s", out)
	}
	if w := ansi.StringWidth(lines[0]); w != 100 {
		t.Errorf("first line is %d cells wide, want 100", w)
	}
	if strings.ContainsRune(out, 0x1b) {
		t.Errorf("escape codes in a pipe: %q", out)
	}
	if errOut != "newsreader: 1 article found\n" {
		t.Errorf("stderr %q", errOut)
	}
	if _, _, errOut := runCmd(t, env, "search", "--archive", dir, "不存在的词"); errOut != "newsreader: no article found\n" {
		t.Errorf("nothing found: stderr %q", errOut)
	}
	if _, _, errOut := runCmd(t, env, "search", "--archive", dir, "-n", "1", "企业"); !strings.Contains(errOut, "1 of 2 articles found; --limit shows more") {
		t.Errorf("a page of more: stderr %q", errOut)
	}
}

// writeHits highlights in bold on a terminal, between brackets in a pipe,
// titles as snippets, and keeps the columns in line either way.
func TestWriteHits(t *testing.T) {
	hits := []search.Hit{{
		ID: "1sfn8a0k", Title: "中国企业发展报告", TitleMatches: []search.Range{{Start: 6, End: 12}},
		Categories: []string{"金融", "新浪财经"}, Date: time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC),
		Snippet: search.Snippet{Text: "大型企业的发展", Matches: []search.Range{{Start: 6, End: 12}}},
	}, {
		ID: "2abcdefg", Title: "A title far too long for its column, with the match at its very end: 企业", TitleMatches: []search.Range{{Start: 69, End: 75}},
		Categories: []string{"编程"}, Date: time.Date(2025, 3, 2, 8, 0, 0, 0, time.UTC), DateEstimated: true,
	}}
	var bold, piped strings.Builder
	writeHits(&bold, hits, boldMatches, time.UTC, 80)
	writeHits(&piped, hits, bracketedHits, time.UTC, 80)
	if !strings.Contains(bold.String(), "中国\x1b[1m企业\x1b[22m发展报告") || !strings.Contains(bold.String(), "    大型\x1b[1m企业\x1b[22m的发展\n") {
		t.Errorf("bold:\n%q", bold.String())
	}
	if !strings.Contains(piped.String(), "中国[企业]发展报告") || !strings.Contains(piped.String(), "    大型[企业]的发展\n") {
		t.Errorf("piped:\n%q", piped.String())
	}
	for _, out := range []string{bold.String(), piped.String()} {
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		// The second result has no text: no snippet line.
		if len(lines) != 3 {
			t.Fatalf("%d lines:\n%s", len(lines), out)
		}
		for _, l := range []string{lines[0], lines[2]} {
			if w := ansi.StringWidth(l); w != 80 {
				t.Errorf("%d cells, want 80: %q", w, l)
			}
		}
		if !strings.HasSuffix(lines[2], "  2abcdefg") || strings.Contains(lines[2], "[") || strings.Contains(lines[2], "\x1b") {
			t.Errorf("a match cut off with the title is not marked: %q", lines[2])
		}
		// As in list, an estimated date is marked.
		if !strings.HasPrefix(lines[0], "2025-03-01 08:00   ") || !strings.HasPrefix(lines[2], "2025-03-02 08:00~  ") {
			t.Errorf("dates: %q, %q", lines[0], lines[2])
		}
	}
}

// Queries that cannot be read are a usage error in words, never the
// database's; hostile ones are read as text.
func TestSearchBadQueries(t *testing.T) {
	env, dir := newSearchArchive(t, searchFixture)
	long := strings.Repeat("企业", 5000) // 10,000 characters
	tests := []struct {
		query []string
		code  int
		msg   string
	}{
		{[]string{"，。！？"}, exitUsage, "nothing to search for"},
		{[]string{"!!! ... ???"}, exitUsage, "nothing to search for"},
		{[]string{"(企业"}, exitOK, ""}, // lenient: closed at the end
		{[]string{"企业)"}, exitUsage, "a ) without its ("},
		{[]string{long}, exitUsage, "the query is too long"},
		{[]string{strings.Repeat("a", 10000)}, exitOK, ""},
		{[]string{`NEAR(企业 韩俊, 2) "企业" AND OR NOT ^title * {title body}:x`}, exitUsage, "OR needs a term before it"},
		{[]string{`NEAR(企业 韩俊) ^企业 {title}:企业 title:* 企业* "企业"*`}, exitOK, ""},
		{[]string{`title:"企业`, `"'; DROP TABLE search_docs; --`}, exitOK, ""},
		{[]string{`"""`, `''`, `*`, `:`, `^`, `+`}, exitUsage, "nothing to search for"},
		{[]string{"NOT"}, exitUsage, "nothing to search for"},
		{[]string{"企业", "NOT"}, exitOK, ""}, // read as still being typed
		{[]string{"since:yesterday2"}, exitUsage, "since:"},
		{[]string{"since:2025-03-05", "until:2025-03-01"}, exitUsage, "is after"},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(t, env, append([]string{"search", "-q", "--archive", dir, "--"}, tt.query...)...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) {
			t.Errorf("%.60q: exit %d, stderr %q; want %d, %q", tt.query, code, errOut, tt.code, tt.msg)
		}
		for _, bad := range []string{"fts5", "sql", "SQL", "syntax error near"} {
			if strings.Contains(errOut, bad) {
				t.Errorf("%.60q: the database speaks: %q", tt.query, errOut)
			}
		}
		if code != exitOK && out != "" {
			t.Errorf("%.60q: output %q", tt.query, out)
		}
	}
	// The table is still there.
	if got := hitPaths(searchJSON(t, env, dir, "企业")); len(got) != 2 {
		t.Errorf("after the hostile queries: %q", got)
	}
}

func TestSearchUsage(t *testing.T) {
	checkFailures(t, []failure{
		{[]string{"search"}, exitUsage, "search needs a query"},
		{[]string{"search", "--sort", "title", "x"}, exitUsage, `--sort "title" is not relevance or date`},
		{[]string{"search", "--limit", "-1", "x"}, exitUsage, "--limit must not be negative"},
		{[]string{"search", "--limit", "many", "x"}, exitUsage, `--limit: "many" is not a whole number`},
		{[]string{"search", "企业", "-广告"}, exitUsage, "-广告 is not a flag of search; to exclude a word, put the query after --"},
		{[]string{"search", "--category", "金融/不存在", "x"}, exitError, "金融/不存在"},
	})
}

// The index follows the archive between two runs: a file added, one
// rewritten, one removed.
func TestSearchFollowsTheArchive(t *testing.T) {
	env, dir := newSearchArchive(t, searchFixture)
	if got := hitPaths(searchJSON(t, env, dir, "企业")); !slices.Equal(got, []string{sA, sE}) {
		t.Fatalf("before: %q", got)
	}
	sF := "source/_posts/金融/新浪财经/国内/f.md"
	writeOld(t, dir, map[string]string{
		sF: searchFile("新文章", "新浪财经", "2025-03-06 08:00:00", []string{"金融", "新浪财经", "国内"}, "<p>民营企业座谈会。</p>"),
		sB: searchFile("港口吞吐量同比增长", "新浪财经", "2025-03-02 08:00:00", []string{"金融", "新浪财经", "国内"}, "<p>港口企业的吞吐量同比增长。</p>"),
	})
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(sE))); err != nil {
		t.Fatal(err)
	}
	if got := hitPaths(searchJSON(t, env, dir, "企业")); !slices.Equal(got, []string{sA, sB, sF}) {
		t.Errorf("after: %q", got)
	}
	if got := hitPaths(searchJSON(t, env, dir, "韩国")); len(got) != 0 {
		t.Errorf("the old text of the rewritten file is still found: %q", got)
	}
	// A user's rules that remove what the text held: indexed again.
	rules := filepath.Join(env.Dir, "config", "newsreader", "rules.yml")
	writeFile(t, rules, "rules:\n  - name: no-fair\n    match:\n      categories: [金融]\n    drop_text: ['座谈会']\n")
	if got := hitPaths(searchJSON(t, env, dir, "座谈会")); len(got) != 0 {
		t.Errorf("after the rules changed: %q", got)
	}
}

// What search says on stderr of what it found, by how much was ranked.
func TestResultCount(t *testing.T) {
	tests := []struct {
		name  string
		res   search.Results
		order search.Sort
		want  string
	}{
		{"none", search.Results{}, search.Relevance, "no article found"},
		{"all shown", search.Results{Hits: make([]search.Hit, 2), Total: 2, Ranked: 2}, search.Relevance, "2 articles found"},
		{"all ranked", search.Results{Hits: make([]search.Hit, 1), Total: 3, Ranked: 3}, search.Relevance, "1 of 3 articles found; --limit shows more"},
		{"newest ranked", search.Results{Hits: make([]search.Hit, 1), Total: 3, Ranked: 2}, search.Relevance, "1 of 3 articles found (the newest 2 ranked by relevance, the rest newest first); --limit shows more"},
		{"only excludes", search.Results{Hits: make([]search.Hit, 1), Total: 3}, search.Relevance, "1 of 3 articles found (newest first: nothing in the query to rank by); --limit shows more"},
		{"by date", search.Results{Hits: make([]search.Hit, 1), Total: 3}, search.Newest, "1 of 3 articles found; --limit shows more"},
		{"a phrase counted so far", search.Results{Hits: make([]search.Hit, 50), Total: 5000, More: true, Ranked: 5000}, search.Relevance, "50 of more than 5,000 articles found (the newest 5,000 ranked by relevance, the rest newest first); --limit shows more"},
		{"a phrase counted so far, by date", search.Results{Hits: make([]search.Hit, 3), Total: 3, More: true}, search.Newest, "3 of more than 3 articles found; --limit shows more"},
	}
	for _, tt := range tests {
		if got := resultCount(&tt.res, tt.order); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// An empty archive is searched, and found to hold nothing; with a query
// of only punctuation, the query is the error.
func TestSearchEmptyArchive(t *testing.T) {
	env, dir := newSearchArchive(t, nil)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"企业"}, {"--json", "企业"}} {
		code, out, errOut := runCmd(t, env, append([]string{"search", "--archive", dir}, args...)...)
		want := "newsreader: no article found\n"
		if args[0] == "--json" {
			want = ""
		}
		if code != exitOK || out != "" || errOut != want {
			t.Errorf("search %q: exit %d, stdout %q, stderr %q; want 0, nothing, %q", args, code, out, errOut, want)
		}
	}
	if code, out, errOut := runCmd(t, env, "search", "--archive", dir, "!!!"); code != exitUsage || out != "" || !strings.Contains(errOut, "nothing to search for") {
		t.Errorf("search !!!: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// An output that fails, as a pipe whose reader left does, is an error
// that says why, and stops the results, text or JSON.
func TestSearchWriteError(t *testing.T) {
	env, dir := newSearchArchive(t, searchFixture)
	for _, args := range [][]string{{"企业"}, {"--json", "企业"}} {
		var errOut bytes.Buffer
		w := &failingWriter{limit: 10}
		code := run(context.Background(), append([]string{"search", "-q", "--archive", dir}, args...), strings.NewReader(""), w, &errOut, env)
		if code != exitError || errOut.String() != "newsreader: broken pipe\n" {
			t.Errorf("search %q: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}

// searchText runs search, piped, and returns what it printed.
func searchText(t *testing.T, env config.Env, dir string, args ...string) string {
	t.Helper()
	code, out, errOut := runCmd(t, env, append([]string{"search", "-q", "--limit", "0", "--archive", dir}, args...)...)
	if code != 0 {
		t.Fatalf("search %q: exit %d: %s", args, code, errOut)
	}
	return out
}

// A search whose index is current answers without a reconcile, as the
// README says: files added, removed and renamed are seen at once, and so
// is a result's file rewritten in place; another file rewritten in place
// is seen once a command that checks every file has run.
func TestSearchWithoutReconcile(t *testing.T) {
	env, dir := newSearchArchive(t, searchFixture)
	feedtest.SettleFolders(t, dir)
	first := searchText(t, env, dir, "企业")
	if again := searchText(t, env, dir, "企业"); again != first || !strings.Contains(first, "发展报告") {
		t.Fatalf("the second search differs from the first:\n%q\nthen\n%q", first, again)
	}

	// A result rewritten in place.
	writeOld(t, dir, map[string]string{
		sA: searchFile("中国公司发展报告", "新浪财经", "2025-03-01 08:00:00", []string{"金融", "新浪财经", "国内"}, "<p>公司的发展。</p>"),
	})
	if out := searchText(t, env, dir, "企业"); strings.Contains(out, "发展报告") || !strings.Contains(out, "利率与市场") {
		t.Errorf("after a result was rewritten:\n%s", out)
	}

	// A file added, which changes its folder.
	sF := "source/_posts/金融/新浪财经/国内/f.md"
	writeOld(t, dir, map[string]string{
		sF: searchFile("新文章", "新浪财经", "2025-03-06 08:00:00", []string{"金融", "新浪财经", "国内"}, "<p>民营企业座谈会。</p>"),
	})
	if out := searchText(t, env, dir, "座谈会"); !strings.Contains(out, "新文章") {
		t.Errorf("a new file is not found:\n%s", out)
	}
	feedtest.SettleFolders(t, dir)
	searchText(t, env, dir, "座谈会") // brings the index to the settled folders

	// Another file rewritten in place, which no folder shows.
	writeOld(t, dir, map[string]string{
		sD: searchFile("東京でアニメイベント開催", "Eventernote", "2025-03-04 08:00:00", []string{"二次元", "Eventernote", "声优活动"}, "<p>座谈会。</p>"),
	})
	if out := searchText(t, env, dir, "座谈会"); strings.Contains(out, "東京") {
		t.Errorf("the index was reconciled after all: the rewrite of another file is found:\n%s", out)
	}
	if code, _, errOut := runCmd(t, env, "list", "-q", "--archive", dir); code != 0 {
		t.Fatalf("list: exit %d: %s", code, errOut)
	}
	if out := searchText(t, env, dir, "座谈会"); !strings.Contains(out, "東京") {
		t.Errorf("after list checked every file, the rewrite is not found:\n%s", out)
	}
}

// A mistake in the command line is found before the store is opened: it
// leaves no state folder behind.
func TestBadArgumentsMakeNoState(t *testing.T) {
	for _, args := range [][]string{
		{"search", "企业)"},
		{"search", "since:notadate", "x"},
		{"mark", "read", "--before", "notadate"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			env, dir := newArchive(t)
			code, _, errOut := runCmd(t, env, append(args, "--archive", dir)...)
			if code != exitUsage {
				t.Fatalf("exit %d, want %d: %s", code, exitUsage, errOut)
			}
			state := filepath.Join(env.Dir, ".local", "state")
			if _, err := os.Stat(state); !os.IsNotExist(err) {
				t.Errorf("the state folder %s was made (%v)", state, err)
			}
		})
	}
}
