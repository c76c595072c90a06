package feed

import (
	"cmp"
	"slices"
	"strings"
)

// IDOf is the ID of the article whose primary copy is at path p: the ID of
// every copy, so that state kept for one copy finds the merged article.
func IDOf(p string) string { return makeID(p) }

// Changes are what a reconcile found different between the archive and an
// index of it: Apply brings the index up to date.
type Changes struct {
	// Removed lists the files gone from the archive or rewritten; the
	// article of a rewritten file is in Articles.
	Removed []string
	// Batch holds the articles of new and rewritten files, and the other
	// copies of every article that a removal touched (Apply takes out the
	// whole article and merges the copies that are left again); its
	// Warnings are about those files, and its Files is the number of
	// article files in the archive after the change.
	Batch
}

// Empty reports whether the changes change nothing.
func (c Changes) Empty() bool {
	return len(c.Removed) == 0 && len(c.Articles) == 0 && len(c.Warnings) == 0
}

// Apply brings the index up to date with changes found on disk: the
// articles with a copy among c.Removed are taken out, with the warnings
// of all their copies, and c's articles are added.
func (ix *Index) Apply(c Changes) {
	ix.removePaths(c.Removed)
	ix.AddBatch(c.Batch)
}

// removePaths takes out every article with a copy at one of paths, and
// the warnings about any of their copies. The article slice is new, since
// callers may still hold the one Articles returned.
func (ix *Index) removePaths(paths []string) {
	if len(paths) == 0 {
		return
	}
	gone := make(map[string]bool, len(paths))
	for _, p := range paths {
		gone[p] = true
	}
	arts := ix.Articles()
	kept := make([]*Article, 0, len(arts))
	for _, a := range arts {
		if !slices.ContainsFunc(a.Paths, func(p string) bool { return gone[p] }) {
			kept = append(kept, a)
			continue
		}
		ix.tree.count(a.Categories, -1)
		if key := (copyKey{a.Title, a.Date.UnixNano()}); !a.DateEstimated && ix.copies[key] == a {
			delete(ix.copies, key)
		}
		for _, p := range a.Paths {
			gone[p] = true
		}
	}
	ix.articles = kept
	ix.warnings = slices.DeleteFunc(slices.Clone(ix.Warnings()), func(w Warning) bool { return gone[w.Path] })
}

// NewIndexOf builds the index of articles read from a cache, one per file
// and not yet merged, with the warnings about files that gave none and
// the count of files. It gives the index that adding them one by one
// would, but sorts once and counts the tree once per run of articles that
// share their categories, which matters when an interface starts from
// 100,000 cached articles: pass the articles of a folder together.
func NewIndexOf(arts []*Article, warnings []Warning, files int) *Index {
	ix := NewIndex()
	ix.files = files
	ix.copies = make(map[copyKey]*Article, len(arts))
	ix.countTree(arts)
	// Sort by date and path on plain integers: copies, which share a
	// title and a date, become neighbours among the articles of their
	// date, and the order is the final one but for the primary copies
	// chosen below.
	type keyed struct {
		date int64
		a    *Article
	}
	ks := make([]keyed, len(arts))
	nwarn := len(warnings)
	for i, a := range arts {
		ks[i] = keyed{a.Date.UnixNano(), a}
		nwarn += len(a.Warnings)
	}
	slices.SortFunc(ks, func(x, y keyed) int {
		if c := cmp.Compare(y.date, x.date); c != 0 {
			return c
		}
		return strings.Compare(x.a.Path, y.a.Path)
	})
	ix.warnings = make([]Warning, 0, nwarn)
	ix.warnings = append(ix.warnings, warnings...)
	out := make([]*Article, 0, len(arts))
	resort := false
	for i, k := range ks {
		a := k.a
		for _, w := range a.Warnings {
			ix.warnings = append(ix.warnings, Warning{Path: a.Path, Reason: w})
		}
		if a.DateEstimated {
			out = append(out, a)
			continue
		}
		// Only an article that shares its date can be a copy: most do
		// not, and need no look-up.
		key := copyKey{a.Title, k.date}
		var prev *Article
		if i > 0 && ks[i-1].date == k.date {
			prev = ix.copies[key]
		}
		if prev == nil {
			ix.copies[key] = a
			out = append(out, a)
			continue
		}
		paths := append(prev.Paths, a.Path)
		if primaryBefore(a, prev) {
			ix.tree.count(prev.Categories, -1)
			*prev = *a
			resort = true
		} else {
			ix.tree.count(a.Categories, -1)
		}
		rest := slices.DeleteFunc(paths, func(p string) bool { return p == prev.Path })
		slices.Sort(rest)
		prev.Paths = append([]string{prev.Path}, rest...)
	}
	if resort {
		slices.SortFunc(out, newestFirst)
	}
	ix.articles = out
	slices.SortStableFunc(ix.warnings, func(a, b Warning) int { return strings.Compare(a.Path, b.Path) })
	return ix
}

// countTree counts every article in the category tree, once per run of
// articles with equal categories.
func (ix *Index) countTree(arts []*Article) {
	for i := 0; i < len(arts); {
		j := i + 1
		for j < len(arts) && sameCategories(arts[j].Categories, arts[i].Categories) {
			j++
		}
		ix.tree.count(arts[i].Categories, j-i)
		i = j
	}
}

// sameCategories is slices.Equal, at once for a shared slice.
func sameCategories(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0] || slices.Equal(a, b))
}

// Options are the options the archive's files are read with: a cache of
// what they gave must be dropped when they change.
func (a *Archive) Options() Options { return a.opts }
