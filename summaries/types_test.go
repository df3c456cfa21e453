package summaries

import (
	"encoding/json"
	"testing"
	"time"
)

// Mentions stored before candidates had their name still decode.
func TestMentionCandidatesKeepTheirStoredName(t *testing.T) {
	var m Mention
	if err := json.Unmarshal([]byte(`{"role":"reported","points":[{"text":"They spoke.","weight":0.8}]}`), &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Candidates) != 1 || m.Candidates[0].Text != "They spoke." || m.Candidates[0].Weight != 0.8 {
		t.Fatalf("Candidates = %+v", m.Candidates)
	}
	b, err := json.Marshal(Mention{Candidates: []Candidate{{Text: "x", Weight: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	if string(raw["points"]) != `[{"text":"x","weight":1}]` {
		t.Fatalf("encoded as %s", b)
	}
}

func TestHashTellsAnUndatedCopy(t *testing.T) {
	a := Article{Title: "Leaders speak", Text: "They spoke on Monday."}
	dated := a
	dated.Published = time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)
	later := dated
	later.Published = later.Published.Add(time.Hour)
	if a.Hash() == dated.Hash() {
		t.Error("an undated article hashes as its dated copy: dating it later would change nothing")
	}
	if dated.Hash() != later.Hash() {
		t.Error("a dated article's hash depends on its time: feeds that touch pubDate would re-extract everything")
	}
}

// Hashes are stored: an article hashes as it always did, whatever its
// spaces, or every stored article would read as edited.
func TestHashAsStored(t *testing.T) {
	dated := time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		a    Article
		want string
	}{
		{Article{Title: " Leaders speak\n", Text: "They  spoke\u00a0on\tMonday.\n\nIt  lasted\u2003an hour. ", Published: dated}, "786d8a80f7066447261e2f68e856e5731d667dbd17f533e31abcaa1af5c791e8"},
		{Article{Title: "Leaders speak", Text: "They spoke."}, "6d76e58e2e2c4d6c36c986530add34184e16ec91fae5795072b25001bded2450"},
		{Article{Text: "   "}, "90b3ac0344f20e403ab4db25dc2948033df28ad8ec6cc2a6aba6d7b1b0b8293c"},
	} {
		if got := c.a.Hash(); got != c.want {
			t.Errorf("Hash(%q) = %s, stored as %s", c.a.Text, got, c.want)
		}
	}
}
