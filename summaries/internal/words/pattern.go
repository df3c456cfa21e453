package words

import (
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Pattern is a regular expression compiled on its first use (compiling the
// few hundred patterns of extraction at package init cost every process
// ~20 ms at start, even one that only answers --help), optionally tried
// only where it can match. Go tries a pattern that opens with no literal
// at every byte of a text, backtracking; a cheap test (When, Needs) spares
// it the texts that hold no match, and windows (Around, Tail) confine it
// to the parts of a text that hold all its matches. Either way it finds
// exactly what it finds in the whole text.
type Pattern struct {
	re func() *regexp.Regexp
	// gate, when set, is false on text that holds no match.
	gate func(string) bool
	// spans, when set, returns the windows of a text, in order and apart,
	// that hold every match, each starting and ending on a word boundary.
	spans func(string) [][2]int
}

// Compile returns pattern as a Pattern, compiled when first used. Like
// regexp.MustCompile it panics on a bad pattern, which is a programming
// error: every pattern is a constant of the program.
func Compile(pattern string) *Pattern {
	return &Pattern{re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })}
}

// Needs gates p on substrings: every match of p holds one of them.
func (p *Pattern) Needs(any ...string) *Pattern {
	at := make([]int, len(any)) // each one's rarest byte
	for i, a := range any {
		at[i] = rarest(a)
	}
	return p.When(func(s string) bool {
		for i, a := range any {
			if indexFrom(s, a, at[i]) >= 0 {
				return true
			}
		}
		return false
	})
}

// When gates p on a test that is false on any text p cannot match in.
func (p *Pattern) When(gate func(string) bool) *Pattern {
	q := *p
	q.gate = gate
	return &q
}

// Around confines p to windows around keys: every match of p holds one of
// keys, starts at most before bytes before the key's start and ends at
// most after bytes after it.
func (p *Pattern) Around(keys []string, before, after int) *Pattern {
	q := *p
	rare := make([]int, len(keys)) // each key's rarest byte
	for i, k := range keys {
		rare[i] = rarest(k)
	}
	q.spans = func(s string) [][2]int { return around(s, keys, rare, before, after) }
	return &q
}

// Tail confines p to the end of a text, from the offset from returns; ok
// false says the text holds no match. For patterns anchored at the end
// ($), which Go tries from every byte of the text.
func (p *Pattern) Tail(from func(string) (int, bool)) *Pattern {
	q := *p
	q.spans = func(s string) [][2]int {
		i, ok := from(s)
		if !ok {
			return nil
		}
		for i > 0 && isWordByte(s[i-1]) {
			i--
		}
		return [][2]int{{i, len(s)}}
	}
	return &q
}

// Ungated is p tried on the whole of every text, to check its gate and
// windows.
func (p *Pattern) Ungated() *Pattern {
	return &Pattern{re: p.re}
}

// Windows returns the parts of s that hold every match of p: its windows
// (Around, Tail), or s whole; none when its gate (When, Needs) says s
// holds no match. Patterns that share a gate and windows may share them
// (FindAllStringSubmatchIndexIn).
func (p *Pattern) Windows(s string) [][2]int {
	if !p.may(s) {
		return nil
	}
	if p.spans == nil {
		return [][2]int{{0, len(s)}}
	}
	return p.spans(s)
}

// FindAllStringSubmatchIndexIn is FindAllStringSubmatchIndex(s, -1) for a
// pattern whose gate and windows give wins (Windows).
func (p *Pattern) FindAllStringSubmatchIndexIn(s string, wins [][2]int) [][]int {
	var out [][]int
	for _, w := range wins {
		for _, m := range p.re().FindAllStringSubmatchIndex(s[w[0]:w[1]], -1) {
			out = append(out, shift(m, w[0]))
		}
	}
	return out
}

// String returns the source of the pattern as compiled.
func (p *Pattern) String() string { return p.re().String() }

func (p *Pattern) may(s string) bool { return p.gate == nil || p.gate(s) }

// around returns the windows of s within before bytes before and after
// bytes after each occurrence of keys, widened to word boundaries (so that
// \b sees in a window what it sees in s) and merged where they meet.
func around(s string, keys []string, rare []int, before, after int) [][2]int {
	var at []int
	for j, key := range keys {
		for i := 0; ; {
			k := indexFrom(s[i:], key, rare[j])
			if k < 0 {
				break
			}
			at = append(at, i+k)
			i += k + len(key)
		}
	}
	sort.Ints(at)
	var out [][2]int
	for _, a := range at {
		from, to := max(0, a-before), min(len(s), a+after)
		for from > 0 && isWordByte(s[from-1]) {
			from--
		}
		for to < len(s) && isWordByte(s[to]) {
			to++
		}
		if n := len(out); n > 0 && from <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], to)
			continue
		}
		out = append(out, [2]int{from, to})
	}
	return out
}

