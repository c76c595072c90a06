package ui

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"newsreader/feed"
	"newsreader/store"
)

// TestMeasureScan measures, on a large archive, the time from start to
// the first frame with the tree and the list filled (the first batch of a
// scan; the whole archive from the store) and to the end of the scan, and
// the key-press-to-redraw latency meanwhile: scanned without a store,
// with a store that is empty (cold: it reads every file) and with the
// store that run filled (warm: the first frame is the store's, and the
// archive is reconciled in the background; r starts it again a few
// times, so that enough keys meet it). It only logs figures, and runs
// only when asked:
//
//	NEWSREADER_MEASURE=100000 go test ./ui -run TestMeasureScan -v
//
// generates an archive of that many articles first (a minute or so);
// NEWSREADER_MEASURE_ARCHIVE=/path reuses one.
func TestMeasureScan(t *testing.T) {
	dir := os.Getenv("NEWSREADER_MEASURE_ARCHIVE")
	if n, _ := strconv.Atoi(os.Getenv("NEWSREADER_MEASURE")); n > 0 && dir == "" {
		dir = writeArchive(t, generate(n))
	}
	if dir == "" {
		t.Skip("set NEWSREADER_MEASURE=<articles> or NEWSREADER_MEASURE_ARCHIVE=<folder>")
	}
	arch, err := feed.Open(dir, feed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t, dir)
	measure(t, "no store", Options{Archive: arch, Config: cfg}, 0)
	for _, run := range []struct {
		name    string
		rescans int
	}{{"cold store", 0}, {"warm store", 5}} {
		st, err := store.Open(cfg.StateDir, arch)
		if err != nil {
			t.Fatal(err)
		}
		measure(t, run.name, Options{Archive: arch, Config: cfg, Store: st}, run.rescans)
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// measure runs the interface of opts until its scan or reconcile ends
// (after rescans more, started with r), and logs when the tree and the
// list were first filled, when the scan ended, and the latency of keys
// pressed meanwhile.
func measure(t *testing.T, name string, opts Options, rescans int) {
	m, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	p := &probe{Model: m, changed: make(chan time.Time, 1), full: make(chan time.Time, 1), done: make(chan time.Time, 1)}
	start := time.Now()
	prog, quit := runProgram(p, 100, 30)
	defer func() {
		quit()
		if err := m.finish(); err != nil {
			t.Error(err)
		}
	}()

	// Alternate ] and [, between two categories (the first ones, or
	// those the interface was left at), from the first full frame on, and
	// time each until a frame shows the new title bar.
	full := <-p.full
	var lat []time.Duration
	var done time.Time
	gen := 0
	for i := 0; ; i++ {
		time.Sleep(50 * time.Millisecond)
		select {
		case <-p.changed:
		default:
		}
		k := "]"
		if i%2 == 1 {
			k = "["
		}
		sent := time.Now()
		prog.Send(keyMsg(k))
		select {
		case drawn := <-p.changed:
			lat = append(lat, drawn.Sub(sent))
			continue
		case done = <-p.done:
		}
		if g := p.doneGen(); g > gen && rescans > 0 {
			gen = g
			rescans--
			prog.Send(keyMsg("r"))
			continue
		} else if g <= gen {
			continue // the end of a scan already counted
		}
		break
	}
	t.Logf("%s, %s: tree and list filled %v, scan done %v after start", name, opts.Config.Archive,
		full.Sub(start).Round(time.Millisecond), done.Sub(start).Round(time.Millisecond))
	slices.Sort(lat)
	if len(lat) > 0 {
		t.Logf("%s: key press to redraw during the scan: %d presses, median %v, 90th percentile %v, max %v",
			name, len(lat), lat[len(lat)/2].Round(time.Millisecond), lat[len(lat)*9/10].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
	}
}

// probe is a model that reports when a frame shows a new title bar, when
// the first frame with the tree and the list filled is drawn, and when
// a frame after a scan is, with the scan's generation (doneGen).
type probe struct {
	*Model
	mu      sync.Mutex
	last    string
	changed chan time.Time
	full    chan time.Time
	drawn   bool // full was sent
	done    chan time.Time
	ended   int // the generation of the scan that ended
}

func (p *probe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := p.Model.Update(msg)
	return p, cmd
}

func (p *probe) View() tea.View {
	v := p.Model.View()
	title, _, _ := strings.Cut(v.Content, "\n")
	p.mu.Lock()
	defer p.mu.Unlock()
	if title != p.last {
		p.last = title
		select {
		case p.changed <- time.Now():
		default:
		}
	}
	// The list shows the category the interface was left at, which may
	// be Starred, and empty: the snapshot it is made from is not.
	if !p.drawn && len(p.tree.rows) > 2 && len(p.snap) > 0 {
		p.drawn = true
		select {
		case p.full <- time.Now():
		default:
		}
	}
	if !p.scan.running && p.scan.gen > 0 {
		p.ended = p.scan.gen
		select {
		case p.done <- time.Now():
		default:
		}
	}
	return v
}

// doneGen is the generation of the last scan that ended.
func (p *probe) doneGen() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ended
}

// generate makes n articles spread over ten groups, twelve sources each
// and two years, with titles of mixed Chinese and English words.
func generate(n int) []fixture {
	groups := []string{"金融", "新媒体", "编程", "游戏", "二次元", "社交媒体", "设计", "阅读", "音视频", "学习"}
	words := strings.Fields("市场 增长 发布 数据 报告 新版 用户 开源 芯片 同比 政策 折扣 更新 release security update model terminal")
	r := rand.New(rand.NewPCG(1, 2))
	end := time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)
	out := make([]fixture, n)
	for i := range out {
		title := make([]string, 4+r.IntN(8))
		for j := range title {
			title[j] = words[r.IntN(len(words))]
		}
		cats := []string{groups[i%len(groups)], fmt.Sprintf("来源%02d", i/len(groups)%12), fmt.Sprintf("频道%d", i/120%3)}
		date := end.Add(-time.Duration(r.Int64N(int64(730 * 24 * time.Hour))))
		out[i] = fixture{
			path:  fmt.Sprintf("%s/%s/%s/%d.md", cats[0], cats[1], cats[2], i),
			title: fmt.Sprintf("%s %d", strings.Join(title, " "), i),
			cats:  cats,
			date:  date.Format(time.DateTime),
			body:  strings.Repeat("<p>"+strings.Join(title, "，")+"。</p>", 10),
		}
	}
	return out
}

// BenchmarkSortOrders measures sorting 100,000 articles, newest first as
// the index keeps them, in each other order, as the list's O does aside:
//
//	go test ./ui -run XXX -bench SortOrders -benchtime 5x
func BenchmarkSortOrders(b *testing.B) {
	fx := generate(100_000)
	arts := make([]*feed.Article, len(fx))
	for i, f := range fx {
		d, err := time.Parse(time.DateTime, f.date)
		if err != nil {
			b.Fatal(err)
		}
		arts[i] = &feed.Article{Path: f.path, Title: f.title, Categories: f.cats, Date: d}
	}
	slices.SortFunc(arts, feed.Newest.Compare)
	for _, o := range []feed.Order{feed.Oldest, feed.ByTitle, feed.BySource} {
		b.Run(o.String(), func(b *testing.B) {
			for b.Loop() {
				slices.SortFunc(slices.Clone(arts), o.Compare)
			}
		})
	}
}
