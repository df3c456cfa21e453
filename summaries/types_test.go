package summaries

import (
	"encoding/json"
	"testing"
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
