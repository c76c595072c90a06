package feed

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// article writes a file in the crawler's format: a blank line, the front
// matter lines, and a body.
func article(front, body string) []byte {
	return []byte("\n---\n" + front + "---\n\n<div>   \n" + body + "\n</div>\n            ")
}

func TestParseFileFallbacks(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("\n---\ntitle: 中文标题\ncategories:\n - 金融\ndate: 2022-05-16 02:27:46\n---\n<p>正文内容</p>\n")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		path       string
		data       []byte
		title      string
		categories []string
		warn       string // a substring of one warning; "" means none at all
	}{
		{
			name:       "plain crawler header",
			path:       "金融/新浪财经/国内/x.md",
			data:       article("title: '1-4月份CPI同比上涨1.4%'\ncategories: \n - 金融\n - 新浪财经\n - 新浪财经－国內\nauthor: 新浪财经\ndate: Mon, 16 May 2022 02:27:46 GMT\n", "<p>x</p>"),
			title:      "1-4月份CPI同比上涨1.4%",
			categories: []string{"金融", "新浪财经", "新浪财经－国內"},
		},
		{
			name:       "runs of quotes around the title",
			path:       `post/二次元/AGE 动漫 - 番剧详情/"""""""'SP'""""""".md`,
			data:       article("title: \"\"\"\"\"\"\"'SP'\"\"\"\"\"\"\"\ncategories: \n    - 二次元\n    - AGE 动漫 - 番剧详情\ndate: 2021-03-22 04:50:47\n", "SP"),
			title:      "SP",
			categories: []string{"二次元", "AGE 动漫 - 番剧详情"},
			warn:       "not valid YAML",
		},
		{
			name:       "quotes inside quote runs are kept",
			path:       "post/阅读/x.md",
			data:       article("title: \"\"\"\"'\"Under the mountain\"'\"\"\"\"\ncategories: \n    - 阅读\ndate: 2021-03-22 04:50:47\n", ""),
			title:      `"Under the mountain"`,
			categories: []string{"阅读"},
			warn:       "not valid YAML",
		},
		{
			name:       "a one-line list of categories in a header YAML rejects",
			path:       "post/金融/x.md",
			data:       article("title: \"好\x07标题\"\ncategories: [金融, '新浪财经', \"国内\", ]\ndate: 2022-05-16 02:27:46\n", ""),
			title:      "好标题",
			categories: []string{"金融", "新浪财经", "国内"},
			warn:       "not valid YAML",
		},
		{
			name:       "unquoted @",
			path:       "post/金融/x.md",
			data:       article("title: @大道无形我有型 关注了股票 台积电\ncategories: \n    - 金融\n    - 雪球 - 用户自选动态\ndate: Wed, 09 Sep 2020 00:45:33 GMT\n", ""),
			title:      "@大道无形我有型 关注了股票 台积电",
			categories: []string{"金融", "雪球 - 用户自选动态"},
			warn:       "not valid YAML",
		},
		{
			name:       "quotes inside single quotes",
			path:       "a/b.md",
			data:       article("title: '他说'不行'然后'\ncategories: \n - 新闻\ndate: 2021-03-22 04:50:47\n", ""),
			title:      "他说'不行'然后",
			categories: []string{"新闻"},
			warn:       "not valid YAML",
		},
		{
			name:       "blank title falls back to the file name",
			path:       "post/新媒体/Fallback Name.md",
			data:       article("title: ' '\ncategories: \n    - 新媒体\ndate: 2021-03-22 04:50:47\n", "<p>正文</p>"),
			title:      "Fallback Name",
			categories: []string{"新媒体"},
			warn:       "using the file name",
		},
		{
			name:       "blank title and file name fall back to the body",
			path:       "post/编程/ .md",
			data:       article("title:  \ncategories: \n    - 编程\ndate: 2021-03-22 04:50:47\n", "<p>　　本月早些时候，在北京的一次展览上，人们看到了许多新的展品和一些非常长的说明文字内容</p>"),
			title:      "本月早些时候，在北京的一次展览上，人们看到了许多新的展品和一些非常长的说明文字内…",
			categories: []string{"编程"},
			warn:       "first words of the body",
		},
		{
			name:       "nothing to name the article by",
			path:       "post/学习/ .md",
			data:       article("title:  \ncategories: \n    - 学习\ndate: 2021-03-22 04:50:47\n", "   "),
			title:      "(untitled)",
			categories: []string{"学习"},
			warn:       "blank title, file name and body",
		},
		{
			name:       "nested category list is flattened",
			path:       "二次元/Animen/news/x.md",
			data:       article("title: '幼女戦記'\ncategories: \n - 二次元\n - Animen 动漫平台\n -  - news\ndate: Fri, 14 Dec 2018 19:16:00 GMT\n", ""),
			title:      "幼女戦記",
			categories: []string{"二次元", "Animen 动漫平台", "news"},
		},
		{
			name:       "categories as a plain string",
			path:       "x/y.md",
			data:       article("title: t\ncategories: 博客\ndate: 2021-03-22 04:50:47\n", ""),
			title:      "t",
			categories: []string{"博客"},
		},
		{
			name:       "no categories: the folders, without Hexo's",
			path:       "source/_posts/游戏/3DMGame/新闻中心/t.md",
			data:       article("title: t\ndate: 2021-03-22 04:50:47\n", ""),
			title:      "t",
			categories: []string{"游戏", "3DMGame", "新闻中心"},
			warn:       "no categories; using the folders",
		},
		{
			name:       "tabs",
			path:       "x/y.md",
			data:       article("title:\tTabbed\ttitle\ncategories: \n\t- 编程\ndate: 2021-03-22 04:50:47\n", ""),
			title:      "Tabbed title",
			categories: []string{"编程"},
			warn:       "not valid YAML",
		},
		{
			name:       "HTML escapes in the title",
			path:       "x/y.md",
			data:       article("title: 'func main() &#123; &#125; &amp; more'\ncategories: \n - 编程\ndate: 2021-03-22 04:50:47\n", ""),
			title:      "func main() { } & more",
			categories: []string{"编程"},
		},
		{
			name:       "byte order mark and CRLF",
			path:       "x/y.md",
			data:       []byte("\ufeff\r\n---\r\ntitle: 'Windows 文件'\r\ncategories: \r\n - 博客\r\n - 源\r\ndate: 2021-03-22 04:50:47\r\n---\r\n<p>x</p>\r\n"),
			title:      "Windows 文件",
			categories: []string{"博客", "源"},
		},
		{
			name:       "missing closing delimiter",
			path:       "x/y.md",
			data:       []byte("\n---\ntitle: 'Half a header'\ncategories: \n - 新闻\ndate: 2021-03-22 04:50:47\n\n<div>\n<p>body</p>\n</div>\n"),
			title:      "Half a header",
			categories: []string{"新闻"},
			warn:       "no closing ---",
		},
		{
			name:       "titles YAML reads as numbers keep their text",
			path:       "post/新媒体/12_00.md",
			data:       article("title: 12_00\ncategories: \n    - 新媒体\ndate: 2021-03-22 04:50:47\n", ""),
			title:      "12_00",
			categories: []string{"新媒体"},
		},
		{
			name:       "a title YAML reads as a comment",
			path:       "x/y.md",
			data:       article("title: #\ncategories: \n - 博客\ndate: 2021-03-22 04:50:47\n", ""),
			title:      "#",
			categories: []string{"博客"},
		},
		{
			name:       "title folded over several lines",
			path:       "x/y.md",
			data:       article("title: 00_00\n                    \n                  币世界晚行情：BTC回升\ncategories: \n    - 新媒体\ndate: 2021-03-21 16:41:54\n", ""),
			title:      "00_00 币世界晚行情：BTC回升",
			categories: []string{"新媒体"},
		},
		{
			name:       "double-quoted title with an apostrophe",
			path:       "x/y.md",
			data:       article("title: \"Don't Panic!\"\ncategories: \n - 游戏\ndate: 2021-03-22 04:50:47\n", ""),
			title:      "Don't Panic!",
			categories: []string{"游戏"},
		},
		{
			name:       "control characters are dropped from the title",
			path:       "x/y.md",
			data:       article("title: \"Evil \\e[2Jtitle\\a\\u009b\"\ncategories: \n - x\ndate: 2021-03-22 04:50:47\n", ""),
			title:      "Evil [2Jtitle",
			categories: []string{"x"},
		},
		{
			name:       "no front matter at all",
			path:       "博客/Paul Graham/Essays/How to Think.md",
			data:       []byte("<p>Just a body.</p>\n"),
			title:      "How to Think",
			categories: []string{"博客", "Paul Graham", "Essays"},
			warn:       "no front matter",
		},
		{
			name:       "not text at all",
			path:       "x/图片.md",
			data:       []byte{0x89, 'P', 'N', 'G', 0, 1, 2},
			title:      "图片",
			categories: []string{"x"},
			warn:       "unreadable (not a text file); listed by its file name",
		},
		{
			name:       "GBK text",
			path:       "x/y.md",
			data:       []byte(gbk),
			title:      "中文标题",
			categories: []string{"金融"},
			warn:       "decoded as GB18030",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := ParseFile(tt.path, tt.data, Options{})
			if a.Title != tt.title {
				t.Errorf("title = %q, want %q", a.Title, tt.title)
			}
			if !slices.Equal(a.Categories, tt.categories) {
				t.Errorf("categories = %q, want %q", a.Categories, tt.categories)
			}
			if a.Path != tt.path || !slices.Equal(a.Paths(), []string{tt.path}) || a.ID != makeID(tt.path) {
				t.Errorf("path %q, paths %q, ID %q do not follow the path %q", a.Path, a.Paths(), a.ID, tt.path)
			}
			if tt.warn == "" && len(a.Warnings()) > 0 {
				t.Errorf("unexpected warnings %q", a.Warnings())
			}
			if tt.warn != "" && !slices.ContainsFunc(a.Warnings(), func(w string) bool { return strings.Contains(w, tt.warn) }) {
				t.Errorf("warnings %q lack %q", a.Warnings(), tt.warn)
			}
		})
	}
}

