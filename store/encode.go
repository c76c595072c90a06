package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"time"

	"newsreader/feed"
)

// The index keeps one row per folder of the archive, its files and their
// articles encoded in one BLOB, rather than one row per article. The
// SQLite driver is C transpiled to Go behind database/sql, and its cost
// is per row: measured here on 100,000 articles, writing them as rows of
// nine columns took 590 ms and reading them back 140 ms; as 300 BLOBs of
// the same fields, 105 ms and 30 ms. A folder is also what a reconcile
// compares and updates at once. Inside a BLOB, strings that the folder's
// files share (categories, authors) are kept once and the paths are
// names in the folder, which keeps 100,000 articles to about 14 MB.
//
// Layout, version 2 (varint and uvarint are encoding/binary's; a string
// is its length as a uvarint, then its bytes):
//
//	byte       layout version
//	varint     folder mtime (0: list again)
//	uvarint n, n × string          subfolder names
//	uvarint n, n × (string path, string reason, byte folder)   the folder's warnings
//	uvarint n, n × (string name, uvarint size, varint mtime, varint ctime)
//	uvarint n, n × string          shared strings (categories, authors)
//	uvarint n, n × (uvarint k, k × uvarint string)   category lists
//	per file:
//	  byte 1, string reason                          a file that gave no article
//	  byte 0, string id, string title, uvarint category list, varint date (Unix ns),
//	  byte flags (1 estimated, 2 no date),
//	  uvarint author string, string thumbnail, uvarint n, n × string warning
const layoutVersion = 2

// boolByte is a flag's byte.
func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

const (
	flagEstimated = 1 << iota
	flagNoDate
)

// folderRec is what the store keeps in memory of one folder: what a
// reconcile compares, and for each file a hash of its title and date
// (copyKey), to find copies and renamed files without decoding folders.
type folderRec struct {
	feed.Folder
	keys []uint64 // parallel to Names; 0 for no article or an estimated date
}

// fileData is what one file gave: an article, or why it gave none.
type fileData struct {
	art     *feed.Article
	skipped string
}

// copyKey hashes what makes two files copies of one article, as feed's
// Index merges them: the same title and the same stated date.
func copyKey(a *feed.Article) uint64 {
	if a == nil || a.DateEstimated {
		return 0
	}
	return titleDateKey(a.Title, a.Date.UnixNano())
}

// keySeed seeds titleDateKey. Keys live in one process only, never on
// disk, so any seed will do, and maphash takes half the time FNV took
// (15 ns a title, against 29: a warm start hashes every title).
var keySeed = maphash.MakeSeed()

func titleDateKey(title string, date int64) uint64 {
	var h maphash.Hash
	h.SetSeed(keySeed)
	h.WriteString(title)
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(date))
	h.Write(b[:])
	return h.Sum64() | 1 // never 0, which means none
}

// encodeFolder encodes a folder and the data of its files, parallel to
// f.Names.
func encodeFolder(f *feed.Folder, files []fileData) []byte {
	// Shared strings and category lists.
	strs := map[string]int{}
	var order []string
	ref := func(s string) int {
		i, ok := strs[s]
		if !ok {
			i = len(order)
			strs[s] = i
			order = append(order, s)
		}
		return i
	}
	lists := map[string]int{}
	var listRefs [][]int
	catList := make([]int, len(files))
	authors := make([]int, len(files))
	for i, fd := range files {
		if fd.art == nil {
			continue
		}
		key := strings.Join(fd.art.Categories, "\x00")
		li, ok := lists[key]
		if !ok {
			li = len(listRefs)
			lists[key] = li
			refs := make([]int, len(fd.art.Categories))
			for j, c := range fd.art.Categories {
				refs[j] = ref(c)
			}
			listRefs = append(listRefs, refs)
		}
		catList[i] = li
		authors[i] = ref(fd.art.Author)
	}
	b := make([]byte, 0, recordSize(f, files, order, listRefs))
	b = append(b, layoutVersion)
	b = binary.AppendVarint(b, f.MTime)
	b = binary.AppendUvarint(b, uint64(len(f.Subdirs)))
	for _, s := range f.Subdirs {
		b = appendString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(len(f.Warnings)))
	for _, w := range f.Warnings {
		b = appendString(b, w.Path)
		b = appendString(b, w.Reason)
		b = append(b, boolByte(w.Folder))
	}
	b = binary.AppendUvarint(b, uint64(len(f.Names)))
	for i, name := range f.Names {
		st := f.Stats[i]
		b = appendString(b, name)
		b = binary.AppendUvarint(b, uint64(st.Size))
		b = binary.AppendVarint(b, st.MTime)
		b = binary.AppendVarint(b, st.CTime)
	}

	b = binary.AppendUvarint(b, uint64(len(order)))
	for _, s := range order {
		b = appendString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(len(listRefs)))
	for _, refs := range listRefs {
		b = binary.AppendUvarint(b, uint64(len(refs)))
		for _, r := range refs {
			b = binary.AppendUvarint(b, uint64(r))
		}
	}
	for i, fd := range files {
		a := fd.art
		if a == nil {
			b = append(b, 1)
			b = appendString(b, fd.skipped)
			continue
		}
		b = append(b, 0)
		b = appendString(b, a.ID)
		b = appendString(b, a.Title)
		b = binary.AppendUvarint(b, uint64(catList[i]))
		var flags byte
		if a.DateEstimated {
			flags |= flagEstimated
		}
		if a.Date.IsZero() {
			flags |= flagNoDate
		}
		b = binary.AppendVarint(b, a.Date.UnixNano())
		b = append(b, flags)
		b = binary.AppendUvarint(b, uint64(authors[i]))
		b = appendString(b, a.Thumbnail)
		b = binary.AppendUvarint(b, uint64(len(a.Warnings())))
		for _, w := range a.Warnings() {
			b = appendString(b, w)
		}
	}
	return b
}

