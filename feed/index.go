package feed

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"time"
)

// idAlphabet is Crockford's base32: no I, L, O or U to misread.
const idAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// makeID derives an article's short ID from its path: 8 base32 characters,
// 40 bits, so that 100,000 articles collide with odds of about 1 in 200.
func makeID(p string) string {
	sum := sha256.Sum256([]byte(p))
	var id [8]byte
	v := uint64(sum[0])<<32 | uint64(sum[1])<<24 | uint64(sum[2])<<16 | uint64(sum[3])<<8 | uint64(sum[4])
	for i := len(id) - 1; i >= 0; i-- {
		id[i] = idAlphabet[v&31]
		v >>= 5
	}
	return string(id[:])
}

// Index holds the articles of an archive, merged and sorted newest first.
// Add may be called as scan results arrive; an Index is not safe for
// concurrent use.
type Index struct {
	files    int
	articles []*Article
	sorted   bool // articles are in order
	wsorted  bool // warnings are in order
	copies   map[copyKey]*Article
	strings  map[string]string // category and author names, shared
	warnings []Warning
}

// copyKey identifies the copies of one article.
type copyKey struct {
	title string
	date  int64 // Unix nanoseconds
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{copies: map[copyKey]*Article{}, strings: map[string]string{}}
}

// Files is the number of article files the scan read, copies and skipped
// files included.
func (ix *Index) Files() int { return ix.files }

// Len is the number of articles, copies merged.
func (ix *Index) Len() int { return len(ix.articles) }

// Warnings lists the problems found, by path.
func (ix *Index) Warnings() []Warning {
	if !ix.wsorted {
		slices.SortStableFunc(ix.warnings, func(a, b Warning) int { return strings.Compare(a.Path, b.Path) })
		ix.wsorted = true
	}
	return ix.warnings
}

// AddBatch adds a batch of scan results.
func (ix *Index) AddBatch(b Batch) {
	for _, a := range b.Articles {
		ix.Add(a)
	}
	ix.warnings = append(ix.warnings, b.Warnings...)
	ix.wsorted = false
	ix.files = b.Files
}

// Add adds the article parsed from one file. A file with the same title
// and stated date as an article already present is a copy of it: the copy
// with the deepest category path becomes the primary.
func (ix *Index) Add(a *Article) {
	for _, w := range a.Warnings {
		ix.warnings = append(ix.warnings, Warning{Path: a.Path, Reason: w})
	}
	ix.sorted, ix.wsorted = false, false
	// Tens of thousands of articles name the same few hundred categories
	// and authors: keep one copy of each name.
	for i, c := range a.Categories {
		a.Categories[i] = ix.intern(c)
	}
	a.Author = ix.intern(a.Author)
	if a.DateEstimated {
		// An estimated date says nothing about identity.
		ix.articles = append(ix.articles, a)
		return
	}
	key := copyKey{a.Title, a.Date.UnixNano()}
	prev, ok := ix.copies[key]
	if !ok {
		ix.copies[key] = a
		ix.articles = append(ix.articles, a)
		return
	}
	paths := append(prev.Paths, a.Path)
	if primaryBefore(a, prev) {
		// Keep the pointer that the index and its callers hold.
		*prev = *a
	}
	rest := slices.DeleteFunc(paths, func(p string) bool { return p == prev.Path })
	slices.Sort(rest)
	prev.Paths = append([]string{prev.Path}, rest...)
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

// Articles returns every article, newest first.
func (ix *Index) Articles() []*Article {
	if !ix.sorted {
		slices.SortFunc(ix.articles, func(a, b *Article) int {
			if c := b.Date.Compare(a.Date); c != 0 {
				return c
			}
			return strings.Compare(a.Path, b.Path)
		})
		ix.sorted = true
	}
	return ix.articles
}

// Lookup finds an article by ID or by the path of any of its copies. It
// searches the whole index: it serves one command-line argument, and an
// index of every path and ID would cost more memory than the articles.
func (ix *Index) Lookup(ref string) (*Article, error) {
	ref = strings.TrimPrefix(strings.TrimSpace(ref), "./")
	id := strings.ToLower(ref)
	var found *Article
	for _, a := range ix.articles {
		for i, p := range a.Paths {
			if p == ref {
				return a, nil
			}
			if len(id) != len(a.ID) || (i == 0 && a.ID != id) || (i > 0 && makeID(p) != id) {
				continue
			}
			if found != nil && found != a {
				return nil, fmt.Errorf("ID %s is shared by several articles; use the path", Printable(ref))
			}
			found = a
		}
	}
	if found == nil {
		return nil, fmt.Errorf("no article %q in the archive", Printable(ref))
	}
	return found, nil
}

// Filter selects articles of a listing. The zero Filter selects all.
type Filter struct {
	// Category is a prefix of the category hierarchy.
	Category []string
	// Since and Until bound the date, inclusive; zero means unbounded.
	Since, Until time.Time
	// Limit caps the count; 0 means no cap.
	Limit int
}

// Select returns the articles that pass f, newest first.
func (ix *Index) Select(f Filter) []*Article {
	var out []*Article
	for _, a := range ix.Articles() {
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
		if !HasPrefix(a.Categories, f.Category) ||
			(!f.Since.IsZero() && a.Date.Before(f.Since)) ||
			(!f.Until.IsZero() && a.Date.After(f.Until)) {
			continue
		}
		out = append(out, a)
	}
	return out
}

// HasPrefix reports whether the category path cats starts with prefix.
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
// children are sorted by name.
func (ix *Index) Tree() *Category {
	root := &Category{}
	nodes := map[string]*Category{}
	for _, a := range ix.articles {
		node := root
		node.Count++
		for i := range a.Categories {
			key := strings.Join(a.Categories[:i+1], "\x00")
			child, ok := nodes[key]
			if !ok {
				child = &Category{Name: a.Categories[i], Path: a.Categories[: i+1 : i+1]}
				nodes[key] = child
				node.Children = append(node.Children, child)
			}
			child.Count++
			node = child
		}
	}
	var sortTree func(*Category)
	sortTree = func(c *Category) {
		slices.SortFunc(c.Children, func(a, b *Category) int { return strings.Compare(a.Name, b.Name) })
		for _, ch := range c.Children {
			sortTree(ch)
		}
	}
	sortTree(root)
	return root
}
