package search

import (
	"slices"
	"strings"
	"testing"
)

func fixtureItems() []Item {
	items := make([]Item, len(fixtures))
	for i, d := range fixtures {
		items[i] = Item{ID: d.ID, Title: d.Title, Categories: d.Categories, Author: d.Author, Date: d.Date}
	}
	return items
}

func TestMatcher(t *testing.T) {
	items := fixtureItems()
	m := NewMatcher(items)
	tests := []struct {
		query string
		want  []string
	}{
		{"新浪", []string{"zh-corp", "zh-sports"}},
		{"企业", []string{"zh-corp", "old"}},
		{"韩俊", []string{"zh-corp", "old"}},
		{"iph", []string{"en-phone", "mixed"}},
		{"ｉｐｈ", []string{"en-phone", "mixed"}},
		{"interest rates", []string{"en-rates"}},
		{"rates interest", []string{"en-rates"}},
		{`"rates interest"`, nil},
		{"source:bbc", []string{"en-rates"}},
		{"author:smith", []string{"en-phone"}},
		{"title:韩俊", nil},
		{"企业 -韩俊", nil},
		{"企业 -年会", []string{"zh-corp"}},
		{"コーヒー OR 서울", []string{"ja-coffee", "ko-news"}},
		{"source:アニメ", []string{"ja-coffee"}},
		{"新浪财经-国內", []string{"zh-corp"}},
		{"新浪财经 国內", []string{"zh-corp"}},
		{"企业 since:2021-01-01", []string{"zh-corp"}},
		{"is:starred", []string{"zh-corp", "ja-coffee"}},
		{"融资", nil}, // in the body only
	}
	for _, tt := range tests {
		got, err := m.Match(parse(t, tt.query), testMarks)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, i := range got {
			ids = append(ids, items[i].ID)
		}
		if !slices.Equal(ids, tt.want) {
			t.Errorf("%s: %v, want %v", tt.query, ids, tt.want)
		}
	}
}

func TestSubstringMatches(t *testing.T) {
	tests := []struct{ query, title, want string }{
		{"iph", "Apple releases a new iPhone", "Apple releases a new [iPh]one"},
		{"ｉｐｈｏｎｅ手机", "ＩＰＨＯＮＥ手机销量", "[ＩＰＨＯＮＥ手机]销量"},
		{"企业 发展", "中国企业发展报告", "中国[企业][发展]报告"},
		{"企 业", "企业企业", "[企][业][企][业]"},
		{"e-mail", "Send e—mail now", "Send [e—mail] now"},
		{"-企业 报告", "中国企业发展报告", "中国企业发展[报告]"},
		{"author:韩俊", "韩俊的报告", "韩俊的报告"},
	}
	for _, tt := range tests {
		q := parse(t, tt.query)
		if got := marked(tt.title, q.SubstringMatches(tt.title, Title)); got != tt.want {
			t.Errorf("%s in %s: %s, want %s", tt.query, tt.title, got, tt.want)
		}
	}
}

func TestHighlight(t *testing.T) {
	tests := []struct{ query, text, want string }{
		{"企业", "大型企业的发展。企业", "大型[企业]的发展。[企业]"},
		{"业", "企业，业务", "企[业]，[业]务"},
		{"中小企业", "中小企\n  业融资", "[中小企\n  业]融资"},
		{"iphon*", "The iPhone and iPhones", "The [iPhone] and [iPhones]"},
		{"ｉｐｈｏｎｅ", "ＩＰＨＯＮＥ 15", "[ＩＰＨＯＮＥ] 15"},
		{`"interest rates"`, "interest rates and rates", "[interest rates] and rates"},
		{"rates -interest", "interest rates", "interest [rates]"},
		{"title:企业", "企业", "企业"},
		{"コーヒー", "ｺｰﾋｰを飲む", "[ｺｰﾋｰ]を飲む"},
		{"㍿", "株式会社", "[株式会社]"},
	}
	for _, tt := range tests {
		h := NewHighlighter(parse(t, tt.query))
		if got := marked(tt.text, h.Matches(tt.text, Body)); got != tt.want {
			t.Errorf("%s in %q: %q, want %q", tt.query, tt.text, got, tt.want)
		}
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("无关的内容。", 40)
	tests := []struct {
		name, query, text, want string
		width                   int
	}{
		{"whole text", "企业", "大型企业的发展。", "大型[企业]的发展。", 40},
		{"from the sentence", "企业", long + "今天企业发展很快，" + long, "…今天[企业]发展很快，无关的内容。无关的内…", 40},
		{"densest window", "企业", "企业。" + long + "企业和企业", "…[企业]和[企业]", 40},
		{"no match shows the start", "title:企业", "开头的文字" + long, "开头的文字无关的内容。无关的内容。无关…", 40},
		{"line breaks and controls", "wrapped", "some\x1b[31m text\n  wrapped\tlines\u202e", "some[31m text [wrapped] lines", 40},
		{"joined ideographs", "中小企业", "  中小企\n  业的融资", "[中小企业]的融资", 40},
		{"near the start", "beta", "alpha beta", "alpha [beta]", 12},
		{"context before a late match", "beta", "alpha gamma delta epsilon beta", "…epsilon [beta]", 16},
		{"not inside a long word", "beta", "alpha gamma deltaepsilonzeta beta", "…[beta]", 16},
		{"match cut at the end", `"alpha beta gamma"`, "alpha beta gamma", "[alpha bet]…", 10},
	}
	for _, tt := range tests {
		q := parse(t, tt.query)
		h := NewHighlighter(q)
		s := makeSnippet(tt.text, h.Matches(tt.text, Body), tt.width)
		if got := marked(s.Text, s.Matches); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
