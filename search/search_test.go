package search

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// fixtures are articles written for these tests, each with what it is
// there to prove.
var fixtures = []Doc{
	{ID: "zh-corp", Title: "中国企业发展报告", Categories: []string{"金融", "新浪财经", "新浪财经－国內"}, Author: "韩俊",
		Date: day(2024, 3, 1), Text: "大型企业的发展离不开创新。国家统计局数据显示，今年经济增长稳定。"},
	{ID: "zh-wrap", Title: "农村改革", Categories: []string{"传统媒体", "人民日报"}, Author: "记者 王芳",
		Date: day(2024, 3, 2), Text: "  报道指出，中小企\n  业的融资难题仍待解决。\n\n  韩国专家也表示关注。"},
	{ID: "zh-sports", Title: "篮球比赛", Categories: []string{"体育", "新浪体育"}, Author: "",
		Date: day(2023, 12, 31), Text: "球队赢得冠军，球迷欢呼。韩\n\n俊杰上场。"},
	{ID: "ja-coffee", Title: "東京のコーヒー店", Categories: []string{"二次元", "ｱﾆﾒ情報"}, Author: "田中",
		Date: day(2024, 3, 10), Text: "新しいコーヒーを飲みました。時々ゲームもします。"},
	{ID: "ko-news", Title: "서울 뉴스", Categories: []string{"社交媒体", "한국"}, Author: "김민수",
		Date: day(2024, 3, 12), Text: "서울에서 새로운 기술을 발표했습니다."},
	{ID: "en-rates", Title: "Central Bank Raises Interest Rates", Categories: []string{"传统媒体", "BBC", "Business"}, Author: "Jane Doe",
		Date: day(2024, 3, 14), Text: "The central bank raised interest rates again, citing inflation. Investors were not surprised."},
	{ID: "en-phone", Title: "Apple releases a new iPhone", Categories: []string{"科技", "The Verge"}, Author: "John Smith",
		Date: day(2024, 2, 1), Text: "The iPhone 15 is faster. Rates of adoption are high; interest in the phone is strong."},
	{ID: "mixed", Title: "ＩＰＨＯＮＥ手机销量", Categories: []string{"科技", "36氪"}, Author: "",
		Date: day(2024, 3, 15), Text: "苹果iPhone手机在中国的销量上涨，5G网络普及。email: e-mail@example.com"},
	{ID: "old", Title: "企业年会", Categories: []string{"金融"}, Author: "韩俊",
		Date: day(2020, 1, 1), Text: "年会在上海举行。"},
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 30, 0, 0, time.UTC) }

func init() {
	for i := range fixtures {
		fixtures[i].Version = "1"
		fixtures[i].Path = "source/_posts/" + fixtures[i].ID + ".md"
	}
}

// marks is the read state of the tests.
type marks struct{ read, starred map[string]bool }

func (m marks) Read(id string) bool    { return m.read[id] }
func (m marks) Starred(id string) bool { return m.starred[id] }

var testMarks = marks{
	read:    map[string]bool{"zh-corp": true, "en-rates": true},
	starred: map[string]bool{"ja-coffee": true, "zh-corp": true},
}

