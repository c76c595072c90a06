package ui

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"newsreader/config"
	"newsreader/feed"
	"newsreader/store"
	"newsreader/watch"
)

// newLiveModel returns a model of the fixtures' archive that follows it
// with a watcher tuned by opts. The watcher's events wait for nextEvent,
// which the test calls, instead of a command that would wait for them.
func newLiveModel(t *testing.T, opts watch.Options, w, h int) *testModel {
	t.Helper()
	cfg := testConfig(t, writeArchive(t, fixtures))
	cfg.Watch = config.WatchOn
	m := newUnsized(t, cfg, nil)
	m.live.opts = opts
	m.live.wait = func(*watch.Watcher) tea.Cmd { return nil }
	t.Cleanup(m.stopLive)
	send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	start(t, m)
	if m.live.w == nil {
		t.Fatalf("no watcher:\n%s", shown(m))
	}
	if !m.live.waiting {
		t.Fatal("nobody waits for the watcher's events after the start")
	}
	return m
}

// nextEvent delivers the watcher's next event to the model, and what it
// leads to.
func nextEvent(t *testing.T, m *testModel) {
	t.Helper()
	ev, ok := <-m.live.w.Events()
	if !ok {
		t.Fatal("the watcher stopped")
	}
	send(t, m, liveEventMsg{ev: ev, ok: true})
}

// followUntil delivers the watcher's events until done holds. A change that
// never reaches the model leaves the test waiting, until go test's
// timeout: there is no deadline to guess.
func followUntil(t *testing.T, m *testModel, done func() bool) {
	t.Helper()
	for !done() {
		nextEvent(t, m)
	}
}

// showing returns a condition that holds once the screen shows s.
func showing(m *testModel, s string) func() bool {
	return func() bool { return strings.Contains(shown(m), s) }
}

// storedIndex is the index of a store opened anew on m's state folder,
// as the next start reads it.
func storedIndex(t *testing.T, m *testModel) *feed.Index {
	t.Helper()
	st, err := store.Open(m.cfg.StateDir, m.arch)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix, err := st.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// hasTitle reports whether ix has an article of that title.
func hasTitle(ix *feed.Index, title string) bool {
	for _, a := range ix.Articles() {
		if a.Title == title {
			return true
		}
	}
	return false
}

// fresh is an article newer than every fixture: it heads All.
var fresh = fixture{"编程/开源中国/资讯/fresh.md", "Freshly crawled: Go 1.23 plans", []string{"编程", "开源中国", "资讯"}, "2024-03-10 03:30:00", "<p>Plans.</p>"}

// TestLiveFollowsTheArchive: each kind of change made to the archive
// while the interface runs reaches the screen and the store.
func TestLiveFollowsTheArchive(t *testing.T) {
	burst := make([]fixture, 2000)
	for i := range burst {
		burst[i] = fixture{fmt.Sprintf("突发/来源/频道/%04d.md", i), fmt.Sprintf("突发新闻第%d条", i), []string{"突发", "来源", "频道"}, "2024-02-01 08:00:00", "<p>快讯。</p>"}
	}
	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		// want holds once the model shows the change; stored checks the
		// store's index.
		want   func(m *testModel) bool
		stored func(ix *feed.Index) error
	}{{
		name:   "written",
		change: func(t *testing.T, dir string) { writeFixture(t, dir, fresh) },
		want: func(m *testModel) bool {
			return showing(m, fresh.title)() && showing(m, "All · 7 articles")()
		},
		stored: func(ix *feed.Index) error { return need(hasTitle(ix, fresh.title), "the new article") },
	}, {
		name: "rewritten in place",
		change: func(t *testing.T, dir string) {
			f := fixtures[1]
			f.title = "沪深两市成交额回落（更正）"
			writeFixture(t, dir, f)
		},
		want: func(m *testModel) bool {
			return showing(m, "沪深两市成交额回落（更正）")() && !showing(m, fixtures[1].title)() && showing(m, "All · 6 articles")()
		},
		stored: func(ix *feed.Index) error {
			return need(hasTitle(ix, "沪深两市成交额回落（更正）") && !hasTitle(ix, fixtures[1].title), "the new title alone")
		},
	}, {
		name:   "deleted",
		change: func(t *testing.T, dir string) { remove(t, dir, fixtures[2].path) },
		want: func(m *testModel) bool {
			return !showing(m, fixtures[2].title)() && showing(m, "All · 5 articles")()
		},
		stored: func(ix *feed.Index) error {
			return need(!hasTitle(ix, fixtures[2].title) && ix.Len() == 5, "5 articles")
		},
	}, {
		name: "folder created with files in it",
		change: func(t *testing.T, dir string) {
			for i := range 3 {
				writeFixture(t, dir, fixture{fmt.Sprintf("科技/新站/首页/%d.md", i), fmt.Sprintf("新站开张第%d篇", i), []string{"科技", "新站", "首页"}, "2024-03-05 10:00:00", "<p>新。</p>"})
			}
		},
		want: func(m *testModel) bool {
			return showing(m, "All · 9 articles")() && showing(m, "科技")() && showing(m, "新站开张第2篇")()
		},
		stored: func(ix *feed.Index) error {
			return need(hasTitle(ix, "新站开张第0篇") && ix.Len() == 9, "9 articles")
		},
	}, {
		name: "renamed",
		change: func(t *testing.T, dir string) {
			from := filepath.Join(dir, filepath.FromSlash(fixtures[5].path))
			if err := os.Rename(from, filepath.Join(filepath.Dir(from), "renamed.md")); err != nil {
				t.Fatal(err)
			}
		},
		want: func(m *testModel) bool {
			a, err := m.ix.Lookup("游戏/Epic/免费/renamed.md")
			return err == nil && a.Title == fixtures[5].title && m.ix.Len() == 6 && showing(m, "All · 6 articles")()
		},
		stored: func(ix *feed.Index) error {
			_, err := ix.Lookup("游戏/Epic/免费/renamed.md")
			_, old := ix.Lookup(fixtures[5].path)
			return need(err == nil && old != nil && ix.Len() == 6, "the new name alone")
		},
	}, {
		name: "a burst of 2,000 files",
		change: func(t *testing.T, dir string) {
			for _, f := range burst {
				writeFixture(t, dir, f)
			}
		},
		want: func(m *testModel) bool {
			return showing(m, "All · 2,006 articles")() && showing(m, "突发")()
		},
		stored: func(ix *feed.Index) error { return need(ix.Len() == 2006, "2,006 articles") },
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newLiveModel(t, watch.Options{}, 120, 35)
			tt.change(t, m.archDir)
			followUntil(t, m, func() bool { return tt.want(m) })
			elapse(t, m) // the messages go: the status line shows the archive again
			checkFrame(t, m)
			if err := tt.stored(storedIndex(t, m)); err != nil {
				t.Errorf("the store, opened again: %v", err)
			}
		})
	}
}

