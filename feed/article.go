// Package feed reads an archive of crawled news articles: it walks the
// folder tree, parses each file's front matter (YAML, as Hexo and the
// crawler write it, leniently; TOML or JSON, as Hugo may) and builds an
// index of articles with their categories and dates.
package feed

import (
	"time"
	"unsafe"
)

// Article is one story of the archive. The crawler often stores the same
// story several times; those copies are merged into one Article whose Path is
// the primary copy and whose Paths lists every copy.
type Article struct {
	// ID is a short stable identifier derived from Path, for the command line.
	ID string
	// Path is the primary copy, slash-separated and relative to the archive.
	Path string
	// Title is never empty: blank titles fall back to the file name, then to
	// the first words of the body.
	Title string
	// Categories is the hierarchy from the front matter (group, source,
	// channel), or the folders when the front matter names none.
	Categories []string
	// Date is the instant the article was published. When the file states no
	// usable date it is the file's modification time and DateEstimated is set.
	Date          time.Time
	DateEstimated bool
	Author        string
	Thumbnail     string
	// rare holds what few articles have, behind one pointer: a warm start
	// holds every article in memory, and a slice each for the copies and
	// the warnings, with the one-element array of paths, took 64 bytes of
	// every article; at 1,000,000 articles the first frame peaked at 650
	// MB with them, and at 600 without (see Paths and Warnings).
	rare *rareFields
}

// rareFields are an article's copies and warnings. It is never changed
// once an article points to it (the setters make a new one), so that
// copies of an Article share it safely.
type rareFields struct {
	paths, warnings []string
}

// Paths returns every copy of the article, the primary (Path) first. The
// slice is the article's own: do not change it. An article of one copy
// gives its Path as the slice's one element, without an allocation
// (unsafe.Slice over the field): listings and reconciles ask for the
// paths of every article.
func (a *Article) Paths() []string {
	if a.rare != nil && a.rare.paths != nil {
		return a.rare.paths
	}
	return unsafe.Slice(&a.Path, 1)
}

// OtherPaths returns the paths of the article's copies other than the
// primary: none for most articles. The slice is the article's own: do
// not change it.
func (a *Article) OtherPaths() []string {
	if a.rare == nil || len(a.rare.paths) < 2 {
		return nil
	}
	return a.rare.paths[1:]
}

// SetPaths sets every copy of the article, the primary first; Path
// becomes paths[0]. Nil or empty keeps Path as the one copy.
func (a *Article) SetPaths(paths []string) {
	if len(paths) > 0 {
		a.Path = paths[0]
	}
	if len(paths) < 2 {
		paths = nil
	}
	a.setRare(rareFields{paths: paths, warnings: a.Warnings()})
}

// Warnings lists what was wrong with the file and how it was worked
// around, one reason each. The slice is the article's own: do not change
// it.
func (a *Article) Warnings() []string {
	if a.rare == nil {
		return nil
	}
	return a.rare.warnings
}

// SetWarnings replaces the article's warnings.
func (a *Article) SetWarnings(ws []string) {
	if len(ws) == 0 {
		ws = nil
	}
	var paths []string
	if a.rare != nil {
		paths = a.rare.paths
	}
	a.setRare(rareFields{paths: paths, warnings: ws})
}

func (a *Article) setRare(r rareFields) {
	if r.paths == nil && r.warnings == nil {
		a.rare = nil
		return
	}
	a.rare = &r
}

// Warning is a problem found with one file or folder of the archive.
type Warning struct {
	Path   string
	Reason string
	// Folder is set when Path is a folder that the scan skipped, not an
	// article file: counts of files with warnings leave it out.
	Folder bool
}

func (w Warning) String() string { return w.Path + ": " + w.Reason }
