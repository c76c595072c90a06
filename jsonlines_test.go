package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"newsreader/feed"
)

func TestAppendJSONString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain 中文 ¢", `"plain 中文 ¢"`},
		{"a\u009b2Jb\u007f", `"a\u009b2Jb\u007f"`},
		{"\x1b[31m\a\r\n\t", `"\u001b[31m\u0007\u000d\n\t"`},
		{`quote " and \ back`, `"quote \" and \\ back"`},
		{"line\u2028sep", `"line\u2028sep"`},
		{"bad \xff\xfe utf8", `"bad \ufffd\ufffd utf8"`},
		{"<&>", `"<&>"`},
		{"全角，！「」 ¢ ‐ ÿ", `"全角，！「」 ¢ ‐ ÿ"`},
		{"\u0085 next \u00a0", "\"\\u0085 next \u00a0\""},
		{"para\u2029 ‘’", `"para\u2029 ‘’"`},
		{"replaced \ufffd", `"replaced \ufffd"`},
		{"\xff\u0085\u2028", `"\ufffd\u0085\u2028"`},
	}
	for _, tt := range tests {
		got := string(appendJSONString(nil, tt.in))
		if got != tt.want {
			t.Errorf("appendJSONString(%q) = %s, want %s", tt.in, got, tt.want)
		}
		checkJSONString(t, tt.in, got)
	}
}

// checkJSONString fails unless out is s as a JSON string that holds no
// control character, separator or replacement character unescaped.
func checkJSONString(t *testing.T, s, out string) {
	t.Helper()
	var back string
	if err := json.Unmarshal([]byte(out), &back); err != nil || back != string([]rune(s)) {
		t.Errorf("%s decodes to %q, %v", out, back, err)
	}
	for _, r := range out {
		if r < 0x20 || r >= 0x7f && r <= 0x9f || r == '\u2028' || r == '\u2029' || r == utf8.RuneError {
			t.Errorf("%s holds %U", out, r)
		}
	}
}

