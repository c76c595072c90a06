package search

import "testing"

// BenchmarkTokenize is the tokenizer alone on generated articles, in
// bytes of text a second.
func BenchmarkTokenize(b *testing.B) {
	c := benchCorpus()
	var docs []string
	size := 0
	for i := range 200 {
		d := c.doc(i)
		docs = append(docs, d.Text)
		size += len(d.Text)
	}
	var t tokenizer
	b.SetBytes(int64(size))
	cpu := cpuTime()
	for b.Loop() {
		for _, d := range docs {
			t.tokens(d, func(token) {})
		}
	}
	reportCPU(b, cpu)
}
