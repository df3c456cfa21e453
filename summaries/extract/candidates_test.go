package extract

import (
	"strings"
	"testing"

	"readout/summaries"
)

func TestWholeSentence(t *testing.T) {
	for s, want := range map[string]bool{
		"The two leaders agreed to meet in the spring.":                         true,
		"“We will keep talking,” Lula said after the call.":                     true,
		"and then the two leaders agreed to meet in the spring.":                false,
		"“The first strikes came at dawn, hours after the call ended.”":         false, // its speaker is in the sentence before
		"He said the talks were “frank and useful.":                             false,
		"The call was good.Both sides said so later that evening.":              false,
		"The leaders agreed on a timetable for the talks on the border dispute": false,
	} {
		if got := wholeSentence(s, false); got != want {
			t.Errorf("wholeSentence(%q) = %v, want %v", s, got, want)
		}
	}
	if !wholeSentence("The ministers will meet in Oslo in June", true) {
		t.Error("a list item needs no full stop")
	}
}

// Key points are about what was said in the call: not the announcement
// before it, not what came before or after it, not the history of the
// conflict, not another story on the page, never a sentence over the
// limit; the headline's claim, where the body states it, comes first.
func TestCandidatesAboutTheCall(t *testing.T) {
	x := extractor(t)
	long := "Modi also told Albanese that India would " + strings.Repeat("keep widening its purchases of Australian coal, lithium and wool, ", 5) + "officials said."
	a := summaries.Article{
		URL:       "https://t.test/points",
		Title:     "‘We are very hopeful,’ Modi says after call with Albanese",
		Published: mustTime(t, "2025-10-16T12:00:00Z"),
		Text: "Indian Prime Minister Narendra Modi and Australian Prime Minister Anthony Albanese will hold a phone call today, officials said.\n" +
			"A spokesman said the two leaders have many subjects to cover.\n" +
			"Modi Albanese Call Update\n" +
			"Narendra Modi and Anthony Albanese spoke by phone on Thursday about critical minerals and a new cricket series.\n" +
			"Modi said he was very hopeful about a trade deal with Australia by the end of the year.\n" +
			"An aide to Modi said the call with Albanese was still under way and going well.\n" +
			"Hours before the call, the Australian trade minister said talks on beef quotas had stalled.\n" +
			"The call came a day after India announced new export rules for rice.\n" +
			"India and Australia signed an interim trade agreement in 2022.\n" +
			long + "\n" +
			"Monsoon Floods Hit Coastal Towns Across The South\n" +
			"Heavy rain flooded coastal towns on Thursday and Modi ordered the army to help with rescues after the call.\n",
	}
	var m *summaries.Mention
	for _, got := range x.Extract(a) {
		if got.Role == summaries.Reported {
			m = &got
		}
	}
	if m == nil {
		t.Fatal("no reported call")
	}
	var texts []string
	best, bestWeight := "", 0.0
	for _, c := range m.Candidates {
		texts = append(texts, c.Text)
		if c.Weight > bestWeight {
			best, bestWeight = c.Text, c.Weight
		}
	}
	all := strings.Join(texts, "\n")
	for _, bad := range []string{"will hold a phone call today", "many subjects", "Hours before the call", "The call came a day after", "in 2022", "widening", "flooded", "still under way"} {
		if strings.Contains(all, bad) {
			t.Errorf("candidate points hold %q:\n%s", bad, all)
		}
	}
	if !strings.HasPrefix(best, "Modi said he was very hopeful") {
		t.Errorf("the headline's claim is not the strongest point; strongest: %q", best)
	}
}
