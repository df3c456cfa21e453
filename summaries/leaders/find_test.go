package leaders

import (
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func mustBuiltin(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestFind(t *testing.T) {
	g := mustBuiltin(t)
	cases := []struct {
		text string
		at   string
		mode Mode
		want []string // leader IDs, "" for a country-only match
	}{
		{"Russian President Vladimir Putin spoke with Donald Trump.", "2025-03-18", Prose, []string{"", "vladimir-putin", "donald-trump"}},
		{"Zelenskiy’s chief of staff and Zelenskyy and Zelensky", "2025-03-18", Prose, []string{"volodymyr-zelensky", "volodymyr-zelensky", "volodymyr-zelensky"}},
		{"The US president called the Kremlin.", "2024-04-02", Prose, []string{"joe-biden", "vladimir-putin"}},
		{"The US president called the Kremlin.", "2025-04-02", Prose, []string{"donald-trump", "vladimir-putin"}},
		{"South Korea's new president, Lee Jae-myung, and the Chinese leader", "2025-06-06", Prose, []string{"", "lee-jae-myung", "xi-jinping"}},
		{"Putin-Trump call", "2025-05-19", Prose, []string{"vladimir-putin", "donald-trump"}},
		{"a trump card for the president of Russia", "2025-05-19", Prose, []string{"vladimir-putin"}},
		{"what did trump and lee discuss", "2025-06-10", Query, []string{"donald-trump", "lee-jae-myung"}},
		{"Tayyip Erdoğan met Erdogan", "2025-05-11", Prose, []string{"recep-tayyip-erdogan", "recep-tayyip-erdogan"}},
		{"Ursula von der Leyen and U.S. officials", "2025-05-11", Prose, []string{"ursula-von-der-leyen", ""}},
		{"did china and the us talk", "2025-05-11", Query, []string{"", ""}},
	}
	for _, c := range cases {
		ms := g.Find(c.text, day(c.at), c.mode)
		var got []string
		for _, m := range ms {
			got = append(got, m.Leader)
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("Find(%q @%s) = %q, want %q", c.text, c.at, got, c.want)
		}
	}
}

func TestTokenize(t *testing.T) {
	toks := Tokenize("U.S. President Trump's call with Lee Jae-myung.")
	var norms []string
	for _, tk := range toks {
		norms = append(norms, tk.Norm)
	}
	if got := strings.Join(norms, "|"); got != "us|president|trump|call|with|lee|jae|myung" {
		t.Fatalf("tokens %s", got)
	}
	if !toks[2].Poss || toks[1].Poss {
		t.Fatalf("possessive flags wrong: %+v", toks)
	}
}

func TestCounterpart(t *testing.T) {
	g := mustBuiltin(t)
	ms := g.Find("Putin told his American counterpart that talks must continue.", day("2025-05-19"), Prose)
	var got []string
	for _, m := range ms {
		got = append(got, m.Leader)
	}
	if strings.Join(got, ",") != "vladimir-putin,donald-trump" {
		t.Fatalf("got %q", got)
	}
}

// A Tokenizer gives each text the tokens Tokenize gives it, and the tokens
// it handed out before stay as they were: they share its block.
func TestTokenizerMatchesTokenize(t *testing.T) {
	texts := []string{
		"Zelenskyy's aide said the U.S. and Türkiye's leaders spoke.",
		"PUTIN-TRUMP call: O'Brien's note (Élysée) — 90 minutes",
		"",
		strings.Repeat("Macron and Xi spoke of trade-offs. ", 40),
		"a/b/c d-e-f ß İstanbul",
	}
	var tz Tokenizer
	tz.Reserve(texts[0])
	var got [][]Token
	for _, text := range texts {
		got = append(got, tz.Tokenize(text))
	}
	for i, text := range texts {
		want := Tokenize(text)
		if len(got[i]) != len(want) {
			t.Fatalf("%q: %d tokens, want %d", text, len(got[i]), len(want))
		}
		for j := range want {
			if got[i][j] != want[j] {
				t.Errorf("%q token %d: %+v, want %+v", text, j, got[i][j], want[j])
			}
		}
	}
}
