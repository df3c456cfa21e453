package leaders

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind is what a match in text stands for.
type Kind int

const (
	KindName    Kind = iota + 1 // a leader's name: "Putin", "Xi Jinping"
	KindTitle                   // a title resolved at a date: "the Russian president"
	KindSeat                    // a seat standing for its leader: "the Kremlin"
	KindCountry                 // a country, its capital or its people, with no leader implied
	KindDemonym                 // internal: an adjective waiting for a title
)

// titleWords are the offices a title phrase can name.
var titleWords = []string{
	"president", "prime minister", "premier", "chancellor", "leader", "head of state",
	"head of government", "king", "crown prince", "emir", "supreme leader",
	"secretary-general", "secretary general", "sultan", "pm", "taoiseach", "counterpart", "amir",
}

func canonicalTitle(t string) string {
	switch t {
	case "pm":
		return "prime minister"
	case "secretary general":
		return "secretary-general"
	case "counterpart": // "his Chinese counterpart" is China's leader
		return "leader"
	case "amir":
		return "emir"
	}
	return t
}

// Match is a leader (or country) found in text.
type Match struct {
	Start, End int // byte offsets in the text
	Kind       Kind
	Leader     string // leader ID; empty for KindCountry or an unresolved title
	Country    string
}

// Mode says how strictly names must be written.
type Mode int

const (
	// Prose is for articles: names must be capitalised, so "a trump card"
	// or "lee side" are not leaders.
	Prose Mode = iota
	// Query is for chat questions, typed in any case.
	Query
)

// Token is a word of text.
type Token struct {
	Start, End int
	Norm       string // lower-case, accents folded, abbreviation dots dropped
	Upper      bool   // starts with an upper-case letter
	AllCaps    bool
	Poss       bool // followed by a possessive 's
}

// Tokenize splits text into words. Hyphens separate words ("Putin-Trump",
// "Jae-myung"); a possessive 's is dropped and recorded on its word.
//
// Extraction tokenizes every sentence: a word whose Norm is its own text
// (lower-case ASCII) shares the text, and the others share one buffer,
// rather than each its own allocation.
func Tokenize(text string) []Token {
	var tz Tokenizer
	return tz.tokenize(make([]Token, 0, tokenRoom(text)), text)
}

// tokenRoom is about how many tokens text holds: a word a space or a
// line, and hyphens part words ("Putin-Trump").
func tokenRoom(text string) int {
	return strings.Count(text, " ") + strings.Count(text, "-") + strings.Count(text, "\n") + 2
}

// Tokenizer tokenizes text after text, as Tokenize does, reusing its
// scratch space and handing out the tokens of many texts from one block:
// extraction tokenizes every sentence of an article, and an allocation a
// sentence was a fifth of its time. A Tokenizer is for one goroutine.
type Tokenizer struct {
	block  []Token
	buf    []byte     // the Norms that are not their own text, one after another
	folded [][2]int32 // the tokens with their Norm in buf, and its end there
}

// tokenBlock is how many tokens a Tokenizer's block holds at least: a
// few sentences' worth.
const tokenBlock = 128

// Reserve makes room in the block for the tokens of text, to be
// tokenized whole or in parts: one allocation for an article's sentences.
// Tokenize asks room for a few tokens more than a text's words, each
// sentence of it: a token for every 64 bytes is spare.
func (tz *Tokenizer) Reserve(text string) {
	if need := tokenRoom(text) + len(text)/64; cap(tz.block)-len(tz.block) < need {
		tz.block = make([]Token, 0, need)
	}
}

// Tokenize is Tokenize(text). The tokens stay valid after later calls.
func (tz *Tokenizer) Tokenize(text string) []Token {
	if need := tokenRoom(text); cap(tz.block)-len(tz.block) < need {
		tz.block = make([]Token, 0, max(need, tokenBlock))
	}
	from := len(tz.block)
	tz.block = tz.tokenize(tz.block, text)
	return tz.block[from:len(tz.block):len(tz.block)]
}

