package feed

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"newsreader/display"
)

// Archive is a folder tree of article files.
type Archive struct {
	fsys fs.FS
	name string
	// dir is the folder on disk that fsys reads, for walks that read it
	// directly; "" for the demo.
	dir  string
	opts Options
}

// Open returns the archive rooted at dir.
func Open(dir string, opts Options) (*Archive, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("open archive %s: %w", dir, pathless(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("open archive %s: not a folder", dir)
	}
	return &Archive{fsys: os.DirFS(dir), name: dir, dir: dir, opts: opts}, nil
}

//go:embed all:demo
var demoFS embed.FS

// DemoName is the Name of the embedded demo archive.
const DemoName = "(embedded demo archive)"

// Demo returns the small archive built into the binary, shown when no
// archive is configured.
func Demo(opts Options) *Archive {
	sub, err := fs.Sub(demoFS, "demo")
	if err != nil {
		panic(err) // "demo" is a valid path: this cannot happen
	}
	return &Archive{fsys: sub, name: DemoName, opts: opts}
}

// Name is the archive's folder as given, or DemoName.
func (a *Archive) Name() string { return a.name }

// FS is the archive's file tree.
func (a *Archive) FS() fs.FS { return a.fsys }

// Options are how the archive's files are read, for reading others, such
// as a file outside it, the same way.
func (a *Archive) Options() Options { return a.opts }

// headSize is how much of each file a scan reads: the crawler's front
// matter is a few hundred bytes.
const headSize = 4 << 10

// maxFile bounds how much of a file is read whole: a larger file is not an
// article, and reading it must not exhaust memory.
const maxFile = 64 << 20

// Load reads the article file at p, a slash-separated path in the archive,
// whole: its metadata and its body. A panic while parsing it is returned
// as a *PanicError.
func (a *Archive) Load(p string) (*Article, []byte, error) {
	f, err := a.fsys.Open(p)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", display.Printable(p), err)
	}
	defer f.Close()
	return readArticle(f, p, a.opts)
}

// ReadFile reads an article file that is in no archive, whole, as Load
// does: file is where it is on disk, name the slash-separated path it is
// known by (its folders are its categories when the front matter names
// none). An article without a usable date is dated by the file's
// modification time.
func ReadFile(file, name string, opts Options) (*Article, []byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", display.Printable(name), err)
	}
	defer f.Close()
	return readArticle(f, name, opts)
}

// readArticle reads the open article file known as p whole.
func readArticle(f fs.File, p string, opts Options) (art *Article, body []byte, err error) {
	defer recoverPanic(&err, "read", p)
	data, err := io.ReadAll(io.LimitReader(f, maxFile))
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", display.Printable(p), err)
	}
	art, body, err = parse(p, data, nil, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", display.Printable(p), err)
	}
	estimateDate(art, f.Stat)
	return art, body, nil
}

// Batch is a part of a scan's results.
type Batch struct {
	// Articles parsed, one per file; copies are merged by Index.Add.
	Articles []*Article
	// Warnings about files that produced no article.
	Warnings []Warning
	// Files is how many files the scan has read so far, this batch included.
	Files int
}

// Scan walks the archive and parses its article files in parallel, passing
// the results to fn in batches; fn is called from one goroutine at a time.
// Scan returns an error only when the archive's root cannot be read, or a
// *PanicError when walking the folders panics; problems with single files,
// a panic while parsing one included, are warnings. It is a reconcile with
// nothing cached: the same walk and the same reading of every file.
func (a *Archive) Scan(ctx context.Context, fn func(Batch)) error {
	var b Batch
	files := 0
	last := time.Now()
	_, err := a.walk(ctx, nil, true, func(u FolderUpdate) {
		for i, p := range u.Read {
			if p.Article != nil {
				b.Articles = append(b.Articles, p.Article)
			} else {
				b.Warnings = append(b.Warnings, Warning{Path: Join(u.Path, u.Names[i]), Reason: p.Skipped})
			}
		}
		files += u.Files()
		b.Warnings = append(b.Warnings, u.Warnings...)
		if len(b.Articles)+len(b.Warnings) >= scanPart || time.Since(last) > 50*time.Millisecond {
			b.Files = files
			fn(b)
			b = Batch{}
			last = time.Now()
		}
	})
	if err != nil {
		return err
	}
	b.Files = files
	fn(b)
	return nil
}

// Index scans the whole archive into an index. progress, when not nil, is
// called with the count of files read so far.
func (a *Archive) Index(ctx context.Context, progress func(files int)) (*Index, error) {
	ix := NewIndex()
	err := a.Scan(ctx, func(b Batch) {
		ix.AddBatch(b)
		if progress != nil {
			progress(b.Files)
		}
	})
	if err != nil {
		return nil, err
	}
	return ix, nil
}

// unreadable is the article of a file that could not be read: none for
// a file that vanished; any other is still listed, with what its path
// tells.
func (a *Archive) unreadable(p string, err error) *Article {
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return a.byName(p, errReason(err))
}

// byName lists a file that could not be read, for the reason given, by
// its name (listedByName), dated by its modification time.
func (a *Archive) byName(p, reason string) *Article {
	art := listedByName(p, reason)
	estimateDate(art, func() (fs.FileInfo, error) { return fs.Stat(a.fsys, p) })
	return art
}

// errReason is an error's message without the path that Open put in it.
func errReason(err error) string { return pathless(err).Error() }

// pathless is the error under a *fs.PathError, whose path (the archive's
// root is ".", to os.DirFS) the message names better; other errors are
// kept.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// maxPeek bounds the folder entries HoldsArticles looks at: a home
// folder may hold thousands.
const maxPeek = 2000

// HoldsArticles reports whether the folder dir holds article files, at its
// top or in its folders one level down (hidden ones left out), looking at
// no more than a couple of thousand entries. It tells a caller that shows
// the demo archive because no archive is configured that the working
// folder may be one.
func HoldsArticles(dir string) bool {
	seen := 0
	var look func(dir string, depth int) bool
	look = func(dir string, depth int) bool {
		entries, _ := os.ReadDir(dir)
		var folders []string
		for _, e := range entries {
			if seen++; seen > maxPeek {
				return false
			}
			switch {
			case e.Type().IsRegular() && IsArticleFile(e.Name()):
				return true
			case e.IsDir() && !IsHidden(e.Name()):
				folders = append(folders, e.Name())
			}
		}
		if depth == 0 {
			return false
		}
		for _, f := range folders {
			if look(filepath.Join(dir, f), depth-1) {
				return true
			}
		}
		return false
	}
	return look(dir, 1)
}

// IsHidden reports whether a folder's name keeps it out of the archive:
// .git, .obsidian and the like. The watcher follows the same rule.
func IsHidden(name string) bool { return strings.HasPrefix(name, ".") }

// IsArticleFile reports whether p names an article by its extension. The
// watcher follows the same rule.
func IsArticleFile(p string) bool {
	ext := strings.ToLower(path.Ext(p))
	return ext == ".md" || ext == ".markdown"
}
