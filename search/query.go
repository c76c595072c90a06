package search

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"newsreader/feed"
)

// Field is a bit set of the indexed fields a term is looked for in.
type Field uint8

// The indexed fields. A term without a field is looked for in all of
// them.
const (
	Title  Field = 1 << iota
	Source       // every level of the category path
	Author
	Body
	AllFields = Title | Source | Author | Body
)

// columns names the index's columns, in the order of Field's bits.
var columns = [...]string{"title", "source", "author", "body"}

// Limits of a query. Past them the query is refused with a message: a
// longer query is a pasted article, not a search, and FTS5 refuses
// expressions nested deeper than 256.
const (
	maxTokens = 1000
	maxDepth  = 32
)

// Query is a parsed search. Make one with Parse; it is immutable and safe
// for concurrent use.
type Query struct {
	raw  string
	root *node // nil when the query has only filters
	// Since and Until bound the date, inclusive; zero means unbounded.
	Since, Until time.Time
	// read and starred are the is: filters: 0 any, 1 must be, -1 must not.
	read, starred int8
}

// String returns the query as the user typed it.
func (q *Query) String() string { return q.raw }

// NeedsMarks reports whether the query filters on read state or stars
// (is:read, is:unread, is:starred), which the caller must supply.
func (q *Query) NeedsMarks() bool { return q.read != 0 || q.starred != 0 }

// HasText reports whether the query looks for any text; a query of
// filters only (is:starred since:3d) selects by them alone.
func (q *Query) HasText() bool { return q.root != nil }

type nodeKind uint8

const (
	termNode nodeKind = iota
	andNode
	orNode
)

// node is a term or a boolean combination of nodes.
type node struct {
	kind nodeKind
	neg  bool
	kids []*node
	// A term: the text as typed, its key for substring matching, the
	// fields it applies to, and its index tokens.
	text   string
	key    string
	fields Field
	prefix bool
	toks   []qtoken
}

// qtoken is one token of a term, to be matched exactly or as a prefix.
type qtoken struct {
	text   string
	prefix bool
	single bool // one ideograph: a prefix match covers its first character only
}

// SyntaxError is a query the parser refuses, with a message in words.
type SyntaxError struct {
	// Pos is the position in the query, in characters from 0, where the
	// problem was found; -1 when it is the query as a whole.
	Pos int
	Msg string
}

func (e *SyntaxError) Error() string {
	if e.Pos < 0 {
		return "search: " + e.Msg
	}
	return fmt.Sprintf("search: %s (at character %d)", e.Msg, e.Pos+1)
}

// ParseOptions set what relative dates count from.
type ParseOptions struct {
	// Now is the moment today, yesterday and 3d count from; zero means
	// time.Now().
	Now time.Time
	// Location is the zone of dates typed without one; nil means
	// time.Local.
	Location *time.Location
}

