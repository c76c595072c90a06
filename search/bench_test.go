package search

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The benchmarks search a generated archive of SEARCH_BENCH_DOCS articles
// (100,000 unless set). The index is built once, kept in the temporary
// folder and used again by later runs:
//
//	go test ./search -run '^$' -bench . -benchtime 20x
//	SEARCH_BENCH_DOCS=1000000 go test ./search -run '^$' -bench Query -timeout 2h
//
// BenchmarkBuild measures building it from scratch, with its size.

func benchDocs() int {
	if n, err := strconv.Atoi(os.Getenv("SEARCH_BENCH_DOCS")); err == nil && n > 0 {
		return n
	}
	return 100000
}

var benchCorpus = sync.OnceValue(func() *corpus { return newCorpus(1) })

// build indexes n generated articles into the database at path.
func build(tb testing.TB, path string, n int) (*Index, time.Duration) {
	tb.Helper()
	ix, err := Open(context.Background(), openPath(tb, path))
	if err != nil {
		tb.Fatal(err)
	}
	want := make([]Entry, n)
	for i := range want {
		want[i] = Entry{ID: fmt.Sprintf("id%07d", i), Version: "1"}
	}
	c := benchCorpus()
	load := func(_ context.Context, e Entry) (Doc, error) {
		i, _ := strconv.Atoi(e.ID[2:])
		return c.doc(i), nil
	}
	start := time.Now()
	if _, err := ix.Sync(context.Background(), want, load, SyncOptions{BatchSize: 2000}); err != nil {
		tb.Fatal(err)
	}
	if err := ix.Optimize(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return ix, time.Since(start)
}

var (
	benchMu    sync.Mutex
	benchIndex *Index
)

// sharedIndex returns the benchmark archive's index, building it when
// the temporary folder has none.
func sharedIndex(b *testing.B) *Index {
	benchMu.Lock()
	defer benchMu.Unlock()
	if benchIndex != nil {
		return benchIndex
	}
	n := benchDocs()
	dir := filepath.Join(os.TempDir(), "newsreader-search-bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("%d-v%d.db", n, schemaVersion))
	if _, err := os.Stat(path + ".done"); err != nil {
		os.Remove(path)
		_, took := build(b, path, n)
		b.Logf("built %d articles in %v", n, took)
		if err := os.WriteFile(path+".done", nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	// Open for the whole process: a benchmark's cleanup would close it
	// under the next one.
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)")
	if err != nil {
		b.Fatal(err)
	}
	if benchIndex, err = Open(context.Background(), db); err != nil {
		b.Fatal(err)
	}
	return benchIndex
}

// BenchmarkBuild indexes 10,000 generated articles from scratch and
// reports the index's size against the text's.
func BenchmarkBuild(b *testing.B) {
	const n = 10000
	c := benchCorpus()
	text := 0
	for i := range n {
		d := c.doc(i)
		text += len(d.Text) + len(d.Title)
	}
	for b.Loop() {
		path := filepath.Join(b.TempDir(), "index.db")
		ix, _ := build(b, path, n)
		b.StopTimer()
		size := dbSize(b, ix)
		b.ReportMetric(float64(size)/float64(text), "size/text")
		b.ReportMetric(float64(size)/n, "bytes/article")
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/n, "µs/article")
}

// dbSize is the size of the index's tables: the FTS index alone and all
// the search tables.
func dbSize(tb testing.TB, ix *Index) int64 {
	var pages, size int64
	if err := ix.db.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		tb.Fatal(err)
	}
	if err := ix.db.QueryRow(`PRAGMA page_size`).Scan(&size); err != nil {
		tb.Fatal(err)
	}
	return pages * size
}

// benchQueries are the searches the issue asks to time.
var benchQueries = []struct{ name, query string }{
	{"common-pair", "企业"},
	{"rare-pair", rareName},
	{"one-char", "韩"},
	{"common-char", "的"},
	{"phrase", "国家统计局"},
	{"english-phrase", `"interest rates"`},
	{"english-word", "market"},
	{"prefix", "invest*"},
	{"two-words", "企业 发展"},
	{"exclude", "企业 -发展"},
	{"or", "芯片 OR 半导体"},
	{"field", "title:企业"},
}

func BenchmarkQuery(b *testing.B) {
	ix := sharedIndex(b)
	for _, sort := range []struct {
		name string
		sort Sort
	}{{"relevance", Relevance}, {"newest", Newest}} {
		for _, bq := range benchQueries {
			b.Run(sort.name+"/"+bq.name, func(b *testing.B) {
				var total int
				cpu := cpuTime()
				for b.Loop() {
					q, err := Parse(bq.query, ParseOptions{})
					if err != nil {
						b.Fatal(err)
					}
					res, err := ix.Search(context.Background(), q, Options{Sort: sort.sort, Limit: 50})
					if err != nil {
						b.Fatal(err)
					}
					total = res.Total
				}
				reportCPU(b, cpu)
				b.ReportMetric(float64(total), "hits")
			})
		}
	}
}

// BenchmarkCount is the count alone, without a page or snippets.
func BenchmarkCount(b *testing.B) {
	ix := sharedIndex(b)
	for _, bq := range benchQueries {
		b.Run(bq.name, func(b *testing.B) {
			q, _ := Parse(bq.query, ParseOptions{})
			s := plan(q, Options{})
			cpu := cpuTime()
			for b.Loop() {
				var n int
				if err := ix.db.QueryRow(`SELECT count(*) `+s.from, s.args...).Scan(&n); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkSize reports the benchmark archive's index size.
func BenchmarkSize(b *testing.B) {
	ix := sharedIndex(b)
	for b.Loop() {
		b.ReportMetric(float64(dbSize(b, ix))/(1<<20), "MiB")
	}
}

// cpuTime is the CPU time the process has used. The benchmarks report
// it beside the wall time: on a shared machine the wall time counts the
// other processes' turns too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per operation since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkMatcher is the browser's filter on the titles, sources and
// authors of 100,000 generated articles: one key press each.
func BenchmarkMatcher(b *testing.B) {
	c := benchCorpus()
	items := make([]Item, 100000)
	for i := range items {
		d := c.doc(i)
		items[i] = Item{ID: d.ID, Title: d.Title, Categories: d.Categories, Author: d.Author, Date: d.Date}
	}
	b.Run("new", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			NewMatcher(items)
		}
		reportCPU(b, cpu)
	})
	m := NewMatcher(items)
	for _, query := range []string{"新", "新浪", "来源07", "企业 发展", "source:金融 企业", "mark", "-企业"} {
		b.Run(query, func(b *testing.B) {
			q, err := Parse(query, ParseOptions{})
			if err != nil {
				b.Fatal(err)
			}
			var n int
			cpu := cpuTime()
			for b.Loop() {
				got, _ := m.Match(q, nil)
				n = len(got)
			}
			reportCPU(b, cpu)
			b.ReportMetric(float64(n), "hits")
		})
	}
}

// BenchmarkSyncUnchanged is a Sync after a reconcile that found nothing
// new: the cost of comparing the archive with the index.
func BenchmarkSyncUnchanged(b *testing.B) {
	ix := sharedIndex(b)
	want := make([]Entry, benchDocs())
	for i := range want {
		want[i] = Entry{ID: fmt.Sprintf("id%07d", i), Version: "1"}
	}
	load := func(context.Context, Entry) (Doc, error) {
		b.Fatal("nothing should be loaded")
		return Doc{}, nil
	}
	cpu := cpuTime()
	for b.Loop() {
		if _, err := ix.Sync(context.Background(), want, load, SyncOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}