func TestParseFileBody(t *testing.T) {
	data := article("title: t\ncategories: \n - x\ndate: 2021-03-22 04:50:47\n", "<p>&#123;正文&#125;</p>")
	_, body := ParseFile("x/y.md", data, Options{})
	if want := "\n<div>   \n<p>&#123;正文&#125;</p>\n</div>\n            "; string(body) != want {
		t.Errorf("body = %q, want %q", body, want)
	}
}

func TestParseFileFields(t *testing.T) {
	data := article("title: t\ncategories: \n - x\nheadimg: 'https://h.example/a.png'\nauthor: 新浪财经\ncomments: false\ndate: Mon, 16 May 2022 02:27:46 GMT\nthumbnail: https://t.example/b.png\n", "")
	a, _ := ParseFile("x/y.md", data, Options{})
	if a.Author != "新浪财经" || a.Thumbnail != "https://t.example/b.png" {
		t.Errorf("author %q, thumbnail %q", a.Author, a.Thumbnail)
	}
}

func TestParseFileDates(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	now := func() time.Time { return time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC) }
	utc := func(y int, mo time.Month, d, h, mi, s int) time.Time {
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	}
	tests := []struct {
		date string
		zone *time.Location
		want time.Time // zero: estimated
		warn string
	}{
		{"Mon, 16 May 2022 02:27:46 GMT", nil, utc(2022, 5, 16, 2, 27, 46), ""},
		{"Tue, 06 Jan 2026 18:12:40 +0800", nil, utc(2026, 1, 6, 10, 12, 40), ""},
		{"Mon, 6 Jun 2022 02:27:46 GMT", nil, utc(2022, 6, 6, 2, 27, 46), ""},
		{"Mon, 16 May 2022 02:27:46 EST", nil, utc(2022, 5, 16, 7, 27, 46), ""},
		{"Mon, 16 May 2022 10:27:46 CST", nil, utc(2022, 5, 16, 2, 27, 46), ""},
		{"Mon May 16 10:27:46 CST 2022", nil, utc(2022, 5, 16, 2, 27, 46), ""},
		{"2022-05-16 10:27:46 CST", nil, utc(2022, 5, 16, 2, 27, 46), ""},
		{"2022-05-16 10:27:46 cst", nil, utc(2022, 5, 16, 2, 27, 46), ""},
		{"Mon, 16 May 2022 11:27:46 JST", nil, utc(2022, 5, 16, 2, 27, 46), ""},
		{"Mon, 16 May 2022 07:57:46 IST", nil, utc(2022, 5, 16, 2, 27, 46), ""},
		{"Mon, 16 May 2022 14:27:46 NZST", nil, utc(2022, 5, 16, 2, 27, 46), ""},
		{"Mon, 16 May 2022 02:27:46 UT", nil, utc(2022, 5, 16, 2, 27, 46), ""},
		{"2022-05-16 02:27:46 Z", nil, utc(2022, 5, 16, 2, 27, 46), ""},
		{"Mon, 16 May 2022 10:27:46 GMT+8", nil, utc(2022, 5, 16, 2, 27, 46), ""},
		{"Mon, 16 May 2022 02:27:46 GMT+0", nil, utc(2022, 5, 16, 2, 27, 46), ""},
		{"Mon, 16 May 2022 02:27:46 GMT", shanghai, utc(2022, 5, 16, 2, 27, 46), ""},
		{"Mon, 16 May 2022 02:27:46 AST", nil, time.Time{}, `unreadable date`},
		{"Mon, 16 May 2022 02:27:46 +0000", nil, utc(2022, 5, 16, 2, 27, 46), ""},
		{"Mon, 16 May 2022 10:27:46 +08", nil, utc(2022, 5, 16, 2, 27, 46), ""},
		{"Mon, 16 May 2022 02:27:46 -0130", nil, utc(2022, 5, 16, 3, 57, 46), ""},
		{"Mon, 16 May 2022 02:27:46 +99", nil, time.Time{}, `unreadable date`},
		{"2021-03-22 04:50:47", nil, utc(2021, 3, 22, 4, 50, 47), ""},
		{"2021-03-22 04:50:47", shanghai, utc(2021, 3, 21, 20, 50, 47), ""},
		{"2021-03-22T04:50:47+08:00", nil, utc(2021, 3, 21, 20, 50, 47), ""},
		{"2021-03-22T04:50:47.123Z", nil, time.Date(2021, 3, 22, 4, 50, 47, 123e6, time.UTC), ""},
		{"2021-03-22", nil, utc(2021, 3, 22, 0, 0, 0), ""},
		{"'2021-03-22 04:50:47'", nil, utc(2021, 3, 22, 4, 50, 47), ""},
		{"Invalid Date", nil, time.Time{}, `unreadable date "Invalid Date"`},
		{"Mon, 16 May 2022 02:27:46 XYZ", nil, time.Time{}, "unreadable date"},
		{"Fri, 01 Jan 0900 00:00:00 GMT", nil, time.Time{}, "implausible date"},
		{"Wed, 08 Apr 2189 00:00:00 GMT", nil, time.Time{}, "implausible date"},
		{"1994-12-31 23:59:59", nil, time.Time{}, "implausible date"},
		{"2026-11-30 12:00:00", nil, time.Time{}, "implausible date"},
		{"2026-11-29 23:00:00", nil, utc(2026, 11, 29, 23, 0, 0), ""},
		{"", nil, time.Time{}, "no date"},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			data := article("title: t\ncategories: \n - x\ndate: "+tt.date+"\n", "")
			a, _ := ParseFile("x/y.md", data, Options{SourceZone: tt.zone, Now: now})
			if !a.Date.Equal(tt.want) {
				t.Errorf("date = %v, want %v", a.Date, tt.want)
			}
			if a.DateEstimated != tt.want.IsZero() {
				t.Errorf("estimated = %v", a.DateEstimated)
			}
			if tt.warn != "" && (len(a.Warnings()) != 1 || !strings.Contains(a.Warnings()[0], tt.warn)) {
				t.Errorf("warnings = %q, want one with %q", a.Warnings(), tt.warn)
			}
		})
	}
}

