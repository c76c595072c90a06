package render

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/glamour/v2"

	"newsreader/feed"
)

// benchBodies builds the two benchmark articles from the fixtures: a
// typical one of about 8 KB (five fixtures of different sources in one
// body) and a large one of about 1 MB (the typical body repeated, each copy
// numbered so that no two paragraphs are the same).
func benchBodies(b *testing.B) map[string]string {
	b.Helper()
	var typical strings.Builder
	for _, name := range []string{"sina", "zhihu", "huxiu", "table", "code", "oschina", "woshipm"} {
		data, err := os.ReadFile(filepath.Join("testdata", name+".html"))
		if err != nil {
			b.Fatal(err)
		}
		typical.Write(data)
	}
	var large strings.Builder
	for i := 0; large.Len() < 1<<20; i++ {
		fmt.Fprintf(&large, "<h2>Part %d</h2>\n", i)
		large.WriteString(typical.String())
	}
	return map[string]string{"typical": typical.String(), "large": large.String()}
}

var benchArticle = &feed.Article{Title: "基准测试文章", Categories: []string{"金融", "新浪财经", "新浪财经－国內"}, Author: "新浪财经"}

// BenchmarkRender is the whole pipeline: clean, convert, render at 80
// columns, sanitise.
func BenchmarkRender(b *testing.B) {
	dark, err := LoadStyle("dark")
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []string{"typical", "large"} {
		body := []byte(benchBodies(b)[size])
		b.Run(size, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				doc := Prepare(benchArticle, body, Options{Location: shanghai})
				if _, err := Render(doc.Markdown, 80, dark); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPrepare is cleaning and conversion alone, to compare with the
// glamour baseline.
func BenchmarkPrepare(b *testing.B) {
	for _, size := range []string{"typical", "large"} {
		body := []byte(benchBodies(b)[size])
		b.Run(size, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				Prepare(benchArticle, body, Options{Location: shanghai})
			}
		})
	}
}

// BenchmarkGlamour is the baseline: plain glamour, as glow uses it, on the
// already-converted Markdown, with a new renderer per article.
func BenchmarkGlamour(b *testing.B) {
	for _, size := range []string{"typical", "large"} {
		md := Prepare(benchArticle, []byte(benchBodies(b)[size]), Options{Location: shanghai}).Markdown
		b.Run(size, func(b *testing.B) {
			b.SetBytes(int64(len(md)))
			for b.Loop() {
				r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(80))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := r.Render(md); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
