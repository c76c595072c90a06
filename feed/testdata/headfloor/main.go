// Command headfloor is the floor that scanning an archive is measured
// against: it walks a folder and reads the first 4 KiB of every .md file,
// one file at a time, and does nothing else.
//
//	go run ./feed/testdata/headfloor DIR
package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: headfloor DIR")
		os.Exit(2)
	}
	buf := make([]byte, 4<<10)
	files := 0
	err := filepath.WalkDir(os.Args[1], func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		if _, err := io.ReadFull(f, buf); err != nil && err != io.ErrUnexpectedEOF {
			return err
		}
		files++
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(files, "files")
}
