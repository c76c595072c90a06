package feed

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"newsreader/display"
)

// Category is a node of the category tree.
type Category struct {
	// Name is the last level of Path; the root's is empty.
	Name string
	// Path is the hierarchy down to this node.
	Path []string
	// Count is the number of articles at or below this node.
	Count    int
	Children []*Category
}

// Tree returns the category tree: the root counts every article, and
// children are sorted by name. The tree is the index's own and changes as
// articles are added; callers must not modify it.
func (ix *Index) Tree() *Category { return ix.tree }

// count adds n to the counts of the nodes on the category path cats,
// creating nodes as needed and removing those that fall to zero.
func (c *Category) count(cats []string, n int) {
	c.Count += n
	if len(cats) == 0 {
		return
	}
	name := cats[0]
	i, found := slices.BinarySearchFunc(c.Children, name, func(ch *Category, name string) int { return strings.Compare(ch.Name, name) })
	if !found {
		if n < 0 {
			return
		}
		c.Children = slices.Insert(c.Children, i, &Category{Name: name, Path: append(slices.Clip(c.Path), name)})
	}
	child := c.Children[i]
	child.count(cats[1:], n)
	if child.Count == 0 {
		c.Children = slices.Delete(c.Children, i, i+1)
	}
}

// HasPrefix reports whether the category path cats starts with prefix,
// exactly.
func HasPrefix(cats, prefix []string) bool {
	return len(prefix) <= len(cats) && slices.Equal(cats[:len(prefix)], prefix)
}

// ParseCategory splits a category path typed by a user, such as
// "金融/新浪财经" or "金融 › 新浪财经", into its levels.
func ParseCategory(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '›' }) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// FoldName is how a typed category name is compared with the archive's,
// by FindCategory and by shell completion: after Unicode compatibility
// normalisation (NFKC: the full-width "－" of 新浪财经－国內 is the "-" a
// keyboard types) and ignoring case.
func FoldName(s string) string {
	return strings.ToLower(norm.NFKC.String(s))
}

// FindCategory returns the category paths of the tree that the typed
// path names, level by level, ignoring case and compatibility forms: more
// than one when the archive spells a name in two ways. When none matches,
// the error suggests the nearest categories.
func (ix *Index) FindCategory(typed []string) ([][]string, error) {
	if len(typed) == 0 {
		return [][]string{nil}, nil
	}
	want := make([]string, len(typed))
	for i, t := range typed {
		want[i] = FoldName(t)
	}
	nodes := []*Category{ix.tree}
	for _, w := range want {
		var next []*Category
		for _, n := range nodes {
			for _, ch := range n.Children {
				if FoldName(ch.Name) == w {
					next = append(next, ch)
				}
			}
		}
		nodes = next
	}
	if len(nodes) == 0 {
		return nil, &CategoryError{Typed: typed, Suggestions: ix.nearestCategories(want, 3)}
	}
	paths := make([][]string, len(nodes))
	for i, n := range nodes {
		paths[i] = n.Path
	}
	return paths, nil
}

// CategoryError says that no category has the path a user typed.
type CategoryError struct {
	Typed []string
	// Suggestions are the nearest category paths, nearest first.
	Suggestions [][]string
}

func (e *CategoryError) Error() string {
	msg := fmt.Sprintf("no category %q in the archive", display.Printable(strings.Join(e.Typed, "/")))
	if len(e.Suggestions) == 0 {
		return msg
	}
	names := make([]string, len(e.Suggestions))
	for i, s := range e.Suggestions {
		names[i] = display.Printable(strings.Join(s, "/"))
	}
	return msg + "; did you mean " + strings.Join(names, ", ") + "?"
}

// nearestCategories ranks every category of the tree against the typed
// path (folded): a category whose name contains the last typed level
// first, then by edit distance between the paths. Those further than a
// third of the typed path's length are no suggestion.
func (ix *Index) nearestCategories(want []string, n int) [][]string {
	type cand struct {
		path     []string
		contains bool
		dist     int
	}
	typed := []rune(strings.Join(want, "/"))
	last := want[len(want)-1]
	var cands []cand
	var walk func(c *Category)
	walk = func(c *Category) {
		for _, ch := range c.Children {
			folded := make([]string, len(ch.Path))
			for i, p := range ch.Path {
				folded[i] = FoldName(p)
			}
			name := folded[len(folded)-1]
			d := editDistance(typed, []rune(strings.Join(folded, "/")))
			contains := len(ch.Path) == len(want) && strings.Contains(name, last)
			if contains || d <= max(1, len(typed)/3) {
				cands = append(cands, cand{ch.Path, contains, d})
			}
			walk(ch)
		}
	}
	walk(ix.tree)
	slices.SortStableFunc(cands, func(a, b cand) int {
		if a.contains != b.contains {
			if a.contains {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.dist, b.dist)
	})
	var out [][]string
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, c.path)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
