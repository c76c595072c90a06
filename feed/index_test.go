package feed

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func testArticle(p, title string, date time.Time, cats ...string) *Article {
	return &Article{ID: makeID(p), Path: p, Title: title, Date: date, Categories: cats}
}

func day(d int) time.Time { return time.Date(2022, 5, d, 12, 0, 0, 0, time.UTC) }

// copies are one story stored three times, as the crawler does.
func copies() []*Article {
	return []*Article{
		testArticle("post/金融/DT 财经 - 数据侠专栏/谁发明了AI？.md", "谁发明了AI？", day(3), "金融", "DT 财经 - 数据侠专栏"),
		testArticle("source/_posts/金融/DT 财经/数据侠专栏/谁发明了AI？.md", "谁发明了AI？", day(3), "金融", "DT 财经", "数据侠专栏"),
		testArticle(`post/金融/DT 财经 - 数据侠专栏/"""'谁发明了AI？'""".md`, "谁发明了AI？", day(3), "金融", "DT 财经 - 数据侠专栏"),
	}
}

func TestIndexMergesCopies(t *testing.T) {
	primary := "source/_posts/金融/DT 财经/数据侠专栏/谁发明了AI？.md"
	// Every order of arrival gives the same result.
	for _, order := range [][]int{{0, 1, 2}, {1, 0, 2}, {2, 0, 1}, {2, 1, 0}} {
		ix := NewIndex()
		arts := copies()
		for _, i := range order {
			ix.Add(arts[i])
		}
		ix.Add(testArticle("other.md", "谁发明了AI？", day(4), "x"))
		if ix.Len() != 2 {
			t.Fatalf("order %v: %d articles, want 2", order, ix.Len())
		}
		a := ix.Articles()[1]
		if a.Path != primary || a.ID != makeID(primary) || len(a.Categories) != 3 {
			t.Errorf("order %v: primary %s %q", order, a.Path, a.Categories)
		}
		if len(a.Paths()) != 3 || a.Paths()[0] != primary || !slices.IsSorted(a.Paths()[1:]) {
			t.Errorf("order %v: paths %q", order, a.Paths())
		}
		// The tree counts the primary's categories only.
		fin := ix.Tree().Children[1]
		if ix.Tree().Count != 2 || fin.Count != 1 || len(fin.Children) != 1 || fin.Children[0].Name != "DT 财经" ||
			!slices.Equal(fin.Children[0].Children[0].Path, []string{"金融", "DT 财经", "数据侠专栏"}) {
			t.Errorf("order %v: tree %+v", order, fin)
		}
		for _, c := range copies() {
			if got, err := ix.Lookup(c.Path); err != nil || got != a {
				t.Errorf("order %v: Lookup(%s) = %v, %v", order, c.Path, got, err)
			}
			if got, err := ix.Lookup(c.ID); err != nil || got != a {
				t.Errorf("order %v: Lookup(ID %s) = %v, %v", order, c.ID, got, err)
			}
		}
	}
}

// TestIndexIncremental checks that order, tree and warnings stay right
// while batches arrive, as the interface reads them during a scan.
func TestIndexIncremental(t *testing.T) {
	ix := NewIndex()
	var all []*Article
	for b := range 5 {
		var batch []*Article
		for i := range 20 {
			n := (i*7 + b*3) % 28
			a := testArticle(fmt.Sprintf("%d-%d.md", b, i), fmt.Sprintf("t%d-%d", b, i), day(1+n), "g", fmt.Sprint(n%3))
			a.SetWarnings([]string{"w"})
			batch = append(batch, a)
		}
		all = append(all, batch...)
		ix.AddBatch(Batch{Articles: batch, Files: len(all)})
		got := ix.Articles()
		if len(got) != len(all) || !slices.IsSortedFunc(got, Newest.Compare) {
			t.Fatalf("batch %d: %d articles, sorted %v", b, len(got), slices.IsSortedFunc(got, Newest.Compare))
		}
		ws := ix.Warnings()
		if len(ws) != len(all) || !slices.IsSortedFunc(ws, func(a, b Warning) int { return strings.Compare(a.Path, b.Path) }) {
			t.Fatalf("batch %d: warnings unsorted or missing", b)
		}
		sum := 0
		for _, c := range ix.Tree().Children[0].Children {
			sum += c.Count
		}
		if ix.Tree().Count != len(all) || sum != len(all) {
			t.Fatalf("batch %d: tree counts %d and %d, want %d", b, ix.Tree().Count, sum, len(all))
		}
	}
}