// need returns an error naming what is missing unless ok.
func need(ok bool, what string) error {
	if !ok {
		return fmt.Errorf("lacks %s", what)
	}
	return nil
}

// remove deletes the article file p of the archive in dir.
func remove(t *testing.T, dir, p string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
		t.Fatal(err)
	}
}

// TestLiveFallsBackToPolling: with the folder watches forced to run out,
// the watcher polls, the status line says so once, and new files are
// still found.
func TestLiveFallsBackToPolling(t *testing.T) {
	m := newLiveModel(t, watch.Options{MaxWatches: 2, PollInterval: 20 * time.Millisecond, FullInterval: 40 * time.Millisecond}, 120, 35)
	nextEvent(t, m) // the watcher's status
	contains(t, m, "following the archive: checking", "out of folder watches")
	writeFixture(t, m.archDir, fresh)
	followUntil(t, m, func() bool { return hasTitle(m.ix, fresh.title) })
	elapse(t, m)
	contains(t, m, fresh.title, "All · 7 articles")
	lacks(t, m, "out of folder watches")
	// A file rewritten in place, which changes no folder, is found by
	// the full pass; the fallback is not said again.
	f := fixtures[0]
	f.title = "央行宣布下调存款准备金率（全文）"
	writeFixture(t, m.archDir, f)
	followUntil(t, m, func() bool { return hasTitle(m.ix, f.title) })
	lacks(t, m, "out of folder watches")
	n := 0
	for _, note := range m.notes {
		if strings.Contains(note, "out of folder watches") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the fallback is noted %d times: %q", n, m.notes)
	}
	if !hasTitle(storedIndex(t, m), fresh.title) {
		t.Error("the store lacks the article found by polling")
	}
}

