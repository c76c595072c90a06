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

	"newsreader/config"
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
// the newest one. It returns the configuration with it.
func (a *app) article(ctx context.Context, args []string, latest bool, category string) (*config.Config, *feed.Article, []byte, error) {
	cfg, arch, err := a.open()
	if err != nil {
		return nil, nil, nil, err
	}
	if latest {
		ix, err := a.index(ctx, arch)
		if err != nil {
			return nil, nil, nil, err
		}
		var nodes []*feed.Category
		if category != "" {
			if nodes, err = findCategory(ix, category); err != nil {
				return nil, nil, nil, err
			}
		}
		arts := ix.Select(feed.Filter{Category: feed.ParseCategory(category), Dated: true, Limit: 1})
		switch {
		case len(arts) > 0:
			return a.load(cfg, arch, arts[0])
		case nodes != nil:
			return nil, nil, nil, noDatedArticle(nodes)
		case ix.Len() > 0:
			return nil, nil, nil, fmt.Errorf("no article of the archive %s states a date, and --latest picks only dated articles; 'newsreader list' lists them", arch.Name())
		}
		return nil, nil, nil, fmt.Errorf("the archive %s has no articles", arch.Name())
	}
	ref := args[0]
	if ref == "-" {
		data, err := readInput(ctx, a.stdin)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("read standard input: %w", err)
		}
		if len(bytes.TrimSpace(data)) == 0 {
			return nil, nil, nil, errors.New("standard input is empty: - reads one article file from it, as in 'newsreader show - < post.md'")
		}
		art, body := feed.ParseFile("-", data, arch.Options())
		return cfg, art, body, nil
	}
	if rel, ok := a.inArchive(cfg, arch, ref); ok {
		art, body, err := arch.Load(rel)
		return cfg, art, body, err
	}
	if file := a.localPath(ref); isFile(file) {
		return a.readFile(cfg, arch, file, ref)
	}
	ix, err := a.index(ctx, arch)
	if err != nil {
		return nil, nil, nil, err
	}
	art, err := ix.Lookup(ref)
	if err != nil {
		return nil, nil, nil, err
	}
	return a.load(cfg, arch, art)
}

// load reads the body of an article of the index, keeping the index's
// metadata (it knows every copy).
func (a *app) load(cfg *config.Config, arch *feed.Archive, art *feed.Article) (*config.Config, *feed.Article, []byte, error) {
	_, body, err := arch.Load(art.Path)
	return cfg, art, body, err
}

// index scans the archive for a lookup; its warnings are not this
// command's business.
func (a *app) index(ctx context.Context, arch *feed.Archive) (*feed.Index, error) {
	return a.scanWith(ctx, arch, false)
}

// inArchive returns ref as a path of the archive when it names a file
// there, either relative to the archive or through the working directory.
func (a *app) inArchive(cfg *config.Config, arch *feed.Archive, ref string) (string, bool) {
	rel := filepath.ToSlash(filepath.Clean(ref))
	if fs.ValidPath(rel) && isRegular(arch.FS(), rel) {
		return rel, true
	}
	if cfg.Archive == "" {
		return "", false
	}
	root, err1 := filepath.Abs(cfg.Archive)
	file, err2 := filepath.Abs(a.localPath(ref))
	if err1 != nil || err2 != nil {
		return "", false
	}
	r, err := filepath.Rel(root, file)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	r = filepath.ToSlash(r)
	return r, fs.ValidPath(r) && isRegular(arch.FS(), r)
}

// localPath is ref relative to the working directory.
func (a *app) localPath(ref string) string {
	if filepath.IsAbs(ref) {
		return ref
	}
	return filepath.Join(a.env.Dir, ref)
}

// readFile reads an article file outside the archive, the same way as
// the archive's files.
func (a *app) readFile(cfg *config.Config, arch *feed.Archive, file, ref string) (*config.Config, *feed.Article, []byte, error) {
	art, body, err := feed.ReadFile(file, filepath.ToSlash(ref), arch.Options())
	return cfg, art, body, err
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
