package main

import (
	"io"
	"runtime"
	"strconv"
	"time"
	"unicode/utf8"

	"newsreader/feed"
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

// key writes the name of the next field.
func (j *jsonLine) key(k string) {
	if j.fields > 0 {
		j.b = append(j.b, ',')
	}
	j.fields++
	j.b = appendJSONString(j.b, k)
	j.b = append(j.b, ':')
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

// article writes the fields of an article in a listing; dates are shown in
// loc, and an article without one has "date": null.
func (j *jsonLine) article(a *feed.Article, loc *time.Location) {
	j.str("id", a.ID)
	j.str("path", a.Path)
	j.strs("paths", a.Paths)
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
	j.strs("warnings", a.Warnings)
}

// end closes the object and writes the line.
func (j *jsonLine) end(w io.Writer) error {
	j.close()
	_, err := w.Write(j.b)
	return err
}

// writeJSONLines prints one JSON object a line. Encoding is most of the
// work after a scan, so blocks of articles are encoded on every core and
// written in order: a few blocks at a time, in buffers used again, to keep
// memory small.
func writeJSONLines(w io.Writer, arts []*feed.Article, loc *time.Location) error {
	const block = 1024
	blocks := make([]chan []byte, (len(arts)+block-1)/block)
	for i := range blocks {
		blocks[i] = make(chan []byte, 1)
	}
	inFlight := 2 * runtime.GOMAXPROCS(0)
	slots := make(chan struct{}, inFlight)
	free := make(chan []byte, inFlight)
	go func() {
		for i := range blocks {
			slots <- struct{}{}
			go func() {
				var j jsonLine
				select {
				case j.b = <-free:
				default:
				}
				for _, a := range arts[i*block : min(len(arts), (i+1)*block)] {
					j.open()
					j.article(a, loc)
					j.close()
				}
				blocks[i] <- j.b
			}()
		}
	}()
	var err error
	for i := range blocks {
		b := <-blocks[i]
		if err == nil {
			_, err = w.Write(b)
		}
		free <- b[:0]
		<-slots
	}
	return err
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. Control characters (C0,
// DEL, C1) and the line separators JavaScript rejects are escaped; bytes
// that are not UTF-8 become U+FFFD, as encoding/json does.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < 0x7f {
			i++
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
