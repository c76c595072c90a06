package store

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsreader/feed"
)

func marks(t *testing.T, s *Store) *Marks {
	t.Helper()
	ms, err := s.Marks()
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

func set(t *testing.T, s *Store, op Op, arts ...*feed.Article) []Entry {
	t.Helper()
	e, err := s.Set(arts, op)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestSetAndApply(t *testing.T) {
	dir := newArchive(t)
	s := openStore(t, t.TempDir(), dir)
	ix := index(t, s)
	ms := marks(t, s)
	b := lookup(t, ix, "source/_posts/编程/开源中国/b.md")
	c := lookup(t, ix, "source/_posts/编程/开源中国/c.md")
	tests := []struct {
		op            Op
		read, starred bool
	}{
		{Read, true, false},
		{Star, true, true},
		{Unread, false, true},
		{Unstar, false, false},
	}
	for _, tt := range tests {
		ms.Apply(set(t, s, tt.op, b, c))
		for _, a := range []*feed.Article{b, c} {
			if m := ms.Of(a); m.Read != tt.read || m.Starred != tt.starred {
				t.Errorf("after %v: %s %+v", tt.op, a.Path, m)
			}
		}
		if got := marks(t, s); got.Of(b) != ms.Of(b) {
			t.Errorf("after %v: stored %+v, applied %+v", tt.op, got.Of(b), ms.Of(b))
		}
	}
	// No mark left: no row either.
	if ms.Len() != 0 || marks(t, s).Len() != 0 {
		t.Errorf("%d marks applied, %d stored; want none", ms.Len(), marks(t, s).Len())
	}
	// A category, or everything before a date, in one call: the
	// commands select with feed and mark what they selected.
	arts := ix.Select(feed.Filter{Category: []string{"编程"}, Until: time.Date(2026, 1, 13, 0, 0, 0, 0, time.UTC)})
	if len(arts) != 1 || arts[0] != c {
		t.Fatalf("selected %v", arts)
	}
	ms.Apply(set(t, s, Read, arts...))
	if !ms.Of(c).Read || ms.Of(b).Read {
		t.Errorf("marks %+v %+v", ms.Of(c), ms.Of(b))
	}
	for _, name := range []string{"read", "unread", "star", "unstar"} {
		if op, err := ParseOp(name); err != nil || op.String() != name {
			t.Errorf("ParseOp(%q) = %v, %v", name, op, err)
		}
	}
	if _, err := ParseOp("toggle"); err == nil {
		t.Error("ParseOp took toggle")
	}
}

func TestMarkOfAnyCopyCounts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "archive")
	writeFiles(t, dir, map[string][]byte{"post/金融/a.md": fixtures()["post/金融/a.md"]})
	state := t.TempDir()
	s := openStore(t, state, dir)
	set(t, s, Read, lookup(t, index(t, s), "post/金融/a.md"))

	// A deeper copy arrives and becomes the primary: the article's ID
	// changes, and the mark made under the old one still counts.
	deep := "source/_posts/金融/新浪财经/国内/a.md"
	writeFiles(t, dir, map[string][]byte{deep: fixtures()[deep]})
	ix := index(t, s)
	a := lookup(t, ix, deep)
	if a.ID != feed.IDOf(deep) || len(a.Paths()) != 2 {
		t.Fatalf("merged article %+v", a)
	}
	ms := marks(t, s)
	if !ms.Of(a).Read {
		t.Errorf("the copy's mark is lost: %+v", ms.Of(a))
	}
	// Changing it folds the copy's mark into the primary's.
	ms.Apply(set(t, s, Star, a))
	if m := ms.Of(a); !m.Read || !m.Starred || ms.Len() != 1 {
		t.Errorf("after a star: %+v, %d marks", m, ms.Len())
	}
	if got := marks(t, s); got.Len() != 1 || got.Of(a) != ms.Of(a) {
		t.Errorf("stored: %d marks, %+v", got.Len(), got.Of(a))
	}
}

