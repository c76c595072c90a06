package store

import (
	"bytes"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestOwnedBlob checks what readFolders relies on: each BLOB the driver
// hands to a Scanner is a slice of its own, which the next row does not
// reuse.
func TestOwnedBlob(t *testing.T) {
	db, err := sql.Open("sqlite", fileURI(filepath.Join(t.TempDir(), "b.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (data BLOB NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	want := [][]byte{bytes.Repeat([]byte{1}, 5000), bytes.Repeat([]byte{2}, 5000), {3, 0, 3}}
	for _, b := range want {
		if _, err := db.Exec(`INSERT INTO t VALUES (?)`, b); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := db.Query(`SELECT data FROM t ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var blob ownedBlob
		if err := rows.Scan(&blob); err != nil {
			t.Fatal(err)
		}
		got = append(got, blob.string())
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows", len(got))
	}
	for i := range want {
		if got[i] != string(want[i]) {
			t.Errorf("row %d changed after the rows that followed it: %.20q…", i, got[i])
		}
	}
}
