package ui

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/synctest"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"newsreader/feed"
)

func TestSearch(t *testing.T) {
	titles := []string{
		"Show HN: A terminal reader for crawled news archives",
		"Free game of the week: Lighthouse Tycoon",
		"央行宣布下调存款准备金率0.5个百分点",
		"GOLANG release notes",
	}
	arts := make([]*feed.Article, len(titles))
	for i, s := range titles {
		arts[i] = &feed.Article{Title: s}
	}
	tests := []struct {
		query string
		want  []int // indexes of the titles that match
		marks string
	}{
		{"free", []int{1}, "Free"},              // literal beats the loose fuzzy hit in title 0
		{"FREE tycoon", []int{1}, "FreeTycoon"}, // every word, any case
		{"lhtycn", []int{1}, "LhTycn"},          // no literal match: fuzzy
		{"准备金", []int{2}, "准备金"},
		{"央率", []int{2}, "央率"},
		{"go", []int{3}, "GO"},
		{"xyz", nil, ""},
	}
	for _, tt := range tests {
		got := search(tt.query, arts, titles)
		var idx []int
		var marked strings.Builder
		for i, a := range arts {
			if offs, ok := got[a]; ok {
				idx = append(idx, i)
				for _, o := range offs {
					r := []rune(titles[i][o:])[0]
					marked.WriteRune(r)
				}
			}
		}
		if !slices.Equal(idx, tt.want) || marked.String() != tt.marks {
			t.Errorf("search(%q) = %v marking %q, want %v marking %q", tt.query, idx, marked.String(), tt.want, tt.marks)
		}
	}
}

func TestKeyBindings(t *testing.T) {
	tests := []struct {
		keys map[string][]string
		err  string
	}{
		{nil, ""},
		{map[string][]string{"down": {"j", "ctrl+n", "down"}, "up": {"K", "ctrl+P"}}, ""},
		{map[string][]string{"next_article": {"alt+n"}, "pipe": {"f5"}}, ""},
		{map[string][]string{"jump": {"x"}}, `unknown action "jump"`},
		{map[string][]string{"down": {"ctrl+"}}, `"ctrl+" is not a key`},
		{map[string][]string{"down": {"jj"}}, `"jj" is not a key`},
		{map[string][]string{"down": {"hyperspace"}}, `unknown key name "hyperspace"`},
		{map[string][]string{"down": {"shift+j"}}, `write "J"`},
		{map[string][]string{"down": {"cmd+j"}}, `unknown modifier "cmd"`},
		{map[string][]string{"down": {" "}}, `name it instead`},
		{map[string][]string{"down": {}}, `no keys given`},
		{map[string][]string{"down": {"n"}}, `"n" is bound to both down and next_article`},
		{map[string][]string{"help": {"ctrl+c"}}, `"ctrl+c" is bound to both quit and help`},
	}
	for _, tt := range tests {
		km, err := newKeyMap(tt.keys)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%v: %v", tt.keys, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%v: error %v, want one with %q", tt.keys, err, tt.err)
		case tt.err == "" && tt.keys["up"] != nil:
			if got := km.Up.Keys(); !slices.Equal(got, []string{"K", "ctrl+p"}) {
				t.Errorf("up bound to %q", got)
			}
			if got := km.Up.Help().Key; got != "K/ctrl+p" {
				t.Errorf("up's help says %q", got)
			}
		}
	}
	// Every default action has a binding and help text; the names are
	// unique.
	km := defaultKeys()
	seen := map[string]bool{}
	for _, a := range actions {
		b := a.binding(&km)
		if len(b.Keys()) == 0 || b.Help().Desc == "" || seen[a.name] {
			t.Errorf("action %s: keys %q, help %q", a.name, b.Keys(), b.Help())
		}
		seen[a.name] = true
	}
}

func TestReboundKeysDrive(t *testing.T) {
	cfg := testConfig(t, writeArchive(t, fixtures))
	cfg.Keys = map[string][]string{"down": {"ctrl+n"}, "open": {"o"}}
	m := newModelOf(t, cfg, 100, 30)
	press(t, m, "tab", "ctrl+n", "o")
	contains(t, m, "央行决定下调", "2/6")
	// The help shows the new keys.
	press(t, m, "?")
	contains(t, m, "ctrl+n")
}

