package feed

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// IDOf is the ID of the article whose primary copy is at path p: the ID of
// every copy, so that state kept for one copy finds the merged article.
func IDOf(p string) string { return makeID(p) }

// Changes are what a reconcile found different between the archive and an
// index of it: Apply brings the index up to date.
type Changes struct {
	// Removed are the files gone from the archive or rewritten that had
	// an article; the article of a rewritten file is in Articles.
	Removed []Removed
	// Unwarned are paths whose warnings no longer hold: files without an
	// article that are gone or rewritten, and a folder's entries whose
	// warnings are replaced by those in Warnings.
	Unwarned []string
	// Batch holds the articles of new and rewritten files, and the other
	// copies of every article that a removal touched (Apply takes out the
	// whole article and merges the copies that are left again); its
	// Warnings are about those files, and its Files is the number of
	// article files in the archive after the change.
	Batch
}

// Removed is a file whose article leaves the index.
type Removed struct {
	Path string
	// Date is the article's date as the index has it, which finds it
	// among 100,000 at once; with a zero Date it is looked for everywhere.
	Date time.Time
}

// Empty reports whether the changes change nothing.
func (c Changes) Empty() bool {
	return len(c.Removed) == 0 && len(c.Unwarned) == 0 && len(c.Articles) == 0 && len(c.Warnings) == 0
}

// Apply brings the index up to date with changes found on disk: the
// articles with a copy among c.Removed are taken out, with the warnings
// of all their copies and those of c.Unwarned, and c's articles are
// added.
func (ix *Index) Apply(c Changes) {
	ix.remove(c.Removed, c.Unwarned)
	ix.AddBatch(c.Batch)
}

// remove takes out every article with a copy among removed, and the
// warnings about any of their copies or at the unwarned paths. It leaves
// what was added since the last sort unsorted, for a reconcile that
// streams many batches; the sorted slice is new, since callers may still
// hold the one Articles returned.
func (ix *Index) remove(removed []Removed, unwarned []string) {
	if len(removed) == 0 && len(unwarned) == 0 {
		return
	}
	copies := ix.copyMap()
	drop := map[*Article]bool{}
	var lost map[string]bool // not found where their date says
	for _, r := range removed {
		if a := find(ix.articles, r); a != nil {
			drop[a] = true
			continue
		}
		if lost == nil {
			lost = map[string]bool{}
		}
		lost[r.Path] = true
	}
	if len(lost) > 0 {
		// In the articles added since the last sort, or anywhere.
		for _, arts := range [][]*Article{ix.pending, ix.articles} {
			for _, a := range arts {
				if slices.ContainsFunc(a.Paths(), func(p string) bool { return lost[p] }) {
					drop[a] = true
				}
			}
		}
	}
	gone := make(map[string]bool, len(unwarned))
	for _, p := range unwarned {
		gone[p] = true
	}
	if len(drop) > 0 {
		keep := func(a *Article) bool {
			if !drop[a] {
				return true
			}
			ix.tree.count(a.Categories, -1)
			if key := (copyKey{a.Title, a.Date.UnixNano()}); !a.DateEstimated && copies[key] == a {
				delete(copies, key)
			}
			for _, p := range a.Paths() {
				gone[p] = true
			}
			return false
		}
		kept := make([]*Article, 0, len(ix.articles))
		for _, a := range ix.articles {
			if keep(a) {
				kept = append(kept, a)
			}
		}
		ix.articles = kept
		ix.pending = slices.DeleteFunc(ix.pending, func(a *Article) bool { return !keep(a) })
	}
	if len(gone) > 0 {
		unwanted := func(w Warning) bool { return gone[w.Path] }
		ix.warnings = slices.DeleteFunc(slices.Clone(ix.warnings), unwanted)
		ix.wpending = slices.DeleteFunc(ix.wpending, unwanted)
	}
}

// find looks for the article with a copy at r.Path among the articles of
// r.Date, in arts in the Newest order: the dated articles, then the
// undated by their files' times (a merge of copies may have left their
// paths out of order, never their dates). r does not say which part the
// article is in: both are searched.
func find(arts []*Article, r Removed) *Article {
	if r.Date.IsZero() {
		return nil
	}
	undated, _ := slices.BinarySearchFunc(arts, true, func(a *Article, _ bool) int {
		if a.DateEstimated {
			return 0
		}
		return -1
	})
	for _, part := range [][]*Article{arts[:undated], arts[undated:]} {
		i, _ := slices.BinarySearchFunc(part, r.Date, func(a *Article, d time.Time) int { return d.Compare(a.Date) })
		for ; i < len(part) && part[i].Date.Equal(r.Date); i++ {
			if slices.Contains(part[i].Paths(), r.Path) {
				return part[i]
			}
		}
	}
	return nil
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
	// The tree is counted while the articles are sorted, before merging
	// copies changes them.
	counted := make(chan struct{})
	go func() {
		defer close(counted)
		ix.countTree(arts)
	}()
	// Sort in the Newest order: copies, which share a title and a stated
	// date, become neighbours among the articles of their date, and the
	// order is the final one but for the primary copies chosen below.
	ks := newestKeys(arts)
	// The warnings are taken in the articles' order, which is their
	// order in memory: the loop below reads an article only when it
	// shares its date.
	nwarn := len(warnings)
	for _, a := range arts {
		nwarn += len(a.Warnings())
	}
	ix.warnings = make([]Warning, 0, nwarn)
	ix.warnings = append(ix.warnings, warnings...)
	for _, a := range arts {
		for _, w := range a.Warnings() {
			ix.warnings = append(ix.warnings, Warning{Path: a.Path, Reason: w})
		}
	}
	out := make([]*Article, 0, len(arts))
	<-counted
	resort := false
	run := map[string]*Article{} // the first of each title among the articles of one date
	for i, k := range ks {
		a := arts[k.i]
		if k.undated {
			out = append(out, a)
			continue
		}
		// Only an article that shares its date can be a copy: most do
		// not, and need no look-up.
		if i == 0 || !ks[i-1].sameDate(k) {
			if len(run) > 0 {
				clear(run)
			}
			if i+1 == len(ks) || !ks[i+1].sameDate(k) {
				out = append(out, a)
				continue
			}
		}
		prev := run[a.Title]
		if prev == nil {
			run[a.Title] = a
			out = append(out, a)
			continue
		}
		oldCats := prev.Categories
		if mergeCopy(prev, a) {
			ix.tree.count(oldCats, -1)
			resort = true
		} else {
			ix.tree.count(a.Categories, -1)
		}
	}
	if resort {
		out = sortNewest(out)
	}
	ix.articles = out
	ix.copies = nil // built at the first change (copyMap)
	ix.warnings = sortWarnings(ix.warnings)
	return ix
}

// sortWarnings sorts ws by path, keeping the order of one path's
// warnings, into a new slice. It sorts their places and moves each
// warning once: a stable sort of the warnings themselves (insertion sorts
// and symmetric merges of 40-byte values) took 2.5 times as long on
// 13,000 warnings.
func sortWarnings(ws []Warning) []Warning {
	idx := make([]int32, len(ws))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int {
		if c := strings.Compare(ws[a].Path, ws[b].Path); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	out := make([]Warning, len(ws))
	for i, j := range idx {
		out[i] = ws[j]
	}
	return out
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
