package feed

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"

	"newsreader/display"
)

// idAlphabet is Crockford's base32: no I, L, O or U to misread.
const idAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// idLen is the length of an ID.
const idLen = 8

// makeID derives an article's short ID from its path: 8 base32 characters,
// 40 bits, so that 100,000 articles collide with odds of about 1 in 200.
func makeID(p string) string {
	var buf [256]byte // on the stack: a scan makes 100,000 IDs
	sum := sha256.Sum256(append(buf[:0], p...))
	var id [idLen]byte
	v := uint64(sum[0])<<32 | uint64(sum[1])<<24 | uint64(sum[2])<<16 | uint64(sum[3])<<8 | uint64(sum[4])
	for i := len(id) - 1; i >= 0; i-- {
		id[i] = idAlphabet[v&31]
		v >>= 5
	}
	return string(id[:])
}

// Index holds the articles of an archive, merged and sorted newest first.
// Add may be called as scan results arrive: the order, the warnings and
// the category tree are kept up to date by merging, not rebuilt, so that
// an interface can show them while a large scan runs. An Index is not safe
// for concurrent use.
type Index struct {
	files    int
	articles []*Article // sorted, newest first
	pending  []*Article // added since articles was last sorted
	resort   bool       // a merge changed a sorted article's path
	warnings []Warning  // sorted by path
	wpending []Warning
	tree     *Category
	copies   map[copyKey]*Article // nil until needed, after NewIndexOf: see copyMap
	strings  map[string]string    // category and author names, shared
}

// copyKey identifies the copies of one article.
type copyKey struct {
	title string
	date  int64 // Unix nanoseconds
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{copies: map[copyKey]*Article{}, strings: map[string]string{}, tree: &Category{}}
}

// Files is the number of article files the scan read, copies and skipped
// files included.
func (ix *Index) Files() int { return ix.files }

// Len is the number of articles, copies merged.
func (ix *Index) Len() int { return len(ix.articles) + len(ix.pending) }

// Warnings lists the problems found, by path.
func (ix *Index) Warnings() []Warning {
	if len(ix.wpending) > 0 {
		ix.warnings = merge(ix.warnings, sortWarnings(ix.wpending), func(a, b Warning) int { return strings.Compare(a.Path, b.Path) })
		ix.wpending = ix.wpending[:0]
	}
	return ix.warnings
}

// merge merges add into sorted, both in the order of cmp, in
// O(len(sorted)+len(add)): sorting everything again at every batch of a
// scan would cost O(n log n) each time. Of equal elements, those of sorted
// come first.
func merge[T any](sorted, add []T, cmp func(a, b T) int) []T {
	if len(add) == 0 {
		return sorted
	}
	out := make([]T, 0, len(sorted)+len(add))
	i, j := 0, 0
	for i < len(sorted) && j < len(add) {
		if cmp(add[j], sorted[i]) < 0 {
			out = append(out, add[j])
			j++
		} else {
			out = append(out, sorted[i])
			i++
		}
	}
	out = append(out, sorted[i:]...)
	return append(out, add[j:]...)
}

// AddBatch adds a batch of scan results.
func (ix *Index) AddBatch(b Batch) {
	for _, a := range b.Articles {
		ix.Add(a)
	}
	ix.wpending = append(ix.wpending, b.Warnings...)
	ix.files = b.Files
}

// Add adds the article parsed from one file. A file with the same title
// and stated date as an article already present is a copy of it: the copy
// with the deepest category path becomes the primary.
func (ix *Index) Add(a *Article) {
	for _, w := range a.Warnings() {
		ix.wpending = append(ix.wpending, Warning{Path: a.Path, Reason: w})
	}
	// Tens of thousands of articles name the same few hundred categories
	// and authors: keep one copy of each name.
	for i, c := range a.Categories {
		a.Categories[i] = ix.intern(c)
	}
	a.Author = ix.intern(a.Author)
	key := copyKey{a.Title, a.Date.UnixNano()}
	copies := ix.copyMap()
	prev, ok := copies[key]
	if a.DateEstimated || !ok {
		// An estimated date says nothing about identity.
		if !a.DateEstimated {
			copies[key] = a
		}
		ix.pending = append(ix.pending, a)
		ix.tree.count(a.Categories, 1)
		return
	}
	oldCats := prev.Categories
	if mergeCopy(prev, a) {
		ix.tree.count(oldCats, -1)
		ix.tree.count(a.Categories, 1)
		ix.resort = true
	}
}

