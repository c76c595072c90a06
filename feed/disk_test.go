package feed

import (
	"errors"
	"io"
	"testing"
)

// countingReader hands out data in reads of at most chunk bytes, then
// err, counting the reads.
type countingReader struct {
	data  []byte
	chunk int
	err   error
	reads int
}

func (r *countingReader) Read(b []byte) (int, error) {
	r.reads++
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(b[:min(len(b), r.chunk)], r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestReadUpTo(t *testing.T) {
	errDisk := errors.New("disk")
	for _, tc := range []struct {
		name    string
		file    int   // bytes in the file
		chunk   int   // most bytes one read gives
		size    int64 // as stat'ed
		sized   bool
		err     error // after the file's bytes
		want    int
		reads   int
		wantErr error
	}{
		{"short file of known size: one read", 100, 1 << 20, 100, true, io.EOF, 100, 1, nil},
		{"short file of unknown size: the end is read", 100, 1 << 20, 0, false, io.EOF, 100, 2, nil},
		{"long file: the buffer fills", 9000, 1 << 20, 9000, true, io.EOF, 4096, 1, nil},
		{"short reads go on to the size", 100, 30, 100, true, io.EOF, 100, 4, nil},
		{"grown since the stat: read as it was", 200, 1 << 20, 100, true, io.EOF, 200, 1, nil},
		{"shrunk since the stat: read to its end", 50, 1 << 20, 100, true, io.EOF, 50, 2, nil},
		{"empty file of known size", 0, 1 << 20, 0, true, io.EOF, 0, 1, nil},
		{"an error is returned", 100, 30, 200, true, errDisk, 100, 5, errDisk},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &countingReader{data: make([]byte, tc.file), chunk: tc.chunk, err: tc.err}
			n, err := readUpTo(r, make([]byte, 4096), tc.size, tc.sized)
			if n != tc.want || !errors.Is(err, tc.wantErr) || r.reads != tc.reads {
				t.Errorf("read %d bytes in %d reads, err %v; want %d in %d, err %v", n, r.reads, err, tc.want, tc.reads, tc.wantErr)
			}
		})
	}
}
