package main

import (
	"context"
	"io"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"newsreader/display"
	"newsreader/feed"
	"newsreader/store"
)

// jsonLine builds one line of JSON Lines by hand, so that every string is
// escaped in one pass for a terminal as well as for JSON: encoding/json
// leaves DEL and the C1 controls raw, and would need a second pass (and
// reflection) over each of a listing's 100,000 lines.
type jsonLine struct {
	b      []byte
	fields int
}

// start begins a new object, reusing the buffer.
func (j *jsonLine) start() {
	j.b = j.b[:0]
	j.open()
}

// open begins a new object after those already in the buffer.
func (j *jsonLine) open() {
	j.b = append(j.b, '{')
	j.fields = 0
}

// close ends the object and its line.
func (j *jsonLine) close() { j.b = append(j.b, '}', '\n') }

// key writes the name of the next field. Names are ours, plain ASCII
// letters and underscores: they are not escaped, which was a sixth of
// the encoding.
func (j *jsonLine) key(k string) {
	if j.fields > 0 {
		j.b = append(j.b, ',')
	}
	j.fields++
	j.b = append(j.b, '"')
	j.b = append(j.b, k...)
	j.b = append(j.b, '"', ':')
}

func (j *jsonLine) str(k, v string) {
	j.key(k)
	j.b = appendJSONString(j.b, v)
}

func (j *jsonLine) strs(k string, vs []string) {
	j.key(k)
	j.b = append(j.b, '[')
	for i, v := range vs {
		if i > 0 {
			j.b = append(j.b, ',')
		}
		j.b = appendJSONString(j.b, v)
	}
	j.b = append(j.b, ']')
}

func (j *jsonLine) boolean(k string, v bool) {
	j.key(k)
	j.b = strconv.AppendBool(j.b, v)
}

func (j *jsonLine) int(k string, v int) {
	j.key(k)
	j.b = strconv.AppendInt(j.b, int64(v), 10)
}

// article writes the fields of an article and its mark: the one JSON
// shape of an article, which list --json prints and show --format json
// extends. Dates are shown in loc, and an article without one has
// "date": null.
func (j *jsonLine) article(a *feed.Article, m store.Mark, loc *time.Location) {
	j.str("id", a.ID)
	// The path is the first of the paths: escaped once.
	j.key("path")
	start := len(j.b)
	j.b = appendJSONString(j.b, a.Path)
	path := j.b[start:]
	j.key("paths")
	j.b = append(j.b, '[')
	for i, p := range a.Paths() {
		if i > 0 {
			j.b = append(j.b, ',')
		}
		if p == a.Path {
			j.b = append(j.b, path...)
		} else {
			j.b = appendJSONString(j.b, p)
		}
	}
	j.b = append(j.b, ']')
	j.str("title", a.Title)
	j.strs("categories", a.Categories)
	j.key("date")
	if a.Date.IsZero() {
		j.b = append(j.b, "null"...)
	} else {
		j.b = append(j.b, '"')
		j.b = a.Date.In(loc).AppendFormat(j.b, time.RFC3339)
		j.b = append(j.b, '"')
	}
	j.boolean("date_estimated", a.DateEstimated)
	j.str("author", a.Author)
	j.str("thumbnail", a.Thumbnail)
	j.strs("warnings", a.Warnings())
	j.boolean("read", m.Read)
	j.boolean("starred", m.Starred)
}

// end closes the object and writes the line.
func (j *jsonLine) end(w io.Writer) error {
	j.close()
	_, err := w.Write(j.b)
	return err
}

// jsonChunkLines is how many lines writeJSONLines encodes at a time:
// about 60 KB of a crawled archive's, each written with one call.
const jsonChunkLines = 128