// tokenize appends the tokens of text to toks.
func (tz *Tokenizer) tokenize(toks []Token, text string) []Token {
	buf, folded := tz.buf[:0], tz.folded[:0]
	i := 0
	for i < len(text) {
		if c := text[i]; c < utf8.RuneSelf && !asciiWord[c] {
			i++
			continue
		}
		r, size := decodeRune(text, i)
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		same := true // Norm so far is text[start:i]
		upper, allCaps, letters := isUpper(r), true, 0
		for i < len(text) {
			// Lower-case letters and digits, most of a text, a run at a
			// time. A lower-case letter makes the word not all capitals,
			// whatever letters counts.
			j, kinds := i, byte(0)
			for j < len(text) && plainByte[text[j]] != 0 {
				kinds |= plainByte[text[j]]
				j++
			}
			if j > i {
				if kinds&plainLower != 0 {
					allCaps = false
				}
				if !same {
					buf = append(buf, text[i:j]...)
				}
				if i = j; i == len(text) {
					break
				}
			}
			r, size = decodeRune(text, i)
			if isWordRune(r) {
				if isLetter(r) {
					letters++
					if !isUpper(r) {
						allCaps = false
					}
				}
				if same && (r >= utf8.RuneSelf || 'A' <= r && r <= 'Z') {
					same = false
					buf = append(buf, text[start:i]...)
				}
				if !same {
					buf = foldRune(buf, r)
				}
				i += size
				continue
			}
			// "U.S." keeps its dots inside the word; "O'Brien" its apostrophe.
			if (r == '.' || r == '\'' || r == '’') && i+size < len(text) {
				next, _ := decodeRune(text, i+size)
				skip := r == '.' && isUpper(next) && isAbbrev(text[start:i])
				skip = skip || (r != '.' && isLetter(next) && !isPossessive(text[i+size:]))
				if skip {
					if same {
						same = false
						buf = append(buf, text[start:i]...)
					}
					i += size
					continue
				}
			}
			break
		}
		end := i
		// The closing dot of "U.S." belongs to the word.
		if i < len(text) && text[i] == '.' && isAbbrev(text[start:i]) && strings.Contains(text[start:i], ".") {
			end = i + 1
			i++
		}
		t := Token{Start: start, End: end, Upper: upper, AllCaps: allCaps && letters > 0}
		if same {
			t.Norm = text[start:i]
		} else {
			folded = append(folded, [2]int32{int32(len(toks)), int32(len(buf))})
		}
		// An apostrophe is "'" or "’", which UTF-8 opens with 0xE2.
		if i < len(text) && (text[i] == '\'' || text[i] == 0xE2) {
			r, size = decodeRune(text, i)
			if (r == '\'' || r == '’') && isPossessive(text[i+size:]) {
				t.Poss = true
				i += size + 1
			}
		}
		toks = append(toks, t)
	}
	if len(folded) > 0 {
		norms := string(buf)
		from := 0
		for _, f := range folded {
			toks[f[0]].Norm = norms[from:f[1]]
			from = int(f[1])
		}
	}
	tz.buf, tz.folded = buf, folded
	return toks
}

// decodeRune is utf8.DecodeRuneInString(text[i:]), quicker on ASCII.
func decodeRune(text string, i int) (rune, int) {
	if c := text[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(text[i:])
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r)
}

func isUpper(r rune) bool {
	if r < utf8.RuneSelf {
		return 'A' <= r && r <= 'Z'
	}
	return unicode.IsUpper(r)
}

// plainByte marks the bytes that are their own Norm: lower-case letters
// (plainLower) and digits (plainDigit).
var plainByte = func() (t [256]byte) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = plainLower
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = plainDigit
	}
	return t
}()

const (
	plainLower = 1 << iota
	plainDigit
)

// asciiWord says which ASCII bytes are word runes.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return t
}()

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isAbbrev reports whether s looks like the start of an abbreviation: single
// capitals separated by dots ("U", "U.S", "U.K").
func isAbbrev(s string) bool {
	// Every word's last letter before a full stop asks: no allocation.
	for {
		r, size := utf8.DecodeRuneInString(s)
		if !unicode.IsUpper(r) {
			return false
		}
		if s = s[size:]; s == "" {
			return true
		}
		if s[0] != '.' {
			return false
		}
		s = s[1:]
	}
}

// isPossessive reports whether rest (after an apostrophe) is "s" ending a word.
func isPossessive(rest string) bool {
	if rest == "" || (rest[0] != 's' && rest[0] != 'S') {
		return false
	}
	if len(rest) == 1 {
		return true
	}
	r, _ := utf8.DecodeRuneInString(rest[1:])
	return !isWordRune(r)
}

func foldRune(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	if s, ok := folds[r]; ok {
		return append(b, s...)
	}
	return utf8.AppendRune(b, unicode.ToLower(r))
}

var folds = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'ı': "i", 'İ': "i", 'đ': "d", 'Đ': "d"}
	groups := map[string]string{
		"a": "àáâãäåāăąÀÁÂÃÄÅĀĂĄ", "c": "çćčÇĆČ", "e": "èéêëēėęěÈÉÊËĒĖĘĚ", "g": "ğĞ",
		"i": "ìíîïīįÌÍÎÏĪĮ", "n": "ñńňÑŃŇ", "o": "òóôõöōőÒÓÔÕÖŌŐ", "r": "řŘ", "s": "śšşŚŠŞ",
		"t": "ţťȚŢŤț", "u": "ùúûüūůűųÙÚÛÜŪŮŰŲ", "y": "ýÿÝŸ", "z": "źżžŹŻŽ",
	}
	for base, chars := range groups {
		for _, r := range chars {
			m[r] = base
		}
	}
	return m
}()

