package main

import (
	"strings"
	"testing"
	"time"

	"newsreader/render"
)

func TestHTMLPage(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	doc := &render.Document{
		Title:      `<script>alert("标题")</script> & co`,
		Date:       time.Date(2025, 12, 15, 2, 31, 0, 0, time.UTC),
		Categories: []string{"金融", "新浪财经"},
		Author:     "<b>新浪</b>",
		HTML:       "<p>正文。</p>",
	}
	want := `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>&lt;script&gt;alert(&#34;标题&#34;)&lt;/script&gt; &amp; co</title>
</head>
<body>
<article>
<h1>&lt;script&gt;alert(&#34;标题&#34;)&lt;/script&gt; &amp; co</h1>
<p class="meta">2025-12-15 10:31 · 金融 › 新浪财经 · &lt;b&gt;新浪&lt;/b&gt;</p>
<p>正文。</p>
</article>
</body>
</html>
`
	if got := htmlPage(doc, shanghai); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	bare := htmlPage(&render.Document{Title: "t"}, time.UTC)
	if want := "<h1>t</h1>\n\n</article>"; !strings.Contains(bare, want) {
		t.Errorf("an article without date, categories or author has a meta line:\n%s", bare)
	}
}