func TestIndexKeepsEstimatedApart(t *testing.T) {
	ix := NewIndex()
	for _, p := range []string{"a.md", "b.md"} {
		a := testArticle(p, "Same title", day(1), "x")
		a.DateEstimated = true
		ix.Add(a)
	}
	if ix.Len() != 2 {
		t.Errorf("articles with estimated dates were merged")
	}
}

func TestIndexLookup(t *testing.T) {
	ix := NewIndex()
	ix.Add(testArticle("a/文章.md", "T", day(1), "a"))
	for _, ref := range []string{"a/文章.md", "./a/文章.md", makeID("a/文章.md"), strings.ToUpper(makeID("a/文章.md")), " " + makeID("a/文章.md") + "\n"} {
		if _, err := ix.Lookup(ref); err != nil {
			t.Errorf("Lookup(%q): %v", ref, err)
		}
	}
	if _, err := ix.Lookup("zzzzzzzz"); err == nil || !strings.Contains(err.Error(), "no article") {
		t.Errorf("Lookup of an unknown ID: %v", err)
	}
	if _, err := ix.Lookup("\x1b[2J"); err == nil || strings.Contains(err.Error(), "\x1b") {
		t.Errorf("Lookup error echoes control characters: %q", err)
	}
}

func TestIndexSelect(t *testing.T) {
	ix := NewIndex()
	ix.AddBatch(Batch{Files: 5, Articles: []*Article{
		testArticle("1.md", "one", day(1), "金融", "新浪财经", "国内"),
		testArticle("2.md", "two", day(2), "金融", "新浪财经", "国际"),
		testArticle("3.md", "three", day(3), "金融", "证券时报网"),
		testArticle("4.md", "four", day(4), "编程"),
		testArticle("5.md", "five", day(5), "金融", "新浪财经"),
	}})
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"all, newest first", Filter{}, []string{"5.md", "4.md", "3.md", "2.md", "1.md"}},
		{"category prefix", Filter{Category: ParseCategory("金融/新浪财经")}, []string{"5.md", "2.md", "1.md"}},
		{"category with ›", Filter{Category: ParseCategory("金融 › 新浪财经 › 国内")}, []string{"1.md"}},
		{"partial names do not match", Filter{Category: ParseCategory("金")}, nil},
		{"since", Filter{Since: day(4)}, []string{"5.md", "4.md"}},
		{"until", Filter{Until: day(2)}, []string{"2.md", "1.md"}},
		{"range and limit", Filter{Since: day(2), Until: day(5), Limit: 2}, []string{"5.md", "4.md"}},
	}
	for _, tt := range tests {
		if got := paths(ix.Select(tt.f)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	root := ix.Tree()
	if root.Count != 5 || len(root.Children) != 2 {
		t.Fatalf("root count %d, %d groups", root.Count, len(root.Children))
	}
	fin := root.Children[1]
	if fin.Name != "金融" || fin.Count != 4 || fin.Children[0].Name != "新浪财经" || fin.Children[0].Count != 3 ||
		!slices.Equal(fin.Children[0].Children[0].Path, []string{"金融", "新浪财经", "国内"}) {
		t.Errorf("tree: %+v", fin)
	}
	if ix.Files() != 5 {
		t.Errorf("files = %d", ix.Files())
	}
}

func TestIDs(t *testing.T) {
	seen := map[string]bool{}
	for i := range 10000 {
		id := makeID("source/_posts/x/" + time.Duration(i).String() + ".md")
		if len(id) != 8 || strings.ContainsAny(id, "ilou") || strings.ToLower(id) != id {
			t.Fatalf("bad ID %q", id)
		}
		seen[id] = true
	}
	if len(seen) < 9999 {
		t.Errorf("%d distinct IDs of 10000", len(seen))
	}
	// IDs are kept by users and scripts between runs and versions: the
	// derivation (SHA-256 of the path, its first 40 bits in Crockford's
	// base32) must not change. The values were computed apart from makeID.
	for p, want := range map[string]string{
		"a.md": "zv6cs5tk",
		"source/_posts/金融/新浪财经/新浪财经－国內/x.md": "m6prjxg7",
	} {
		if got := makeID(p); got != want {
			t.Errorf("makeID(%q) = %q, want %q", p, got, want)
		}
	}
}
