package summaries

import (
	"regexp"
	"strings"
)

// Go's (?i) folds every rune it compares and costs several times a plain
// match, and extraction runs dozens of patterns over every sentence. So
// patterns are compiled in lower case and matched against text lowered
// byte for byte (ASCII only), which keeps every offset valid in the
// original text.

// asciiLower lowers A–Z and leaves every other byte as it is.
func asciiLower(s string) string {
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

// lowerRE compiles a pattern to run on asciiLower'd text: "(?i)" is
// dropped and letters are lowered, except in escapes (\b, \p{L}).
func lowerRE(pattern string) *regexp.Regexp {
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
	return regexp.MustCompile(b.String())
}