func TestSearch(t *testing.T) {
	ix := openIndex(t, fixtures...)
	tests := []struct {
		name, query string
		want        []string
	}{
		{"two ideographs", "企业", []string{"old", "zh-corp", "zh-wrap"}},
		{"a name of two", "韩俊", []string{"old", "zh-corp"}},
		{"one ideograph", "韩", []string{"old", "zh-corp", "zh-sports", "zh-wrap"}},
		{"one ideograph, last of its run", "业", []string{"old", "zh-corp", "zh-wrap"}},
		{"three ideographs, across a wrapped line", "中小企业", []string{"zh-wrap"}},
		{"a blank line ends a run", "韩俊杰", nil},
		{"long substring", "国家统计局数据显示", []string{"zh-corp"}},
		{"substring inside a word", "家统", []string{"zh-corp"}},
		{"not a substring", "企发", nil},
		{"quoted Chinese", `"统计局"`, []string{"zh-corp"}},
		{"english word", "interest", []string{"en-phone", "en-rates"}},
		{"case", "INTEREST", []string{"en-phone", "en-rates"}},
		{"english phrase", `"interest rates"`, []string{"en-rates"}},
		{"words in any order", "rates interest", []string{"en-phone", "en-rates"}},
		{"prefix", "infla*", []string{"en-rates"}},
		{"prefix of a word only", "nflation", nil},
		{"full width", "ｉｐｈｏｎｅ", []string{"en-phone", "mixed"}},
		{"full width indexed", "iphone手机", []string{"mixed"}},
		{"half-width kana", "ｺｰﾋｰ", []string{"ja-coffee"}},
		{"katakana", "コーヒー", []string{"ja-coffee"}},
		{"kanji", "東京", []string{"ja-coffee"}},
		{"iteration mark", "時々", []string{"ja-coffee"}},
		{"hangul", "서울", []string{"ko-news"}},
		{"hangul substring", "기술", []string{"ko-news"}},
		{"exclusion", "企业 -韩俊", []string{"zh-wrap"}},
		{"NOT", "企业 NOT 韩俊", []string{"zh-wrap"}},
		{"exclusion only", "-企业", []string{"en-phone", "en-rates", "ja-coffee", "ko-news", "mixed", "zh-sports"}},
		{"excluded phrase", `interest -"interest rates"`, []string{"en-phone"}},
		{"or", "コーヒー OR 서울", []string{"ja-coffee", "ko-news"}},
		{"or binds tighter", "企业 年会 OR 融资", []string{"old", "zh-wrap"}},
		{"group", "(年会 OR 融资) 企业", []string{"old", "zh-wrap"}},
		{"title", "title:企业", []string{"old", "zh-corp"}},
		{"title phrase", `title:"interest rates"`, []string{"en-rates"}},
		{"source, any level", "source:新浪", []string{"zh-corp", "zh-sports"}},
		{"source, third level", "source:国內", []string{"zh-corp"}},
		{"source, full width dash", "source:新浪财经-国內", []string{"zh-corp"}},
		{"source, half-width kana", "source:アニメ", []string{"ja-coffee"}},
		{"source, latin", "source:bbc", []string{"en-rates"}},
		{"author", "author:韩俊", []string{"old", "zh-corp"}},
		{"author, latin", "author:smith", []string{"en-phone"}},
		{"field group", "title:(篮球 OR 企业)", []string{"old", "zh-corp", "zh-sports"}},
		{"field is not body", "title:统计", nil},
		{"since", "企业 since:2024-01-01", []string{"zh-corp", "zh-wrap"}},
		{"until", "企业 until:2020-01-01", []string{"old"}},
		{"since with time", `since:"2024-03-14 09:30"`, []string{"en-rates", "mixed"}},
		{"relative: 3d is three days before now", "since:3d", []string{"en-rates", "mixed"}},
		{"today", "since:today", []string{"mixed"}},
		{"yesterday", "until:yesterday since:yesterday", []string{"en-rates"}},
		{"weeks", "since:2w -企业", []string{"en-rates", "ja-coffee", "ko-news", "mixed"}},
		{"starred", "is:starred", []string{"ja-coffee", "zh-corp"}},
		{"unread", "企业 is:unread", []string{"old", "zh-wrap"}},
		{"read", "is:read", []string{"en-rates", "zh-corp"}},
		{"not starred", "企业 -is:starred", []string{"old", "zh-wrap"}},
		{"hyphenated", "e-mail", []string{"mixed"}},
		{"number", "5g", []string{"mixed"}},
		{"AND and a group", `企业 AND (发展) title:企业*`, []string{"zh-corp"}},
		{"NEAR is a word", `企业 NEAR(发展)`, nil},
		{"punctuation in words", "企业！！", []string{"old", "zh-corp", "zh-wrap"}},
		{"unclosed quote", `"interest rat`, nil},
		{"phrase prefix", `"interest rat"*`, []string{"en-rates"}},
		{"unclosed group", "(企业 OR 融资", []string{"old", "zh-corp", "zh-wrap"}},
		{"trailing OR", "コーヒー OR", []string{"ja-coffee"}},
		{"fts5 syntax", `^企业 + : * {title}:`, nil},
		{"fts5 punctuation", `^企业 + : *`, []string{"old", "zh-corp", "zh-wrap"}},
		{"quotes inside", `"企"业"`, []string{"old", "zh-corp", "zh-wrap"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(t, ix, tt.query, Options{Marks: testMarks})
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s: got %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestSyntaxErrors(t *testing.T) {
	ix := openIndex(t, fixtures...)
	tests := []struct{ query, msg string }{
		{"", "nothing to search for"},
		{"   ", "nothing to search for"},
		{"！？。…", "nothing to search for"},
		{`"" () -`, "nothing to search for"},
		{"*", "nothing to search for"},
		{"a OR OR b", "OR needs a term after it"},
		{"OR a", "OR needs a term before it"},
		{"(OR a)", "OR needs a term before it"},
		{"a )", "a ) without its ("},
		{"a -b OR c", "excluded term cannot be one side of OR"},
		{"a OR since:today", "cannot be one side of OR"},
		{"since:today OR a", "cannot be one side of OR"},
		{"(since:today) OR a", "cannot be one side of OR"},
		{"a OR (b is:read)", "cannot be one side of OR"},
		{"since:tomorrow", "is not a date"},
		{"since:2024-02-30", "is not a date"},
		{"until:2020-01-01 since:2021-01-01", "is after until"},
		{"-since:3d", "cannot be excluded"},
		{"is:new", "is: takes read, unread, starred or unstarred"},
		{"is:read is:unread", "contradicts"},
		{"title: 企业", "title: needs a word"},
		{"a -(-b -c)", "only excludes"},
		{strings.Repeat("(", 40) + "a", "nested more than"},
		{strings.Repeat("经济", 5000), "too long"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.query, ParseOptions{Now: now})
		var se *SyntaxError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("Parse(%.40q) = %v, want a syntax error saying %q", tt.query, err, tt.msg)
		}
	}
	// is: without the read state is a clear error, not an empty result.
	if _, err := ix.Search(context.Background(), parse(t, "is:unread"), Options{}); !errors.Is(err, ErrNoMarks) {
		t.Errorf("is:unread without marks: %v, want ErrNoMarks", err)
	}
}

// TestHostileQueries runs queries made to break the SQL: each either
// searches or is refused with a message in words, never an SQL error.
func TestHostileQueries(t *testing.T) {
	ix := openIndex(t, fixtures...)
	queries := []string{
		`"`, `""`, `"""`, `'`, `\`, `*`, `**`, `-`, `--`, `-"`, `()`, `)(`, `(((`, `:`, `title:`, `title:"`, `title:(`,
		`NEAR(a b, 2)`, `a NOT`, `NOT`, `AND`, `a AND`, `OR`, `^a`, `a + b`, `{title body}: a`, `title:a:b`, `a * b`,
		`"a" OR "b" NOT "c" AND ("d")`, `col:x`, `rowid:1`, `rank:1`, `'; DROP TABLE search_docs; --`, `") OR 1=1 --`,
		"\x00", "a\x00b", "\xff\xfe", "企\u200b业", "e\u0301", "\u202eabc", strings.Repeat(`"a" `, 300),
		strings.Repeat("a OR ", 200) + "b", strings.Repeat("-x ", 300) + "y", strings.Repeat("x", 10000),
		strings.Repeat("企业 ", 2000), strings.Repeat(`NEAR("`, 100), strings.Repeat("title:", 100) + "a",
	}
	for _, q := range queries {
		p, err := Parse(q, ParseOptions{Now: now})
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Errorf("Parse(%.40q): %v is not a syntax error", q, err)
			}
			if strings.Contains(strings.ToLower(err.Error()), "fts5") || strings.Contains(err.Error(), "SQL") {
				t.Errorf("Parse(%.40q): %v speaks of the engine", q, err)
			}
			continue
		}
		if _, err := ix.Search(context.Background(), p, Options{Marks: testMarks}); err != nil {
			t.Errorf("Search(%.40q): %v", q, err)
		}
	}
	// The tables are all still there.
	if n, err := ix.Len(context.Background()); err != nil || n != len(fixtures) {
		t.Errorf("after the hostile queries: %d articles, %v", n, err)
	}
}

// TestLongQuery searches for a 10,000-character text: a pasted paragraph
// is refused with a message, 10,000 characters of one word are searched.
func TestLongQuery(t *testing.T) {
	ix := openIndex(t, fixtures...)
	var b strings.Builder
	for b.Len() < 10000*3 {
		b.WriteString("大型企业的发展离不开创新")
	}
	long := string([]rune(b.String())[:10000])
	if _, err := Parse(long, ParseOptions{}); err == nil || !strings.Contains(err.Error(), "too long") {
		t.Errorf("a 10,000-character Chinese query: %v, want too long", err)
	}
	latin := strings.Repeat("x", 10000)
	if got := ids(t, ix, latin, Options{}); got != nil {
		t.Errorf("10,000 x: %v", got)
	}
	words := strings.TrimSpace(strings.Repeat("interest ", 999))
	if got := ids(t, ix, words, Options{}); !slices.Equal(got, []string{"en-phone", "en-rates"}) {
		t.Errorf("999 times interest: %v", got)
	}
}

func TestRanking(t *testing.T) {
	docs := []Doc{
		{ID: "body-old", Title: "日报", Date: day(2024, 1, 1), Text: "今天讨论芯片的问题。"},
		{ID: "title", Title: "芯片产业", Date: day(2023, 1, 1), Text: "今天讨论芯片的问题。"},
		{ID: "body-new", Title: "日报", Date: day(2024, 2, 1), Text: "今天讨论芯片的问题。"},
		{ID: "none", Title: "日报", Date: day(2024, 3, 1), Text: "今天讨论别的问题。"},
	}
	for i := range docs {
		docs[i].Version, docs[i].Path = "1", docs[i].ID+".md"
	}
	ix := openIndex(t, docs...)
	order := func(sort Sort) []string {
		res, err := ix.Search(context.Background(), parse(t, "芯片"), Options{Sort: sort})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, h.ID)
		}
		for i := 1; i < len(res.Hits); i++ {
			if sort == Relevance && res.Hits[i].Score > res.Hits[i-1].Score {
				t.Errorf("scores rise: %v", res.Hits)
			}
		}
		return out
	}
	if got, want := order(Relevance), []string{"title", "body-new", "body-old"}; !slices.Equal(got, want) {
		t.Errorf("by relevance: %v, want %v (the title first, then the newer of equals)", got, want)
	}
	if got, want := order(Newest), []string{"body-new", "body-old", "title"}; !slices.Equal(got, want) {
		t.Errorf("newest first: %v, want %v", got, want)
	}
}

