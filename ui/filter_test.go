package ui

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"newsreader/feed"
	"newsreader/search"
)

func TestFilter(t *testing.T) {
	tests := []struct {
		name  string
		query []string // key presses after "/"
		shown []string
		gone  []string
	}{
		{"latin", []string{"s", "h", "o", "w"}, []string{"Show HN"}, []string{"央行", "Lighthouse"}},
		{"case and fuzzy", []string{"G", "O", "1", "2", "2"}, []string{"Go 1.22"}, []string{"Show HN"}},
		{"chinese typed at once", []string{"成交"}, []string{"沪深两市"}, []string{"央行", "Go 1.22"}},
		{"chinese fuzzy", []string{"央", "率"}, []string{"央行宣布"}, []string{"沪深两市"}},
		{"every word must match", []string{"free", "space", "tycoon"}, []string{"Lighthouse"}, []string{"Show HN"}},
		{"nothing", []string{"zzz"}, []string{"No article matches “zzz”"}, []string{"Today"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newModel(t, 100, 30)
			press(t, m, "/")
			press(t, m, tt.query...)
			contains(t, m, tt.shown...)
			lacks(t, m, tt.gone...)
			// enter keeps the filter, esc clears it.
			press(t, m, "enter")
			contains(t, m, tt.shown...)
			contains(t, m, "esc/q clears")
			press(t, m, "esc")
			contains(t, m, "央行宣布", "Show HN", "Lighthouse")
		})
	}
}

func TestFilterWhileTypingEscClears(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "/", "成交")
	contains(t, m, "/成交", "1 of 6 articles")
	press(t, m, "backspace", "backspace", "esc")
	contains(t, m, "All · 6 articles")
	// q typed in the filter is text, not quit.
	if press(t, m, "/", "q") {
		t.Fatal("q in the filter quit")
	}
	contains(t, m, "/q")
}

func TestFilterPaste(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "/")
	send(t, m, tea.PasteMsg{Content: "准备金"})
	contains(t, m, "央行宣布")
	lacks(t, m, "沪深两市")
}

func TestFuzzyTitles(t *testing.T) {
	titles := []string{
		"Show HN: A terminal reader for crawled news archives",
		"Free game of the week: Lighthouse Tycoon",
		"央行宣布下调存款准备金率0.5个百分点",
		"GOLANG release notes",
	}
	arts := make([]*feed.Article, len(titles))
	for i, s := range titles {
		arts[i] = &feed.Article{Title: s}
	}
	tests := []struct {
		query string
		want  []int // indexes of the titles that match
		marks string
	}{
		{"free", []int{1}, "Free"},              // literal beats the loose fuzzy hit in title 0
		{"FREE tycoon", []int{1}, "FreeTycoon"}, // every word, any case
		{"lhtycn", []int{1}, "LhTycn"},          // no literal match: fuzzy
		{"准备金", []int{2}, "准备金"},
		{"央率", []int{2}, "央率"},
		{"go", []int{3}, "GO"},
		{"xyz", nil, ""},
	}
	for _, tt := range tests {
		got := fuzzyTitles(tt.query, arts, titles)
		var idx []int
		var marked strings.Builder
		for i, a := range arts {
			if offs, ok := got[a]; ok {
				idx = append(idx, i)
				for _, o := range offs {
					r := []rune(titles[i][o:])[0]
					marked.WriteRune(r)
				}
			}
		}
		if !slices.Equal(idx, tt.want) || marked.String() != tt.marks {
			t.Errorf("fuzzyTitles(%q) = %v marking %q, want %v marking %q", tt.query, idx, marked.String(), tt.want, tt.marks)
		}
	}
}

