// Package store keeps what newsreader knows of an archive between runs: a
// cache of its index, so that a start does not read every file again, and
// the user's state: read marks, stars, reading positions, the last
// category and article.
//
// # Files
//
// Each archive has a store of its own under the state folder
// ($XDG_STATE_HOME/newsreader, ~/.local/state/newsreader when unset):
// archives/NAME-HASH, where NAME is the archive folder's name and HASH
// the start of the SHA-256 of its absolute path (links resolved); the
// embedded demo's is archives/demo. Location tells where without opening
// anything, for `newsreader config`. A store holds two SQLite files,
// because the index is a cache and the state is data:
//
//   - index.db: everything derived from the archive. It may be deleted at
//     any time; a damaged one is rebuilt from the archive, with a notice,
//     and one made by another build of newsreader, or with another source
//     time zone, is emptied (what a parser gave cannot be trusted from
//     another). The full-text index (package search) is here too, in its
//     tables search_*; see SyncSearch for how it follows the archive.
//   - state.db: the marks, keyed by article ID, and the last place. Never
//     dropped: a damaged one is renamed aside (state.db.damaged-TIME) and
//     the user told where.
//
// Both are in WAL mode, so that readers never wait for the writer. Every
// change is one transaction, begun with BEGIN IMMEDIATE so that it waits
// for another process's write at its start (SQLite waits up to 10 s, and
// the store retries up to a minute) instead of failing with "database is
// locked" half-way. The state is written with synchronous=FULL (a mark
// survives a power cut once Set returns); the index with NORMAL. Schemas
// carry a version (PRAGMA user_version) and migrate step by step.
//
// A state folder that cannot be created, or a disk that fills up, leaves
// a store that keeps working in memory from what the file held: nothing
// saved is lost, nothing new is kept, and Warning says so once.
//
// # Marks
//
// A mark is kept under the ID of the article (feed's, from the path of
// its primary copy), with the path, title and date it had. A mark made
// under the ID of another copy of the same story still counts (Marks.Of),
// and is folded into the primary's at the next change. When a reconcile
// finds a marked file gone, its mark moves to the file now at another
// path with the same title and date (a rename, a move inside the archive,
// also across a rebuilt index). A moved archive folder gets a new store
// key: Open then adopts the store whose recorded archive folder no longer
// exists and most of whose marked files are at the same paths in the new
// one, and says so; a copy, whose first folder still exists, starts
// afresh. Export and Import move state as JSON Lines, as newsboat's -E and
// -I do; Import documents how conflicts resolve.
//
// # The index
//
// The index keeps one row per folder of the archive, its files and their
// articles encoded in one BLOB (encode.go has the layout and the
// measurements that chose it: the driver's cost is per row). A reconcile
// (feed's Archive.Reconcile) compares the disk with those records: it
// stats every file, lists again only the folders whose modification time
// changed, and reads only the files that are new or changed; the store
// saves the folders that changed and passes the changes on. So a warm
// start reads the records, about 14 MB for 100,000 articles, and stats
// the files; a cold one reads every file once and writes the records as
// it goes.
//
// # How the callers use it
//
// The commands open the store and ask for the index up to date:
//
//	st, err := store.Open(cfg.StateDir, arch)
//	defer st.Close()
//	ix, err := st.Index(ctx)        // cached index, reconciled before it returns
//	ms, err := st.Marks()           // for --unread, --starred, "read", "starred"
//	entries, err := st.Set(arts, store.Read) // mark read|unread|star|unstar ID… (--category, --before: ix.Select first)
//	err = st.Export(w)              // state export [FILE]
//	sum, err := st.Import(r)        // state import FILE
//	store.Location(cfg.StateDir, cfg.Archive) // config prints Paths
//
// and print st.Notices() and st.Warning() on stderr. search brings the
// full-text index up to date with the index, then searches it:
//
//	rules, err := render.LoadRules(cfg.Rules)
//	_, err = st.SyncSearch(ctx, store.SearchItems(ix), rules, progress) // new, changed, gone files
//	idx, err := st.Search(ctx)      // *search.Index
//	res, err := idx.Search(ctx, q, search.Options{...})
//
// or, to answer without the reconcile when the search index is current
// (fresh.go says what that can miss):
//
//	v, err := render.RulesVersion(cfg.Rules)
//	ok, err := st.SearchCurrent(ctx, v) // then idx.Search as above, and
//	ok, err = st.FilesUnchanged(paths)  // for the results' paths
//
// The interface draws
// its first frame from Load, which does not touch the archive, then runs
// Reconcile in a tea.Cmd, applying each Update in Update (Index.Apply and
// Marks.Apply) as it comes; Set, SetPosition and SetLast run in tea.Cmds
// and their entries come back as messages. The search index builds in the
// background the same way: after the reconcile's last Update is applied,
// Update takes items := store.SearchItems(ix) (a copy: the index goes on
// changing) and returns a tea.Cmd that runs st.SyncSearch(ctx, items,
// rules, progress), progress sending each search.Progress to the program
// (p.Send) for a status line; searches run in tea.Cmds meanwhile, on
// st.Search(ctx), and find what is indexed so far, newest articles first.
// After a later reconcile (the watcher's changes), the same again: a sync
// with nothing to do returns at once. Cancel the sync's context on quit;
// the next start goes on where it stopped. A Store is safe for concurrent
// use; a *feed.Index and a *Marks are not, and belong to one goroutine.
// Reconciles, Load and Index run one at a time.
//
// To follow the archive as it changes, a caller starts a watcher (package
// watch) before the first Reconcile or Index, so that nothing falls
// between, and hands each of its batches to ReconcileBatch, one batch at
// a time, in order: it streams the same Updates as Reconcile, applied the
// same way, at the cost of the paths the batch names (a batch with
// Rescan set is a Reconcile). `list --follow` does so; so does the
// interface, in a tea.Cmd that waits for the next event and one that
// reconciles a batch and sends its Updates as messages.
//
// Measured on this machine (2 cores, shared with other work, load 7 to
// 9: wall times moved by a factor of two between runs, so the ratios of
// one run, and the processor times, are what counts), on a generated
// archive of 100,000 articles, against the floor (walk and read 4 KiB of
// every file with 8 readers) in the same `go test -bench . -benchtime 5x`
// run: floor 1.57 s wall, 1175 ms of processor time; warm first frame
// (BenchmarkWarmFrame: open, load, marks) 0.22 s, 147 ms; warm index,
// every file stat'ed (BenchmarkWarmList) 0.59 s, 484 ms; cold (no store:
// read, parse and save everything) 3.0 s, 2022 ms; a reconcile after 1%
// of the files changed 0.97 s, 700 ms. Peak memory of a process: 76 MB
// (frame), 84 MB (warm), 129 MB (cold).
package store
