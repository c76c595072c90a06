// Package feedtest generates large archives in the crawler's layout and
// format, for the benchmarks of feed and of the packages built on it, and
// helps their tests write archives at rest.
package feedtest

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Archive returns a generated archive of n articles. It is written once
// into $NEWSREADER_BENCH_ARCHIVE when that is set (for the size the caller
// asks), else into newsreader-bench-N in the system's temporary folder, and
// reused while its marker says it is complete. Writing 100,000 articles
// takes about a minute and 600 MB; 1,000,000 take ten times that.
func Archive(tb testing.TB, n int) string {
	tb.Helper()
	dir := os.Getenv("NEWSREADER_BENCH_ARCHIVE")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), fmt.Sprintf("newsreader-bench-%d", n))
	}
	marker := filepath.Join(dir, ".complete-v1")
	if _, err := os.Stat(marker); err == nil {
		return dir
	}
	tb.Logf("writing %d articles to %s", n, dir)
	if err := os.RemoveAll(dir); err != nil {
		tb.Fatal(err)
	}
	if err := WriteArchive(dir, n); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(marker, nil, 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// WriteArchive writes n articles into dir in the crawler's layout and
// format, with its mix of variants: RFC 1123 and zoneless dates, quote-run
// titles that YAML rejects, invalid dates, short and long bodies. The same
// n always gives the same files.
func WriteArchive(dir string, n int) error {
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
		if err := os.WriteFile(p, File(front.String(), body), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// File is an article file in the crawler's format: a blank line, the
// front matter lines, and a body.
func File(front, body string) []byte {
	return []byte("\n---\n" + front + "---\n\n<div>   \n" + body + "\n</div>\n            ")
}

// SettleFolders makes every folder under dir an hour old. A reconcile
// cannot trust the time of a folder changed a moment ago, and lists it
// again every time; tests that write files with old times settle their
// folders too, to see what a reconcile does with an archive at rest.
func SettleFolders(tb testing.TB, dir string) {
	tb.Helper()
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		tb.Fatal(err)
	}
}
