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
// Measured on this machine (two cores, shared), on generated articles of
// 1.75 KB of text (mostly Chinese, a quarter English, words drawn by
// Zipf's law), in process, CPU time:
//
//	20,000 articles, one run    pairs (this package)    FTS5 trigram
//	index and text, size        4.04x the text (*)      4.24x the text (**)
//	build                       1.0 ms an article       1.3 ms an article
//	count 企业 (4,261 hits)      0.3 ms                  81 ms (LIKE scan)
//
//	(*) FTS5 2.6x (1.7x without the prefix index), the deflated text for
//	snippets 0.72x, metadata 0.12x; (**) the index and the text it keeps.
//
// The author measured the trigram fallback at 0.5 s for a
// two-character query at 100,000 articles and bleve's CJK analyser at
// 3.7 times the text. LIKE reads every text, so it grows with the
// archive; a pair is one list, whatever the size.
//
// At 100,000 articles (175 MB of text) the index is 623 MiB, 3.7 times
// the text: FTS5 443 MB (with the prefix index of first characters, see
// the schema), text 130 MB, metadata 24 MB. It builds in 2 min 11 s (1.3
// ms an article, tokenising 46 MB/s of it). Searching, in ms for a count,
// the first 50 by relevance, the first 50 newest first:
//
//	企业, common pair (21,352 hits)       1.3   43   8
//	韩俊, rare pair (32)                   0.04   4   3
//	韩, one character (5,069)             0.3   16   8
//	的, commonest character (75,192)      5.5   54  13
//	国家统计局, 4 pairs (7,832)            2.7   26  11
//	"interest rates" (106)                2.6   12  13
//	market (16,485)                       1.3   28   9
//
// At 1,000,000 articles (1.75 GB of text) the index is 5,663 MiB (3.2
// times), built in 31 min 45 s on the loaded machine; the same queries:
//
//	企业 (213,769 hits)                    12    63   20
//	韩俊 (388)                              0.1   5    4
//	韩 (50,956)                             3    45    9
//	的 (749,216)                           87   189   80
//	国家统计局 (77,974)                     47   104   51
//	"interest rates" (1,031)               29    89   38
//	market (166,879)                       15    70   18
//
// A whole process that opens the index and prints a first page (what
// `newsreader search` will do after its reconcile) took 14 to 64 ms at
// 100,000 articles and 26 to 228 ms at 1,000,000, against 1.0 to 1.3 s
// for the floor on the 100,000-article archive in the same runs. Counts
// and phrases grow with the hits; the first page by relevance grows
// only up to the rank limit. go test ./search -run '^$' -bench .
// reproduces these; SEARCH_BENCH_DOCS sets the archive's size.
//
// Relevance is BM25, the title weighted most, over the 10,000 newest
// matches (Options.RankLimit); newer articles win ties. BM25 costs about
// 2 µs a match, half of it FTS5 reading each article's length, which is
// what the limit bounds. Newest first reads rowids in descending order,
// which are dates (see the schema), and stops after the page.
//
// A phrase of several tokens (a quoted phrase, or three ideographs or
// more) is dearer: FTS5 checks its tokens' positions in every article
// that has them all. Before it ranks by a phrase, bm25() counts the
// phrase's articles (its weight), and a count is that check everywhere:
// a phrase in each of 100,000 generated articles took 250 ms to count
// and as long again to rank, whatever the page. So a phrase's matches
// are counted up to 5,000 (Options.CountLimit; Results.More then says
// there are more), and ranked by the BM25 of their longest token
// (Query.rankExpr), which needs no such count; the articles found are
// still exactly the phrase's. Each match costs twice a word's, once for
// the positions and once for its token's score, so a phrase ranks its
// 5,000 newest matches: the same time as a word's 10,000. The phrase
// in every article then took 45 ms in process, against 415.
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
