package extract

import (
	"testing"

	"readout/summaries"
	"readout/summaries/leaders"
)

// topicsIn keeps the topics as bits of a uint64.
func TestTopicsFitTheMask(t *testing.T) {
	if n := len(summaries.Topics); n > 64 {
		t.Fatalf("%d topics: topicsIn holds 64", n)
	}
}

// A topic is raised by one of its words or by a two-word phrase, not by
// the first word of a phrase alone.
func TestTopicsIn(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"They discussed tariffs and the war in Gaza.", []string{"trade", "Middle East"}},
		{"Energy infrastructure and a prisoner swap were raised.", []string{"energy infrastructure", "prisoner exchange"}},
		{"Energy prices rose; the rare sight of a summit.", []string{"summit planning"}},
		{"Nothing of note was said.", nil},
	} {
		got := topics([]*sentence{{text: c.text, toks: leaders.Tokenize(c.text), own: true}})
		if len(got) != len(c.want) {
			t.Errorf("%q: got %v, want %v", c.text, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q: got %v, want %v", c.text, got, c.want)
			}
		}
	}
}