func TestMarksFollowARename(t *testing.T) {
	dir := newArchive(t)
	state := t.TempDir()
	s := openStore(t, state, dir)
	ix := index(t, s)
	ms := marks(t, s)
	ms.Apply(set(t, s, Star, lookup(t, ix, "source/_posts/编程/开源中国/b.md")))
	s.Close()

	// Renamed and moved to another folder while newsreader was closed.
	if err := os.MkdirAll(filepath.Join(dir, "source/_posts/编程/归档"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, "source/_posts/编程/开源中国/b.md"), filepath.Join(dir, "source/_posts/编程/归档/b2.md")); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, state, dir)
	ix, err := s.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sum, err := s.Reconcile(context.Background(), func(u Update) {
		ix.Apply(u.Changes)
		ms.Apply(u.Marks)
	})
	if err != nil {
		t.Fatal(err)
	}
	moved := lookup(t, ix, "source/_posts/编程/归档/b2.md")
	if sum.Moved != 1 || !ms.Of(moved).Starred {
		t.Errorf("summary %+v; mark of the moved file %+v", sum, ms.Of(moved))
	}
	if !marks(t, s).Of(moved).Starred {
		t.Error("the moved mark is not saved")
	}

	// The same when the index was lost meanwhile.
	s.Close()
	if err := os.Rename(filepath.Join(dir, "source/_posts/编程/归档/b2.md"), filepath.Join(dir, "source/_posts/编程/归档/b3.md")); err != nil {
		t.Fatal(err)
	}
	if err := removeDB(s.Paths().Index); err != nil {
		t.Fatal(err)
	}
	s = openStore(t, state, dir)
	ix = index(t, s)
	if !marks(t, s).Of(lookup(t, ix, "source/_posts/编程/归档/b3.md")).Starred {
		t.Error("the mark did not follow the file through a rebuild")
	}
}

func TestMovedArchiveKeepsItsState(t *testing.T) {
	dir := newArchive(t)
	state := t.TempDir()
	s := openStore(t, state, dir)
	set(t, s, Star, lookup(t, index(t, s), "source/_posts/编程/开源中国/b.md"))
	s.Close()

	// A copy, while the first folder is still there, starts afresh.
	copied := filepath.Join(t.TempDir(), "copy")
	if out, err := exec.Command("cp", "-a", dir, copied).CombinedOutput(); err != nil {
		t.Skip("no cp here:", err, string(out))
	}
	c := openStore(t, state, copied)
	if n := c.Notices(); len(n) != 0 || marks(t, c).Len() != 0 {
		t.Errorf("a copy adopted the state: notices %q, %d marks", n, marks(t, c).Len())
	}
	c.Close()

	moved := filepath.Join(t.TempDir(), "moved here")
	if err := os.Rename(dir, moved); err != nil {
		t.Fatal(err)
	}
	m := openStore(t, state, moved)
	if n := m.Notices(); len(n) != 1 || !strings.Contains(n[0], "moved from "+dir) {
		t.Errorf("notices %q", n)
	}
	ix, err := m.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if ix.Len() == 0 {
		t.Error("the index did not come along")
	}
	sum, err := m.Reconcile(context.Background(), func(u Update) { ix.Apply(u.Changes) })
	if err != nil || sum.Read != 0 {
		t.Errorf("after the move: %+v, %v; want nothing read again", sum, err)
	}
	if !marks(t, m).Of(lookup(t, ix, "source/_posts/编程/开源中国/b.md")).Starred {
		t.Error("the star did not move with the archive")
	}
	// The old store is gone: it moved.
	old, _ := Location(state, dir)
	if _, err := os.Stat(old.Dir); !os.IsNotExist(err) {
		t.Errorf("old store still at %s: %v", old.Dir, err)
	}
}

func TestExportImport(t *testing.T) {
	dir := newArchive(t)
	s := openStore(t, t.TempDir(), dir)
	ix := index(t, s)
	b := lookup(t, ix, "source/_posts/编程/开源中国/b.md")
	set(t, s, Star, b, lookup(t, ix, "post/金融/a.md"))
	set(t, s, Read, lookup(t, ix, "source/_posts/游戏/d.md"), b)
	if _, err := s.SetPosition(b, 1234); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := s.Export(&out); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "\n"); n != 3 {
		t.Fatalf("export has %d lines:\n%s", n, out.String())
	}

	fresh := openStore(t, t.TempDir(), dir)
	index(t, fresh)
	sum, err := fresh.Import(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Lines != 3 || sum.Added != 3 {
		t.Errorf("import summary %+v", sum)
	}
	var again bytes.Buffer
	if err := fresh.Export(&again); err != nil {
		t.Fatal(err)
	}
	if again.String() != out.String() {
		t.Errorf("export after import:\n%s\nwant\n%s", again.String(), out.String())
	}
	// Importing the same again changes nothing.
	if sum, err := fresh.Import(bytes.NewReader(out.Bytes())); err != nil || sum.Unchanged != 3 {
		t.Errorf("second import: %+v, %v", sum, err)
	}
}