// TestLiveKeepsTheCursor: articles that arrive above the cursor, and one
// that goes, leave it on its article, on its line of the pane (in a
// window too small for the list, which scrolls).
func TestLiveKeepsTheCursor(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 100, 12)
	press(t, m, "tab", "j", "j")
	sel := m.list.selected().Path
	line := m.list.rowOf[m.list.cursor] - m.list.offset
	writeFixture(t, m.archDir, fresh)
	remove(t, m.archDir, fixtures[5].path) // below the cursor
	followUntil(t, m, func() bool { return hasTitle(m.ix, fresh.title) && m.ix.Len() == 6 })
	if got := m.list.selected().Path; got != sel {
		t.Errorf("cursor moved to %s from %s", got, sel)
	}
	if got := m.list.rowOf[m.list.cursor] - m.list.offset; got != line {
		t.Errorf("cursor on line %d of the pane, was on %d", got, line)
	}
	contains(t, m, "All · 6 articles")
}

// TestLiveNewCount: new articles count in the status line until they
// have been on screen as a key was pressed, or a key brought them there.
func TestLiveNewCount(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 120, 35)
	press(t, m, "j", "j") // the tree on 游戏
	contains(t, m, "游戏 · 1 article")
	writeFixture(t, m.archDir, fresh) // in 编程
	writeFixture(t, m.archDir, older)
	followUntil(t, m, func() bool { return m.ix.Len() == 8 })
	contains(t, m, "+2 new", older.title)
	// The older one was on screen as a key came; the fresh one is in
	// another category.
	press(t, m, "tab")
	contains(t, m, "+1 new")
	// Going to All brings it into view.
	press(t, m, "tab", "k", "k")
	contains(t, m, "All · 8 articles", fresh.title)
	lacks(t, m, " new ")

	// One that goes before it was seen stops counting; a copy of an
	// article there, or a file renamed, is nothing new.
	press(t, m, "j", "j", "j", "j")
	contains(t, m, "金融 · 3 articles")
	gone := fixture{"游戏/Epic/免费/gone.md", "Here and gone", []string{"游戏", "Epic", "免费"}, "2024-02-21 10:00:00", "<p>Gone.</p>"}
	writeFixture(t, m.archDir, gone)
	copied := fixtures[4]
	copied.path = "编程/Hacker News/Show/copy.md"
	writeFixture(t, m.archDir, copied)
	followUntil(t, m, func() bool {
		_, err := m.ix.Lookup(copied.path)
		return hasTitle(m.ix, gone.title) && err == nil
	})
	contains(t, m, "+1 new")
	remove(t, m.archDir, gone.path)
	if err := os.Rename(filepath.Join(m.archDir, filepath.FromSlash(older.path)), filepath.Join(m.archDir, "游戏", "Epic", "免费", "older.md")); err != nil {
		t.Fatal(err)
	}
	followUntil(t, m, func() bool {
		_, err := m.ix.Lookup("游戏/Epic/免费/older.md")
		return !hasTitle(m.ix, gone.title) && err == nil
	})
	lacks(t, m, " new ")
}

// TestLiveOpenArticleDeleted: the article open in the reader whose file
// is deleted says so, and stays readable, at a new width too.
func TestLiveOpenArticleDeleted(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 120, 35)
	press(t, m, "tab", "enter")
	art := m.reader.art
	contains(t, m, art.Title, "Go 1.22 发布了")
	remove(t, m.archDir, art.Path)
	followUntil(t, m, func() bool { return m.ix.Len() == 5 })
	contains(t, m, goneText, "Go 1.22 发布了")
	send(t, m, tea.WindowSizeMsg{Width: 90, Height: 30})
	elapse(t, m) // the resize settles: the article renders at the new width
	contains(t, m, goneText, "Go 1.22 发布了")
	lacks(t, m, "Could not show")
	checkFrame(t, m)
	// Back in the list, it is gone.
	press(t, m, "esc")
	lacks(t, m, art.Title)
}

// TestLiveOpenArticleMoved: the article open in the reader whose file is
// renamed stays open, from its new file, at its place.
func TestLiveOpenArticleMoved(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 100, 12)
	press(t, m, "tab", "enter", "j", "j")
	from := m.reader.art.Path
	top := m.reader.vp.YOffset()
	to := "编程/开源中国/资讯/go-1.22.md"
	if err := os.Rename(filepath.Join(m.archDir, filepath.FromSlash(from)), filepath.Join(m.archDir, filepath.FromSlash(to))); err != nil {
		t.Fatal(err)
	}
	followUntil(t, m, func() bool { _, err := m.ix.Lookup(to); return err == nil })
	if m.reader.art.Path != to || m.reader.gone {
		t.Errorf("the reader is on %s (gone %v), want %s", m.reader.art.Path, m.reader.gone, to)
	}
	if got := m.reader.vp.YOffset(); got != top {
		t.Errorf("at line %d after the move, was at %d", got, top)
	}
	lacks(t, m, goneText)
	contains(t, m, "这一段很长的正文")
	if !strings.Contains(m.reader.vp.GetContent(), "Go 1.22 发布了") {
		t.Error("the page lost its text")
	}
}