// Normalize folds a name or word the way Tokenize does, words joined by one
// space: "Zelenskyy's" and "ZELENSKYY" both give "zelenskyy".
func Normalize(s string) string {
	toks := Tokenize(s)
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.Norm
	}
	return strings.Join(parts, " ")
}

type entry struct {
	kind    Kind
	leader  string
	country string
	title   string
}

// node is a trie node over words. Nearly every node has one or two
// children, kept in a slice; a node with many (the root) gets a map too.
// A map a node made the gazetteer's load 31,000 allocations.
type node struct {
	kids  []kid
	index map[string]*node
	// shapes, with index, marks the shapes of its words (wordShape): most
	// words of a text start no name, and the root is asked of every one,
	// so a bit answers most of them without hashing the word.
	shapes  *[1 << 16 / 64]uint64
	entries []entry
}

// wordShape hashes a word's first, middle and last bytes and its length
// into 16 bits: the root's 1,600 words mark under 3% of them, and most
// words of a text that start no name (a shape of first and last bytes and
// length let through a quarter of them) fall outside.
func wordShape(w string) int {
	if w == "" {
		return 0
	}
	h := uint32(w[0])*0x9e3779b1 ^ uint32(w[len(w)/2])*0x85ebca77 ^ uint32(w[len(w)-1])*0xc2b2ae3d ^ uint32(len(w))*0x27d4eb2f
	return int(h >> 16)
}

// mayHave is false when no word of the node's index has w's shape.
func (n *node) mayHave(w string) bool {
	k := wordShape(w)
	return n.shapes[k/64]&(1<<(k%64)) != 0
}

// addShape marks w's shape among the node's words.
func (n *node) addShape(w string) {
	k := wordShape(w)
	n.shapes[k/64] |= 1 << (k % 64)
}

type kid struct {
	word string
	n    *node
}

// manyKids is when a node's children are indexed by a map.
const manyKids = 8

func newNode() *node { return &node{} }

func (n *node) get(word string) (*node, bool) {
	if n.index != nil {
		if !n.mayHave(word) {
			return nil, false
		}
		c, ok := n.index[word]
		return c, ok
	}
	for _, k := range n.kids {
		if k.word == word {
			return k.n, true
		}
	}
	return nil, false
}

func (n *node) child(word string) *node {
	if c, ok := n.get(word); ok {
		return c
	}
	c := newNode()
	n.kids = append(n.kids, kid{word, c})
	switch {
	case n.index != nil:
		n.index[word] = c
		n.addShape(word)
	case len(n.kids) > manyKids:
		n.index = make(map[string]*node, 2*len(n.kids))
		n.shapes = new([1 << 16 / 64]uint64)
		for _, k := range n.kids {
			n.index[k.word] = k.n
			n.addShape(k.word)
		}
	}
	return c
}

// longest walks the trie from toks[i] and returns the end (exclusive) of
// the longest phrase with entries, and those entries.
func (g *Gazetteer) longest(toks []Token, i int) (int, []entry) {
	n, end := g.names, -1
	var found []entry
	for j := i; j < len(toks); j++ {
		c, ok := n.get(toks[j].Norm)
		if !ok {
			break
		}
		n = c
		if len(n.entries) > 0 {
			end, found = j+1, n.entries
		}
	}
	return end, found
}

// Find returns the leaders (and countries) named in text, in order. Titles
// and seats are resolved to whoever held the office on day at.
func (g *Gazetteer) Find(text string, at time.Time, mode Mode) []Match {
	return g.FindTokens(text, Tokenize(text), at, mode)
}

// FindTokens is Find over text already tokenized.
func (g *Gazetteer) FindTokens(text string, toks []Token, at time.Time, mode Mode) []Match {
	var out []Match
	for i := 0; i < len(toks); {
		end, es := g.longest(toks, i)
		if end < 0 {
			i++
			continue
		}
		m, next, ok := g.interpret(toks, i, end, es, at, mode)
		if ok {
			out = append(out, m)
			i = next
			continue
		}
		i++
	}
	return out
}