func TestFilterSourceAndAuthor(t *testing.T) {
	dir := writeArchive(t, fixtures)
	byline := "---\ntitle: 'Weekly notes'\ncategories:\n - 阅读\n - 周报\nauthor: 韩俊\ndate: 2024-03-09 10:00:00\n---\n\n<p>Notes.</p>\n"
	writeRaw(t, dir, "阅读/notes.md", byline)
	tests := []struct {
		query       string
		shown, gone []string
	}{
		// No title says 新浪: the source does.
		{"新浪", []string{"央行宣布", "沪深两市", "2 of 7 articles"}, []string{"新能源汽车", "Go 1.22"}},
		{"韩俊", []string{"Weekly notes", "1 of 7 articles"}, []string{"央行宣布"}},
		{"author:韩俊", []string{"Weekly notes"}, []string{"央行宣布"}},
		// A title word and a source together.
		{"证券 销量", []string{"新能源汽车"}, []string{"央行宣布", "沪深两市"}},
		{"source:epic", []string{"Lighthouse"}, []string{"Go 1.22"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			m := newModelOf(t, testConfig(t, dir), 100, 30)
			press(t, m, "/", tt.query)
			contains(t, m, tt.shown...)
			lacks(t, m, tt.gone...)
		})
	}
}

// BenchmarkFilterKey measures the browser's / filter on 100,000
// articles, a key press's whole work: what Update copies, the command's
// matching, the list shown again and the frame drawn; with the matcher
// made at the key press (first, when / could not make it ahead) and made
// ahead (next):
//
//	go test ./ui -run XXX -bench FilterKey -benchtime 20x
func BenchmarkFilterKey(b *testing.B) {
	fx := generate(100_000)
	arts := make([]*feed.Article, len(fx))
	for i, f := range fx {
		arts[i] = &feed.Article{ID: strconv.Itoa(i), Path: f.path, Title: f.title, Categories: f.cats, Author: "作者" + strconv.Itoa(i%50)}
	}
	m := newTestModel(b, Options{Archive: feed.Demo(feed.Options{}), Config: testConfig(b, "")})
	send(b, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m.focus = listPane
	m.list.all = arts
	for _, query := range []string{"市场", "来源07", "release 增长", "作者7", "zzzz"} {
		for _, warm := range []bool{false, true} {
			name := query + "/first"
			if warm {
				name = query + "/next"
			}
			b.Run(name, func(b *testing.B) {
				var found int
				for b.Loop() {
					if !warm {
						m.filter.matcher = nil
					}
					m.filter.input.SetValue(query)
					msg := m.refilter()().(filterMsg)
					m.updateFilter(msg)
					m.View()
					found = len(m.list.items)
				}
				b.ReportMetric(float64(found), "found")
			})
		}
	}
}

func TestFilterMarksTitlesOnScreen(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "/", "成交 source:新浪")
	contains(t, m, "1 of 6 articles", "沪深两市成交额")
	marks := m.filter.titleMarks(&m.list, 10)
	a := m.list.items[0]
	var got strings.Builder
	for _, o := range marks[a] {
		r, _ := utf8.DecodeRuneInString(a.Title[o:])
		got.WriteRune(r)
	}
	if got.String() != "成交" {
		t.Errorf("marked %q of %q, want 成交", got.String(), a.Title)
	}
	// is: filters take the marks.
	press(t, m, "esc", "m", "/", "is:read")
	contains(t, m, "1 of 6 articles")
	press(t, m, "ctrl+u", "is:unread")
	contains(t, m, "5 of 6 articles")
}

// TestFilterKeepsMatcherOfList: a late answer made for another list
// (before a rescan, in another category) does not replace the matcher
// of the list shown, which the next key press would then make again.
func TestFilterKeepsMatcherOfList(t *testing.T) {
	m := newModel(t, 100, 30)
	press(t, m, "/", "成交")
	mt := m.filter.matcher
	if mt == nil || !sameList(m.filter.list, m.list.all) {
		t.Fatal("no matcher for the list shown")
	}
	other := []*feed.Article{{Title: "another list"}}
	stale := search.NewMatcher(matcherItems(other))
	send(t, m, filterMsg{gen: m.filter.gen - 1, matcher: stale, list: other})
	send(t, m, matcherMsg{matcher: stale, list: other})
	if m.filter.matcher != mt {
		t.Error("an answer for another list replaced the matcher of the list shown")
	}
}