// TestPlain8 checks the word-at-a-time test against the byte-at-a-time
// one: every byte value at every place of a plain word, and words of
// random bytes.
func TestPlain8(t *testing.T) {
	plain := func(c byte) bool { return c >= 0x20 && c != '"' && c != '\\' && c < 0x7f }
	word := func(b [8]byte) uint64 { return binary.LittleEndian.Uint64(b[:]) }
	check := func(b [8]byte) {
		want := true
		for _, c := range b {
			want = want && plain(c)
		}
		if got := plain8(word(b)); got != want {
			t.Errorf("plain8(%q) = %v, want %v", b, got, want)
		}
	}
	for i := range 8 {
		for c := range 256 {
			b := [8]byte{'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'}
			b[i] = byte(c)
			check(b)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], rng.Uint64())
		for i := range b {
			if rng.IntN(2) == 0 {
				b[i] = byte(0x20 + rng.IntN(0x5f)) // mostly plain, to reach the edges
			}
		}
		check(b)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"plain 中文", "a\u009b\u007f", "\x1b[31m\n", `"\`, "\u2028\ufffd", "\xff\xfe", "，\xe2\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkJSONString(t, s, string(appendJSONString(nil, s)))
	})
}

// manyArticles makes n articles, enough for several chunks of output.
func manyArticles(n int) []*feed.Article {
	arts := make([]*feed.Article, n)
	for i := range arts {
		arts[i] = &feed.Article{ID: fmt.Sprint(i), Path: fmt.Sprint("post/", i, ".md"), Title: fmt.Sprint("标题 ", i)}
	}
	return arts
}

// checkLines checks that out holds whole lines, one for each of the first
// articles, in order, and returns how many.
func checkLines(t *testing.T, out string) int {
	t.Helper()
	if out == "" {
		return 0
	}
	if !strings.HasSuffix(out, "\n") {
		t.Fatalf("output ends inside a line: …%q", out[max(0, len(out)-40):])
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for i, l := range lines {
		var m struct{ ID string }
		if err := json.Unmarshal([]byte(l), &m); err != nil || m.ID != fmt.Sprint(i) {
			t.Fatalf("line %d: %q, %v", i, l, err)
		}
	}
	return len(lines)
}

func TestJSONLines(t *testing.T) {
	arts := manyArticles(2500)
	var b bytes.Buffer
	if err := writeJSONLines(context.Background(), &b, arts, nil, time.UTC); err != nil {
		t.Fatal(err)
	}
	if len(arts) < 3*jsonChunkLines {
		t.Fatalf("%d articles: too few to cross chunks", len(arts))
	}
	if n := checkLines(t, b.String()); n != len(arts) {
		t.Fatalf("%d lines for %d articles", n, len(arts))
	}
}

// failingWriter takes limit bytes, then fails every write, as a closed
// pipe or a full disk does.
type failingWriter struct {
	limit  int
	n      int
	failed bool
	late   int // writes after one failed
}

var errWrite = errors.New("broken pipe")

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.failed {
		w.late++
		return 0, errWrite
	}
	if k := w.limit - w.n; len(p) > k {
		w.n, w.failed = w.limit, true
		return k, errWrite
	}
	w.n += len(p)
	return len(p), nil
}

// poisoned returns articles of which one cannot be encoded: a writer
// that went on encoding after it should have stopped panics. It lies
// past the first written chunks, which a test lets through, and past the
// two chunks a core that may be encoded ahead of them: on many cores, a
// place fixed in the output would be among those.
func poisoned(written int) []*feed.Article {
	at := (written + 2*runtime.GOMAXPROCS(0) + 1) * jsonChunkLines
	arts := manyArticles(at + 2*jsonChunkLines)
	arts[at] = nil
	return arts
}

func TestJSONLinesStopAtWriteError(t *testing.T) {
	arts := poisoned(4)
	var first bytes.Buffer
	if err := writeJSONLines(context.Background(), &first, arts[:jsonChunkLines], nil, time.UTC); err != nil {
		t.Fatal(err)
	}
	// The third limit lets three chunks at most through: the fourth
	// write fails.
	for _, limit := range []int{0, 100, 3 * first.Len()} {
		w := &failingWriter{limit: limit}
		err := writeJSONLines(context.Background(), w, arts, nil, time.UTC)
		if !errors.Is(err, errWrite) {
			t.Errorf("limit %d: error %v, want %v", limit, err, errWrite)
		}
		if w.late != 0 {
			t.Errorf("limit %d: %d writes after the failed one", limit, w.late)
		}
	}
}

// cancellingWriter cancels its context on the first write.
type cancellingWriter struct {
	cancel context.CancelFunc
	b      bytes.Buffer
	writes int
}

func (w *cancellingWriter) Write(p []byte) (int, error) {
	w.writes++
	w.cancel()
	return w.b.Write(p)
}

func TestJSONLinesStopWhenCancelled(t *testing.T) {
	arts := poisoned(1)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var b bytes.Buffer
	if err := writeJSONLines(ctx, &b, arts, nil, time.UTC); !errors.Is(err, context.Canceled) || b.Len() != 0 {
		t.Errorf("cancelled before: error %v, %d bytes written", err, b.Len())
	}

	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	w := &cancellingWriter{cancel: cancel}
	err := writeJSONLines(ctx, w, arts, nil, time.UTC)
	if !errors.Is(err, context.Canceled) || w.writes != 1 {
		t.Errorf("cancelled while writing: error %v after %d writes, want %v after 1", err, w.writes, context.Canceled)
	}
	if n := checkLines(t, w.b.String()); n == 0 || n == len(arts) {
		t.Errorf("%d of %d lines written, want the first chunk", n, len(arts))
	}
}

// BenchmarkJSONLines writes 100,000 articles shaped like a crawled
// archive's, as list --json does after a scan.
func BenchmarkJSONLines(b *testing.B) {
	arts := make([]*feed.Article, 100_000)
	date := time.Date(2025, 12, 15, 2, 31, 7, 0, time.UTC)
	for i := range arts {
		p := fmt.Sprintf("source/_posts/金融/新浪财经/新浪财经－国內/%d.md", i)
		arts[i] = &feed.Article{
			ID: fmt.Sprintf("%08x", i), Path: p,
			Title:      fmt.Sprintf("前11个月临江省港口集装箱吞吐量同比增长6.2%% 第%d篇", i),
			Categories: []string{"金融", "新浪财经", "新浪财经－国內"},
			Date:       date.Add(-time.Duration(i) * time.Minute), Author: "新浪财经",
			Thumbnail: "https://n.sinaimg.cn/finance/crawl/117/w550h367/20251215/a.png",
		}
	}
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := writeJSONLines(context.Background(), io.Discard, arts, nil, loc); err != nil {
			b.Fatal(err)
		}
	}
}
