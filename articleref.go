package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"newsreader/display"
	"newsreader/feed"
)

// articleArgs checks that exactly one article is named, unless --latest
// names it.
func (a *app) articleArgs(latest *bool) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case latest != nil && *latest && len(args) > 0:
			return usageError{errors.New("--latest takes no article argument")}
		case (latest == nil || !*latest) && len(args) != 1:
			return usageError{fmt.Errorf("%s needs one article: an ID, a path or -", cmd.Name())}
		}
		return nil
	}
}

// article finds the article args name: standard input, a file, an ID or
// the newest one. With merged, an article of the archive named by its
// path is the index's, which knows all its copies and its mark; without,
// it is read alone, without the index.
func (s *session) article(ctx context.Context, args []string, latest bool, category string, merged bool) (*feed.Article, []byte, error) {
	if latest {
		return s.latest(ctx, category)
	}
	ref := args[0]
	if ref == "-" {
		data, err := readInput(ctx, s.a.stdin)
		if err != nil {
			return nil, nil, fmt.Errorf("read standard input: %w", err)
		}
		if len(bytes.TrimSpace(data)) == 0 {
			return nil, nil, errors.New("standard input is empty: - reads one article file from it, as in 'newsreader show - < post.md'")
		}
		art, body := feed.ParseFile("-", data, s.arch.Options())
		return art, body, nil
	}
	rel, inArchive := s.inArchive(ref)
	switch file := s.a.localPath(ref); {
	case inArchive && !merged:
		return s.arch.Load(rel)
	case !inArchive && isFile(file):
		return feed.ReadFile(file, filepath.ToSlash(ref), s.arch.Options())
	}
	// A lookup's index: the warnings of the archive's files are not this
	// command's business.
	ix, err := s.index(ctx, false)
	if err != nil {
		return nil, nil, err
	}
	if inArchive {
		if art, err := ix.Lookup(rel); err == nil {
			return s.load(art)
		}
		// A file the index does not hold (hidden, or not named as an
		// article): read alone.
		return s.arch.Load(rel)
	}
	art, err := ix.Lookup(ref)
	if err != nil {
		return nil, nil, err
	}
	return s.load(art)
}

// latest finds the newest dated article, of the category when one is
// given.
func (s *session) latest(ctx context.Context, category string) (*feed.Article, []byte, error) {
	ix, err := s.index(ctx, false)
	if err != nil {
		return nil, nil, err
	}
	var nodes []*feed.Category
	if category != "" {
		if nodes, err = findCategory(ix, category); err != nil {
			return nil, nil, err
		}
	}
	arts := ix.Select(feed.Filter{Category: feed.ParseCategory(category), Dated: true, Limit: 1})
	switch {
	case len(arts) > 0:
		return s.load(arts[0])
	case nodes != nil:
		return nil, nil, noDatedArticle(nodes)
	case ix.Len() > 0:
		return nil, nil, fmt.Errorf("no article of the archive %s states a date, and --latest picks only dated articles; 'newsreader list' lists them", s.arch.Name())
	}
	return nil, nil, fmt.Errorf("the archive %s has no articles", s.arch.Name())
}

// load reads the body of an article of the index, keeping the index's
// metadata (it knows every copy).
func (s *session) load(art *feed.Article) (*feed.Article, []byte, error) {
	_, body, err := s.arch.Load(art.Path)
	return art, body, err
}

// lookup finds the article of the index that ref names, as show takes
// it: the path of a file of the archive (relative to the archive or to
// the working folder), an ID, or a unique prefix of one.
func (s *session) lookup(ix *feed.Index, ref string) (*feed.Article, error) {
	if rel, ok := s.inArchive(ref); ok {
		return ix.Lookup(rel)
	}
	if isFile(s.a.localPath(ref)) {
		return nil, fmt.Errorf("%s is not a file of the archive %s", display.Printable(ref), s.arch.Name())
	}
	return ix.Lookup(ref)
}

// inArchive returns ref as a path of the archive when it names a file
// there, either relative to the archive or through the working directory.
func (s *session) inArchive(ref string) (string, bool) {
	rel := filepath.ToSlash(filepath.Clean(ref))
	if fs.ValidPath(rel) && isRegular(s.arch.FS(), rel) {
		return rel, true
	}
	if s.cfg.Archive == "" {
		return "", false
	}
	root, err1 := filepath.Abs(s.cfg.Archive)
	file, err2 := filepath.Abs(s.a.localPath(ref))
	if err1 != nil || err2 != nil {
		return "", false
	}
	r, err := filepath.Rel(root, file)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	r = filepath.ToSlash(r)
	return r, fs.ValidPath(r) && isRegular(s.arch.FS(), r)
}

// localPath is ref relative to the working directory.
func (a *app) localPath(ref string) string {
	if filepath.IsAbs(ref) {
		return ref
	}
	return filepath.Join(a.env.Dir, ref)
}

// maxInput bounds what is read from standard input.
const maxInput = 64 << 20

// readInput reads r whole, up to maxInput, and gives up when ctx is
// cancelled: a terminal's input ends only when the user types ctrl+d, and
// a read cannot be interrupted. The reading goroutine is then left to the
// exit of the process.
func readInput(ctx context.Context, r io.Reader) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		data, err := io.ReadAll(io.LimitReader(r, maxInput))
		done <- result{data, err}
	}()
	select {
	case res := <-done:
		return res.data, res.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func isRegular(fsys fs.FS, p string) bool {
	fi, err := fs.Stat(fsys, p)
	return err == nil && fi.Mode().IsRegular()
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}
