package feed

import (
	"context"
	"strings"
	"testing"

	"newsreader/feed/feedtest"
)

// benchArticles is the size of the generated archive, as large as the
// archives users keep.
const benchArticles = 100_000

// benchArchive returns the generated archive of benchArticles files.
func benchArchive(b *testing.B) string { return feedtest.Archive(b, benchArticles) }

// BenchmarkScan indexes the generated archive, as `newsreader list` does.
// Its floor is ../shared/bench/floor, which only reads the first 4 KiB
// of every file of the same archive (store's BenchmarkFloor runs it).
func BenchmarkScan(b *testing.B) {
	arch, err := Open(benchArchive(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ix, err := arch.Index(context.Background(), nil)
		if err != nil {
			b.Fatal(err)
		}
		if ix.Files() != benchArticles {
			b.Fatalf("scanned %d files", ix.Files())
		}
	}
}

// BenchmarkParse parses one typical file's head, to profile the parser
// without the file system.
func BenchmarkParse(b *testing.B) {
	for _, bench := range []struct {
		name, title string
	}{
		{"fast", "'1-4月份全国居民消费价格（CPI）同比上涨1.4%'"},
		{"lenient", `"""""""'1-4月份全国居民消费价格（CPI）同比上涨1.4%'"""""""`},
	} {
		data := article("title: "+bench.title+"\ncategories: \n - 金融\n - 新浪财经\n - 新浪财经－国內\nheadimg: 'https://n.sinaimg.cn/finance/a.png'\nauthor: 新浪财经\ncomments: false\ndate: Mon, 16 May 2022 02:27:46 GMT\nthumbnail: 'https://n.sinaimg.cn/finance/a.png'\n",
			strings.Repeat("<p>　　正文正文正文。</p>\n", 200))[:headSize]
		b.Run(bench.name, func(b *testing.B) {
			sc := &scanState{names: map[string]string{}}
			for b.Loop() {
				if _, _, err := parse("source/_posts/金融/新浪财经/新浪财经－国內/x.md", data, sc, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
