package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// The generator writes articles that look like the archive's to a search
// engine: mostly Chinese, words drawn with Zipf's law so that a few are
// everywhere and most are rare, sentences and paragraphs, some Latin
// names and numbers inside Chinese text, a quarter of the articles in
// English. Bodies average about 2 KB of text, as the corpus's do.

// hanzi are common characters, for made-up words; realWords are words
// the benchmarks search for, among others.
const hanzi = "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感见明问力理尔点文几定本公特做外孩相西果走将月十实向声车全信重三机工物气每并别真打太新比才便夫再书部水像眼等体却加电主界门利海受听表德少克代员许稜先口由死安写性马光白或住难望教命花结乐色更拉东神记处让母父应直字场平报友关放至张认接告入笑内英军候民岁往何度山觉路带万男边风解叫任金快原吃妈变通师立象数四失满战远格士音轻目条呢病始达深完今提求清王化空业思切怎非找片罗钱紶吗语元喜曾离飞科言干流欢约各即指合反题必该论交终林请医晚制球决窢传画保读运及则房早院量苦火布品近坐产答星精视五连司巴奇管类未朋且婚台夜青北队久乎越观落尽形影红爸百令周吧识步希亚术留市半热送兴造谈容极随演收首根讲整式取照办强石古华諣拿计您装似足双妻尼转诉米称丽客南领节衣站黑刻统断福城故历惊脸选包紧争另建维绝树系伤示愿持千史谁准联妇纪基买志静阿诗独复痛消社算义竟确酒需单治卡幸兰念举仅钟怕共毛句息功官待究跟穿室易游程号居考突皮哪费倒价图具刚脑永歌响商礼细专黄块脚味灵改据般破引食仍存众注笔甚某沉血备习校默务土微娘须试怀料调广蜖苏显赛查密议底列富梦错座参八除跑亮假印设线温虽掉京初养香停际致阳纸李纳验助激够严证帝饭忘趣支春集丈木研班普导顿睡展跳获艺六波察群皇段急庭创区奥器谢弟店否害草排背止组州朝封睛板角况曲馆育忙质河续哥呼若推境遇雨标姐充围案伦护冷警贝著雪索剧啊船险烟依斗值帮汉慢佛肯闻唱沙局伯族低玩资屋击速顾泪洲团圣旁堂兵七露园牛哭旅街劳型烈姑陈莫鱼异抱宝权鲁简态级票怪寻杀律胜份汽右洋范床舞秘午登楼贵吸责例追较职属渐左录丝牙党继托赶章智冲叶胡吉卖坚喝肉遗救修松临藏担戏善卫药悲敢靠伊村戴词森耳差短祖云规窗散迷油旧适乡架恩投弹铁博雷府压超负勒杂醒洗采毫嘴毕九冰既状乱景席珍童顶派素脱农疑练野按犯拍征坏骨余承置彩灯巨琴免环姆暗换技翻束增忍餐洛塞缺忆判欧层付阵玛批岛项狗休懂武革良恶恋委拥娜妙探呀营退摇弄桌熟诺宣银势奖宫忽套康供优课鸟喊降夏困刘罪亡鞋健模败伴守挥鲜财孤枪禁恐伙杰迹妹選遍盖副坦牌江顺秋萨菜划授归浪听凡预奶雄升碃编典袋莱含盛济蒙棋端腿招释介烧误"

var realWords = []string{
	"企业", "发展", "经济", "市场", "公司", "政府", "国家", "中国", "美国", "技术", "投资", "银行", "增长", "数据", "报告",
	"记者", "消息", "今年", "去年", "同比", "上涨", "下降", "价格", "消费", "产品", "服务", "平台", "用户", "网络", "手机",
	"人工智能", "新能源", "汽车", "电池", "芯片", "半导体", "互联网", "疫情", "防控", "医院", "学生", "学校", "教育", "文化", "旅游",
	"国家统计局", "居民", "收入", "就业", "政策", "改革", "创新", "研究", "科学", "专家", "表示", "认为", "指出", "发布", "宣布",
	"动漫", "番剧", "游戏", "玩家", "声优", "演唱会", "电影", "音乐", "比赛", "球队", "篮球", "足球", "体育", "运动员", "冠军",
	"上海", "北京", "深圳", "广州", "香港", "台湾", "日本", "韩国", "欧洲", "全球", "国际", "地区", "城市", "农村", "社会",
	"アニメ", "ゲーム", "コーヒー", "東京", "発表", "한국", "서울", "뉴스",
}

var latinInChinese = []string{"iPhone", "AI", "GDP", "5G", "CEO", "App", "NBA", "Apple", "Tesla", "ChatGPT", "2022", "2023", "100", "3.5%"}

