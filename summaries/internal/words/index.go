package words

import "strings"

// Index is strings.Index, quicker on English text. strings.Index looks
// for the first byte of substr and checks what follows; with a word that
// opens with a common letter ("after", "evening") that is a check every
// few bytes. Index looks for the word from its rarest byte instead and
// checks what comes before.
func Index(s, substr string) int { return indexFrom(s, substr, rarest(substr)) }

// indexFrom is Index with substr's rarest byte at k (rarest), for words
// looked for again and again (Needs, Around), their rarest byte found once.
func indexFrom(s, substr string, k int) int {
	if k == 0 {
		return strings.Index(s, substr)
	}
	head, tail := substr[:k], substr[k:]
	for i := k; i <= len(s)-len(tail); {
		j := strings.Index(s[i:], tail)
		if j < 0 {
			return -1
		}
		at := i + j
		if s[at-k:at] == head {
			return at - k
		}
		i = at + 1
	}
	return -1
}

// Contains is strings.Contains, quicker on English text (see Index).
func Contains(s, substr string) bool { return Index(s, substr) >= 0 }

// rarest is the offset in s of its least common byte in English text, the
// first on a tie.
func rarest(s string) int {
	k := 0
	for i := 1; i < len(s); i++ {
		if byteRank[s[i]] < byteRank[s[k]] {
			k = i
		}
	}
	return k
}

// byteRank orders bytes by how common they are in English prose, the
// commonest highest: lower-case letters, white space and punctuation by
// their frequency, capitals below them all (a sentence has few), and any
// other byte (digits, the bytes of other scripts) lowest.
var byteRank = func() [256]uint8 {
	var r [256]uint8
	for c := 'A'; c <= 'Z'; c++ {
		r[c] = 1
	}
	const common = "zqjxkv.,bpygfwmucldrhsnioate " // rarest first
	for i := 0; i < len(common); i++ {
		r[common[i]] = uint8(i + 2)
	}
	return r
}()
