package search

import (
	"compress/flate"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// char is one character of normalised text and the bytes of the source it
// came from. A source character that NFKC expands (㍿ → 株式会社) gives
// several chars with the same span.
type char struct {
	r          rune
	start, end int
}

// normalize appends the characters of s to buf, NFKC-normalised and case
// folded, each with its span in s. ASCII, the common ideographs, kana and
// Hangul syllables, which NFKC leaves alone, are copied a character at a
// time unless a combining mark follows; everything else goes through the
// normaliser a segment at a time. (Asking the normaliser about every
// character made tokenising three times slower.)
func normalize(buf []char, s string) []char {
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if i+size == len(s) || startsStable(s[i+size:]) {
			switch {
			case stable(r):
				buf = append(buf, char{fold(r), i, i + size})
				i += size
				continue
			case r >= 0xff01 && r <= 0xff5e:
				// Full-width ASCII, as in Chinese punctuation: NFKC makes it
				// the ASCII character.
				buf = append(buf, char{fold(r - 0xfee0), i, i + size})
				i += size
				continue
			}
		}
		seg := norm.NFKC.NextBoundaryInString(s[i:], true)
		if seg <= 0 {
			seg = len(s) - i
		}
		part := s[i : i+seg]
		if !norm.NFKC.IsNormalString(part) {
			part = norm.NFKC.String(part)
		}
		for _, r := range part {
			buf = append(buf, char{fold(r), i, i + seg})
		}
		i += seg
	}
	return buf
}

// stable reports whether NFKC leaves r alone, for the commonest blocks:
// ASCII, CJK punctuation, kana, ideographs, Hangul syllables.
func stable(r rune) bool {
	return r < utf8.RuneSelf || r >= 0x4e00 && r <= 0x9fff || r >= 0xac00 && r <= 0xd7a3 ||
		r >= 0x3041 && r <= 0x3096 || r >= 0x30a1 && r <= 0x30fa ||
		r >= 0x3001 && r <= 0x3011 || r >= 0x3014 && r <= 0x301f
}

// startsStable reports whether s starts with a character that cannot
// combine with the one before it: one of the stable blocks, full-width
// ASCII, or a character before the combining marks.
func startsStable(s string) bool {
	if s[0] < utf8.RuneSelf {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r < 0x300 || stable(r) || r >= 0xff01 && r <= 0xff5e
}

// fold maps a character to one member of its case class, so that Σ, σ
// and ς, or K and the Kelvin sign, are one.
func fold(r rune) rune {
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	case r >= 0x3040 && r <= 0xd7a3:
		// Kana, CJK ideographs, Hangul syllables: no case, and most of
		// the text.
		return r
	}
	return unicode.ToLower(unicode.ToUpper(r))
}

// class is what a character is to the tokeniser.
type class uint8

const (
	separator class = iota
	letter          // part of a word: letters, digits and marks of scripts written with spaces
	ideograph       // Han, kana, Hangul: indexed as overlapping pairs
)

func classify(r rune) class {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			return letter
		}
		return separator
	}
	switch {
	case r >= 0x4e00 && r <= 0x9fff, r >= 0xac00 && r <= 0xd7a3, r >= 0x3041 && r <= 0x3096, r >= 0x30a1 && r <= 0x30fa:
		// The common blocks of ideographs, Hangul syllables and kana,
		// without a table.
		return ideograph
	case r >= 0x1100 && isIdeograph(r):
		return ideograph
	}
	if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) {
		return letter
	}
	return separator
}

// isIdeograph reports whether r belongs to a script written without
// spaces between words. The prolonged sound mark ー and the iteration
// marks belong to the Common script but are part of Japanese words
// (コーヒー, 時々).
func isIdeograph(r rune) bool {
	switch r {
	case 0x3005, 0x3006, 0x3007, 0x303B, 0x30FC:
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// token is one unit of the index: a word, a pair of adjacent ideographs,
// or the last ideograph of a run. Its text is normalised, and valid only
// during the call that receives it (the tokenizer reuses the bytes);
// start and end are its bytes in the source, mid the end of its first
// character there (a match of a single ideograph covers only that one).
type token struct {
	text            []byte
	start, mid, end int
	pair            bool // a pair of ideographs
	single          bool // the last ideograph of a run
}

// tokenizer splits text into tokens. It keeps its buffers between calls;
// it is not safe for concurrent use.
//
// Words are runs of letters, digits and marks. A run of ideographs ABCD
// gives the pairs AB BC CD and the single D, at consecutive positions, so
// that every character of the run starts exactly one token: a query of
// two or more ideographs is the phrase of its pairs, one of one ideograph
// the prefix query A*, and both find exactly the texts that contain the
// query as a substring. A single line break between two ideographs (a
// wrapped line, with the indentation around it) does not end a run.
type tokenizer struct {
	chars   []char
	text    []byte
	deflate *flate.Writer // for prepare
}

// tokens calls emit for each token of s in order.
func (t *tokenizer) tokens(s string, emit func(token)) {
	t.chars = normalize(t.chars[:0], s)
	cs := t.chars
	for i := 0; i < len(cs); {
		switch classify(cs[i].r) {
		case letter:
			j := i
			t.text = t.text[:0]
			for j < len(cs) && classify(cs[j].r) == letter {
				t.text = utf8.AppendRune(t.text, cs[j].r)
				j++
			}
			emit(token{text: t.text, start: cs[i].start, mid: cs[i].end, end: cs[j-1].end})
			i = j
		case ideograph:
			i = t.run(cs, i, emit)
		default:
			i++
		}
	}
}

// run emits the tokens of the run of ideographs starting at cs[i] and
// returns the index after it.
func (t *tokenizer) run(cs []char, i int, emit func(token)) int {
	prev := i
	for {
		next := nextInRun(cs, prev+1)
		if next < 0 {
			t.text = utf8.AppendRune(t.text[:0], cs[prev].r)
			emit(token{text: t.text, start: cs[prev].start, mid: cs[prev].end, end: cs[prev].end, single: true})
			return prev + 1
		}
		t.text = utf8.AppendRune(utf8.AppendRune(t.text[:0], cs[prev].r), cs[next].r)
		emit(token{text: t.text, start: cs[prev].start, mid: cs[prev].end, end: cs[next].end, pair: true})
		prev = next
	}
}

// nextInRun returns the index of the ideograph that continues a run at
// cs[i], or -1 when the run ends there. Spaces around one line break are
// skipped; a blank line or a space without a line break ends the run.
func nextInRun(cs []char, i int) int {
	breaks := 0
	for j := i; j < len(cs); j++ {
		switch r := cs[j].r; {
		case r == '\n':
			breaks++
			if breaks > 1 {
				return -1
			}
		case r == ' ' || r == '\t' || r == '\r':
		case classify(r) == ideograph:
			if j == i || breaks == 1 {
				return j
			}
			return -1
		default:
			return -1
		}
	}
	return -1
}