// isWordByte is a byte of \w, which \b tells from the others.
func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// shift moves offsets found in a window at from to offsets in the text.
func shift(m []int, from int) []int {
	for i := range m {
		if m[i] >= 0 {
			m[i] += from
		}
	}
	return m
}

// The methods below are those of regexp.Regexp the project uses.

func (p *Pattern) MatchString(s string) bool {
	if !p.may(s) {
		return false
	}
	if p.spans == nil {
		return p.re().MatchString(s)
	}
	for _, w := range p.spans(s) {
		if p.re().MatchString(s[w[0]:w[1]]) {
			return true
		}
	}
	return false
}

func (p *Pattern) FindString(s string) string {
	if m := p.FindStringIndex(s); m != nil {
		return s[m[0]:m[1]]
	}
	return ""
}

func (p *Pattern) FindStringIndex(s string) []int {
	if !p.may(s) {
		return nil
	}
	if p.spans == nil {
		return p.re().FindStringIndex(s)
	}
	for _, w := range p.spans(s) {
		if m := p.re().FindStringIndex(s[w[0]:w[1]]); m != nil {
			return shift(m, w[0])
		}
	}
	return nil
}

func (p *Pattern) FindStringSubmatch(s string) []string {
	m := p.FindStringSubmatchIndex(s)
	if m == nil {
		return nil
	}
	out := make([]string, len(m)/2)
	for i := range out {
		if m[2*i] >= 0 {
			out[i] = s[m[2*i]:m[2*i+1]]
		}
	}
	return out
}

func (p *Pattern) FindStringSubmatchIndex(s string) []int {
	if !p.may(s) {
		return nil
	}
	if p.spans == nil {
		return p.re().FindStringSubmatchIndex(s)
	}
	for _, w := range p.spans(s) {
		if m := p.re().FindStringSubmatchIndex(s[w[0]:w[1]]); m != nil {
			return shift(m, w[0])
		}
	}
	return nil
}

func (p *Pattern) FindAllString(s string, n int) []string {
	var out []string
	for _, m := range p.FindAllStringIndex(s, n) {
		out = append(out, s[m[0]:m[1]])
	}
	return out
}

func (p *Pattern) FindAllStringIndex(s string, n int) [][]int {
	if !p.may(s) {
		return nil
	}
	if p.spans == nil {
		return p.re().FindAllStringIndex(s, n)
	}
	var out [][]int
	for _, w := range p.spans(s) {
		for _, m := range p.re().FindAllStringIndex(s[w[0]:w[1]], n-len(out)) {
			out = append(out, shift(m, w[0]))
		}
		if len(out) == n {
			break
		}
	}
	return out
}

func (p *Pattern) FindAllStringSubmatch(s string, n int) [][]string {
	var out [][]string
	for _, m := range p.FindAllStringSubmatchIndex(s, n) {
		sub := make([]string, len(m)/2)
		for i := range sub {
			if m[2*i] >= 0 {
				sub[i] = s[m[2*i]:m[2*i+1]]
			}
		}
		out = append(out, sub)
	}
	return out
}

func (p *Pattern) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !p.may(s) {
		return nil
	}
	if p.spans == nil {
		return p.re().FindAllStringSubmatchIndex(s, n)
	}
	var out [][]int
	for _, w := range p.spans(s) {
		for _, m := range p.re().FindAllStringSubmatchIndex(s[w[0]:w[1]], n-len(out)) {
			out = append(out, shift(m, w[0]))
		}
		if len(out) == n {
			break
		}
	}
	return out
}

func (p *Pattern) ReplaceAllString(src, repl string) string {
	if !p.may(src) {
		return src
	}
	if p.spans == nil {
		return p.re().ReplaceAllString(src, repl)
	}
	var b strings.Builder
	done := 0
	for _, w := range p.spans(src) {
		b.WriteString(src[done:w[0]])
		b.WriteString(p.re().ReplaceAllString(src[w[0]:w[1]], repl))
		done = w[1]
	}
	if done == 0 {
		return src
	}
	b.WriteString(src[done:])
	return b.String()
}
