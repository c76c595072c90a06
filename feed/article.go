// Package feed reads an archive of crawled news articles: it walks the
// folder tree, parses each file's front matter (YAML, as Hexo and the
// crawler write it, leniently; TOML or JSON, as Hugo may) and builds an
// index of articles with their categories and dates.
package feed

import (
	"time"
)

// Article is one story of the archive. The crawler often stores the same
// story several times; those copies are merged into one Article whose Path is
// the primary copy and whose Paths lists every copy.
type Article struct {
	// ID is a short stable identifier derived from Path, for the command line.
	ID string
	// Path is the primary copy, slash-separated and relative to the archive.
	Path string
	// Paths holds every copy, the primary first.
	Paths []string
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
	// Warnings lists what was wrong with the file and how it was worked
	// around, one reason each.
	Warnings []string
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
