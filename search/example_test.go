package search_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite"

	"newsreader/search"
)

// The store opens the index database; the search command parses the
// query, searches, and marks the matches its own way.
func Example() {
	dir, _ := os.MkdirTemp("", "search-example")
	defer os.RemoveAll(dir)
	db, _ := sql.Open("sqlite", "file:"+filepath.Join(dir, "index.db")+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)")
	defer db.Close()
	ctx := context.Background()
	ix, err := search.Open(ctx, db)
	if err != nil {
		fmt.Println(err)
		return
	}
	err = ix.Apply(ctx, search.Batch{Put: []search.Doc{{
		ID: "1sfn8a0k", Version: "1024-1700000000", Path: "source/_posts/金融/新浪财经/a.md",
		Title: "中国企业发展报告", Categories: []string{"金融", "新浪财经"},
		Date: time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC), Text: "大型企业的发展离不开创新。",
	}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	q, err := search.Parse("企业 source:新浪", search.ParseOptions{Location: time.UTC})
	if err != nil {
		fmt.Println(err) // a *SyntaxError, in words
		return
	}
	res, err := ix.Search(ctx, q, search.Options{Limit: 20})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Total, "found")
	for _, h := range res.Hits {
		fmt.Println(h.ID, search.Mark(h.Title, h.TitleMatches, "[", "]"))
		fmt.Println(search.Mark(h.Snippet.Text, h.Snippet.Matches, "[", "]"))
	}
	// Output:
	// 1 found
	// 1sfn8a0k 中国[企业]发展报告
	// 大型[企业]的发展离不开创新。
}