func TestPages(t *testing.T) {
	var docs []Doc
	for i := range 30 {
		docs = append(docs, Doc{ID: string(rune('a'+i%26)) + string(rune('a'+i/26)), Version: "1", Path: "p.md", Title: "新闻", Date: day(2024, 1, 1+i), Text: "企业"})
	}
	ix := openIndex(t, docs...)
	var seen []string
	for off := 0; off < 40; off += 7 {
		res, err := ix.Search(context.Background(), parse(t, "企业"), Options{Sort: Newest, Limit: 7, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 30 {
			t.Errorf("offset %d: total %d, want 30", off, res.Total)
		}
		for _, h := range res.Hits {
			seen = append(seen, h.ID)
		}
	}
	if len(seen) != 30 {
		t.Errorf("pages of 7 gave %d articles, want 30", len(seen))
	}
	if slices.Sort(seen); len(slices.Compact(seen)) != 30 {
		t.Errorf("pages repeat articles")
	}
	// Paging with is: filters, which are applied outside SQL.
	res, err := ix.Search(context.Background(), parse(t, "企业 is:unread"), Options{Limit: 5, Offset: 25, Marks: testMarks})
	if err != nil || res.Total != 30 || len(res.Hits) != 5 {
		t.Errorf("filtered page: %v, %+v", err, res)
	}
}

func TestCategoryOption(t *testing.T) {
	ix := openIndex(t, fixtures...)
	tests := []struct {
		cat  []string
		want []string
	}{
		{[]string{"金融"}, []string{"old", "zh-corp"}},
		{[]string{"金融", "新浪财经"}, []string{"zh-corp"}},
		{[]string{"金融", "新浪财经", "新浪财经-国內"}, []string{"zh-corp"}},
		{[]string{"金"}, nil},
		{[]string{"传统媒体"}, []string{"zh-wrap"}},
	}
	for _, tt := range tests {
		if got := ids(t, ix, "企业 OR 年会 OR 融资", Options{Category: tt.cat}); !slices.Equal(got, tt.want) {
			t.Errorf("category %v: %v, want %v", tt.cat, got, tt.want)
		}
	}
	if got := ids(t, ix, "since:2024-03-14", Options{Category: []string{"传统媒体"}}); !slices.Equal(got, []string{"en-rates"}) {
		t.Errorf("filters only, with a category: %v", got)
	}
}

func TestHits(t *testing.T) {
	ix := openIndex(t, fixtures...)
	res, err := ix.Search(context.Background(), parse(t, "企业 发展"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("hits: %+v", res.Hits)
	}
	h := res.Hits[0]
	want := fixtures[0]
	if h.ID != want.ID || h.Path != want.Path || h.Title != want.Title || h.Author != want.Author ||
		!h.Date.Equal(want.Date) || !slices.Equal(h.Categories, want.Categories) || h.Score <= 0 {
		t.Errorf("hit %+v does not carry the article's fields", h)
	}
	if got := marked(h.Title, h.TitleMatches); got != "中国[企业][发展]报告" {
		t.Errorf("title matches: %s", got)
	}
	if got := marked(h.Snippet.Text, h.Snippet.Matches); got != "大型[企业]的[发展]离不开创新。国家统计局数据显示，今年经济增长稳定。" {
		t.Errorf("snippet: %s", got)
	}
}

// marked puts the ranges of s between [ and ], as a pipe shows them.
func marked(s string, rs []Range) string { return Mark(s, rs, "[", "]") }

// TestRankLimit ranks only the newest matches: the rest follow newest
// first, and pages over the boundary neither skip nor repeat.
func TestRankLimit(t *testing.T) {
	var docs []Doc
	for i := range 30 {
		d := Doc{ID: fmt.Sprintf("r%02d", i), Version: "1", Path: "p.md", Title: "新闻", Date: day(2024, 1, 1+i), Text: "企业"}
		if i%3 == 0 {
			d.Title = "企业新闻" // better matches, among old and new
		}
		docs = append(docs, d)
	}
	ix := openIndex(t, docs...)
	ctx := context.Background()
	for _, marks := range []struct {
		query string
		m     Marks
	}{{"企业", nil}, {"企业 is:unread", testMarks}} {
		var got []Hit
		for off := 0; off < 30; off += 7 {
			res, err := ix.Search(ctx, parse(t, marks.query), Options{RankLimit: 10, Limit: 7, Offset: off, Marks: marks.m})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != 30 || res.Ranked != 10 {
				t.Fatalf("%s: total %d, ranked %d", marks.query, res.Total, res.Ranked)
			}
			got = append(got, res.Hits...)
		}
		if order, want := hitIDs(got), rankedTen("r"); !slices.Equal(order, want) {
			t.Errorf("%s: %v\nwant %v", marks.query, order, want)
		}
		for i, h := range got {
			if (i < 10) != (h.Score > 0) {
				t.Errorf("%s: %s has score %v", marks.query, h.ID, h.Score)
			}
		}
	}
	// Without a limit every match is ranked: an old title match first.
	res, err := ix.Search(ctx, parse(t, "企业"), Options{RankLimit: -1, Limit: 1})
	if err != nil || res.Ranked != 30 || res.Hits[0].ID != "r27" {
		t.Errorf("unlimited: %+v, %v", res, err)
	}
}

// rankedTen is the order of 30 articles prefix00 to prefix29, oldest
// first, every third with its match in the title too, when the ten newest
// are ranked: the title matches 27, 24 and 21 first, newest first among
// equals, then the rest of the ten; then 19 down to 00, newest first.
func rankedTen(prefix string) []string {
	var want []string
	for _, i := range []int{27, 24, 21, 29, 28, 26, 25, 23, 22, 20} {
		want = append(want, fmt.Sprintf("%s%02d", prefix, i))
	}
	for i := 19; i >= 0; i-- {
		want = append(want, fmt.Sprintf("%s%02d", prefix, i))
	}
	return want
}

func hitIDs(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.ID)
	}
	return out
}

// TestHitsAreSafe indexes fields with terminal escapes: what comes back
// prints none.
func TestHitsAreSafe(t *testing.T) {
	ix := openIndex(t, Doc{ID: "x", Version: "1", Path: "x.md", Title: "企业\x1b[2J新闻\u202e", Categories: []string{"金融\x07"},
		Author: "王\x9b31m", Date: day(2024, 1, 1), Text: "企业\x1b]8;;http://x\x07链接"})
	res, err := ix.Search(context.Background(), parse(t, "企业"), Options{})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("%+v, %v", res, err)
	}
	h := res.Hits[0]
	for _, s := range []string{h.Title, h.Author, h.Categories[0], h.Snippet.Text} {
		if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r >= 0x7f && r <= 0x9f || r == 0x202e }) {
			t.Errorf("%q reaches the terminal", s)
		}
	}
	if got := marked(h.Title, h.TitleMatches); got != "[企业][2J新闻" {
		t.Errorf("title %q", got)
	}
}