// recordSize is what encodeFolder will write, or a little more, so that
// a record is made in one allocation: growing it as it was written, from
// a guess of 160 bytes a file, allocated a reconcile's records twice over
// (strings are counted with a length of two bytes, numbers of ten).
func recordSize(f *feed.Folder, files []fileData, shared []string, lists [][]int) int {
	n := 40
	for _, s := range f.Subdirs {
		n += 2 + len(s)
	}
	for _, w := range f.Warnings {
		n += 5 + len(w.Path) + len(w.Reason)
	}
	for _, name := range f.Names {
		n += 32 + len(name)
	}
	for _, s := range shared {
		n += 2 + len(s)
	}
	for _, refs := range lists {
		n += 2 + 2*len(refs)
	}
	for _, fd := range files {
		a := fd.art
		if a == nil {
			n += 3 + len(fd.skipped)
			continue
		}
		// The flags, the lengths, and the numbers: list, date, author.
		n += 40 + len(a.ID) + len(a.Title) + len(a.Thumbnail)
		for _, w := range a.Warnings() {
			n += 2 + len(w)
		}
	}
	return n
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// errLayout marks a BLOB this version cannot read.
var errLayout = errors.New("unreadable folder record")

// decoder reads a folder's BLOB. Strings are slices of data, which is
// one allocation for the whole folder: loading 100,000 articles must not
// cost a million small ones.
type decoder struct {
	data string
	off  int
	err  error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := uvarintString(d.data[d.off:])
	if n <= 0 {
		d.err = errLayout
		return 0
	}
	d.off += n
	return v
}

func (d *decoder) varint() int64 {
	u := d.uvarint()
	return int64(u>>1) ^ -int64(u&1)
}

func (d *decoder) byte() byte {
	if d.err != nil || d.off >= len(d.data) {
		d.err = errLayout
		return 0
	}
	d.off++
	return d.data[d.off-1]
}

func (d *decoder) string() string {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.data)-d.off) {
		d.err = errLayout
		return ""
	}
	s := d.data[d.off : d.off+int(n)]
	d.off += int(n)
	return s
}

// count reads a count of items that take at least one byte each.
func (d *decoder) count() int {
	n := d.uvarint()
	if n > uint64(len(d.data)-d.off) {
		d.err = errLayout
		return 0
	}
	return int(n)
}

// uvarintString is binary.Uvarint on a string, to decode without copying.
func uvarintString(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		c := s[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				return 0, -1
			}
			return x | uint64(c)<<shift, i + 1
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	return 0, 0
}

// decoded is a folder read back: its record, and what its files gave.
type decoded struct {
	rec      *folderRec
	articles []*feed.Article // one per file with an article, in Names order
	data     []fileData      // parallel to rec.Names; only when asked for
	warnings []feed.Warning  // the folder's, and the files' without an article
}

// decodeFolder reads the BLOB of the folder at path p. The articles are
// new and the caller's.
func decodeFolder(p, data string) (*decoded, error) {
	rec, off, err := decodeRecord(p, data)
	if err != nil {
		return nil, err
	}
	return decodeFiles(rec, data, off, true)
}

