package words

import (
	"math/rand"
	"strings"
	"testing"
)

// Index answers as strings.Index, on texts and words made of a few bytes
// so that partial matches are frequent.
func TestIndexAsStrings(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	const alphabet = "aeyx .Ah"
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		return string(b)
	}
	for i := 0; i < 20000; i++ {
		s, sub := word(rng.Intn(40)), word(rng.Intn(6))
		if got, want := Index(s, sub), strings.Index(s, sub); got != want {
			t.Fatalf("Index(%q, %q) = %d, want %d", s, sub, got, want)
		}
	}
	for _, c := range [][2]string{{"the day after", "after"}, {"yesterday", "day"}, {"", ""}, {"a", ""}, {"xday", "day"}, {"da", "day"}} {
		if got, want := Index(c[0], c[1]), strings.Index(c[0], c[1]); got != want {
			t.Errorf("Index(%q, %q) = %d, want %d", c[0], c[1], got, want)
		}
	}
}
