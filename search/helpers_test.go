package search

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// openDB opens a fresh database in a temporary folder, as the store
// opens its index: WAL, a busy timeout.
func openDB(t testing.TB) *sql.DB {
	t.Helper()
	return openPath(t, filepath.Join(t.TempDir(), "index.db"))
}

func openPath(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openIndex(t testing.TB, docs ...Doc) *Index {
	t.Helper()
	ix, err := Open(context.Background(), openDB(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) > 0 {
		if err := ix.Apply(context.Background(), Batch{Put: docs}); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

// now is the moment relative dates count from in tests.
var now = time.Date(2024, 3, 15, 12, 0, 0, 0, time.UTC)

func parse(t testing.TB, s string) *Query {
	t.Helper()
	q, err := Parse(s, ParseOptions{Now: now, Location: time.UTC})
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return q
}

// ids runs a query and returns the IDs of all its hits, sorted, checking
// that the count agrees.
func ids(t testing.TB, ix *Index, query string, opts Options) []string {
	t.Helper()
	q := parse(t, query)
	opts.Limit = 100000
	res, err := ix.Search(context.Background(), q, opts)
	if err != nil {
		t.Fatalf("Search(%q): %v", query, err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	if res.Total != len(out) {
		t.Errorf("Search(%q): total %d, %d hits", query, res.Total, len(out))
	}
	slices.Sort(out)
	return out
}
