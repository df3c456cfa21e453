package extract

import (
	"context"
	"testing"

	"readout/summaries"
)

// TestSurnames holds the reading of a bare surname to the article: the
// leader it names in full, unless two people of the article share it.
func TestSurnames(t *testing.T) {
	x := extractor(t)
	cases := []struct {
		name, text, pub, word, want string
	}{
		{"surname after the full name", "Pedro Sánchez spoke with Keir Starmer on Monday. Sánchez said the talks were useful.", "2025-05-20T12:00:00Z", "Sánchez", "pedro-sanchez"},
		{"surname before the full name, unaccented", "Sanchez calls Starmer. Spanish Prime Minister Pedro Sánchez phoned Keir Starmer on Monday.", "2025-05-20T12:00:00Z", "Sanchez", "pedro-sanchez"},
		{"family name first", "Taiwan's President Lai Ching-te held a video call with Japan's leader. Lai thanked him for his support.", "2025-05-20T12:00:00Z", "Lai", "lai-ching-te"},
		{"surname never named in full", "Sánchez spoke with Keir Starmer on Monday.", "2025-05-20T12:00:00Z", "Sánchez", ""},
		{"another person of the same name", "Taoiseach Simon Harris spoke with Keir Starmer. Kamala Harris also called Starmer. Harris said the call was warm.", "2024-06-20T12:00:00Z", "Harris", ""},
		{"a place, not the leader", "Pedro Sánchez spoke with Keir Starmer. He later flew to Sánchez Ramírez province.", "2025-05-20T12:00:00Z", "Sánchez", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sents, err := x.analyse(context.Background(), summaries.Article{URL: "https://t.test/s", Text: c.text, Published: mustTime(t, c.pub)})
			if err != nil {
				t.Fatal(err)
			}
			got, seen := "", 0
			for _, s := range sents {
				for _, tok := range s.toks {
					if s.text[tok.Start:tok.End] != c.word {
						continue
					}
					seen++
					for _, m := range s.ms {
						if m.Start <= tok.Start && m.End >= tok.End && m.End-m.Start == len(c.word) {
							got = m.Leader
						}
					}
				}
			}
			if seen == 0 {
				t.Fatalf("%q not in the text", c.word)
			}
			if got != c.want {
				t.Errorf("bare %q read as %q, want %q", c.word, got, c.want)
			}
		})
	}
}
