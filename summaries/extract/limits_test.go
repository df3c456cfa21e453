package extract

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"readout/summaries"
	"readout/summaries/leaders"
)

// clip cuts between words, or between characters in a run without a
// space, and never returns more than asked.
func TestClip(t *testing.T) {
	for _, c := range []struct {
		name, s string
		max     int
		want    string
	}{
		{"short", "a few words", 100, "a few words"},
		{"exact", "a few words", 11, "a few words"},
		{"between words", "a few words", 8, "a few"},
		{"no space, multi-byte", strings.Repeat("é", 10), 5, "éé"},
		{"no character starts", strings.Repeat("\x80", 10), 5, strings.Repeat("\x80", 5)},
	} {
		if got := clip(c.s, c.max); got != c.want {
			t.Errorf("%s: clip(%q, %d) = %q, want %q", c.name, c.s, c.max, got, c.want)
		}
	}
	// A space far before the bound is no place to cut: the text up to the
	// bound would be lost.
	s := "word " + strings.Repeat("x", 3*maxSentence)
	if got := clip(s, 2*maxSentence); len(got) != 2*maxSentence {
		t.Errorf("cut at byte %d of %d, a space %d bytes before the bound", len(got), 2*maxSentence, 2*maxSentence-5)
	}
}

// The item-size cap: extraction reads an item's first MaxItemBytes and
// nothing past them, so a fact beyond the cap is not in the mention, and
// the same fact before it is.
func TestExtractReadsUpToTheCap(t *testing.T) {
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	x := NewExtractor(g)
	lead := "Vladimir Putin and Donald Trump spoke by phone on Tuesday, the Kremlin said.\n\n" +
		"The two presidents discussed energy prices and the grain corridor.\n\n"
	length := "The phone call between Putin and Trump lasted 95 minutes, the Kremlin said.\n\n"
	filler := strings.Repeat("Ministers of the two countries met in the capital to prepare the talks. ", (MaxItemBytes+MaxItemBytes/2)/72) + "\n\n"
	pub := time.Date(2025, 3, 19, 10, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name    string
		text    string
		minutes int
	}{
		{"the length before the cap", lead + length + filler, 95},
		{"the length past the cap", lead + filler + length, 0},
	} {
		a := summaries.Article{URL: "https://wire.test/long", Title: "Putin and Trump speak by phone", Text: c.text, Published: pub}
		if !Oversized(a) {
			t.Fatalf("%s: an item of %d bytes is not oversized", c.name, len(c.text))
		}
		ms := x.Extract(a)
		if len(ms) == 0 || ms[0].Role != summaries.Reported {
			t.Fatalf("%s: %d mentions, want the call reported", c.name, len(ms))
		}
		if ms[0].DurationMinutes != c.minutes {
			t.Errorf("%s: %d minutes, want %d", c.name, ms[0].DurationMinutes, c.minutes)
		}
		for _, p := range ms[0].Candidates {
			if !utf8.ValidString(p.Text) {
				t.Errorf("%s: key point not UTF-8: %q", c.name, p.Text)
			}
		}
	}
	if Oversized(summaries.Article{Title: "Leaders speak", Text: strings.Repeat("a", MaxItemBytes)}) {
		t.Error("an item of exactly MaxItemBytes is oversized")
	}
}
