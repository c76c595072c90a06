package search

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkTrigram measures the design this package did not choose, on
// the same generated articles: FTS5's own trigram tokenizer over the
// text, which needs LIKE (a scan of every text) for queries of fewer
// than three characters. It reports the size against the text and the
// time of a two-character and a three-character query, for the comment
// in doc.go.
func BenchmarkTrigram(b *testing.B) {
	const n = 20000
	c := benchCorpus()
	db := openPath(b, filepath.Join(b.TempDir(), "trigram.db"))
	if _, err := db.Exec(`CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='trigram')`); err != nil {
		b.Fatal(err)
	}
	text := 0
	start := time.Now()
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	for i := range n {
		d := c.doc(i)
		text += len(d.Title) + len(d.Text)
		if _, err := tx.Exec(`INSERT INTO t(title, body) VALUES(?, ?)`, d.Title, d.Text); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO t(t) VALUES('optimize')`); err != nil {
		b.Fatal(err)
	}
	build := time.Since(start)
	var pages, size int64
	db.QueryRow(`PRAGMA page_count`).Scan(&pages)
	db.QueryRow(`PRAGMA page_size`).Scan(&size)
	// Sub-benchmarks hide the parent's metrics: say them.
	b.Logf("trigram index of %d articles: %.2f times the text, built in %v (%.0f µs an article)",
		n, float64(pages*size)/float64(text), build.Round(time.Millisecond), float64(build.Microseconds())/n)

	query := func(b *testing.B, sql string, arg string) {
		var hits int
		cpu := cpuTime()
		for b.Loop() {
			if err := db.QueryRow(sql, arg).Scan(&hits); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpu)
		b.ReportMetric(float64(hits), "hits")
	}
	b.Run("two-chars-like", func(b *testing.B) {
		query(b, `SELECT count(*) FROM t WHERE body LIKE '%' || ? || '%'`, "企业")
	})
	b.Run("three-chars-match", func(b *testing.B) {
		query(b, `SELECT count(*) FROM t WHERE t MATCH ?`, `"统计局"`)
	})
	b.Run("pairs-two-chars", func(b *testing.B) {
		ix, err := Open(context.Background(), openPath(b, filepath.Join(b.TempDir(), "pairs.db")))
		if err != nil {
			b.Fatal(err)
		}
		docs := make([]Doc, n)
		for i := range docs {
			docs[i] = c.doc(i)
		}
		start := time.Now()
		if err := ix.Apply(context.Background(), Batch{Put: docs}); err != nil {
			b.Fatal(err)
		}
		if err := ix.Optimize(context.Background()); err != nil {
			b.Fatal(err)
		}
		b.Logf("pair index of %d articles: %.2f times the text, built in %v", n, float64(dbSize(b, ix))/float64(text), time.Since(start).Round(time.Millisecond))
		q, _ := Parse("企业", ParseOptions{})
		s := plan(q, Options{})
		db := ix.db
		var hits int
		cpu := cpuTime()
		for b.Loop() {
			if err := db.QueryRow(`SELECT count(*) `+s.from, s.args...).Scan(&hits); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpu)
		b.ReportMetric(float64(hits), "hits")
	})
}