// phraseDocs are 30 articles with the phrase 居民消费价格, the newest
// last, every third with it in the title too, and 10 newer ones with
// its tokens apart, which rankExpr's token matches but the phrase not.
func phraseDocs() []Doc {
	var docs []Doc
	for i := range 30 {
		d := Doc{ID: fmt.Sprintf("p%02d", i), Version: "1", Path: "p.md", Title: "新闻", Date: day(2024, 1, 1+i), Text: "全国居民消费价格同比上涨"}
		if i%3 == 0 {
			d.Title = "居民消费价格新闻"
		}
		docs = append(docs, d)
	}
	for i := range 10 {
		docs = append(docs, Doc{ID: fmt.Sprintf("t%02d", i), Version: "1", Path: "t.md", Title: "居民新闻",
			Date: day(2024, 2, 1+i), Text: "居民的消费与价格，居民"})
	}
	return docs
}

// TestPhraseRanking ranks a phrase by its longest token: the articles
// found are still the phrase's alone, the title matches first, and
// pages over the ranked ones neither skip nor repeat. A phrase ranks
// half as many as a word (phraseRankShare).
func TestPhraseRanking(t *testing.T) {
	ix := openIndex(t, phraseDocs()...)
	ctx := context.Background()
	for _, query := range []string{"居民消费价格", `"居民消费价格"`, "居民消费价格 -工业", "title:居民消费价格 OR 上涨"} {
		var got []Hit
		for off := 0; off < 40; off += 7 {
			res, err := ix.Search(ctx, parse(t, query), Options{RankLimit: 20, Limit: 7, Offset: off})
			if err != nil {
				t.Fatalf("%s: %v", query, err)
			}
			if res.Ranked != 10 || res.Total < 10 {
				t.Fatalf("%s: total %d, ranked %d", query, res.Total, res.Ranked)
			}
			got = append(got, res.Hits...)
		}
		// None of t00-t09, which have the tokens apart.
		if order, want := hitIDs(got), rankedTen("p"); !slices.Equal(order, want) {
			t.Errorf("%s: %v\nwant %v", query, order, want)
		}
		for i := 1; i < 10; i++ {
			if got[i].Score > got[i-1].Score || got[i].Score <= 0 {
				t.Errorf("%s: scores %v then %v", query, got[i-1].Score, got[i].Score)
			}
		}
	}
	// Every match ranked: the title matches, old and new, first.
	res, err := ix.Search(ctx, parse(t, "居民消费价格"), Options{RankLimit: -1, Limit: 10})
	if err != nil || res.Ranked != 30 || res.Total != 30 || res.More {
		t.Fatalf("unlimited: %+v, %v", res, err)
	}
	for i, h := range res.Hits {
		if (h.Title == "居民消费价格新闻") != (i < 10) {
			t.Errorf("unlimited: hit %d is %s, %q", i, h.ID, h.Title)
		}
	}
}