// TestLiveOpenArticleChanged: the article open in the reader whose file
// is rewritten shows the new text, at the place it was read to.
func TestLiveOpenArticleChanged(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 100, 12)
	press(t, m, "tab", "enter")
	f := fixtures[3]
	if m.reader.art.Path != f.path {
		t.Fatalf("opened %s, not the long article", m.reader.art.Path)
	}
	press(t, m, "j", "j")
	top, pos := m.reader.vp.YOffset(), m.reader.position()
	if top == 0 {
		t.Fatal("the article did not scroll")
	}
	f.body = strings.Replace(f.body, "Go 1.22 发布了。", "Go 1.22 已经发布。", 1)
	writeFixture(t, m.archDir, f)
	followUntil(t, m, func() bool { return strings.Contains(m.reader.vp.GetContent(), "已经发布") })
	if got := m.reader.vp.YOffset(); got != top {
		t.Errorf("reloaded at line %d (place %d), was at line %d (place %d)", got, m.reader.position(), top, pos)
	}
	lacks(t, m, goneText)
	checkFrame(t, m)
}

// TestLiveOff: no watcher with watch: false (or --no-watch), nor for the
// embedded demo; watch: poll polls from the start and says nothing of it.
func TestLiveOff(t *testing.T) {
	for _, tt := range []struct {
		name    string
		archive bool
		mode    config.WatchMode
	}{{"watch false", true, config.WatchOff}, {"the demo", false, config.WatchOn}, {"the demo, polled", false, config.WatchPoll}} {
		t.Run(tt.name, func(t *testing.T) {
			dir := ""
			if tt.archive {
				dir = writeArchive(t, fixtures)
			}
			cfg := testConfig(t, dir)
			cfg.Watch = tt.mode
			m := newModelOf(t, cfg, 100, 30)
			if m.live.w != nil || m.live.ctx != nil {
				t.Error("a watcher started")
			}
		})
	}
	t.Run("watch poll", func(t *testing.T) {
		cfg := testConfig(t, writeArchive(t, fixtures))
		cfg.Watch = config.WatchPoll
		m := newUnsized(t, cfg, nil)
		m.live.opts = watch.Options{PollInterval: 20 * time.Millisecond}
		m.live.wait = func(*watch.Watcher) tea.Cmd { return nil }
		t.Cleanup(m.stopLive)
		send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
		start(t, m)
		ev := <-m.live.w.Events()
		if s, ok := ev.(watch.Status); !ok || s.Mode != watch.Poll || s.Err != nil {
			t.Fatalf("first event %#v, want a status of polling as asked", ev)
		}
		send(t, m, liveEventMsg{ev: ev, ok: true})
		lacks(t, m, "following")
		writeFixture(t, m.archDir, fresh)
		followUntil(t, m, showing(m, fresh.title))
	})
}

// TestLiveStopsOnQuit: stopping the watcher, as Run does at quit, ends
// the command that waits for its next event.
func TestLiveStopsOnQuit(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 100, 30)
	done := make(chan tea.Msg)
	go func() { done <- waitEvent(m.live.w)() }()
	m.stopLive()
	if msg := (<-done).(liveEventMsg); msg.ok {
		// The watcher's status may still have been there to take.
		if _, ok := msg.ev.(watch.Status); !ok {
			t.Errorf("got %#v after the stop", msg)
		}
		if msg := waitEvent(m.live.w)().(liveEventMsg); msg.ok {
			t.Errorf("the watcher goes on after the stop: %#v", msg)
		}
	}
}