func (g *Gazetteer) interpret(toks []Token, i, end int, es []entry, at time.Time, mode Mode) (Match, int, bool) {
	span := func(kind Kind, leader, country string, e int) Match {
		return Match{Start: toks[i].Start, End: toks[e-1].End, Kind: kind, Leader: leader, Country: country}
	}
	var names []string
	var country string
	var kind Kind
	for _, e := range es {
		switch e.kind {
		case KindName:
			names = append(names, e.leader)
		case KindSeat, KindCountry, KindDemonym:
			if kind == 0 || e.kind == KindDemonym {
				kind, country = e.kind, e.country
			}
		case KindTitle:
			if kind == 0 {
				kind = KindTitle
			}
		}
	}
	last := toks[end-1]
	if len(names) > 0 && (mode == Query || capitalised(toks[i:end])) {
		return span(KindName, g.pick(names, at), "", end), end, true
	}
	if mode == Prose && kind != KindTitle && !capitalised(toks[i:end]) {
		return Match{}, 0, false
	}
	if mode == Prose && (kind == KindCountry || kind == KindDemonym) && len(last.Norm) <= 3 && !last.AllCaps {
		return Match{}, 0, false // "us" is a pronoun
	}
	switch kind {
	case KindSeat:
		id, _ := g.Holder(country, "leader", at)
		// "the Kremlin chief" is the leader himself, not his office.
		if end < len(toks) && seatPerson[toks[end].Norm] {
			return span(KindTitle, id, country, end+1), end + 1, true
		}
		return span(KindSeat, id, country, end), end, true
	case KindCountry, KindDemonym:
		if m, next, ok := g.titleAfter(toks, i, end, country, at); ok {
			return m, next, true
		}
		// A bare country or adjective ("Russian troops") names no leader.
		return span(KindCountry, "", country, end), end, true
	case KindTitle:
		return g.titleOf(toks, i, end, at, mode)
	}
	return Match{}, 0, false
}

// seatPerson follows a seat to name its holder: "the Kremlin chief".
var seatPerson = map[string]bool{"chief": true, "leader": true, "boss": true, "head": true, "incumbent": true}

// modifiers may stand between a country and its title: "South Korea's new
// president". "former" is not among them: a former leader is nobody's title.
var modifiers = map[string]bool{"new": true, "newly": true, "elected": true, "incoming": true, "current": true, "sitting": true, "acting": true}

// titleAfter reads "Russian president" or "Russia's new president" starting
// at the country words toks[i:end]. A title followed by a name is left for
// the name ("Russian President Vladimir Putin").
func (g *Gazetteer) titleAfter(toks []Token, i, end int, country string, at time.Time) (Match, int, bool) {
	j := end
	for j < len(toks) && modifiers[toks[j].Norm] {
		j++
	}
	tend, es := g.longest(toks, j)
	if tend < 0 {
		return Match{}, 0, false
	}
	title := ""
	for _, e := range es {
		if e.kind == KindTitle {
			title = e.title
		}
	}
	if title == "" {
		return Match{}, 0, false
	}
	// "Malawi's President-elect" is not yet its president.
	if tend < len(toks) && (toks[tend].Norm == "elect" || toks[tend].Norm == "designate") {
		return Match{}, 0, false
	}
	if nend, nes := g.longest(toks, tend); nend > 0 {
		for _, e := range nes {
			if e.kind == KindName && capitalised(toks[tend:nend]) {
				return Match{}, 0, false
			}
		}
	}
	id, _ := g.Holder(country, title, at)
	return Match{Start: toks[i].Start, End: toks[tend-1].End, Kind: KindTitle, Leader: id, Country: country}, tend, true
}

// titleOf reads "President of Russia" / "prime minister of India".
func (g *Gazetteer) titleOf(toks []Token, i, end int, at time.Time, mode Mode) (Match, int, bool) {
	if end+1 >= len(toks) || toks[end].Norm != "of" {
		return Match{}, 0, false
	}
	j := end + 1
	if toks[j].Norm == "the" && j+1 < len(toks) {
		j++
	}
	cend, es := g.longest(toks, j)
	if cend < 0 || (mode == Prose && !toks[cend-1].Upper) {
		return Match{}, 0, false
	}
	for _, e := range es {
		if e.kind == KindCountry {
			title := ""
			for _, t := range titleWords {
				if Normalize(t) == joinNorm(toks[i:end]) {
					title = t
				}
			}
			id, _ := g.Holder(e.country, title, at)
			return Match{Start: toks[i].Start, End: toks[cend-1].End, Kind: KindTitle, Leader: id, Country: e.country}, cend, true
		}
	}
	return Match{}, 0, false
}

func joinNorm(toks []Token) string {
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.Norm
	}
	return strings.Join(parts, " ")
}

// capitalised reports whether a name is written as one: "Lee Jae-myung" and
// "von der Leyen" are, "trump" is not.
func capitalised(toks []Token) bool {
	return toks[0].Upper || toks[len(toks)-1].Upper
}
