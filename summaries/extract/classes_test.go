package extract

import (
	"testing"

	"readout/summaries/leaders"
)

// The table of shapes answers as the lexicon's map: every word of the
// classes is looked up, and a word of a text in no class has no class.
func TestLexiconShapes(t *testing.T) {
	lx := wordClasses()
	check := func(w string) {
		if got, want := lx.class(w), lx.classes[w]; got != want {
			t.Errorf("class(%q) = %b, want %b", w, got, want)
		}
	}
	for w := range lx.classes {
		check(w)
	}
	for _, raw := range messyTexts(t) {
		for _, tok := range leaders.Tokenize(raw) {
			check(tok.Norm)
		}
	}
	check("")
}