func TestBadBindingStopsStartUp(t *testing.T) {
	cfg := testConfig(t, "")
	cfg.File = "/home/u/.config/newsreader/config.yml"
	cfg.Keys = map[string][]string{"dwon": {"j"}}
	_, err := New(Options{Config: cfg, Archive: feed.Demo(feed.Options{})})
	if err == nil || !strings.Contains(err.Error(), cfg.File) || !strings.Contains(err.Error(), `"dwon"`) {
		t.Errorf("error %v", err)
	}
}

func TestLRU(t *testing.T) {
	c := newLRU[string](3, 10, func(s string) int { return len(s) })
	// held fails the test unless the cache holds exactly keys.
	held := func(when string, keys ...string) {
		t.Helper()
		for _, k := range []string{"a", "b", "c", "d", "e", "f", "big"} {
			if _, ok := c.peek(k); ok != slices.Contains(keys, k) {
				t.Errorf("%s: holds %s: %v, want %v", when, k, ok, !ok)
			}
		}
	}
	c.put("a", "1")
	c.put("b", "22")
	c.put("c", "333")
	c.get("a") // a is now the most recent
	c.put("d", "4")
	held("beyond the count bound", "a", "c", "d")
	c.put("e", "55555") // d, a, e: 1+1+5 fits
	held("within the size bound", "a", "d", "e")
	c.put("f", "666666") // f with any other is over 10
	held("beyond the size bound", "f")
	c.put("big", strings.Repeat("x", 50))
	held("an entry larger than the bound", "big")
	c.clear()
	held("cleared")
}

func TestLineInput(t *testing.T) {
	text := func(s string) tea.Msg { return tea.KeyPressMsg{Code: tea.KeyExtended, Text: s} }
	paste := func(s string) tea.Msg { return tea.PasteMsg{Content: s} }
	words := paste("央行 宣布 下调")
	tests := []struct {
		name  string
		steps []tea.Msg
		value string
		col   int // the cursor's column: "/" and the cells before it
	}{
		{"typing and moving", []tea.Msg{text("中文"), keyMsg("a"), keyMsg("left"), keyMsg("left"), keyMsg("b"), keyMsg("end"), keyMsg("space"), keyMsg("c")}, "中b文a c", 9},
		{"wide characters count two cells", []tea.Msg{text("中b文a c"), keyMsg("home"), keyMsg("right")}, "中b文a c", 3},
		{"a word back", []tea.Msg{words, keyMsg("alt+b")}, "央行 宣布 下调", 11},
		{"two words back", []tea.Msg{words, keyMsg("alt+b"), keyMsg("alt+b")}, "央行 宣布 下调", 6},
		{"a word forward", []tea.Msg{words, keyMsg("home"), keyMsg("alt+f")}, "央行 宣布 下调", 5},
		{"ctrl+left and ctrl+right", []tea.Msg{words, keyMsg("ctrl+left"), keyMsg("ctrl+left"), keyMsg("ctrl+right")}, "央行 宣布 下调", 10},
		{"delete a word back", []tea.Msg{words, keyMsg("ctrl+w")}, "央行 宣布 ", 11},
		{"delete a word forward", []tea.Msg{words, keyMsg("home"), keyMsg("alt+d")}, " 宣布 下调", 1},
		{"kill to the end", []tea.Msg{words, keyMsg("alt+b"), keyMsg("ctrl+k")}, "央行 宣布 ", 11},
		{"kill to the start", []tea.Msg{words, keyMsg("alt+b"), keyMsg("ctrl+u")}, "下调", 1},
		{"backspace and delete", []tea.Msg{words, keyMsg("backspace"), keyMsg("home"), keyMsg("ctrl+d")}, "行 宣布 下", 1},
		{"paste in the middle", []tea.Msg{words, keyMsg("alt+b"), paste("大幅")}, "央行 宣布 大幅下调", 15},
		{"pasted escapes, bidi and zero-width characters", []tea.Msg{paste("a\x1b[31mb\u202ec\u200bd\u009b2J\n")}, "a[31mbcd2J", 11},
		{"typed bidi override", []tea.Msg{text("央\u202e行\u2066")}, "央行", 5},
		{"text that spells a key", []tea.Msg{text("home"), text("left")}, "homeleft", 9},
		{"a key with modifiers is no text", []tea.Msg{text("ab"), tea.KeyPressMsg{Code: 'x', Mod: tea.ModAlt, Text: "x"}}, "ab", 3},
		{"ctrl+v reads no clipboard", []tea.Msg{text("ab"), keyMsg("ctrl+v")}, "ab", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := newLineInput("/", "")
			for _, msg := range tt.steps {
				if _, cmd := in.update(msg); cmd != nil {
					t.Errorf("%v returned a command", msg)
				}
			}
			if got := in.Value(); got != tt.value {
				t.Errorf("value %q, want %q", got, tt.value)
			}
			s, x := in.view(40)
			if x != tt.col {
				t.Errorf("cursor at column %d of %q, want %d", x, s, tt.col)
			}
		})
	}
}

