package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end with a dot that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "gen": true, "sen": true, "rep": true,
	"gov": true, "lt": true, "col": true, "sgt": true, "prof": true, "no": true, "vs": true, "jr": true,
	"sr": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "inc": true, "co": true, "corp": true,
	"ltd": true, "approx": true, "e.g": true, "i.e": true, "etc": true, "del": true, "calif": true, "mass": true,
	"wash": true, "fla": true, "pres": true, "u.s": true, "u.k": true, "u.n": true, "a.m": true, "p.m": true,
}

// maxSentence bounds a sentence. Prose sentences are far shorter; a longer
// run without a full stop is scraped text that lost its punctuation, and
// reading it as one sentence cost time quadratic in its length. It is cut
// at word boundaries instead.
const maxSentence = 1500

// Sentences splits a paragraph into sentences.
func Sentences(p string) []string {
	out := sentences(p)
	for i := 0; i < len(out); i++ {
		if len(out[i]) > maxSentence {
			head, tail := cutAtWord(out[i], maxSentence)
			out = slices.Insert(out, i+1, tail)
			out[i] = head
		}
	}
	return out
}

// cutAtWord splits s at the last space within n bytes (at n when there is
// none), never inside a character.
func cutAtWord(s string, n int) (string, string) {
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut <= 0 {
		cut = n
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if cut == 0 { // no character starts within n: cut at n anyway
			cut = n
		}
	}
	return strings.TrimSpace(s[:cut]), strings.TrimSpace(s[cut:])
}

func sentences(p string) []string {
	var out []string
	start := 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < len(p) && (p[j] == '"' || p[j] == '\'' || p[j] == ')') {
			j++
		}
		if j < len(p) && strings.HasPrefix(p[j:], "”") {
			j += len("”")
		}
		if j < len(p) && strings.HasPrefix(p[j:], "’") {
			j += len("’")
		}
		if j >= len(p) || p[j] != ' ' {
			continue
		}
		k := j
		for k < len(p) && p[k] == ' ' {
			k++
		}
		if k >= len(p) {
			continue
		}
		next, _ := utf8.DecodeRuneInString(p[k:])
		if !unicode.IsUpper(next) && !unicode.IsDigit(next) && next != '"' && next != '“' && next != '\'' && next != '‘' {
			continue
		}
		if c == '.' {
			w := lastWord(p[start:i])
			// "Mr.", "Jan.", an initial, or dotted letters ("H.E.", "U.S."),
			// unless a pronoun or article follows: "shared it on X. He said"
			// ends a sentence, an initial is followed by a name.
			initial := len(w) == 1 && unicode.IsUpper(rune(w[0])) && !opensSentence(p[k:])
			if abbreviations[strings.ToLower(w)] || initial || (strings.Contains(w, ".") && len(w) <= 6) {
				continue
			}
		}
		if s := strings.TrimSpace(p[start:j]); s != "" {
			out = append(out, s)
		}
		start = k
		i = k - 1
	}
	if s := strings.TrimSpace(p[start:]); s != "" {
		out = append(out, s)
	}
	return out
}

func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return r == ' ' || r == '(' || r == '"' })
	return strings.TrimLeft(s[i+1:], "\"'(")
}

// openers begin sentences and never follow an initial.
var openers = map[string]bool{"He": true, "She": true, "It": true, "They": true, "We": true, "The": true, "This": true,
	"That": true, "These": true, "His": true, "Her": true, "Their": true, "Its": true, "But": true, "However": true}

func opensSentence(s string) bool {
	w, _, _ := strings.Cut(s, " ")
	return openers[w]
}
