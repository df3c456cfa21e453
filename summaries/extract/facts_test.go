package extract

import (
	"testing"

	"readout/summaries/internal/words"
)

func TestDurations(t *testing.T) {
	cases := []struct {
		text string
		want int // best-ranked figure, 0 for none
	}{
		{"The conversation ran for two hours and five minutes, the Kremlin said.", 125},
		{"It was an hour-long call.", 60},
		{"The call lasted 70 minutes.", 70},
		{"They spoke for nearly two and a half hours.", 150},
		{"The call lasted one hour and 35 minutes, an aide said.", 95},
		{"They were on the line for about an hour and a half.", 90},
		{"A roughly 90-minute telephone call.", 90},
		{"The conversation lasted around three-quarters of an hour.", 45},
		{"They talked for half an hour.", 30},
		{"The call lasted more than 2 hours.", 120},
		{"The call lasted 1 hour and 15 minutes.", 75},
		{"They spoke for an hour-and-a-half.", 90},
		{"The call lasted 1.5 hours.", 90},
		{"They held a 2½-hour phone call.", 150},
		{"The call lasted 1½ hours.", 90},
		{"It was a two-and-a-half-hour conversation.", 150},
		// An exact readout figure beats a round one in the same sentence.
		{"The Kremlin put the length of the call at 50 minutes; Trump rounded it up to about an hour.", 50},
		// Not call lengths.
		{"Attacks resumed two hours after the call.", 0},
		{"A 30-day ceasefire was agreed.", 0},
	}
	for _, c := range cases {
		best, rank := 0, -100
		for _, f := range durations(c.text, "") {
			if f.rank > rank {
				best, rank = f.minutes, f.rank
			}
		}
		if best != c.want {
			t.Errorf("durations(%q) = %d, want %d", c.text, best, c.want)
		}
	}
}

func TestPartialDurationRanksLow(t *testing.T) {
	full := durations("The call lasted 90 minutes, the White House said.", "")
	part := durations("The call had lasted nearly an hour so far, an aide said.", "He said it was still ongoing.")
	if len(full) != 1 || len(part) != 1 || part[0].rank >= full[0].rank {
		t.Fatalf("a length given while the call went on must rank below a final one: %+v vs %+v", part, full)
	}
}

func TestOrdinal(t *testing.T) {
	if got := ordinal(words.Lower("It was the ninth call since January.")); got != 9 {
		t.Errorf("ordinal = %d, want 9", got)
	}
	if got := ordinal(words.Lower("It marked the sixth time the two have spoken.")); got != 6 {
		t.Errorf("ordinal = %d, want 6", got)
	}
	if got := ordinal(words.Lower("No ordinal here.")); got != 0 {
		t.Errorf("ordinal = %d, want 0", got)
	}
}

func TestSlugDurations(t *testing.T) {
	for url, want := range map[string]int{
		"https://t.test/2026/05/12/leaders-phone-call-35-minutes":       35,
		"https://t.test/world/two-hour-call-with-putin.html?ref=home":   120,
		"https://t.test/2026/05/12/leaders-speak-by-phone":              0,
		"https://t.test/markets/stocks-rise-10-minutes-after-the-bell/": 0,
	} {
		got := 0
		if f, ok := bestFigure(slugDurations(url)); ok {
			got = f.minutes
		}
		if got != want {
			t.Errorf("slugDurations(%q) = %d, want %d", url, got, want)
		}
	}
}