// TestFastHeaderMatchesYAML proves the fast path reads every header it
// accepts exactly as the YAML library does.
func TestFastHeaderMatchesYAML(t *testing.T) {
	blocks := map[string][]byte{
		"plain":         []byte("title: 'a''b'\ncategories: \n - 金融\n - 新浪财经\nheadimg: 'https://x/y.png'\nauthor: 新浪财经\ncomments: false\ndate: Mon, 16 May 2022 02:27:46 GMT\nthumbnail: \n"),
		"numbers":       []byte("title: 1936\ncategories: \n    - 新媒体\ndate: 2021-03-22 04:50:47\n"),
		"underscores":   []byte("title: 12_00\ncategories: \n    - 新媒体\n"),
		"booleans":      []byte("title: yes\ncategories: \n    - no\n"),
		"double quoted": []byte("title: \"Don't Panic!\"\n"),
		"apostrophe":    []byte("title: Barry's X – Mobile App\n"),
		"blank":         []byte("title:  \nthumbnail: ''\n"),
		"blank line":    []byte("title: t\ncategories: \n - a\n\nauthor: x\n"),
		"quote runs":    []byte("title: \"\"\"\"'SP'\"\"\"\"\n"),
		"single runs":   []byte("title: ''x'\n"),
		"at":            []byte("title: @someone said\n"),
		"empty quotes":  []byte("title: \"\" # nothing\nauthor: ''\n"),
		"escaped quote": []byte("title: '''quoted'''\n"),
		"jekyll":        []byte("title: Hello\ncategory: 随笔\nauthor: 某人\ndate: 2021-03-22 04:50:47 +0800\n"),
	}
	fronts := map[string]frontMatter{}
	for name, block := range blocks {
		fronts[name] = split([]byte("---\n" + string(block) + "---\n"))
	}
	for _, f := range corpusFiles(t, false) {
		fronts[f.path] = split(f.data)
	}
	checked, invalid := 0, 0
	for name, fm := range fronts {
		if !fm.closed || !fm.syntax.isYAML() {
			t.Errorf("%s: not closed YAML front matter", name)
			continue
		}
		var slow header
		err := fm.decode(&slow)
		if why := invalidYAML(fm.block); why != "" {
			invalid++
			if err == nil {
				t.Errorf("%s: YAML accepts a header said to be invalid (%s)", name, why)
			}
		}
		fast, ok := fastHeader(fm.block, map[string]string{})
		if !ok {
			continue
		}
		if err != nil {
			t.Errorf("%s: fast path accepted a header YAML rejects: %v", name, err)
			continue
		}
		checked++
		if !headersEqual(fast, slow) {
			t.Errorf("%s:\nfast %#v\nyaml %#v", name, fast, slow)
		}
	}
	if invalid < 3 {
		t.Errorf("only %d headers recognised as invalid", invalid)
	}
	if checked < len(fronts)/2 {
		t.Errorf("fast path took only %d of %d headers", checked, len(fronts))
	}
}

