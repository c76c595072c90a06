package render

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"newsreader/feed"
	"newsreader/internal/golden"
)

// shanghai is fixed so that the goldens do not depend on the machine's
// zone or tzdata.
var shanghai = time.FixedZone("CST", 8*3600)

// fixtures are written for these tests, each imitating the structure of
// one source of the archive (see ../shared/CORPUS.md); none is a copy of a
// real article.
var fixtures = []struct {
	name       string
	title      string
	categories []string
	author     string
}{
	{"sina", "3月份全国水产品批发价格\"环比\"上涨2.5%", []string{"金融", "新浪财经", "新浪财经－国內"}, "新浪财经"},
	{"oschina", "示例框架 v2.1.0 发布", []string{"编程", "开源中国 - 资讯"}, "开源中国"},
	{"zhihu", "充电口为什么没有中文名字？", []string{"社交媒体", "知乎", "知乎日报"}, "知乎日报"},
	{"juejin", "路由传参的两种方式", []string{"编程", "掘金", "分类"}, "掘金"},
	{"sspai", "你的鼠标指针可以换颜色了", []string{"新媒体", "少数派 sspai", "Matrix"}, "少数派"},
	{"woshipm", "一文读懂 | 后台数据埋点", []string{"新媒体", "人人都是产品经理", "最新文章"}, "人人都是产品经理"},
	{"huxiu", "沉默的平台", []string{"新媒体", "虎嗅", "作者"}, "虎嗅"},
	{"adsense", "示例之书", []string{"阅读", "SoBooks", "首页"}, "SoBooks"},
	{"bangumi", "示例番组｜", []string{"二次元", "Bangumi", "放送列表"}, "Bangumi"},
	{"lazy", "懒加载图片", []string{"金融"}, ""},
	{"video", "发布会视频", []string{"新媒体", "cnBeta", "最新"}, "cnBeta"},
	{"table", "1—11月份示例行业利润", []string{"金融", "新浪财经", "新浪财经－国內"}, "新浪财经"},
	{"code", "198. House Robber", []string{"编程", "LeetCode - 文章"}, "LeetCode"},
	{"intl", "DIALOGUE＋LIVE 夜の部", []string{"二次元", "Eventernote", "声优活动及演唱会"}, "Eventernote"},
	{"hostile", "Hostile \x1b[31mtitle\x1b]0;x\x07", []string{"测试\x9b2J"}, "author\x1b[5m"},
}

var goldenWidths = []int{40, 80, 120}

func prepareFixture(t testing.TB, i int) *Document {
	t.Helper()
	f := fixtures[i]
	body, err := os.ReadFile(filepath.Join("testdata", f.name+".html"))
	if err != nil {
		t.Fatal(err)
	}
	a := &feed.Article{
		ID: "f" + f.name, Path: f.name + ".md", Title: f.title, Categories: f.categories, Author: f.author,
		Date: time.Date(2022, 5, 16, 2, 27, 46, 0, time.UTC),
	}
	return Prepare(a, body, Options{Location: shanghai, HTML: true})
}

func TestGolden(t *testing.T) {
	dark, err := LoadStyle("dark")
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			doc := prepareFixture(t, i)
			golden.Check(t, f.name+".md", doc.Markdown)
			golden.Check(t, f.name+".explain", doc.Explain())
			for _, w := range goldenWidths {
				out, err := Render(doc.Markdown, w, dark)
				if err != nil {
					t.Fatal(err)
				}
				golden.Check(t, fmt.Sprintf("%s.%d.ansi", f.name, w), out)
				checkWidth(t, out, w)
			}
			text, err := RenderText(doc.Markdown, 80)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, f.name+".txt", text)
		})
	}
}

// renderBoth renders Markdown with st and as text, at one width.
func renderBoth(t testing.TB, md string, width int, st *Style) (out, text string) {
	t.Helper()
	out, err := Render(md, width, st)
	if err != nil {
		t.Fatal(err)
	}
	text, err = RenderText(md, width)
	if err != nil {
		t.Fatal(err)
	}
	return out, text
}

// checkWidth fails for a line wider than width cells, East Asian wide
// characters counting two.
func checkWidth(t *testing.T, out string, width int) {
	t.Helper()
	for _, line := range tooWide(out, width) {
		t.Errorf("line of %d cells, more than %d: %q", ansi.StringWidth(line), width, ansi.Strip(line))
	}
}

// linkListLine is a line of the list of links that ends a rendered
// article: a number and a URL, which is never broken, whatever the width.
var linkListLine = regexp.MustCompile(`^ *\[\d+\] \S+$`)

// tooWide returns the lines of rendered output wider than width, but for
// the URLs of the list of links.
func tooWide(out string, width int) []string {
	var wide []string
	inList := false
	for _, line := range strings.Split(out, "\n") {
		plain := ansi.Strip(line)
		switch {
		case strings.TrimSpace(plain) == "Links" || strings.TrimSpace(plain) == "## Links":
			inList = true
		case inList && linkListLine.MatchString(plain):
		case ansi.StringWidth(line) > width:
			wide = append(wide, line)
		}
	}
	return wide
}
