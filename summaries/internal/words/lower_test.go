package words

import "testing"

// Lower lowers ASCII capitals only, so that offsets stay those of the text.
func TestLower(t *testing.T) {
	for in, want := range map[string]string{"": "", "abc": "abc", "ABC": "abc", "Putin’s CALL, 2 P.M.": "putin’s call, 2 p.m.",
		"ÉTÉ Été": "ÉtÉ Été", "aB": "ab", "Ba": "ba"} {
		if got := Lower(in); got != want {
			t.Errorf("Lower(%q) = %q, want %q", in, got, want)
		}
	}
}