func headersEqual(a, b header) bool {
	return a.Title == b.Title && a.Author == b.Author && a.Date == b.Date && a.Thumbnail == b.Thumbnail &&
		slices.Equal(a.Categories, b.Categories) && slices.Equal(a.Category, b.Category) && slices.Equal(a.Authors, b.Authors)
}

func TestFastHeaderDefers(t *testing.T) {
	for _, block := range []string{
		"title: @x\n",
		"title: \"\"\"'SP'\"\"\"\n",
		"title: 'it's'\n",
		"title: null\n",
		"title: ~\n",
		"title: a: b\n",
		"title: a #b\n",
		"title: first\n  second\n",
		"categories: \n -  - news\n",
		"categories: \n - a\n    - b\n",
		"title:\tx\n",
		"title: a\ntitle: b\n",
		"tags: \n - a\n",
		"title: \"a\\tb\"\n",
	} {
		if h, ok := fastHeader([]byte(block), nil); ok {
			t.Errorf("fast path accepted %q as %#v", block, h)
		}
	}
}

// TestDecodeTextSplitsAsText cuts files at every length, as a scan's head
// read may, and wants the front matter that decodeText located to be the
// one of the text it returns.
func TestDecodeTextSplitsAsText(t *testing.T) {
	files := [][]byte{
		article("title: '标题'\ncategories: \n - 金融\n", "<p>正文</p>"),
		[]byte("---\ntitle: 标题\n---\u3000\n正文"),    // a closing line ends in a CJK space
		[]byte("{\n\"title\": \"标题\"\n}\n\n正文"),    // JSON wants a blank line after its brace
		[]byte("---\ntitle: 标题\n<p>正文</p>"),        // no closing line
		[]byte("---\ntitle: 标题\n<p>\n---\u3000\n"), // one that a cut makes
		[]byte("\ufeff---\ntitle: 标题\n---\n正文"),
	}
	corpus := corpusFiles(t, false)
	for _, f := range corpus[:min(20, len(corpus))] {
		files = append(files, f.data[:min(len(f.data), 1500)])
	}
	for _, data := range files {
		for n := range len(data) + 1 {
			text, fm, _, err := decodeText(data[:n], true, nil)
			if err != nil {
				continue
			}
			if want := split(text); !sameFrontMatter(fm, want) {
				t.Fatalf("%q: located %+v, the text's is %+v", data[:n], fm, want)
			}
		}
	}
}

