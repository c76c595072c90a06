package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"newsreader/feed"
	"newsreader/feed/feedtest"
	"newsreader/render"
	"newsreader/search"
)

func current(t *testing.T, s *Store, rules *render.Rules) bool {
	t.Helper()
	ok, err := s.SearchCurrent(context.Background(), rules.Version())
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func unchanged(t *testing.T, s *Store, paths ...string) bool {
	t.Helper()
	ok, err := s.FilesUnchanged(paths)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// SearchCurrent says the search index holds the archive only after a
// sync of the records as they are, and while no folder changed; what it
// cannot see, a file rewritten in place, FilesUnchanged does.
func TestSearchCurrent(t *testing.T) {
	dir := newArchive(t)
	feedtest.SettleFolders(t, dir)
	state := t.TempDir()
	s := openStore(t, state, dir)
	b := "source/_posts/编程/开源中国/b.md"
	c := "source/_posts/编程/开源中国/c.md"

	if current(t, s, nil) {
		t.Fatal("current before any sync")
	}
	index(t, s)
	if current(t, s, nil) {
		t.Fatal("current after a reconcile, before the search index was synced")
	}
	syncSearch(t, s, nil)
	if !current(t, s, nil) || !unchanged(t, s, b, c) {
		t.Fatal("not current after a sync")
	}
	if pr := syncSearch(t, s, nil); pr.Total != 0 || !current(t, s, nil) {
		t.Fatalf("a sync with nothing to do: %+v, current %v", pr, current(t, s, nil))
	}

	rules := otherRules(t)
	if current(t, s, rules) {
		t.Error("current for other rules than it was synced with")
	}

	// A file added: its folder's time moves.
	writeFiles(t, dir, map[string][]byte{"source/_posts/编程/开源中国/n.md": article("新的一篇", "2026-01-14 08:00:00", "编程")})
	if current(t, s, nil) {
		t.Error("current after a file was added")
	}
	index(t, s)
	if current(t, s, nil) {
		t.Error("current after a reconcile found the new file, before the sync")
	}
	syncSearch(t, s, nil)
	if current(t, s, nil) {
		t.Error("current while the folder's time is too recent to be trusted")
	}
	feedtest.SettleFolders(t, dir)
	syncSearch(t, s, nil)
	if !current(t, s, nil) {
		t.Fatal("not current after the folder settled and a sync")
	}

	// A file rewritten in place changes no folder: FilesUnchanged sees it.
	writeFiles(t, dir, map[string][]byte{b: article("Tidewater 3.3 发布", "2026-01-13 08:20:00", "编程", "开源中国")})
	if !current(t, s, nil) {
		t.Error("a rewrite in place changed what SearchCurrent sees")
	}
	if unchanged(t, s, c, b) || !unchanged(t, s, c) {
		t.Error("FilesUnchanged does not tell the rewritten file from the others")
	}
	if unchanged(t, s, "source/_posts/编程/开源中国/none.md") || unchanged(t, s, "nowhere/x.md") {
		t.Error("a file the index does not have is unchanged")
	}

	// Another process that reconciles moves the generation on.
	other := openStore(t, state, dir)
	index(t, other)
	if current(t, s, nil) {
		t.Error("current after another process saved records")
	}
	syncSearch(t, other, nil)
	if !current(t, s, nil) {
		t.Error("not current after the other process synced")
	}

	// A sync that begins takes it back, until it ends.
	if err := s.setSearchState(context.Background(), "syncing x", "", ""); err != nil {
		t.Fatal(err)
	}
	if current(t, s, nil) {
		t.Error("current while a sync runs")
	}
}

// The demo, which the store does not cache, is never current.
func TestSearchCurrentDemo(t *testing.T) {
	s, err := Open(t.TempDir(), feed.Demo(feed.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	syncSearch(t, s, nil)
	if current(t, s, nil) {
		t.Error("the demo is current")
	}
	if unchanged(t, s, "x.md") {
		t.Error("a demo file is unchanged")
	}
}

// synced returns a store of a settled archive whose search index is
// current, with its state folder and archive.
func synced(t *testing.T) (s *Store, state, dir string) {
	t.Helper()
	dir = newArchive(t)
	feedtest.SettleFolders(t, dir)
	state = t.TempDir()
	s = openStore(t, state, dir)
	syncSearch(t, s, nil)
	if !current(t, s, nil) {
		t.Fatal("not current after a sync")
	}
	return s, state, dir
}

// otherRules are cleaning rules other than the default.
func otherRules(t *testing.T) *render.Rules {
	t.Helper()
	path := filepath.Join(t.TempDir(), "rules.yml")
	if err := os.WriteFile(path, []byte("rules:\n  - name: no-images\n    remove: [img]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rules, err := render.LoadRules(path)
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

// Search tables that another build of newsreader made again (it drops
// them when its layout differs, and one older than SearchCurrent leaves
// its record) hold none of the articles: the search index is not current,
// though the records and folders are as they were.
func TestSearchCurrentTablesRebuilt(t *testing.T) {
	s, state, dir := synced(t)
	db, err := openDB(s.paths.Index, searchFile)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The other build's tables, which this one's Open drops again.
	if _, err := db.Exec(`UPDATE search_meta SET value = 'other' WHERE key = 'schema'`); err != nil {
		t.Fatal(err)
	}
	if _, err := search.Open(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	if current(t, openStore(t, state, dir), nil) {
		t.Error("current after the search tables were made again, empty")
	}
}

// A sync that found the index current by its fingerprint records it only
// while the state is still that fingerprint: not once another sync began.
func TestMarkSearchCurrentAfterAnotherSyncBegan(t *testing.T) {
	s, _, _ := synced(t)
	ctx := context.Background()
	fingerprint, err := s.searchState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.setSearchState(ctx, "syncing x", "", ""); err != nil {
		t.Fatal(err)
	}
	current := strconv.FormatInt(s.generation, 10) + " " + searchTextKey(s.arch.Options(), (*render.Rules)(nil).Version())
	s.markSearchCurrent(ctx, fingerprint, current)
	if ok, err := s.SearchCurrent(ctx, (*render.Rules)(nil).Version()); err != nil || ok {
		t.Errorf("current while another sync runs: %v, %v", ok, err)
	}
}

// The interface takes the items of its own index, in Update, and syncs
// them in a tea.Cmd, while a rescan may save what it found before the
// interface applies it: items behind the records, synced, leave the
// search index without what they lack, and must not make it current.
func TestSearchCurrentItemsBehindRecords(t *testing.T) {
	dir := newArchive(t)
	feedtest.SettleFolders(t, dir)
	s := openStore(t, t.TempDir(), dir)
	ctx := context.Background()
	ix, err := s.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reconcile(ctx, func(u Update) { ix.Apply(u.Changes) }); err != nil {
		t.Fatal(err)
	}
	items := SearchItems(ix)
	n := "source/_posts/编程/开源中国/n.md"
	writeFiles(t, dir, map[string][]byte{n: article("新的一篇", "2026-01-14 08:00:00", "编程")})
	feedtest.SettleFolders(t, dir)
	if _, err := s.Reconcile(ctx, func(Update) {}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SyncSearch(ctx, items, nil, nil); err != nil {
		t.Fatal(err)
	}
	if current(t, s, nil) {
		t.Errorf("current, and the search index lacks %s: %v", n, found(t, s, "新的一篇"))
	}
}

// What SyncSearch records for SearchCurrent spares later searches their
// reconcile: a sync that found the search index up to date answers even
// when it cannot record it (a full disk), as it did before it recorded
// anything.
func TestSyncSearchCannotRecordCurrent(t *testing.T) {
	s, _, _ := synced(t)
	ctx := context.Background()
	if _, err := s.searchDB().ExecContext(ctx, `DELETE FROM meta WHERE key = ?`, searchCurrentKey); err != nil {
		t.Fatal(err)
	}
	ro, err := sql.Open("sqlite", fileURI(s.paths.Index)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	rw := s.search.db
	s.search.db = ro
	t.Cleanup(func() { rw.Close() })
	if pr, err := s.SyncSearch(ctx, SearchItems(index(t, s)), nil, nil); err != nil || pr.Total != 0 {
		t.Errorf("a sync with nothing to do, on an index it cannot write: %+v, %v", pr, err)
	}
	if current(t, s, nil) {
		t.Error("current, though nothing could record it")
	}
}

// A result's file that another process rewrote and reconciled, after
// SearchCurrent and before FilesUnchanged, is as the new records have it,
// but not as the search index does: it has not been synced.
func TestFilesUnchangedAfterAnotherSave(t *testing.T) {
	s, state, dir := synced(t)
	b := "source/_posts/编程/开源中国/b.md"
	writeFiles(t, dir, map[string][]byte{b: article("Tidewater 3.3 发布", "2026-01-13 08:20:00", "编程", "开源中国")})
	index(t, openStore(t, state, dir))
	if unchanged(t, s, b) {
		t.Error("unchanged: the new records have the rewrite, the search index has not")
	}
}

// Reading the records in two halves on two connections gives what one
// read gives, each folder once.
func TestReadFoldersInHalves(t *testing.T) {
	dir := newArchive(t)
	s := openStore(t, t.TempDir(), dir)
	index(t, s)
	halves, raws, err := s.readFolders()
	if err != nil {
		t.Fatal(err)
	}
	whole, wraws, err := readFolders(s.index, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(halves) != len(whole) || len(raws) != len(wraws) || len(whole) < 4 {
		t.Fatalf("halves: %d folders, %d records; whole: %d, %d", len(halves), len(raws), len(whole), len(wraws))
	}
	seen := map[string]bool{}
	for _, r := range raws {
		if seen[r.rec.Path] || halves[r.rec.Path] != r.rec || whole[r.rec.Path] == nil {
			t.Errorf("folder %s: read twice, or not the one kept", r.rec.Path)
		}
		seen[r.rec.Path] = true
	}
}

// A folder that another process saved between the two halves may be in
// both (its row moved): it is kept once.
func TestMergeFolders(t *testing.T) {
	rec := func(p string) *folderRec { return &folderRec{Folder: feed.Folder{Path: p}} }
	a, b, b2, c := rec("a"), rec("b"), rec("b"), rec("c")
	folders, raws := mergeFolders(
		map[string]*folderRec{"a": a, "b": b}, []rawFolder{{rec: a}, {rec: b}},
		map[string]*folderRec{"b": b2, "c": c}, []rawFolder{{rec: b2}, {rec: c}})
	if len(folders) != 3 || folders["b"] != b2 {
		t.Errorf("folders %v", folders)
	}
	var got []*folderRec
	for _, r := range raws {
		got = append(got, r.rec)
	}
	if len(got) != 3 || got[0] != a || got[1] != b2 || got[2] != c {
		t.Errorf("records %v, want a, the second b, c", got)
	}
}