// mergeCopy merges a, a copy of prev, into prev: when a is the better
// primary (primaryBefore), prev takes its fields, keeping the pointer that
// an index and its callers hold; prev's paths are then the primary's,
// then the others in path order. It reports whether a became the primary.
func mergeCopy(prev, a *Article) bool {
	paths := append(slices.Clip(prev.Paths()), a.Path)
	primary := primaryBefore(a, prev)
	if primary {
		*prev = *a
	}
	rest := slices.DeleteFunc(paths, func(p string) bool { return p == prev.Path })
	slices.Sort(rest)
	prev.SetPaths(append([]string{prev.Path}, rest...))
	return primary
}

// copyMap is the article of each title and stated date, by which Add
// finds the copies of an article. NewIndexOf leaves it to be built here,
// at the first change: a listing from the store never makes one.
func (ix *Index) copyMap() map[copyKey]*Article {
	if ix.copies == nil {
		ix.copies = make(map[copyKey]*Article, ix.Len())
		for _, arts := range [][]*Article{ix.articles, ix.pending} {
			for _, a := range arts {
				if !a.DateEstimated {
					ix.copies[copyKey{a.Title, a.Date.UnixNano()}] = a
				}
			}
		}
	}
	return ix.copies
}

func (ix *Index) intern(s string) string {
	if v, ok := ix.strings[s]; ok {
		return v
	}
	ix.strings[s] = s
	return s
}

// primaryBefore orders copies of one article: deeper category path first,
// then deeper folder, then path order, so the choice does not depend on
// the order files were read in.
func primaryBefore(a, b *Article) bool {
	if c := cmp.Compare(len(a.Categories), len(b.Categories)); c != 0 {
		return c > 0
	}
	if c := cmp.Compare(strings.Count(a.Path, "/"), strings.Count(b.Path, "/")); c != 0 {
		return c > 0
	}
	return a.Path < b.Path
}

// Articles returns every article in the Newest order: dated articles
// newest first, then those without a date. The slice is the index's own
// until the next Add.
func (ix *Index) Articles() []*Article {
	if ix.resort {
		ix.articles = sortNewest(append(ix.articles, ix.pending...))
		ix.pending = ix.pending[:0]
		ix.resort = false
	}
	if len(ix.pending) > 0 {
		ix.articles = merge(ix.articles, sortNewest(ix.pending), Newest.Compare)
		ix.pending = ix.pending[:0]
	}
	return ix.articles
}

// Lookup finds an article by its ID, by a unique prefix of it (at least
// MinIDPrefix characters, as git takes abbreviated commits), or by the path
// of any of its copies. It searches the whole index: it serves one
// command-line argument, and an index of every path and ID would cost more
// memory than the articles.
func (ix *Index) Lookup(ref string) (*Article, error) {
	ref = strings.TrimPrefix(strings.TrimSpace(ref), "./")
	id := strings.ToLower(ref)
	prefix := len(id) >= MinIDPrefix && len(id) <= idLen && strings.Trim(id, idAlphabet) == ""
	var exact, partial []*Article
	for _, a := range ix.Articles() {
		for i, p := range a.Paths() {
			if p == ref {
				return a, nil
			}
			if !prefix {
				continue
			}
			copyID := a.ID
			if i > 0 {
				copyID = makeID(p)
			}
			switch {
			case copyID == id:
				exact = appendOnce(exact, a)
			case strings.HasPrefix(copyID, id):
				partial = appendOnce(partial, a)
			}
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0], nil
	case len(exact) > 1:
		return nil, &AmbiguousError{Ref: ref, Candidates: exact}
	case len(partial) == 1:
		return partial[0], nil
	case len(partial) > 1:
		return nil, &AmbiguousError{Ref: ref, Candidates: partial}
	}
	return nil, fmt.Errorf("no article %q in the archive", display.Printable(ref))
}

func appendOnce(list []*Article, a *Article) []*Article {
	if len(list) > 0 && list[len(list)-1] == a {
		return list
	}
	return append(list, a)
}

// MinIDPrefix is the shortest ID prefix Lookup accepts.
const MinIDPrefix = 4

// AmbiguousError is Lookup's error for an ID or prefix that several
// articles share.
type AmbiguousError struct {
	Ref        string
	Candidates []*Article
}

func (e *AmbiguousError) Error() string {
	const shown = 5
	var b strings.Builder
	fmt.Fprintf(&b, "%s articles match %q; give more of the ID, or the path:", display.Thousands(len(e.Candidates)), display.Printable(e.Ref))
	for _, a := range e.Candidates[:min(shown, len(e.Candidates))] {
		fmt.Fprintf(&b, "\n  %s  %s", a.ID, display.Line(a.Title))
	}
	if n := len(e.Candidates) - shown; n > 0 {
		fmt.Fprintf(&b, "\n  and %s more", display.Thousands(n))
	}
	return b.String()
}
