// Package words holds the text helpers the record builder and extraction
// share: patterns matched on text lowered byte for byte, and word sets.
package words

import (
	"encoding/binary"
	"strings"
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
	// Eight bytes at a time: extraction lowers every article whole.
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		binary.LittleEndian.PutUint64(b[i:], w|capitals(w)>>2)
	}
	for ; i < len(b); i++ {
		if c := b[i]; 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// capitals has the top bit (0x80) set of each byte of w that is A–Z, so
// that w|capitals(w)>>2 lowers them: of the low seven bits of a byte, h,
// h+0x3f reaches 0x80 from 'A' on, h+0x25 from past 'Z' on, and neither
// carries into the next byte; a byte of 0x80 or more is none.
func capitals(w uint64) uint64 {
	const ones = 0x0101010101010101
	h := w & (0x7f * ones)
	return (h + (0x80-'A')*ones) &^ (h + (0x80-'Z'-1)*ones) &^ w & (0x80 * ones)
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