// TestLineInputScrolls: a value wider than the field shows the part
// around the cursor, which stays in the field, at its cell.
func TestLineInputScrolls(t *testing.T) {
	in := newLineInput("/", "")
	in.SetValue(strings.Repeat("长", 30) + "END")
	s, x := in.view(20)
	if w := ansi.StringWidth(s); w > 20 || x != w || !strings.HasPrefix(s, "/") || !strings.HasSuffix(s, "长END") {
		t.Errorf("at the end: view %q (%d cells), cursor at %d", s, w, x)
	}
	in.update(keyMsg("home"))
	if s, x := in.view(20); !strings.HasPrefix(s, "/长长") || x != 1 {
		t.Errorf("at the start: view %q, cursor at %d", s, x)
	}
	for range 12 {
		in.update(keyMsg("right"))
	}
	// 12 characters in: the field of 18 cells has scrolled by 3.
	if s, x := in.view(20); !strings.HasPrefix(s, "/长") || x != 1+2*9 {
		t.Errorf("in the middle: view %q, cursor at %d", s, x)
	}
}

// TestLongPaste: a paste of a few thousand characters shows its end, with
// the cursor after it. The field's view runs at every frame and such a
// paste used to take it seconds: BenchmarkLongPasteView measures it.
func TestLongPaste(t *testing.T) {
	in := longPaste()
	s, x := in.view(60)
	if w := ansi.StringWidth(s); w > 60 || x != w || !strings.HasSuffix(s, "金率") {
		t.Errorf("view %q (%d cells), cursor at %d", s, w, x)
	}
}

func BenchmarkLongPasteView(b *testing.B) {
	in := longPaste()
	for b.Loop() {
		in.view(60)
	}
}

// longPaste is an input line holding a 24,000-character paste.
func longPaste() lineInput {
	in := newLineInput("/", "")
	in.update(tea.PasteMsg{Content: strings.Repeat("央行宣布下调存款准备金率", 2000)})
	return in
}

func TestCrashReport(t *testing.T) {
	dir := t.TempDir()
	c := &crashLog{dir: dir + "/state"}
	func() {
		defer func() { _ = recover() }()
		defer c.catch()
		var rows []string
		_ = rows[len(dir)] // a runtime error, as a bug would raise
	}()
	err := c.err(errors.Join(tea.ErrProgramKilled, tea.ErrProgramPanic))
	if err == nil || !strings.Contains(err.Error(), dir+"/state/panic-") {
		t.Fatalf("error %v", err)
	}
	p := err.Error()[strings.Index(err.Error(), dir):]
	data, rerr := os.ReadFile(p)
	if rerr != nil || !strings.Contains(string(data), "index out of range") || !strings.Contains(string(data), "TestCrashReport") {
		t.Errorf("report %s: %v\n%s", p, rerr, data)
	}
	if c.err(nil) != nil || c.err(tea.ErrInterrupted) != tea.ErrInterrupted {
		t.Error("errors other than panics changed")
	}
}

func TestPanicInUpdateIsReported(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "tab")
	m.list.rowOf = nil // a broken state: moving indexes it
	func() {
		defer func() {
			if recover() == nil {
				t.Error("no panic")
			}
		}()
		m.Update(keyMsg("j"))
	}()
	if m.crash.path == "" || !strings.HasPrefix(m.crash.path, m.cfg.StateDir) {
		t.Errorf("report at %q", m.crash.path)
	}
}

// TestCancelledScanEnds: a scan that has read everything but whose
// batches nobody took, because the user quit or rescanned meanwhile, must
// not keep its goroutine, and the batches, forever. In a synctest bubble,
// a goroutine left blocked when the test returns fails it as a deadlock.
func TestCancelledScanEnds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		startScan(ctx, func(ctx context.Context, fn func(feed.Batch)) error {
			for range 8 { // as many as the channel holds
				fn(feed.Batch{Files: 1})
			}
			return nil
		}, 1, &crashLog{dir: t.TempDir()}) // nobody runs the command: nobody listens
		synctest.Wait() // the scan is done and waits to say so
		cancel()
	})
}