// Parse reads a query:
//
//	企业 韩俊            both words (all terms must match; AND may be written)
//	"exact phrase"     the words in this order (“ ” work too)
//	-word, NOT word    exclude
//	a OR b             either; OR binds tighter than the space: a b OR c is a (b OR c)
//	( )                group
//	iphon*             a word beginning so
//	title: source: author:   only in that field (source: is any category level)
//	since: until:      dates: 2006-01-02, "2006-01-02 15:04", today, yesterday, 3d, 2w
//	is:unread is:read is:starred is:unstarred (also -is:starred)
//
// Chinese, Japanese and Korean text is found as a substring, whatever its
// length; other text by words, ignoring case and width (ｉＰｈｏｎｅ is
// iphone). Text that is still being typed is read leniently: an unclosed
// quote or parenthesis closes at the end, and a trailing OR or field name
// is ignored. Everything else that cannot be read is a *SyntaxError.
func Parse(s string, opts ParseOptions) (*Query, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	p := &parser{lex: lexer{src: []rune(s)}, opts: opts, q: &Query{raw: s}}
	p.next()
	root, err := p.expr(0, false)
	if err != nil {
		return nil, err
	}
	if p.tok.kind == tRParen {
		return nil, p.errorf(p.tok.pos, "a ) without its (")
	}
	q := p.q
	if root != nil {
		root = simplify(root)
	}
	q.root = root
	if root == nil && q.Since.IsZero() && q.Until.IsZero() && !q.NeedsMarks() {
		return nil, &SyntaxError{Pos: -1, Msg: "nothing to search for: type a word (punctuation alone is not searched)"}
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && q.Since.After(q.Until) {
		return nil, &SyntaxError{Pos: -1, Msg: fmt.Sprintf("since: %s is after until: %s", q.Since.Format("2006-01-02 15:04"), q.Until.Format("2006-01-02 15:04"))}
	}
	if n := countTokens(root); n > maxTokens {
		return nil, &SyntaxError{Pos: -1, Msg: fmt.Sprintf("the query is too long: %d words or character pairs, at most %d", n, maxTokens)}
	}
	if err := checkNegations(root, true); err != nil {
		return nil, err
	}
	return q, nil
}

// lexer token kinds.
type tkind uint8

const (
	tEOF tkind = iota
	tWord
	tPhrase
	tLParen
	tRParen
	tOr
	tAnd
	tNot
	tField // a field name and its colon; the value follows at once
)

type ltoken struct {
	kind tkind
	text string
	pos  int
	// prefix is a word typed with a trailing *.
	prefix bool
	// glued is set when the token follows the previous one with no space
	// between them, as a field's value must.
	glued bool
}

// fieldNames are the names the lexer reads as fields before a colon.
var fieldNames = map[string]bool{"title": true, "source": true, "author": true, "since": true, "until": true, "is": true}

type lexer struct {
	src []rune
	pos int
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }

func (l *lexer) next() ltoken {
	start := l.pos
	for l.pos < len(l.src) && isSpace(l.src[l.pos]) {
		l.pos++
	}
	glued := l.pos == start
	if l.pos >= len(l.src) {
		return ltoken{kind: tEOF, pos: l.pos}
	}
	pos := l.pos
	switch r := l.src[l.pos]; {
	case r == '(':
		l.pos++
		return ltoken{kind: tLParen, pos: pos, glued: glued}
	case r == ')':
		l.pos++
		return ltoken{kind: tRParen, pos: pos, glued: glued}
	case r == '"' || r == '“' || r == '”':
		l.pos++
		end := l.pos
		for end < len(l.src) && !isQuote(l.src[end]) {
			end++
		}
		text := string(l.src[l.pos:end])
		l.pos = min(end+1, len(l.src))
		prefix := false
		if l.pos < len(l.src) && l.src[l.pos] == '*' && end < len(l.src) {
			prefix = true
			l.pos++
		}
		return ltoken{kind: tPhrase, text: text, pos: pos, glued: glued, prefix: prefix}
	case r == '-' && l.pos+1 < len(l.src) && !isSpace(l.src[l.pos+1]) && l.src[l.pos+1] != ')':
		// A minus that starts a term excludes it; one inside a word
		// (e-mail) is punctuation.
		l.pos++
		return ltoken{kind: tNot, pos: pos, glued: glued}
	}
	end := l.pos
	for end < len(l.src) && !isSpace(l.src[end]) && l.src[end] != '(' && l.src[end] != ')' && !isQuote(l.src[end]) {
		end++
		if l.src[end-1] == ':' && fieldNames[strings.ToLower(string(l.src[l.pos:end-1]))] {
			l.pos = end
			return ltoken{kind: tField, text: strings.ToLower(string(l.src[pos : end-1])), pos: pos, glued: glued}
		}
	}
	word := string(l.src[l.pos:end])
	l.pos = end
	switch word {
	case "OR", "|":
		return ltoken{kind: tOr, pos: pos, glued: glued}
	case "AND", "&":
		return ltoken{kind: tAnd, pos: pos, glued: glued}
	case "NOT":
		return ltoken{kind: tNot, pos: pos, glued: glued}
	}
	prefix := strings.HasSuffix(word, "*")
	return ltoken{kind: tWord, text: strings.TrimRight(word, "*"), pos: pos, glued: glued, prefix: prefix}
}

func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' }

type parser struct {
	lex     lexer
	tok     ltoken
	opts    ParseOptions
	q       *Query
	tz      tokenizer
	filters int // since:, until: and is: read so far
}

func (p *parser) next() { p.tok = p.lex.next() }

func (p *parser) errorf(pos int, format string, args ...any) error {
	return &SyntaxError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// expr reads terms up to the end or a closing parenthesis: all must
// match. It returns nil when they hold no text (only filters, or
// punctuation).
func (p *parser) expr(depth int, inOr bool) (*node, error) {
	if depth > maxDepth {
		return nil, p.errorf(p.tok.pos, "parentheses nested more than %d deep", maxDepth)
	}
	and := &node{kind: andNode}
	for p.tok.kind != tEOF && p.tok.kind != tRParen {
		if p.tok.kind == tAnd {
			p.next()
			continue
		}
		n, err := p.or(depth, inOr)
		if err != nil {
			return nil, err
		}
		if n != nil {
			and.kids = append(and.kids, n)
		}
	}
	switch len(and.kids) {
	case 0:
		return nil, nil
	case 1:
		return and.kids[0], nil
	}
	return and, nil
}

// or reads terms joined by OR.
func (p *parser) or(depth int, inOr bool) (*node, error) {
	first, filters := p.tok, p.filters
	n, err := p.unary(depth, inOr)
	if err != nil || p.tok.kind != tOr {
		return n, err
	}
	if p.filters != filters {
		return nil, p.errorf(first.pos, "since:, until: and is: apply to the whole search and cannot be one side of OR")
	}
	or := &node{kind: orNode}
	if n != nil {
		or.kids = append(or.kids, n)
	}
	for p.tok.kind == tOr {
		pos := p.tok.pos
		p.next()
		switch p.tok.kind {
		case tEOF:
			continue // still being typed
		case tOr, tRParen, tAnd:
			return nil, p.errorf(pos, "OR needs a term after it")
		}
		k, err := p.unary(depth, true)
		if err != nil {
			return nil, err
		}
		if k != nil {
			or.kids = append(or.kids, k)
		}
	}
	for _, k := range or.kids {
		if k.neg {
			return nil, p.errorf(first.pos, "an excluded term cannot be one side of OR: say what to look for on each side")
		}
	}
	switch len(or.kids) {
	case 0:
		return nil, nil
	case 1:
		return or.kids[0], nil
	}
	return or, nil
}

// unary reads a term, a group, or either negated; a since:, until: or
// is: filter it applies to the query.
func (p *parser) unary(depth int, inOr bool) (*node, error) {
	neg := false
	for p.tok.kind == tNot {
		neg = !neg
		p.next()
	}
	if p.tok.kind == tField && (p.tok.text == "since" || p.tok.text == "until" || p.tok.text == "is") {
		return nil, p.filter(neg, inOr)
	}
	n, err := p.primary(depth, inOr, AllFields)
	if n != nil && neg {
		n.neg = !n.neg
	}
	return n, err
}

// primary reads a word, a phrase, a field's term or a group, searching
// fields.
func (p *parser) primary(depth int, inOr bool, fields Field) (*node, error) {
	t := p.tok
	switch t.kind {
	case tLParen:
		p.next()
		n, err := p.expr(depth+1, inOr)
		if err != nil {
			return nil, err
		}
		if p.tok.kind == tRParen {
			p.next()
		} // else: unclosed, still being typed
		if n != nil && fields != AllFields {
			restrict(n, fields)
		}
		return n, nil
	case tWord, tPhrase:
		p.next()
		return p.term(t, fields), nil
	case tField:
		p.next()
		f := fieldOf(t.text)
		v := p.tok
		if v.kind == tEOF {
			return nil, nil // still being typed
		}
		if !v.glued || (v.kind != tWord && v.kind != tPhrase && v.kind != tLParen) {
			return nil, p.errorf(t.pos, "%s: needs a word, a \"phrase\" or a (group) right after the colon", t.text)
		}
		return p.primary(depth, inOr, f)
	case tOr:
		return nil, p.errorf(t.pos, "OR needs a term before it")
	case tRParen:
		return nil, p.errorf(t.pos, "a ) without its (")
	}
	p.next()
	return nil, nil
}

func fieldOf(name string) Field {
	switch name {
	case "title":
		return Title
	case "source":
		return Source
	}
	return Author
}

// restrict limits every term under n to fields.
func restrict(n *node, fields Field) {
	if n.kind == termNode {
		n.fields &= fields
		if n.fields == 0 {
			n.fields = fields
		}
		return
	}
	for _, k := range n.kids {
		restrict(k, fields)
	}
}

// term makes a term node of a word or phrase, or nil when it has no
// searchable characters.
func (p *parser) term(t ltoken, fields Field) *node {
	var toks []token
	var keep []string
	p.tz.tokens(t.text, func(tk token) {
		toks = append(toks, tk)
		keep = append(keep, string(tk.text))
	})
	if len(toks) == 0 {
		return nil
	}
	n := &node{kind: termNode, text: t.text, fields: fields, prefix: t.prefix}
	n.key = key(t.text)
	for i, tk := range toks {
		last := i == len(toks)-1
		text := keep[i]
		switch {
		case tk.pair:
			n.toks = append(n.toks, qtoken{text: text})
		case tk.single:
			runStart := i == 0 || !toks[i-1].pair
			switch {
			case !last:
				n.toks = append(n.toks, qtoken{text: text})
			case runStart:
				// A lone ideograph at the end: any token that starts with it.
				n.toks = append(n.toks, qtoken{text: text, prefix: true, single: true})
			}
			// The last ideograph of a longer run at the end of the term is
			// in its last pair already; the text may go on after it.
		default:
			n.toks = append(n.toks, qtoken{text: text, prefix: last && t.prefix})
		}
	}
	return n
}

// filter reads since:, until: or is: and sets it on the query.
func (p *parser) filter(neg, inOr bool) error {
	t := p.tok
	p.next()
	v := p.tok
	if v.kind == tEOF {
		return nil // still being typed
	}
	if !v.glued || (v.kind != tWord && v.kind != tPhrase) {
		return p.errorf(t.pos, "%s: needs a value right after the colon", t.text)
	}
	p.next()
	p.filters++
	if inOr {
		return p.errorf(t.pos, "since:, until: and is: apply to the whole search and cannot be one side of OR")
	}
	value := v.text
	if v.prefix {
		value += "*"
	}
	switch t.text {
	case "is":
		return p.is(t.pos, strings.ToLower(value), neg)
	case "since", "until":
		if neg {
			return p.errorf(t.pos, "%s: cannot be excluded; use the other of since: and until:", t.text)
		}
		d, err := feed.ParseDay(value, p.opts.Location, t.text == "until", p.opts.Now)
		if err != nil {
			return p.errorf(v.pos, "%s: %v", t.text, err)
		}
		if t.text == "since" && d.After(p.q.Since) {
			p.q.Since = d
		}
		if t.text == "until" && (p.q.Until.IsZero() || d.Before(p.q.Until)) {
			p.q.Until = d
		}
	}
	return nil
}

func (p *parser) is(pos int, value string, neg bool) error {
	var set *int8
	want := int8(1)
	switch value {
	case "read":
		set = &p.q.read
	case "unread":
		set, want = &p.q.read, -1
	case "starred":
		set = &p.q.starred
	case "unstarred":
		set, want = &p.q.starred, -1
	default:
		return p.errorf(pos, "is: takes read, unread, starred or unstarred, not %q", value)
	}
	if neg {
		want = -want
	}
	if *set != 0 && *set != want {
		return p.errorf(pos, "is:%s contradicts an earlier is: filter", value)
	}
	*set = want
	return nil
}

// simplify merges nested groups of the same kind, so that a (b c) is a b
// c and the expression stays flat.
func simplify(n *node) *node {
	if n.kind == termNode {
		return n
	}
	var kids []*node
	for _, k := range n.kids {
		k = simplify(k)
		if k.kind == n.kind && !k.neg {
			kids = append(kids, k.kids...)
			continue
		}
		kids = append(kids, k)
	}
	n.kids = kids
	if len(kids) == 1 && !n.neg {
		return kids[0]
	}
	return n
}

// checkNegations refuses a group that only excludes, except at the top,
// where the query then means every article but those: FTS5 can only
// exclude from something it found.
func checkNegations(n *node, top bool) error {
	if n == nil || n.kind == termNode {
		return nil
	}
	if n.kind == andNode && (!top || n.neg) && !slices.ContainsFunc(n.kids, func(k *node) bool { return !k.neg }) {
		return &SyntaxError{Pos: -1, Msg: "a group that only excludes must stand beside something to look for"}
	}
	for _, k := range n.kids {
		if err := checkNegations(k, false); err != nil {
			return err
		}
	}
	return nil
}

func countTokens(n *node) int {
	if n == nil {
		return 0
	}
	c := len(n.toks)
	for _, k := range n.kids {
		c += countTokens(k)
	}
	return c
}
