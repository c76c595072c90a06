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
	"runtime"
	"strings"
	"sync"
	"time"

	"newsreader/display"
)

// Archive is a folder tree of article files.
type Archive struct {
	fsys fs.FS
	name string
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
	return &Archive{fsys: os.DirFS(dir), name: dir, opts: opts}, nil
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
	art, body, err = parse(p, data, false, opts)
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
// a panic while parsing one included, are warnings.
func (a *Archive) Scan(ctx context.Context, fn func(Batch)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan string, 256)
	results := make(chan result, 256)
	var walkErr error
	var walkWarnings []Warning
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(jobs)
		defer recoverPanic(&walkErr, "scan", a.name)
		walkErr = a.walk(ctx, jobs, func(w Warning) { walkWarnings = append(walkWarnings, w) })
	}()
	for range max(4, 2*runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, headSize)
			for p := range jobs {
				select {
				case results <- a.scanFile(p, buf):
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var b Batch
	files := 0
	last := time.Now()
	flush := func() {
		b.Files = files
		fn(b)
		b = Batch{}
		last = time.Now()
	}
	for r := range results {
		files++
		if r.article != nil {
			b.Articles = append(b.Articles, r.article)
		} else {
			b.Warnings = append(b.Warnings, r.warning)
		}
		if len(b.Articles)+len(b.Warnings) >= 1024 || time.Since(last) > 50*time.Millisecond {
			flush()
		}
	}
	if walkErr != nil {
		return walkErr
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// A broken link is an article file, unread: Files counts it as it
	// counts the files skipped for other reasons.
	for _, w := range walkWarnings {
		if !w.Folder {
			files++
		}
	}
	b.Warnings = append(b.Warnings, walkWarnings...)
	flush()
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

// result is what reading one file gave: an article or a warning.
type result struct {
	article *Article
	warning Warning
}

// scanFile reads one file for a scan. A panic while reading it, a bug that
// the file's content triggered, costs the file its metadata and nothing
// else: it is listed by its name, as an unreadable file is.
func (a *Archive) scanFile(p string, buf []byte) (r result) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		reason := "internal error: " + display.Printable(fmt.Sprint(v))
		defer func() {
			// Not even the name could be read: the file is left out.
			if recover() != nil {
				r = result{warning: Warning{Path: p, Reason: "skipped: " + reason}}
			}
		}()
		r = a.byName(p, reason)
	}()
	return a.readHead(p, buf)
}

// readHead parses a file from its first bytes, reading on only when the
// front matter is longer. buf is the worker's reusable buffer.
func (a *Archive) readHead(p string, buf []byte) result {
	f, err := a.fsys.Open(p)
	if err != nil {
		return a.unreadable(p, err)
	}
	defer f.Close()
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return a.unreadable(p, err)
	}
	data := buf[:n]
	if n == len(buf) {
		// The front matter ends in the head when something follows it: a
		// closing line at the very end may be cut, or need a blank line.
		if fm := split(data); fm.found && (!fm.closed || len(fm.body) == 0) {
			rest, err := io.ReadAll(io.LimitReader(f, maxFile))
			if err != nil {
				return a.unreadable(p, err)
			}
			data = append(data[:n:n], rest...)
		}
	}
	art, _, err := parse(p, data, true, a.opts)
	if err != nil {
		return result{warning: Warning{Path: p, Reason: "skipped: " + err.Error()}}
	}
	estimateDate(art, f.Stat)
	return result{article: art}
}

// unreadable handles a file that could not be read. A file that vanished
// is gone; any other is still listed, with what its path tells.
func (a *Archive) unreadable(p string, err error) result {
	if errors.Is(err, fs.ErrNotExist) {
		return result{warning: Warning{Path: p, Reason: "vanished during the scan"}}
	}
	return a.byName(p, errReason(err))
}

// byName lists a file that could not be read, for the reason given, by
// its name (listedByName), dated by its modification time.
func (a *Archive) byName(p, reason string) result {
	art := listedByName(p, reason)
	estimateDate(art, func() (fs.FileInfo, error) { return fs.Stat(a.fsys, p) })
	return result{article: art}
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

// walk sends the path of every article file to jobs. Hidden folders are
// skipped; links are followed unless they lead back into a folder being
// walked.
func (a *Archive) walk(ctx context.Context, jobs chan<- string, warn func(Warning)) error {
	root, err := fs.Stat(a.fsys, ".")
	if err != nil {
		return fmt.Errorf("read archive %s: %w", a.name, pathless(err))
	}
	if _, err := fs.ReadDir(a.fsys, "."); err != nil {
		return fmt.Errorf("read archive %s: %w", a.name, pathless(err))
	}
	return a.walkDir(ctx, ".", []fs.FileInfo{root}, jobs, warn)
}

func (a *Archive) walkDir(ctx context.Context, dir string, parents []fs.FileInfo, jobs chan<- string, warn func(Warning)) error {
	entries, err := fs.ReadDir(a.fsys, dir)
	if err != nil {
		warn(Warning{Path: dir, Reason: "folder skipped: " + errReason(err), Folder: true})
	}
	for _, e := range entries {
		p := path.Join(dir, e.Name())
		typ := e.Type()
		var info fs.FileInfo
		if typ&fs.ModeSymlink != 0 {
			info, err = fs.Stat(a.fsys, p)
			if err != nil {
				if IsArticleFile(p) {
					warn(Warning{Path: p, Reason: "broken link: " + errReason(err)})
				}
				continue
			}
			typ = info.Mode().Type()
		}
		switch {
		case typ.IsDir():
			if IsHidden(e.Name()) {
				continue
			}
			if info == nil {
				if info, err = e.Info(); err != nil {
					continue // vanished
				}
			}
			if loops(info, parents) {
				warn(Warning{Path: p, Reason: "link loop; folder skipped", Folder: true})
				continue
			}
			if err := a.walkDir(ctx, p, append(parents, info), jobs, warn); err != nil {
				return err
			}
		case typ.IsRegular() && IsArticleFile(p):
			select {
			case jobs <- p:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	return nil
}

// loops reports whether fi is one of the folders being walked.
func loops(fi fs.FileInfo, parents []fs.FileInfo) bool {
	for _, p := range parents {
		if os.SameFile(fi, p) {
			return true
		}
	}
	return false
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