func sameFrontMatter(a, b frontMatter) bool {
	return a.syntax == b.syntax && a.found == b.found && a.closed == b.closed &&
		string(a.raw) == string(b.raw) && string(a.block) == string(b.block) && string(a.body) == string(b.body)
}

func TestSplitWithoutFrontMatter(t *testing.T) {
	for _, data := range []string{"", "\n\n", "<p>x</p>", "\n--- \n"} {
		fm := split([]byte(data))
		if fm.closed {
			t.Errorf("split(%q) found a closed block", data)
		}
	}
}

func TestFolderCategories(t *testing.T) {
	for p, want := range map[string][]string{
		"a.md": nil,
		"source/_posts/金融/新浪/国内/x.md":  {"金融", "新浪", "国内"},
		"post/编程/x.md":                 {"编程"},
		"../other/news/x.md":           {"other", "news"},
		"./x/y.md":                     {"x"},
		"content/posts/编程/Go/x.md":     {"编程", "Go"},
		"content/about.md":             nil,
		"博客/随笔/_posts/2024-03-03-x.md": {"博客", "随笔"},
		"_posts/2024-03-03-x.md":       nil,
	} {
		if got := folderCategories(p); !slices.Equal(got, want) {
			t.Errorf("folderCategories(%q) = %q, want %q", p, got, want)
		}
	}
}