// TestLiveRescanWaitsForTheBatch: r while a batch is reconciled starts
// the reconcile of everything after it, so that their updates do not mix.
func TestLiveRescanWaitsForTheBatch(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 100, 30)
	writeFixture(t, m.archDir, fresh)
	var batch watch.Batch
	for len(batch.Changed) == 0 {
		switch ev := (<-m.live.w.Events()).(type) {
		case watch.Batch:
			batch = ev
		case watch.Status:
		}
	}
	m.live.waiting = false
	cmd := m.reconcileBatch(batch)
	press(t, m, "r")
	if m.scan.running {
		t.Fatal("the rescan started while the batch was reconciled")
	}
	contains(t, m, "another rescan follows")
	run(t, m, cmd)
	if m.scan.again || m.scan.running {
		t.Error("the rescan did not run after the batch")
	}
	contains(t, m, fresh.title, "rescanned")
}

// TestMeasureLive measures, on a large archive followed live, the time
// from an article file written to its row on screen, and the latency of
// keys (] and [, from the press to the frame that shows the other
// category) before and during a burst of 5,000 files written into the
// archive's folders, as a `git pull` would. It writes into a copy of the
// archive, never into the archive itself, only logs figures, and runs
// only when asked:
//
//	NEWSREADER_MEASURE_ARCHIVE=/path go test ./ui -run TestMeasureLive -v
//
// (NEWSREADER_MEASURE=<articles> generates one instead.) The copy's store
// is cold: the start reads every file, and the measures begin once that
// reconcile is done and the watcher waits.
func TestMeasureLive(t *testing.T) {
	src := os.Getenv("NEWSREADER_MEASURE_ARCHIVE")
	var dir string
	switch n, _ := strconv.Atoi(os.Getenv("NEWSREADER_MEASURE")); {
	case src != "":
		dir = t.TempDir()
		if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	case n > 0:
		dir = writeArchive(t, generate(n))
	default:
		t.Skip("set NEWSREADER_MEASURE_ARCHIVE=<folder> (copied) or NEWSREADER_MEASURE=<articles>")
	}
	// The new articles go to a category of their own, whose list the
	// window shows whole, newest first: each new row shows at its top.
	cat := []string{"实时", "测量"}
	seed := fixture{"source/_posts/实时/测量/seed.md", "Measured live seed", cat, "2025-06-01 07:00:00", "<p>实时。</p>"}
	writeFixture(t, dir, seed)
	cfg := testConfig(t, dir)
	cfg.Watch = config.WatchOn
	arch := mustOpen(t, dir)
	st, err := store.Open(cfg.StateDir, arch)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	m, err := New(Options{Archive: arch, Config: cfg, Store: st})
	if err != nil {
		t.Fatal(err)
	}
	p := &liveProbe{Model: m, seen: make(chan time.Time, 1), updates: map[string]time.Duration{}}
	prog, quit := runProgram(p, 120, 35)
	defer func() {
		quit()
		m.stopLive()
	}()
	begun := time.Now()
	for !p.ready.Load() {
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("%s: %d articles, start's reconcile done and watching after %v", src, p.articles.Load(), time.Since(begun).Round(time.Millisecond))

	// A file written, to its row on screen.
	p.expect(seed.title)
	prog.Send(showCategoryMsg(cat))
	<-p.seen
	var rows []time.Duration
	for i := range 15 {
		time.Sleep(300 * time.Millisecond) // the watcher is still
		title := fmt.Sprintf("Measured live article %02d", i)
		f := fixture{fmt.Sprintf("source/_posts/实时/测量/%02d.md", i), title, cat, fmt.Sprintf("2025-06-01 08:%02d:00", i), "<p>实时。</p>"}
		p.expect(title)
		sent := time.Now()
		writeFixture(t, dir, f)
		rows = append(rows, (<-p.seen).Sub(sent))
	}
	logSpread(t, "file written to its row on screen", rows)

	// Keys on the still archive, then during the burst, between All and
	// Starred.
	prog.Send(showCategoryMsg(nil))
	keys := func(n int, until func() bool) []time.Duration {
		var lat []time.Duration
		for i := 0; n > 0 && i < n || until != nil && !until(); i++ {
			time.Sleep(50 * time.Millisecond)
			k, want := "]", "newsreader  Starred ·"
			if i%2 == 1 {
				k, want = "[", "newsreader  All ·"
			}
			p.expect(want)
			sent := time.Now()
			prog.Send(keyMsg(k))
			lat = append(lat, (<-p.seen).Sub(sent))
		}
		return lat
	}
	logSpread(t, "key press to redraw, archive still", keys(40, nil))

	// The folders that hold articles take the burst.
	var folders []string
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && feed.IsArticleFile(d.Name()) && !slices.Contains(folders, filepath.Dir(path)) {
			folders = append(folders, filepath.Dir(path))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	before := p.articles.Load()
	const burst = 5000
	var wrote time.Time
	var written sync.WaitGroup
	written.Go(func() {
		for i := range burst {
			text := fmt.Sprintf("---\ntitle: '突发测量第%d条'\ncategories:\n - 突发\n - 测量\ndate: 2024-%02d-%02d 10:00:00\n---\n\n<p>快讯。</p>\n", i, 1+i%12, 1+i%28)
			if err := os.WriteFile(filepath.Join(folders[i%len(folders)], fmt.Sprintf("burst-%04d.md", i)), []byte(text), 0o644); err != nil {
				t.Error(err)
				return
			}
		}
		wrote = time.Now()
	})
	started := time.Now()
	p.timing.Store(true)
	lat := keys(0, func() bool { return p.articles.Load() >= before+burst })
	arrived := time.Now()
	p.timing.Store(false)
	written.Wait()
	t.Logf("burst of %d files into %d folders: written in %v, all in the list %v after the first write (%v after the last)",
		burst, len(folders), wrote.Sub(started).Round(time.Millisecond), arrived.Sub(started).Round(time.Millisecond), arrived.Sub(wrote).Round(time.Millisecond))
	logSpread(t, "key press to redraw during the burst", lat)
	p.mu.Lock()
	defer p.mu.Unlock()
	// The kinds of message whose Update took longest, slowest first: a
	// report, not a bound.
	kinds := slices.Collect(maps.Keys(p.updates))
	slices.SortFunc(kinds, func(a, b string) int { return cmp.Compare(p.updates[b], p.updates[a]) })
	for _, k := range kinds[:min(5, len(kinds))] {
		t.Logf("longest Update of a %s during the burst: %v", k, p.updates[k].Round(time.Millisecond))
	}
}

// runProgram runs model in a program of a window of w×h cells, with no
// terminal, and returns it and the function that quits it and waits for
// its end.
func runProgram(model tea.Model, w, h int) (*tea.Program, func()) {
	in, _ := io.Pipe()
	prog := tea.NewProgram(model, tea.WithInput(in), tea.WithOutput(io.Discard), tea.WithWindowSize(w, h))
	ended := make(chan struct{})
	go func() {
		defer close(ended)
		_, _ = prog.Run()
	}()
	return prog, func() {
		prog.Quit()
		<-ended
	}
}

// liveProbe is a model that reports when a frame first shows the text
// the measure waits for, whether the start's reconcile is done and the
// watcher waits, and how many articles the index has.
type liveProbe struct {
	*Model
	mu       sync.Mutex
	want     string
	seen     chan time.Time
	ready    atomic.Bool
	articles atomic.Int64
	// While timing is set, updates keeps the longest Update by the type
	// of its message.
	timing  atomic.Bool
	updates map[string]time.Duration
}

// showCategoryMsg asks a liveProbe to show a category, nil for All.
type showCategoryMsg []string

func (p *liveProbe) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if path, ok := msg.(showCategoryMsg); ok {
		p.tree.selectPath(path)
		return p, p.selectCategory()
	}
	start := time.Now()
	_, cmd := p.Model.Update(msg)
	if p.timing.Load() {
		p.mu.Lock()
		k := fmt.Sprintf("%T", msg)
		p.updates[k] = max(p.updates[k], time.Since(start))
		p.mu.Unlock()
	}
	return p, cmd
}

func (p *liveProbe) View() tea.View {
	v := p.Model.View()
	p.ready.Store(!p.scan.running && p.live.waiting)
	p.articles.Store(int64(p.ix.Len()))
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.want != "" && strings.Contains(ansi.Strip(v.Content), p.want) {
		p.want = ""
		p.seen <- time.Now()
	}
	return v
}

// expect says what the next frame to report must show.
func (p *liveProbe) expect(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.want = s
}

// logSpread logs the median, 90th percentile and maximum of durations.
func logSpread(t *testing.T, what string, ds []time.Duration) {
	t.Helper()
	if len(ds) == 0 {
		t.Logf("%s: none", what)
		return
	}
	slices.Sort(ds)
	t.Logf("%s: %d, median %v, 90th percentile %v, max %v", what, len(ds),
		ds[len(ds)/2].Round(time.Millisecond), ds[len(ds)*9/10].Round(time.Millisecond), ds[len(ds)-1].Round(time.Millisecond))
}

// An article that arrives while the interface runs is found by the search
// screen: the batch brings the search index up to date too.
func TestLiveArticlesAreSearchable(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 100, 30)
	writeFixture(t, m.cfg.Archive, fresh)
	followUntil(t, m, showing(m, fresh.title))
	if m.searching.index.running || m.searching.index.err != nil {
		t.Fatalf("the search index is not up to date: %+v", m.searching.index)
	}
	press(t, m, "S")
	typeQuery(t, m, "freshly")
	contains(t, m, "1 article found", fresh.title)
	// Removed, it leaves the results on screen: the batch takes it out
	// of the search index, and the query runs again.
	remove(t, m.cfg.Archive, fresh.path)
	followUntil(t, m, showing(m, "no article found"))
	lacks(t, m, fresh.title)
}

