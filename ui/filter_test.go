package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"newsreader/feed"
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
		{"nothing", []string{"zzz"}, []string{"No titles match “zzz”"}, []string{"Today"}},
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