// FuzzIsClean checks the fast test against its definition: no white space
// at either end or twice in a row, and no character that cleanText
// changes (a control, an invisible character, a broken byte, white space
// other than a space, or the '&' of an entity).
func FuzzIsClean(f *testing.F) {
	for _, s := range []string{"", " ", "ascii", "a  b", "a b", "新浪财经", "财经\u3000网", "财经\xe4\xb8", "\xe3\x80", "a\u200bb", "한국\u0085어", "AT&T", "tab\there", "\u00a0", "\ucfff\ud000", "x\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := !strings.HasPrefix(s, " ") && !strings.HasSuffix(s, " ") && !strings.Contains(s, "  ") &&
			!strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == '&' || r >= 0x7f && (unicode.IsSpace(r) || dropped(r)) })
		if got := isClean(s); got != want {
			t.Errorf("isClean(%q) = %v, want %v", s, got, want)
		}
	})
}

// FuzzFastHeader holds the fast path to the YAML library on any block:
// what it accepts, YAML reads the same.
func FuzzFastHeader(f *testing.F) {
	for _, s := range []string{
		"title: 'a''b'\ncategories: \n - 金融\ndate: Mon, 16 May 2022 02:27:46 GMT\n",
		"title: '''quoted'' and ''more'''\n", "title: 'x''\n", "title: ''''\n", "title: 'a'b'\n",
		"title: \"a\"\nauthor: ''\n", "title: 1936\ncategories: \n    - no\n",
		"title: a\x19b\n", "title: a\rb\n", "title: \u0080\n", "title: \ufffe\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, block string) {
		// A front matter reaches the fast path as valid UTF-8 (decodeText).
		fm := split([]byte("---\n" + block + "\n---\n"))
		if !utf8.ValidString(block) || !fm.closed {
			return
		}
		fast, ok := fastHeader(fm.block, map[string]string{})
		if !ok {
			return
		}
		var slow header
		if err := fm.decode(&slow); err != nil {
			t.Fatalf("fast path accepted %q, which YAML rejects: %v", block, err)
		}
		if !headersEqual(fast, slow) {
			t.Errorf("%q:\nfast %#v\nyaml %#v", block, fast, slow)
		}
	})
}