// writeJSONLines prints one JSON object a line for each article, with its
// mark in ms (nil: none), in chunks of whole lines, so that output
// stopped by cancellation ends at the end of a line. It stops at the
// first write error, and when ctx is cancelled.
//
// Chunks are encoded on every core and written in order. Encoding a
// warm list's 100,000 articles waits on memory more than it computes
// (they are sorted by date, and their strings lie in their folders'
// records: 100 ms in the process where BenchmarkJSONLines, whose
// articles are new and together, takes 40), and two encoders halved
// it. At most two chunks a core are encoded ahead of the writer, so
// that output that stops (a closed pipe, an interrupt) stops the
// encoding with it.
func writeJSONLines(ctx context.Context, w io.Writer, arts []*feed.Article, ms *store.Marks, loc *time.Location) error {
	// Marks are looked up here, in order: Marks is not safe for
	// concurrent use.
	var marks []store.Mark
	if ms != nil && ms.Len() > 0 {
		marks = make([]store.Mark, len(arts))
		for i, a := range arts {
			marks[i] = ms.Of(a)
		}
	}
	encode := func(b []byte, chunk int) []byte {
		j := jsonLine{b: b[:0]}
		lo, hi := chunk*jsonChunkLines, min(len(arts), (chunk+1)*jsonChunkLines)
		touch(arts[lo:hi])
		for i := lo; i < hi; i++ {
			var m store.Mark
			if marks != nil {
				m = marks[i]
			}
			j.open()
			j.article(arts[i], m, loc)
			j.close()
		}
		return j.b
	}
	chunks := (len(arts) + jsonChunkLines - 1) / jsonChunkLines
	workers := min(runtime.GOMAXPROCS(0), chunks)
	ctx, cancel := context.WithCancel(ctx)
	done := make([]chan []byte, chunks)
	for i := range done {
		done[i] = make(chan []byte, 1)
	}
	// A free buffer is a worker's leave to encode one chunk more; the
	// writer gives it back once the chunk is written. Chunks are taken
	// in order, so the next one to write is always being encoded or done.
	free := make(chan []byte, 2*workers)
	for range cap(free) {
		free <- nil
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				var b []byte
				select {
				case b = <-free:
				case <-ctx.Done():
					return
				}
				i := int(next.Add(1) - 1)
				if i >= chunks {
					return
				}
				done[i] <- encode(b, i)
			}
		})
	}
	defer func() {
		cancel()
		wg.Wait()
	}()
	for i := range chunks {
		var b []byte
		select {
		case b = <-done[i]:
		case <-ctx.Done():
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
		free <- b
	}
	return nil
}

// touched keeps touch's reads from being optimised away.
var touched atomic.Uint64

// touch reads a byte of each string of arts that article encodes, before
// it does. Sorted by date, a listing's articles lie all over the heap,
// and encoding them one by one waited on each of their strings in turn;
// a loop that only loads lets the processor wait on many at once. It
// took a warm list of 100,000 articles from 0.544 to 0.522 times the
// floor (hyperfine, 30 runs each).
func touch(arts []*feed.Article) {
	var sum uint64
	for _, a := range arts {
		if a.ID != "" {
			sum += uint64(a.ID[0])
		}
		if a.Path != "" {
			sum += uint64(a.Path[len(a.Path)-1])
		}
		if a.Title != "" {
			sum += uint64(a.Title[0])
		}
		if a.Thumbnail != "" {
			sum += uint64(a.Thumbnail[0])
		}
		if len(a.Categories) > 0 {
			sum += uint64(len(a.Categories[0]))
		}
	}
	touched.Add(sum)
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. Control characters (C0,
// DEL, C1) and the line separators JavaScript rejects are escaped; bytes
// that are not UTF-8 become U+FFFD, as encoding/json does, and U+FFFD
// itself is escaped.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	i := 0
	// Eight bytes at a time while they are plain ASCII: keys, IDs,
	// dates, addresses and the ASCII of paths are most of a listing.
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if !plain8(x) {
			break
		}
	}
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x7f {
			i++
			continue
		}
		// Most of a listing is CJK text, which needs no escape: copied
		// without decoding it (which took a third of the encoding's time).
		if display.CJKAt(s, i) {
			i += 3
			continue
		}
		r, size := rune(c), 1
		if c >= 0x80 {
			r, size = utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError && r > 0x9f && r != '\u2028' && r != '\u2029' {
				i += size
				continue
			}
		}
		b = append(b, s[start:i]...)
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, `\n`...)
		case c == '\t':
			b = append(b, `\t`...)
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		default:
			b = append(b, '\\', 'u', hexDigits[r>>12&15], hexDigits[r>>8&15], hexDigits[r>>4&15], hexDigits[r&15])
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// plain8 reports whether the eight bytes of x are all printable ASCII
// other than the quote and the backslash, by the bit tricks of Sean
// Anderson's "Bit Twiddling Hacks" (each test is exact for a whole word):
// no byte below 0x20, none above 0x7e, none equal to '"' or '\\'.
func plain8(x uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below := (x - ones*0x20) & ^x & highs
	above := (x + ones | x) & highs
	quote, backslash := x^(ones*'"'), x^(ones*'\\')
	return below|above|(quote-ones)&^quote&highs|(backslash-ones)&^backslash&highs == 0
}
