package words

import (
	"math/rand"
	"testing"
)

// Lower lowers ASCII capitals only, so that offsets stay those of the text.
func TestLower(t *testing.T) {
	for in, want := range map[string]string{"": "", "abc": "abc", "ABC": "abc", "Putin’s CALL, 2 P.M.": "putin’s call, 2 p.m.",
		"ÉTÉ Été": "ÉtÉ Été", "aB": "ab", "Ba": "ba"} {
		if got := Lower(in); got != want {
			t.Errorf("Lower(%q) = %q, want %q", in, got, want)
		}
	}
}

// Lower, eight bytes at a time, lowers exactly the bytes A–Z of any text.
func TestLowerEveryByte(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 2000; n++ {
		b := make([]byte, rng.Intn(40))
		for i := range b {
			b[i] = byte(rng.Intn(256))
		}
		if n < 256 && len(b) > 0 {
			b[len(b)/2] = byte(n) // every byte value, mid-word
		}
		want := make([]byte, len(b))
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			want[i] = c
		}
		if got := Lower(string(b)); got != string(want) {
			t.Fatalf("Lower(%q) = %q, want %q", b, got, want)
		}
	}
}
