package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

const corpusDir = "../shared/corpus"

// TestSearchCorpus checks search on the real corpus against what a reader
// sees: for each query, the articles found are exactly those whose `show
// --format text` output contains it. Ideographs are looked for as a
// substring, a line that wraps between two of them ignored; Latin text as
// words, ignoring case. The output's list of links and the reference
// numbers that point into it are left out: they are not the article's
// text, and the index leaves them out on purpose.
func TestSearchCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("no corpus at %s", corpusDir)
	}
	env, _ := newArchive(t)
	corpus, err := filepath.Abs(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	arts := listJSON(t, env, corpus)
	shown := map[string]string{}
	for _, a := range arts {
		code, out, errOut := runCmd(t, env, "show", "-q", "--format", "text", "--archive", corpus, a.ID)
		if code != 0 {
			t.Fatalf("show %s: %s", a.ID, errOut)
		}
		shown[a.ID] = readerText(out)
	}
	for _, q := range []struct {
		query string
		latin bool
	}{
		{"企业", false}, // two characters
		{"发布", false},
		{"韩国", false},
		{"数据", false},
		{"猫", false}, // one
		{"韩", false},
		{"人工智能", false},  // four: a phrase of pairs
		{"アニメ", false},   // kana
		{"google", true}, // a word
		{"apple", true},
		{`"open source"`, true}, // a phrase
		{`"in the"`, true},
	} {
		var want []string
		for id, text := range shown {
			if contains(text, strings.Trim(q.query, `"`), q.latin) {
				want = append(want, id)
			}
		}
		slices.Sort(want)
		var got []string
		for _, h := range searchJSON(t, env, corpus, q.query) {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		if len(want) == 0 || len(want) > 60 {
			t.Errorf("%s: %d articles contain it: choose a query with a few to a few dozen", q.query, len(want))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: found %d %v\nshown in %d %v", q.query, len(got), got, len(want), want)
		}
		t.Logf("%s: %d", q.query, len(want))
	}
}

var (
	// refNumber is the number after a link's text, "text[3]".
	refNumber = regexp.MustCompile(`\[\d+\]`)
	// wrappedLine is a line break between two ideographs, with the
	// indentation around it.
	wrappedLine = regexp.MustCompile(`([\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}ー])[ \t]*\n[ \t]*([\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}ー])`)
)

// readerText is what a reader reads of show's text: without the list of
// links and the reference numbers, in lower case and NFKC, wrapped lines
// between ideographs joined.
func readerText(out string) string {
	lines := strings.Split(out, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.TrimSpace(lines[i]) == "Links" {
			lines = lines[:i]
			break
		}
	}
	s := strings.ToLower(norm.NFKC.String(refNumber.ReplaceAllString(strings.Join(lines, "\n"), " ")))
	for {
		joined := wrappedLine.ReplaceAllString(s, "$1$2")
		if joined == s {
			return s
		}
		s = joined
	}
}

// contains reports whether text holds the query: as a substring, or for
// Latin text as a run of whole words.
func contains(text, query string, latin bool) bool {
	query = strings.ToLower(norm.NFKC.String(query))
	if !latin {
		return strings.Contains(text, query)
	}
	words, want := latinWords(text), latinWords(query)
	for i := 0; i+len(want) <= len(words); i++ {
		if slices.Equal(words[i:i+len(want)], want) {
			return true
		}
	}
	return false
}

// latinWords are the words of text in scripts written with spaces.
func latinWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)) || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || r == 'ー'
	})
}