// TestPhraseCount counts a phrase's matches up to the count limit, or
// to the end of the page, and says when there are more.
func TestPhraseCount(t *testing.T) {
	ix := openIndex(t, phraseDocs()...)
	ctx := context.Background()
	tests := []struct {
		query string
		opts  Options
		total int
		more  bool
		hits  int
	}{
		{"居民消费价格", Options{Sort: Newest, CountLimit: 5, Limit: 3}, 5, true, 3},
		{"居民消费价格", Options{Sort: Newest, CountLimit: 5, Limit: 3, Offset: 10}, 13, true, 3},
		{"居民消费价格", Options{Sort: Newest, CountLimit: 5, Limit: 50}, 30, false, 30},
		{"居民消费价格", Options{Sort: Newest, CountLimit: 40, Limit: 3}, 30, false, 3},
		// Ranked: every match ranked is every match counted.
		{"居民消费价格", Options{CountLimit: 5, Limit: 3}, 30, false, 3},
		// Counted at least as far as ranked, which for a phrase is half
		// the rank limit.
		{"居民消费价格", Options{CountLimit: 2, RankLimit: 8, Limit: 3}, 4, true, 3},
		// Words are counted whole, whatever the limit.
		{"居民", Options{Sort: Newest, CountLimit: 5, Limit: 3}, 40, false, 3},
		{"居民 价格", Options{CountLimit: 5, RankLimit: 8, Limit: 3}, 40, false, 3},
	}
	for _, tt := range tests {
		res, err := ix.Search(ctx, parse(t, tt.query), tt.opts)
		if err != nil {
			t.Fatalf("%s %+v: %v", tt.query, tt.opts, err)
		}
		if res.Total != tt.total || res.More != tt.more || len(res.Hits) != tt.hits {
			t.Errorf("%s %+v: total %d, more %v, %d hits; want %d, %v, %d", tt.query, tt.opts, res.Total, res.More, len(res.Hits), tt.total, tt.more, tt.hits)
		}
	}
}