// decodeRecord reads the part of a folder's BLOB that a reconcile
// compares, and returns where the rest starts: a warm start begins its
// stat walk before the articles are decoded.
func decodeRecord(p, data string) (*folderRec, int, error) {
	d := &decoder{data: data}
	if v := d.byte(); v != layoutVersion {
		return nil, 0, fmt.Errorf("folder %s: %w (layout %d)", p, errLayout, v)
	}
	rec := &folderRec{Folder: feed.Folder{Path: p, MTime: d.varint()}}
	if n := d.count(); n > 0 {
		rec.Subdirs = make([]string, n)
		for i := range rec.Subdirs {
			rec.Subdirs[i] = d.string()
		}
	}
	if n := d.count(); n > 0 {
		rec.Warnings = make([]feed.Warning, n)
		for i := range rec.Warnings {
			rec.Warnings[i] = feed.Warning{Path: d.string(), Reason: d.string(), Folder: d.byte() != 0}
		}
	}
	n := d.count()
	rec.Names = make([]string, n)
	rec.Stats = make([]feed.FileStat, n)
	rec.keys = make([]uint64, n)
	for i := range n {
		rec.Names[i] = d.string()
		rec.Stats[i] = feed.FileStat{Size: int64(d.uvarint()), MTime: d.varint(), CTime: d.varint()}
	}
	if d.err != nil {
		return nil, 0, fmt.Errorf("folder %s: %w", p, d.err)
	}
	return rec, d.off, nil
}

// decodeFiles reads the rest of a folder's BLOB, from off: its files'
// articles, which it also gives rec the copy keys of, and with byFile
// what each file gave (decoded.data), which only a reconcile reads: a
// warm start would drop it at once (24 MB at 1,000,000 articles, in the
// first frame's peak).
func decodeFiles(rec *folderRec, data string, off int, byFile bool) (*decoded, error) {
	p, n := rec.Path, len(rec.Names)
	d := &decoder{data: data, off: off}
	out := &decoded{rec: rec, warnings: slices.Clip(rec.Warnings)}
	strs := make([]string, d.count())
	for i := range strs {
		strs[i] = d.string()
	}
	lists := make([][]string, d.count())
	for i := range lists {
		k := d.count()
		l := make([]string, k)
		for j := range l {
			if r := d.uvarint(); r < uint64(len(strs)) {
				l[j] = strs[r]
			} else {
				d.err = errLayout
			}
		}
		lists[i] = l
	}
	if d.err != nil {
		return nil, fmt.Errorf("folder %s: %w", p, d.err)
	}

	// The files' paths, as one string.
	prefix := p + "/"
	if p == "." {
		prefix = ""
	}
	size := n * len(prefix)
	for _, name := range rec.Names {
		size += len(name)
	}
	var sb strings.Builder
	sb.Grow(size)
	ends := make([]int, n)
	for i, name := range rec.Names {
		sb.WriteString(prefix)
		sb.WriteString(name)
		ends[i] = sb.Len()
	}
	all := sb.String()

	slab := make([]feed.Article, n)
	if byFile {
		out.data = make([]fileData, n)
	}
	out.articles = make([]*feed.Article, 0, n)
	start := 0
	for i := range n {
		path := all[start:ends[i]]
		start = ends[i]
		switch d.byte() {
		case 1:
			reason := d.string()
			if byFile {
				out.data[i] = fileData{skipped: reason}
			}
			out.warnings = append(out.warnings, feed.Warning{Path: path, Reason: reason})
			continue
		case 0:
		default:
			d.err = errLayout
		}
		a := &slab[i]
		a.ID = d.string()
		a.Path = path
		a.Title = d.string()
		if li := d.uvarint(); li < uint64(len(lists)) {
			a.Categories = lists[li][:len(lists[li]):len(lists[li])]
		} else {
			d.err = errLayout
		}
		date := d.varint()
		flags := d.byte()
		switch {
		case flags&flagNoDate != 0:
		case flags&flagEstimated != 0:
			a.Date = time.Unix(0, date) // a file's time, as os.Stat gives it
		default:
			a.Date = time.Unix(0, date).UTC()
		}
		a.DateEstimated = flags&flagEstimated != 0
		if r := d.uvarint(); r < uint64(len(strs)) {
			a.Author = strs[r]
		} else {
			d.err = errLayout
		}
		a.Thumbnail = d.string()
		if k := d.count(); k > 0 {
			ws := make([]string, k)
			for j := range ws {
				ws[j] = d.string()
			}
			a.SetWarnings(ws)
		}
		if d.err != nil {
			break
		}
		if byFile {
			out.data[i] = fileData{art: a}
		}
		out.articles = append(out.articles, a)
		rec.keys[i] = copyKey(a)
	}
	if d.err == nil && d.off != len(data) {
		d.err = errLayout
	}
	if d.err != nil {
		return nil, fmt.Errorf("folder %s: %w", p, d.err)
	}
	return out, nil
}