// older is an article older than every fixture: it goes at the bottom of
// All, on screen in a tall window and off it in a short one.
var older = fixture{"游戏/Epic/免费/old.md", "An older story found late", []string{"游戏", "Epic", "免费"}, "2024-02-20 10:00:00", "<p>Late.</p>"}

// TestLiveSearchScreenSeesNothing: keys on the search screen see none of
// the list's rows, which it hides; back in the browser they are seen.
func TestLiveSearchScreenSeesNothing(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 120, 35)
	press(t, m, "S")
	writeFixture(t, m.archDir, older)
	followUntil(t, m, func() bool { return hasTitle(m.ix, older.title) })
	typeQuery(t, m, "x")
	press(t, m, "down")
	contains(t, m, "+1 new")
	press(t, m, "esc", "esc")
	contains(t, m, older.title)
	lacks(t, m, " new ")
}

// TestLiveRenamedUnseen: a new article renamed before it was seen is new
// still; seen, it stops counting.
func TestLiveRenamedUnseen(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 100, 12) // older is off screen
	writeFixture(t, m.archDir, older)
	followUntil(t, m, func() bool { return hasTitle(m.ix, older.title) })
	contains(t, m, "+1 new")
	to := "游戏/Epic/免费/older.md"
	if err := os.Rename(filepath.Join(m.archDir, filepath.FromSlash(older.path)), filepath.Join(m.archDir, filepath.FromSlash(to))); err != nil {
		t.Fatal(err)
	}
	followUntil(t, m, func() bool { _, err := m.ix.Lookup(to); return err == nil })
	contains(t, m, "+1 new")
	press(t, m, "tab", "G")
	lacks(t, m, " new ")
}

