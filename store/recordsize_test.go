package store

import (
	"slices"
	"strings"
	"testing"
	"time"

	"newsreader/feed"
)

// TestRecordSize checks that encodeFolder writes a record in the one
// allocation recordSize sizes: what it wrote fits, whatever the folder
// holds.
func TestRecordSize(t *testing.T) {
	art := func(name, title string, warnings ...string) fileData {
		a := &feed.Article{ID: feed.IDOf(name), Path: "d/" + name, Title: title, Categories: []string{"金融", "新浪财经", "国內"},
			Date: time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC), Author: "记者", Thumbnail: "https://img.example.com/" + name + ".jpg"}
		a.SetWarnings(warnings)
		return fileData{art: a}
	}
	for _, tt := range []struct {
		name  string
		dir   feed.Folder
		files []fileData
	}{
		{"empty", feed.Folder{Path: "d"}, nil},
		{"subfolders and warnings", feed.Folder{Path: "d", Subdirs: []string{"甲", "乙"},
			Warnings: []feed.Warning{{Path: "d/x", Reason: "broken link: gone"}}}, nil},
		{"articles", feed.Folder{Path: "d"}, []fileData{art("a.md", "标题"), art("b.md", "另一个标题", "no date"), {skipped: "not a text file"}}},
		{"long strings", feed.Folder{Path: "d"}, []fileData{art("c.md", strings.Repeat("很长的标题", 2000), strings.Repeat("w", 20000)),
			art("d.md", strings.Repeat("t", 200))}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.dir
			for i := range tt.files {
				f.Names = append(f.Names, string(rune('a'+i))+".md")
				f.Stats = append(f.Stats, feed.FileStat{Size: 1 << 40, MTime: -1 << 62, CTime: 1 << 62})
			}
			b := encodeFolder(&f, tt.files)
			// Every article here names the same categories and author:
			// the record's shared strings, and its one list.
			var shared []string
			var lists [][]int
			for _, fd := range tt.files {
				if fd.art != nil {
					shared = append(slices.Clone(fd.art.Categories), fd.art.Author)
					lists = [][]int{{0, 1, 2}}
				}
			}
			if n := recordSize(&f, tt.files, shared, lists); len(b) > n || cap(b) != n {
				t.Errorf("a record of %d bytes, in %d allocated; recordSize %d", len(b), cap(b), n)
			}
			rec, off, err := decodeRecord(f.Path, string(b))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := decodeFiles(rec, string(b), off, true); err != nil {
				t.Fatal(err)
			}
		})
	}
}