var englishWords = strings.Fields(`the of and to a in is that for it as was with be by on not he this are or his from at which but have an they
you were her she there been one all we their has would when if so no will can more about its said market company people year new time
government economy growth report data bank investment price prices rates interest inflation energy technology phone apple tesla chip
research science study students school health hospital city world global china chinese american europe trade policy reform business
sales revenue profit quarter percent million billion shares stock investors analysts according first last week month years service
users platform network online digital software model intelligence artificial electric vehicle battery game players team season
match league music film festival culture travel weather climate water food public security court law president minister official`)

// rareName is in about one article in two thousand: a rare query.
const rareName = "韩俊"

// corpus is the generator's vocabulary, shared by all articles; each
// article draws from its own random stream, seeded by its number, so that
// article i is the same whatever order and goroutine makes it.
type corpus struct {
	made    []string // made-up Chinese words
	sources [][]string
	seed    uint64
}

func newCorpus(seed uint64) *corpus {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	hz := []rune(hanzi)
	chars := rand.NewZipf(r, 1.05, 4, uint64(len(hz)-1))
	c := &corpus{seed: seed}
	for range 6000 {
		n := 2
		if r.IntN(4) == 0 {
			n = 1 + r.IntN(3)
		}
		var b strings.Builder
		for range n {
			b.WriteRune(hz[chars.Uint64()])
		}
		c.made = append(c.made, b.String())
	}
	groups := []string{"金融", "新媒体", "编程", "二次元", "游戏", "传统媒体", "科学期刊", "社交媒体", "博客", "设计", "学习", "阅读", "音视频", "图片"}
	for i := range 120 {
		c.sources = append(c.sources, []string{groups[i%len(groups)], fmt.Sprintf("来源%02d", i), fmt.Sprintf("频道%d", i%5)})
	}
	return c
}

// generator makes one article.
type generator struct {
	*corpus
	r      *rand.Rand
	zh, en *rand.Zipf
}

func (c *corpus) generator(i int) *generator {
	r := rand.New(rand.NewPCG(c.seed, uint64(i)))
	return &generator{
		corpus: c,
		r:      r,
		zh:     rand.NewZipf(r, 1.07, 8, uint64(len(realWords)+len(c.made)-1)),
		en:     rand.NewZipf(r, 1.1, 4, uint64(len(englishWords)-1)),
	}
}

// word is a Chinese word. The real words take the Zipf ranks 100, 105,
// 110, ...: made-up words are the most common ones, as function words are
// in real text, and 企业, the first real word, is in about a fifth of the
// articles, as a common word of news is.
func (g *generator) word() string {
	i := int(g.zh.Uint64())
	if r := i - 100; r >= 0 && r%5 == 0 && r/5 < len(realWords) {
		return realWords[r/5]
	}
	return g.made[i%len(g.made)]
}

func (g *generator) chineseSentence(b *strings.Builder) {
	n := 6 + g.r.IntN(14)
	for i := range n {
		switch {
		case g.r.IntN(60) == 0:
			b.WriteString(latinInChinese[g.r.IntN(len(latinInChinese))])
		default:
			b.WriteString(g.word())
		}
		if i < n-1 && g.r.IntN(6) == 0 {
			b.WriteString("，")
		}
	}
	b.WriteString([]string{"。", "。", "。", "！", "？", "；"}[g.r.IntN(6)])
}

func (g *generator) englishSentence(b *strings.Builder) {
	n := 8 + g.r.IntN(16)
	for i := range n {
		w := englishWords[g.en.Uint64()]
		if i == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
		switch {
		case i == n-1:
			b.WriteString(". ")
		case g.r.IntN(10) == 0:
			b.WriteString(", ")
		default:
			b.WriteByte(' ')
		}
	}
}

// doc makes article number i.
func (c *corpus) doc(i int) Doc {
	g := c.generator(i)
	english := g.r.IntN(4) == 0
	// Log-normal length: most articles short, some long.
	size := int(2000 * g.r.ExpFloat64() * 0.8)
	size = max(200, min(size, 30000))
	var b strings.Builder
	rare := g.r.IntN(2000) == 0 && !english
	for b.Len() < size {
		if rare {
			b.WriteString(rareName)
			rare = false
		}
		sentences := 2 + g.r.IntN(4)
		for range sentences {
			if english {
				g.englishSentence(&b)
			} else {
				g.chineseSentence(&b)
			}
		}
		b.WriteString("\n\n")
	}
	var title strings.Builder
	if english {
		for j := range 4 + g.r.IntN(6) {
			if j > 0 {
				title.WriteByte(' ')
			}
			w := englishWords[g.en.Uint64()]
			title.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	} else {
		for range 3 + g.r.IntN(5) {
			title.WriteString(g.word())
		}
	}
	src := g.sources[g.r.IntN(len(g.sources))]
	date := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.r.Int64N(int64(3 * 365 * 24 * time.Hour))))
	return Doc{
		ID:         fmt.Sprintf("id%07d", i),
		Version:    "1",
		Path:       fmt.Sprintf("source/_posts/%s/%07d.md", strings.Join(src, "/"), i),
		Title:      title.String(),
		Categories: src,
		Author:     src[1],
		Date:       date,
		Text:       b.String(),
	}
}