// TestLiveOpenArticleRewrittenIsNotNew: the article open in the reader,
// rewritten with a new title, reloads before the user's eyes: nothing new.
func TestLiveOpenArticleRewrittenIsNotNew(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 100, 30)
	press(t, m, "tab", "enter")
	f := fixtures[3]
	if m.reader.art.Path != f.path {
		t.Fatalf("opened %s, not %s", m.reader.art.Path, f.path)
	}
	f.title = "Go 1.22 正式发布（更正）"
	writeFixture(t, m.archDir, f)
	followUntil(t, m, showing(m, f.title))
	lacks(t, m, " new ")
}

// TestLiveStepFromDeleted: n and p in the reader of an article whose file
// was deleted open the articles that were after and before it.
func TestLiveStepFromDeleted(t *testing.T) {
	for _, tt := range []struct{ key, want string }{{"n", fixtures[1].title}, {"p", fixtures[3].title}} {
		t.Run(tt.key, func(t *testing.T) {
			m := newLiveModel(t, watch.Options{}, 120, 35)
			press(t, m, "tab", "j", "enter")
			if m.reader.art.Path != fixtures[0].path {
				t.Fatalf("opened %s, not %s", m.reader.art.Path, fixtures[0].path)
			}
			remove(t, m.archDir, fixtures[0].path)
			followUntil(t, m, func() bool { return m.ix.Len() == 5 })
			contains(t, m, goneText)
			press(t, m, tt.key)
			if m.reader.gone || m.reader.art.Title != tt.want {
				t.Errorf("%s opened %q (gone %v), want %q", tt.key, m.reader.art.Title, m.reader.gone, tt.want)
			}
		})
	}
}

// TestLiveNewGoneInRescan: a new article whose file r finds deleted,
// before the watcher tells of it, stops counting.
func TestLiveNewGoneInRescan(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 100, 12) // older is off screen
	writeFixture(t, m.archDir, older)
	followUntil(t, m, func() bool { return hasTitle(m.ix, older.title) })
	contains(t, m, "+1 new")
	remove(t, m.archDir, older.path)
	press(t, m, "r")
	if hasTitle(m.ix, older.title) {
		t.Fatal("the rescan kept the deleted article")
	}
	lacks(t, m, " new ")
}

