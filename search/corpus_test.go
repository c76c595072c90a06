package search

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"newsreader/feed"
	"newsreader/render"
)

const corpusDir = "../../shared/corpus"

// TestCorpus indexes the real corpus as `show --format text` prints it
// and checks, for queries in several scripts, that the articles found
// are exactly those whose text contains the query: as a substring for
// ideographs, wrapped lines ignored; as a word for Latin text, ignoring
// case.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("no corpus at %s", corpusDir)
	}
	ctx := context.Background()
	arch, err := feed.Open(corpusDir, feed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fix, err := arch.Index(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var docs []Doc
	for _, a := range fix.Articles() {
		_, body, err := arch.Load(a.Path)
		if err != nil {
			t.Fatal(err)
		}
		doc := render.Prepare(a, body, render.Options{Location: time.UTC})
		text, err := render.RenderText(doc.Markdown, 80)
		if err != nil {
			t.Fatalf("%s: %v", a.Path, err)
		}
		docs = append(docs, Doc{ID: a.ID, Version: "1", Path: a.Path, Title: a.Title, Categories: a.Categories,
			Author: a.Author, Date: a.Date, Text: text})
	}
	ix := openIndex(t, docs...)
	// What the brute force reads: the text, and the fields, which the
	// text's header shows too.
	whole := make([]Doc, len(docs))
	for i, d := range docs {
		whole[i] = Doc{ID: d.ID, Text: d.Text + "\n\n" + d.Title + "\n\n" + d.Author}
		for _, c := range d.Categories {
			whole[i].Text += "\n\n" + c
		}
	}
	for _, q := range []string{"新浪", "新浪财经", "企业", "中国", "美国", "数据", "的", "日本", "番剧", "声优", "动漫", "图灵奖",
		"アニメ", "イベント", "開催", "公開", "の", "東京"} {
		want := bruteContains(whole, plain(q), Body)
		if got := ids(t, ix, q, Options{}); !slices.Equal(got, want) {
			t.Errorf("%s: found %d %v\nwant %d %v", q, len(got), got, len(want), want)
		}
		t.Logf("%s: %d", q, len(want))
	}
	for _, w := range []string{"google", "the", "paul", "nba", "2022", "essays"} {
		want := bruteWord(whole, w)
		if got := ids(t, ix, w, Options{}); !slices.Equal(got, want) {
			t.Errorf("%s: found %d %v\nwant %d %v", w, len(got), got, len(want), want)
		}
		t.Logf("%s: %d", w, len(want))
	}
}
