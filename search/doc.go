// Package search is the full-text index of an archive: its articles'
// titles, sources (every category level), authors and cleaned text, in
// SQLite FTS5 tables that live in the store's index database, with a
// query language (see Parse), ranked and paged results with snippets,
// and the maintenance the store's reconcile needs (Sync, Apply, Indexed).
// Matcher is the browser's instant filter on titles, sources and authors,
// in memory.
//
// # Why pairs of ideographs
//
// Chinese has no spaces between words and two-character words are the
// commonest searches (企业, 韩俊). FTS5's trigram tokenizer cannot match
// fewer than three characters, modernc.org/sqlite offers no way to
// register a tokenizer written in Go, and a dictionary segmenter would
// miss names and new words. So the tokenizer here is Go: it splits runs
// of Han, kana and Hangul into overlapping pairs (企业发展 gives 企业 业发
// 发展 and the single 展 that ends the run), words of other scripts at
// spaces and punctuation, after NFKC and case folding; FTS5 stores the
// tokens it is handed (the ascii tokenizer splits only at ASCII spaces).
// A query of ideographs is the phrase of its pairs, or for one ideograph
// the prefix query 企*, which finds exactly the texts that contain the
// query as a substring: the tests check this against brute force.
//
// Measured on this machine, generated articles of 1.75 KB of text (mostly
// Chinese, a quarter English, words drawn by Zipf's law), a shared
// two-core machine under load from other work, CPU time per query:
//
//	20,000 articles        pairs (this package)      FTS5 trigram
//	index size             2.95x the text (*)         4.24x the text (**)
//	build                  1.7 ms an article          5.1 ms an article
//	count 企业 (4,261)      0.7 ms                     86 ms (LIKE scan)
//	count 统计局            —                          0.3 ms
//
//	(*) FTS index, metadata and the text kept deflated for snippets;
//	(**) the index and the text it keeps.
//
//	100,000 articles (175 MB of text)                 CPU ms / query
//	index 459 MiB (2.6x the text): FTS 289 MB, text 130 MB, rest 23 MB
//	count of 企业 (21,352 hits)                        2.2
//	企业, first 50 by relevance / newest first         58 / 17
//	韩俊 (32 hits), first page                          4.4
//	国家统计局 (phrase of 4 pairs, 7,832 hits)          39 / 31
//	"interest rates" (106 hits)                        19 / 29
//	market (16,485 hits)                               44 / 11
//
// (go test ./search -run '^$' -bench .) The author measured FTS5 trigram
// with a LIKE fallback at 0.5 s for a two-character query and bleve's CJK
// analyser at 3.7 times the text; LIKE scans every text, so it grows with
// the archive, where a pair lookup does not.
//
// Relevance is BM25 over all matches, title weighted most: its cost grows
// with the number of hits (about 2.5 µs each, half of it FTS5 reading each
// article's length for BM25's length normalisation). Newest first reads
// rowids in descending order, which are dates (see the schema), and stops
// after the page.
//
// # The read state
//
// is:read, is:unread and is:starred need the state, which the store keeps
// in a different file (state.db, the user's data, never dropped with the
// index). Search takes it as a Marks interface the caller implements from
// what it holds, rather than attaching state.db: the index stays a cache
// that knows nothing of the state's layout, and the interface already
// holds the marks in memory. The filter runs in Go over the matches, so
// its cost grows with the hits like relevance does.
package search
