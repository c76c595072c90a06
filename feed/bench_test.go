package feed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// benchArticles is the size of the generated archive, as large as the
// archives users keep.
const benchArticles = 100_000

// benchArchive returns a generated archive of benchArticles files. It is
// written once into $NEWSREADER_BENCH_ARCHIVE, or a folder of the system's
// temporary directory, and reused while its marker says it is complete.
func benchArchive(b *testing.B) string {
	b.Helper()
	dir := os.Getenv("NEWSREADER_BENCH_ARCHIVE")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), fmt.Sprintf("newsreader-bench-%d", benchArticles))
	}
	marker := filepath.Join(dir, ".complete-v1")
	if _, err := os.Stat(marker); err == nil {
		return dir
	}
	b.Logf("writing %d articles to %s", benchArticles, dir)
	if err := os.RemoveAll(dir); err != nil {
		b.Fatal(err)
	}
	if err := writeArchive(dir, benchArticles); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// writeArchive writes n articles in the crawler's layout and format, with
// its mix of variants: RFC 1123 and zoneless dates, quote-run titles that
// YAML rejects, invalid dates, short and long bodies.
func writeArchive(dir string, n int) error {
	groups := []string{"金融", "新媒体", "编程", "二次元", "游戏", "社交媒体", "设计", "图片", "学习", "阅读", "音视频", "博客", "传统媒体", "科学期刊"}
	rng := rand.New(rand.NewPCG(1, 2))
	para := "<p>　　据国家统计局消息，1—4月份，全国居民消费价格同比上涨1.4%。4月份，全国居民消费价格同比上涨2.1%，涨幅比上月扩大0.6个百分点。</p>\n"
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		group := groups[i%len(groups)]
		source := fmt.Sprintf("来源%02d", (i/len(groups))%7)
		channel := fmt.Sprintf("频道%d", i%3)
		title := fmt.Sprintf("第%d篇：测试文章标题 %d", i, rng.IntN(1e6))
		date := start.Add(time.Duration(rng.Int64N(int64(5 * 365 * 24 * time.Hour))))
		var front strings.Builder
		quoted := "'" + title + "'"
		if i%10 == 3 {
			quoted = `"""""""` + quoted + `"""""""`
		}
		dateText := date.Format(time.RFC1123)
		switch i % 30 {
		case 1, 2, 5, 8, 13, 21:
			dateText = date.Format("2006-01-02 15:04:05")
		case 17:
			dateText = "Invalid Date"
		}
		fmt.Fprintf(&front, "title: %s\ncategories: \n - %s\n - %s\n - %s\nheadimg: 'https://picsum.photos/400/300?random=%d'\nauthor: %s\ncomments: false\ndate: %s\nthumbnail: 'https://picsum.photos/400/300?random=%d'\n",
			quoted, group, source, channel, i, source, dateText, i)
		body := strings.Repeat(para, 1+rng.IntN(40))
		p := filepath.Join(dir, "source", "_posts", group, source, channel, fmt.Sprintf("%d 测试文章.md", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, article(front.String(), body), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkScan indexes the generated archive, as `newsreader list` does.
// Its floor is testdata/headfloor, which only reads the first 4 KiB of
// every file of the same archive.
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
			for b.Loop() {
				if _, _, err := parse("source/_posts/金融/新浪财经/新浪财经－国內/x.md", data, true, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
