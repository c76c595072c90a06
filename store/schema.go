package store

// The schemas, as migration steps: step i takes a database from
// user_version i to i+1. Add steps; never change one that has shipped.

// indexSteps build index.db, the cache: everything in it is derived from
// the archive and may be dropped at any time. The search tables of the
// full-text index belong here too, as later steps.
var indexSteps = []string{
	// meta: what the cache was built with (parser, source zone, layout);
	// folders: one row per folder of the archive, its files and their
	// articles in one BLOB (see encode.go for why, and the layout).
	`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE folders (path TEXT PRIMARY KEY, data BLOB NOT NULL)`,
	// folders.mtime: the folder's modification time as its record has
	// it, 0 when it must be listed again (see listedTime), so that search
	// can check the folders against the disk without reading the records.
	// The rows are dropped, to be made again with it.
	`ALTER TABLE folders ADD COLUMN mtime INTEGER NOT NULL DEFAULT 0;
DELETE FROM folders`,
	// folders_mtime: the paths and times alone, so that search reads
	// them without the records, which the column follows in each row
	// (14 MB at 100,000 articles).
	`CREATE INDEX folders_mtime ON folders(path, mtime)`,
}

// stateSteps build state.db, the user's data: never dropped, only
// migrated.
var stateSteps = []string{
	// meta: the archive's path (to tell a moved archive) and the
	// interface's last category and article; marks: one row per article
	// with any state, keyed by its ID, with the path, title and date it
	// had, to find it again after a rename and to export. date is in Unix
	// nanoseconds (0 when the article states none), as feed compares
	// copies; updated is when the row last changed, in Unix milliseconds,
	// which decides imports.
	`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE marks (
	id TEXT PRIMARY KEY,
	path TEXT NOT NULL,
	title TEXT NOT NULL,
	date INTEGER NOT NULL,
	read INTEGER NOT NULL DEFAULT 0,
	starred INTEGER NOT NULL DEFAULT 0,
	position INTEGER NOT NULL DEFAULT 0,
	updated INTEGER NOT NULL
) WITHOUT ROWID`,
}
