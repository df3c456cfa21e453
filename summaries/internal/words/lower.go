// Package words holds the text helpers the record builder and extraction
// share: patterns matched on text lowered byte for byte, and word sets.
package words

import (
	"regexp"
	"strings"
	"sync"
)

// Go's (?i) folds every rune it compares and costs several times a plain
// match, and extraction runs dozens of patterns over every sentence. So
// patterns are compiled in lower case and matched against text lowered
// byte for byte (ASCII only), which keeps every offset valid in the
// original text.

// Lower lowers A–Z and leaves every other byte as it is.
func Lower(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// Pattern is a regular expression compiled on its first use: compiling
// the few hundred patterns of extraction at package init cost every
// process ~20 ms at start, even one that only answers --help.
type Pattern struct {
	re func() *regexp.Regexp
	// gate, when set, is false on text that holds no match: a cheap test
	// that spares most text the pattern, which Go tries at every byte when
	// it opens with no literal.
	gate func(string) bool
}

// Needs gates p on substrings: every match of p holds one of them.
func (p *Pattern) Needs(any ...string) *Pattern {
	return p.When(func(s string) bool {
		for _, a := range any {
			if strings.Contains(s, a) {
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

// Ungated is p without its gate, to check that the gate holds.
func (p *Pattern) Ungated() *Pattern {
	q := *p
	q.gate = nil
	return &q
}

// String returns the source of the pattern as compiled.
func (p *Pattern) String() string { return p.re().String() }

func (p *Pattern) may(s string) bool { return p.gate == nil || p.gate(s) }

// Compile returns pattern as a Pattern, compiled when first used. Like
// regexp.MustCompile it panics on a bad pattern, which is a programming
// error: every pattern is a constant of the program.
func Compile(pattern string) *Pattern {
	return &Pattern{re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })}
}

// The methods below are those of regexp.Regexp the project uses.

func (p *Pattern) MatchString(s string) bool { return p.may(s) && p.re().MatchString(s) }

func (p *Pattern) FindString(s string) string {
	if !p.may(s) {
		return ""
	}
	return p.re().FindString(s)
}

func (p *Pattern) FindStringIndex(s string) []int {
	if !p.may(s) {
		return nil
	}
	return p.re().FindStringIndex(s)
}

func (p *Pattern) FindStringSubmatch(s string) []string {
	if !p.may(s) {
		return nil
	}
	return p.re().FindStringSubmatch(s)
}

func (p *Pattern) FindStringSubmatchIndex(s string) []int {
	if !p.may(s) {
		return nil
	}
	return p.re().FindStringSubmatchIndex(s)
}

func (p *Pattern) FindAllString(s string, n int) []string {
	if !p.may(s) {
		return nil
	}
	return p.re().FindAllString(s, n)
}

func (p *Pattern) FindAllStringIndex(s string, n int) [][]int {
	if !p.may(s) {
		return nil
	}
	return p.re().FindAllStringIndex(s, n)
}

func (p *Pattern) FindAllStringSubmatch(s string, n int) [][]string {
	if !p.may(s) {
		return nil
	}
	return p.re().FindAllStringSubmatch(s, n)
}

func (p *Pattern) FindAllStringSubmatchIndex(s string, n int) [][]int {
	if !p.may(s) {
		return nil
	}
	return p.re().FindAllStringSubmatchIndex(s, n)
}

func (p *Pattern) ReplaceAllString(src, repl string) string {
	if !p.may(src) {
		return src
	}
	return p.re().ReplaceAllString(src, repl)
}

// Regexp returns a Pattern to run on text lowered by Lower: "(?i)" is
// dropped and letters are lowered, except in escapes (\b, \p{L}).
func Regexp(pattern string) *Pattern {
	pattern = strings.TrimPrefix(pattern, "(?i)")
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		c := pattern[i]
		if c == '\\' && i+1 < len(pattern) {
			b.WriteByte(c)
			i++
			b.WriteByte(pattern[i])
			if (pattern[i] == 'p' || pattern[i] == 'P') && i+1 < len(pattern) && pattern[i+1] == '{' {
				for i+1 < len(pattern) {
					i++
					b.WriteByte(pattern[i])
					if pattern[i] == '}' {
						break
					}
				}
			}
			continue
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return Compile(b.String())
}

// Set returns the words as a set.
func Set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
