package extract

import "testing"

func TestSentences(t *testing.T) {
	got := Sentences(`U.S. President Trump spoke to Mr. Putin on Jan. 9. They agreed "to talk again." Then it ended with H.E. Mr. Lee.`)
	if len(got) != 3 {
		t.Fatalf("want 3 sentences, got %d: %q", len(got), got)
	}
}