func TestRankExpr(t *testing.T) {
	tests := []struct{ query, want string }{
		{"企业", ""},
		{"iphon*", ""},
		{"-居民消费价格", ""},
		{"居民消费价格", `"居民"`},
		{`"interest rate" -bank`, `("interest")`},
		{`"new iphon"*`, `"iphon" *`},
		{`title:"rate cut" OR 企业`, `({title} : "rate" OR "企业")`},
		{"居民消费价格 -(工业 OR 生产者价格)", `("居民")`},
	}
	for _, tt := range tests {
		if got := parse(t, tt.query).rankExpr(); got != tt.want {
			t.Errorf("rankExpr(%s) = %s, want %s", tt.query, got, tt.want)
		}
	}
}

// TestHugeLimit asks for every result after the first with the largest
// Limit there is: Offset+Limit must not overflow into a page that stops
// at the ranked ones, or a count that stops short.
func TestHugeLimit(t *testing.T) {
	ix := openIndex(t, phraseDocs()...)
	ctx := context.Background()
	for _, tt := range []struct {
		query string
		total int
	}{{"居民", 40}, {"居民消费价格", 30}} {
		for _, opts := range []Options{
			{Limit: math.MaxInt, Offset: 1, RankLimit: 4},
			{Limit: math.MaxInt, Offset: 1, Sort: Newest, CountLimit: 3},
			{Limit: math.MaxInt - 1, Offset: 2, RankLimit: 4, CountLimit: 3},
		} {
			res, err := ix.Search(ctx, parse(t, tt.query), opts)
			if err != nil {
				t.Fatalf("%s %+v: %v", tt.query, opts, err)
			}
			if want := tt.total - opts.Offset; len(res.Hits) != want || res.Total != tt.total || res.More {
				t.Errorf("%s %+v: %d hits, total %d, more %v; want %d of %d", tt.query, opts, len(res.Hits), res.Total, res.More, want, tt.total)
			}
		}
		res, err := ix.Search(ctx, parse(t, tt.query), Options{Limit: 10, Offset: math.MaxInt})
		if err != nil || len(res.Hits) != 0 {
			t.Errorf("%s at the largest offset: %v, %v", tt.query, res, err)
		}
	}
}