// TestLiveOpenArticleMovedInRescan: the article open in the reader whose
// file r finds renamed, before the watcher tells of it, stays open from
// its new file.
func TestLiveOpenArticleMovedInRescan(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 100, 30)
	press(t, m, "tab", "enter")
	from := m.reader.art.Path
	to := "编程/开源中国/资讯/go-1.22.md"
	if err := os.Rename(filepath.Join(m.archDir, filepath.FromSlash(from)), filepath.Join(m.archDir, filepath.FromSlash(to))); err != nil {
		t.Fatal(err)
	}
	press(t, m, "r")
	if m.reader.art.Path != to || m.reader.gone {
		t.Errorf("the reader is on %s (gone %v), want %s", m.reader.art.Path, m.reader.gone, to)
	}
	lacks(t, m, goneText)
}

// TestLiveBatchFailed: a batch the store could not take is said, and its
// changes come with the next batch, which checks the whole archive.
func TestLiveBatchFailed(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 120, 35)
	writeFixture(t, m.archDir, fresh)
	for {
		if b, ok := (<-m.live.w.Events()).(watch.Batch); ok && len(b.Changed) > 0 {
			break
		}
	}
	// The store fails the batch.
	m.live.waiting, m.live.busy = false, true
	send(t, m, liveReconciledMsg{err: errors.New("database is locked")})
	contains(t, m, "database is locked")
	writeFixture(t, m.archDir, older)
	followUntil(t, m, func() bool { return hasTitle(m.ix, older.title) })
	if !hasTitle(m.ix, fresh.title) {
		t.Error("the article of the batch that failed never came")
	}
}

// TestLiveMovedKeepsTheListOnIt: the list's cursor stays on the article
// open in the reader whose file was renamed: the reader says where it is
// in the list, and going back finds the cursor on it.
func TestLiveMovedKeepsTheListOnIt(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 100, 30)
	press(t, m, "tab", "enter")
	from, to := m.reader.art.Path, "编程/开源中国/资讯/go-1.22.md"
	if err := os.Rename(filepath.Join(m.archDir, filepath.FromSlash(from)), filepath.Join(m.archDir, filepath.FromSlash(to))); err != nil {
		t.Fatal(err)
	}
	followUntil(t, m, func() bool { _, err := m.ix.Lookup(to); return err == nil && m.reader.art.Path == to })
	elapse(t, m)
	contains(t, m, "1/6")
	press(t, m, "esc")
	if got := m.list.selected().Path; got != to {
		t.Errorf("back in the list on %s, want %s", got, to)
	}
}

// TestLiveStaleRenderNotCached: a render that read a file before the
// watcher found it rewritten (the next article's, rendered ahead) ends
// after: n shows the new text, not the render's.
func TestLiveStaleRenderNotCached(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 100, 30)
	press(t, m, "tab", "enter")
	f := fixtures[0]
	next := m.list.items[1]
	if next.Path != f.path {
		t.Fatalf("the next article is %s, not %s", next.Path, f.path)
	}
	stale := m.renderCmd(0, m.pageKey(next))() // read now, delivered late
	f.title += "（更新）"
	f.body = "<p>准备金率的新闻已更新。</p>"
	writeFixture(t, m.archDir, f)
	followUntil(t, m, func() bool { return hasTitle(m.ix, f.title) })
	send(t, m, stale)
	press(t, m, "n")
	contains(t, m, f.title, "准备金率的新闻已更新")
	lacks(t, m, "央行决定下调金融机构存款准备金率")
}

// TestLiveEditDeleted: e on the article whose file was deleted says so,
// and starts no editor, which would make an empty file of that name.
func TestLiveEditDeleted(t *testing.T) {
	m := newLiveModel(t, watch.Options{}, 120, 35)
	m.getenv = func(k string) string { return map[string]string{"VISUAL": "vi"}[k] }
	ran := false
	m.exec = func(*exec.Cmd, tea.ExecCallback) tea.Cmd { ran = true; return nil }
	press(t, m, "tab", "enter")
	remove(t, m.archDir, m.reader.art.Path)
	followUntil(t, m, func() bool { return m.reader.gone })
	press(t, m, "e")
	contains(t, m, "its file was deleted: there is nothing to edit")
	if ran {
		t.Error("an editor started")
	}
}
