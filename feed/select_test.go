package feed

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// listing is a small index for the ordering and matching tests: two
// undated articles, whose modification times (their Date) are newer than
// every stated date, as after a clone.
func listing() *Index {
	ix := NewIndex()
	undated := func(a *Article) *Article { a.DateEstimated = true; return a }
	ix.AddBatch(Batch{Files: 6, Articles: []*Article{
		testArticle("1.md", "beta", day(1), "金融", "新浪财经", "新浪财经－国內"),
		testArticle("2.md", "Alpha", day(2), "金融", "证券时报网"),
		testArticle("3.md", "gamma", day(3), "编程", "Hacker News"),
		undated(testArticle("4.md", "(untitled)", day(30), "编程", "Hacker News")),
		undated(testArticle("5.md", "delta", day(29), "金融", "新浪财经", "新浪财经－国內")),
		testArticle("6.md", "epsilon", day(4), "编程", "hacker news"),
	}})
	return ix
}

func TestOrders(t *testing.T) {
	ix := listing()
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"newest: the undated after every dated article", Filter{}, []string{"6.md", "3.md", "2.md", "1.md", "4.md", "5.md"}},
		{"oldest: the undated still last", Filter{Order: Oldest}, []string{"1.md", "2.md", "3.md", "6.md", "4.md", "5.md"}},
		{"title, ignoring case", Filter{Order: ByTitle}, []string{"4.md", "2.md", "1.md", "5.md", "6.md", "3.md"}},
		{"source, then newest", Filter{Order: BySource}, []string{"3.md", "4.md", "6.md", "1.md", "5.md", "2.md"}},
		{"limit after sorting", Filter{Order: Oldest, Limit: 2}, []string{"1.md", "2.md"}},
		{"dated only, as --latest asks", Filter{Dated: true, Limit: 1}, []string{"6.md"}},
		{"dated only in a category of undated articles", Filter{Dated: true, Category: []string{"金融", "新浪财经"}}, []string{"1.md"}},
		{"a date bound leaves the undated out", Filter{Since: day(1)}, []string{"6.md", "3.md", "2.md", "1.md"}},
	}
	for _, tt := range tests {
		if got := paths(ix.Select(tt.f)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	for _, name := range OrderNames() {
		o, err := ParseOrder(strings.ToUpper(name))
		if err != nil || o.String() != name {
			t.Errorf("ParseOrder(%q) = %v, %v", name, o, err)
		}
	}
	if _, err := ParseOrder("random"); err == nil || !strings.Contains(err.Error(), "newest, oldest, title, source") {
		t.Errorf("ParseOrder(random): %v", err)
	}
	if Newest.Next() != Oldest || BySource.Next() != Newest {
		t.Error("Next does not cycle through the orders")
	}
}

func TestFindCategory(t *testing.T) {
	ix := listing()
	tests := []struct {
		typed string
		want  [][]string
	}{
		{"", [][]string{nil}},
		{"金融/新浪财经/新浪财经－国內", [][]string{{"金融", "新浪财经", "新浪财经－国內"}}},
		{"金融/新浪财经/新浪财经-国內", [][]string{{"金融", "新浪财经", "新浪财经－国內"}}}, // NFKC: － is -
		{"金融 › 新浪财经", [][]string{{"金融", "新浪财经"}}},
		{"编程/HACKER NEWS", [][]string{{"编程", "Hacker News"}, {"编程", "hacker news"}}},
	}
	for _, tt := range tests {
		got, err := ix.FindCategory(ParseCategory(tt.typed))
		if err != nil || !slices.EqualFunc(got, tt.want, slices.Equal) {
			t.Errorf("FindCategory(%q) = %q, %v; want %q", tt.typed, got, err, tt.want)
		}
	}
	if got := paths(ix.Select(Filter{Category: ParseCategory("编程/hacker NEWS")})); !slices.Equal(got, []string{"6.md", "3.md", "4.md"}) {
		t.Errorf("Select by a category spelt two ways: %q", got)
	}
	for typed, suggestion := range map[string]string{
		"金融/新浪":      "金融/新浪财经",
		"金融/证券时报":    "金融/证券时报网",
		"编程/Hacker":  "编程/Hacker News",
		"bianch\x1b": "",
	} {
		_, err := ix.FindCategory(ParseCategory(typed))
		var ce *CategoryError
		if !errors.As(err, &ce) {
			t.Fatalf("FindCategory(%q): %v, want a CategoryError", typed, err)
		}
		msg := err.Error()
		if strings.ContainsRune(msg, 0x1b) || !strings.Contains(msg, "no category") {
			t.Errorf("FindCategory(%q): %q", typed, msg)
		}
		if suggestion != "" && !strings.Contains(msg, "did you mean "+suggestion) {
			t.Errorf("FindCategory(%q) = %q, want it to suggest %s", typed, msg, suggestion)
		}
		if suggestion == "" && strings.Contains(msg, "did you mean") {
			t.Errorf("FindCategory(%q) suggests something far away: %q", typed, msg)
		}
	}
}

func TestLookupPrefix(t *testing.T) {
	ix := NewIndex()
	// Two paths whose IDs share their first MinIDPrefix characters: by
	// the birthday bound, about a thousand paths give such a pair.
	seen := map[string]string{}
	var pair []string
	for i := 0; pair == nil; i++ {
		p := fmt.Sprintf("a/%d.md", i)
		k := makeID(p)[:MinIDPrefix]
		if q, ok := seen[k]; ok {
			pair = []string{q, p}
		}
		seen[k] = p
	}
	for _, p := range pair {
		ix.Add(testArticle(p, "title of "+p, day(1), "a"))
	}
	a, b := makeID(pair[0]), makeID(pair[1])
	common := 0
	for common < len(a) && a[common] == b[common] {
		common++
	}
	for _, n := range []int{max(MinIDPrefix, common+1), 7, 8} {
		got, err := ix.Lookup(a[:n])
		if err != nil || got.Path != pair[0] {
			t.Errorf("Lookup(%q) = %v, %v; want %s", a[:n], got, err, pair[0])
		}
	}
	if _, err := ix.Lookup(a[:MinIDPrefix-1]); err == nil || !strings.Contains(err.Error(), "no article") {
		t.Errorf("a prefix shorter than %d: %v", MinIDPrefix, err)
	}
	_, err := ix.Lookup(a[:common])
	var amb *AmbiguousError
	if !errors.As(err, &amb) || len(amb.Candidates) != 2 || !strings.Contains(err.Error(), a) || !strings.Contains(err.Error(), b) {
		t.Errorf("an ambiguous prefix: %v", err)
	}
}

func TestAmbiguousError(t *testing.T) {
	var arts []*Article
	for i := range 7 {
		arts = append(arts, testArticle(strings.Repeat("p", i+1)+".md", "标题\x1b[31m", day(1)))
	}
	msg := (&AmbiguousError{Ref: "abcd", Candidates: arts}).Error()
	if !strings.HasPrefix(msg, `7 articles match "abcd"`) || strings.Count(msg, "\n  ") != 6 || !strings.HasSuffix(msg, "and 2 more") || strings.ContainsRune(msg, 0x1b) {
		t.Errorf("message:\n%s", msg)
	}
}

// TestSortNewest checks the sort on keys against Newest.Compare, with
// ties of dates, undated articles and the zero date, by radix and, with
// dates too far apart for it, by comparison; and that the keys come
// back whole.
func TestSortNewest(t *testing.T) {
	common := []time.Time{{}, time.Unix(0, 0), time.Unix(1, 5), time.Unix(1, 6), time.Date(2022, 5, 16, 2, 27, 46, 0, time.UTC), time.Date(2022, 5, 16, 2, 27, 46, 999_999_999, time.UTC)}
	for _, tt := range []struct {
		name  string
		dates []time.Time
		radix bool
	}{
		{"radix", common, true},
		{"one date", []time.Time{time.Unix(7, 0)}, true},
		{"far apart", append(slices.Clone(common), time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC)), false},
		{"before the epoch", append(slices.Clone(common), time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			arts := make([]*Article, 2000)
			for i := range arts {
				d := tt.dates[rng.IntN(len(tt.dates))]
				if rng.IntN(2) == 0 && len(tt.dates) > 1 {
					d = time.Unix(rng.Int64N(2e9), rng.Int64N(1e9))
				}
				arts[i] = &Article{Path: fmt.Sprintf("%c/%d.md", 'a'+rng.IntN(3), rng.IntN(1e6)*2000+i), Date: d, DateEstimated: rng.IntN(5) == 0}
			}
			ks := make([]newestKey, len(arts))
			for i, a := range arts {
				ks[i] = newestKey{a.DateEstimated, a.Date.Unix(), int32(a.Date.Nanosecond()), int32(i)}
			}
			orig := slices.Clone(ks)
			if got := sortByRank(ks, func(x, y newestKey) int { return 0 }); got != tt.radix {
				t.Errorf("sorted by radix: %v, want %v", got, tt.radix)
			}
			// The radix sort writes the keys back from their ranks.
			for _, k := range ks {
				if k != orig[k.i] {
					t.Fatalf("key %+v came back as %+v", orig[k.i], k)
				}
			}
			want := slices.Clone(arts)
			slices.SortFunc(want, Newest.Compare)
			if got := sortNewest(arts); !slices.Equal(got, want) {
				t.Error("sortNewest differs from Newest.Compare")
			}
		})
	}
}
