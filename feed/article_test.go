package feed

import (
	"reflect"
	"slices"
	"testing"
)

// TestArticleCopiesAndWarnings checks the accessors of an article's rare
// fields: what each setter keeps of the other, that an article of one
// copy and no warnings holds nothing beside its fields (so that it equals
// one built without the setters), and that a copy of an Article is not
// changed by the setters of the original.
func TestArticleCopiesAndWarnings(t *testing.T) {
	for _, tt := range []struct {
		name      string
		set       func(a *Article)
		paths, ws []string
		bare      bool
	}{
		{"none", func(a *Article) {}, []string{"a.md"}, nil, true},
		{"copies", func(a *Article) { a.SetPaths([]string{"a.md", "b.md"}) }, []string{"a.md", "b.md"}, nil, false},
		{"primary changed", func(a *Article) { a.SetPaths([]string{"c.md", "a.md"}) }, []string{"c.md", "a.md"}, nil, false},
		{"one copy", func(a *Article) { a.SetPaths([]string{"a.md"}) }, []string{"a.md"}, nil, true},
		{"warnings", func(a *Article) { a.SetWarnings([]string{"w"}) }, []string{"a.md"}, []string{"w"}, false},
		{"both", func(a *Article) {
			a.SetWarnings([]string{"w"})
			a.SetPaths([]string{"a.md", "b.md"})
		}, []string{"a.md", "b.md"}, []string{"w"}, false},
		{"both, warnings last", func(a *Article) {
			a.SetPaths([]string{"a.md", "b.md"})
			a.SetWarnings([]string{"w", "v"})
		}, []string{"a.md", "b.md"}, []string{"w", "v"}, false},
		{"copies dropped", func(a *Article) {
			a.SetPaths([]string{"a.md", "b.md"})
			a.SetPaths(nil)
		}, []string{"a.md"}, nil, true},
		{"warnings dropped", func(a *Article) {
			a.SetWarnings([]string{"w"})
			a.SetWarnings([]string{})
		}, []string{"a.md"}, nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := &Article{ID: "id", Path: "a.md", Title: "标题"}
			tt.set(a)
			if got := a.Paths(); !slices.Equal(got, tt.paths) || got[0] != a.Path {
				t.Errorf("Paths() = %q, Path %q; want %q", got, a.Path, tt.paths)
			}
			if got := a.OtherPaths(); !slices.Equal(got, tt.paths[1:]) {
				t.Errorf("OtherPaths() = %q, want %q", got, tt.paths[1:])
			}
			if got := a.Warnings(); !slices.Equal(got, tt.ws) {
				t.Errorf("Warnings() = %q, want %q", got, tt.ws)
			}
			bare := &Article{ID: "id", Path: a.Path, Title: "标题"}
			if got := reflect.DeepEqual(a, bare); got != tt.bare {
				t.Errorf("equal to an article without copies or warnings: %v, want %v", got, tt.bare)
			}
		})
	}

	a := &Article{Path: "a.md"}
	a.SetWarnings([]string{"w"})
	c := *a
	a.SetPaths([]string{"a.md", "b.md"})
	a.SetWarnings([]string{"v"})
	if !slices.Equal(c.Paths(), []string{"a.md"}) || !slices.Equal(c.Warnings(), []string{"w"}) {
		t.Errorf("a copy of the article changed with it: %q %q", c.Paths(), c.Warnings())
	}
	c.Path = "c.md"
	if a.Path != "a.md" || c.Paths()[0] != "c.md" {
		t.Errorf("a copy's one path is not its own: %q, %q", a.Paths(), c.Paths())
	}
}