func TestImportMerges(t *testing.T) {
	dir := newArchive(t)
	s := openStore(t, t.TempDir(), dir)
	ix := index(t, s)
	b := lookup(t, ix, "source/_posts/编程/开源中国/b.md")
	c := lookup(t, ix, "source/_posts/编程/开源中国/c.md")
	set(t, s, Star, b, c)
	kept := marks(t, s).Of(b).Updated
	line := func(id string, read, starred bool, updated string) string {
		u := ""
		if updated != "" {
			u = `,"updated":"` + updated + `"`
		}
		return `{"id":"` + id + `","path":"","title":"","date":null,"read":` + map[bool]string{true: "true", false: "false"}[read] +
			`,"starred":` + map[bool]string{true: "true", false: "false"}[starred] + `,"position":0` + u + "}\n"
	}
	later := kept.Add(time.Hour).UTC().Format(time.RFC3339Nano)
	earlier := kept.Add(-time.Hour).UTC().Format(time.RFC3339Nano)
	moved := lookup(t, ix, "source/_posts/游戏/d.md")
	in := line(b.ID, true, false, later) + // newer: wins whole, the star goes
		line(c.ID, true, false, earlier) + // older: the store's stays
		"\n" +
		`{"id":"zzzzzzzz","path":"old/place.md","title":"第三篇","date":"2026-01-12T08:20:00Z","read":true,"starred":false,"position":7}` + "\n" // by title and date: c, merged
	sum, err := s.Import(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	ms := marks(t, s)
	if m := ms.Of(b); !m.Read || m.Starred {
		t.Errorf("newer import: %+v", m)
	}
	if m := ms.Of(c); !m.Read || !m.Starred || m.Position != 7 {
		t.Errorf("older import, then one without a time found by title and date: %+v", m)
	}
	if !ms.Of(moved).IsZero() || sum.Moved != 1 || sum.Lines != 3 {
		t.Errorf("summary %+v", sum)
	}

	// A bad line imports nothing.
	before := marks(t, s).Of(b)
	if _, err := s.Import(strings.NewReader(line(b.ID, false, true, "") + "{not json\n")); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("bad line: %v", err)
	}
	if marks(t, s).Of(b) != before {
		t.Error("a failed import changed a mark")
	}
}

func TestUnwritableStateDegrades(t *testing.T) {
	dir := newArchive(t)
	// The state folder cannot be made: a file is in the way.
	blocked := filepath.Join(t.TempDir(), "state")
	if err := os.WriteFile(blocked, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s := openStore(t, blocked, dir)
	if w := s.Warning(); !strings.Contains(w, lostState) {
		t.Errorf("warning %q", w)
	}
	ix := index(t, s)
	if got, want := listing(ix), listing(scanned(t, dir)); got != want {
		t.Errorf("index without a store:\n%s\nwant\n%s", got, want)
	}
	set(t, s, Star, ix.Articles()[0])
	if !marks(t, s).Of(ix.Articles()[0]).Starred {
		t.Error("marks do not work in memory")
	}
}

func TestFullDiskKeepsWhatWasSaved(t *testing.T) {
	dir := newArchive(t)
	state := t.TempDir()
	s := openStore(t, state, dir)
	ix := index(t, s)
	first := lookup(t, ix, "post/金融/a.md")
	set(t, s, Star, first)
	// The disk fills: the state file cannot grow.
	s.state.SetMaxOpenConns(1)
	var pages int
	if err := s.state.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.state.Exec("PRAGMA max_page_count = " + strconv.Itoa(pages)); err != nil {
		t.Fatal(err)
	}
	var many []*feed.Article
	for i := range 2000 {
		a := *ix.Articles()[i%ix.Len()]
		a.ID, a.Path = feed.IDOf(strconv.Itoa(i)), strconv.Itoa(i)
		a.SetPaths(nil)
		a.Title = strings.Repeat("长标题", 50)
		many = append(many, &a)
	}
	if _, err := s.Set(many, Read); err != nil {
		t.Fatalf("a full disk failed the change: %v", err)
	}
	if w := s.Warning(); !strings.Contains(w, "full") {
		t.Errorf("warning %q", w)
	}
	ms := marks(t, s)
	if ms.Len() != 2001 || !ms.Of(first).Starred {
		t.Errorf("in memory: %d marks", ms.Len())
	}
	s.Close()
	// What was saved before is still in the file.
	s = openStore(t, state, dir)
	if ms := marks(t, s); ms.Len() != 1 || !ms.Of(first).Starred {
		t.Errorf("after the full disk: %d marks", ms.Len())
	}
}
