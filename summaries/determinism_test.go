package summaries

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// The same coverage gives the same record every time. Two candidates here
// are worth exactly as much: the same length, the same prior, and words
// whose weights are the same multiset (each word used by 1 to 6 sentences).
// Summed in a different order, their scores could differ in the last bits
// and the pick between them tip either way from one run to the next.
func TestKeyPointsAreDeterministic(t *testing.T) {
	pair := []string{"a-leader", "b-leader"}
	a := []string{"amber", "birch", "cedar", "delta", "ember", "flint"}
	b := []string{"gorse", "hazel", "iris", "juniper", "kelp", "larch"}
	cands := []Candidate{
		{Text: "Talks covered " + strings.Join(a, " and ") + " today.", Weight: 2},
		{Text: "Talks covered " + strings.Join(b, " and ") + " today.", Weight: 2},
	}
	// Each word i is used by i more sentences, one word a sentence, so
	// that its weight differs from its neighbours'.
	for i := range a {
		for j := 0; j < i; j++ {
			cands = append(cands,
				Candidate{Text: fmt.Sprintf("Filler %s note %d.", a[i], j), Weight: 0.01},
				Candidate{Text: fmt.Sprintf("Filler %s note %d.", b[i], j), Weight: 0.01})
		}
	}
	ms := []Attributed{{
		Mention: Mention{Role: Reported, Participants: pair, Date: day("2026-03-12"), DateBasis: DateRelative, Medium: Phone, Candidates: cands},
		Article: ArticleRef{URL: "https://wire.test/a", Title: "Leaders talk", Role: Reported},
	}}
	first, err := json.Marshal(Build(ms))
	if err != nil {
		t.Fatal(err)
	}
	for range 300 {
		got, err := json.Marshal(Build(ms))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(first) {
			t.Fatalf("the same coverage built two records:\n%s\n%s", first, got)
		}
	}
}
