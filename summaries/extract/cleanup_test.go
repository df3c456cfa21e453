package extract

import (
	"strings"
	"testing"

	"readout/summaries/internal/words"
)

func TestParagraphsDropNoise(t *testing.T) {
	text := "Skip to content\n\nNews   World   Politics   Sport\n\nThe leaders spoke by phone for an hour on Monday, officials said.\n\n" +
		"Share   Facebook   X\n\nRelated\n\nTotally different story about a football match that ended in a draw."
	ps := Paragraphs(text)
	if len(ps) != 1 || !strings.HasPrefix(ps[0].Sentences[0], "The leaders spoke") {
		t.Fatalf("want only the article's paragraph, got %+v", ps)
	}
	inline := Paragraphs("The call lasted an hour and ended well. 3 Comments Reader one wrote that the call was a disgrace.")
	if len(inline) != 1 || len(inline[0].Sentences) != 1 {
		t.Fatalf("comments flattened into a paragraph must be cut: %+v", inline)
	}
}

func TestSplitGlyphs(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Key takeaways🔶 One thing🔶 Another", "Key takeaways\n- One thing\n- Another"},
		{"Lead.\n• First • Second", "Lead.\n- First\n- Second"},
		{"A good call 👍🏻\nNext line", "A good call\nNext line"},
		{"Plain text, nothing to do.", "Plain text, nothing to do."},
		{"✅ Agreed on talks ✅ Prisoner swap", "- Agreed on talks\n- Prisoner swap"},
	} {
		if got := SplitGlyphs(c.in); got != c.want {
			t.Errorf("SplitGlyphs(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestUnglue(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`Press is invited," Trump added.Sunday's call was the ninth.`, `Press is invited," Trump added. Sunday's call was the ninth.`},
		{"the leaders exchanged greetingsThe latter said", "the leaders exchanged greetings\nThe latter said"},
		{"Trade pact on track The leaders welcomed the cuts.", "Trade pact on track\nThe leaders welcomed the cuts."},
		{"He met them in The Hague on Monday.", "He met them in The Hague on Monday."},
		{"The U.S.Army said so.", "The U.S.Army said so."},
		{"It grew 3.5 percent.", "It grew 3.5 percent."},
		{"said the readout.\"Both sides", "said the readout.\" Both sides"},
		{"Talks went on for hours and they said the call was good.", "Talks went on for hours and they said the call was good."},
	} {
		if got := Unglue(c.in); got != c.want {
			t.Errorf("Unglue(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestIsChrome(t *testing.T) {
	chrome := []string{
		"https://img.wire-example.test/2026/02/call.jpg",
		"www.example.test/page",
		"photo-2026-call.jpeg",
		"Contact us: newsdesk@wire-example.test",
		"Updated 14:32 GMT",
		"14:32",
		"3 hours ago",
		"Published: February 11, 2026",
		"March 3, 2026 at 9:15 am",
		"Date: 2025-03-19",
		"Tuesday, 12 May 2026",
		"Tags: Turkey, Russia, Diplomacy",
		"By Staff Writer",
		"By Anna Weber and Tom Hall",
	}
	for _, s := range chrome {
		if !IsChrome(s) {
			t.Errorf("IsChrome(%q) = false, want true", s)
		}
	}
	prose := []string{
		"By Tuesday the two leaders had agreed to talk again.",
		"Putin thanked Erdogan for his mediation efforts.",
		"The call lasted about 40 minutes, according to a statement.",
		"Trump and Xi hold 90-minute call on trade",
		"Carney wrote to ministers at contact@gov later.",
		"March 3, 2026 was the day the two leaders spoke.",
	}
	for _, s := range prose {
		if IsChrome(s) {
			t.Errorf("IsChrome(%q) = true, want false", s)
		}
	}
}

// A page as a scraper leaves it: chrome lines, a takeaways list run into
// one line with glyphs, sentences and a heading glued together, single
// newlines between paragraphs. Read as a reader would, every item and
// sentence stands alone and the chrome is gone.
func TestParagraphsScrapedPage(t *testing.T) {
	text := "Skip to main content\nUpdated 09:10 GMT\nhttps://img.example.test/a/b/leaders.jpg\n" +
		"What we learned🔹 The ministers will meet in Oslo in June🔹 A hotline between the two offices is to be set up\n" +
		"The prime ministers of Norway and Iceland spoke by phone on Monday about fishing quotas.Both said the talks were frank.\n" +
		"Quotas under review The two leaders asked officials to report back before the summer.\n" +
		"Contact the desk: tips@example.test\n"
	var got []string
	var bullets int
	for _, p := range Paragraphs(text) {
		if p.Bullet {
			bullets++
		}
		got = append(got, p.Sentences...)
	}
	want := []string{
		"The ministers will meet in Oslo in June",
		"A hotline between the two offices is to be set up",
		"The prime ministers of Norway and Iceland spoke by phone on Monday about fishing quotas.",
		"Both said the talks were frank.",
		"The two leaders asked officials to report back before the summer.",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sentences:\n got %q\nwant %q", got, want)
	}
	if bullets != 2 {
		t.Errorf("want the two listed items marked as bullets, got %d", bullets)
	}
}

func TestParagraphsTakeaways(t *testing.T) {
	text := "The two leaders spoke by phone on Monday, officials said.\nKey takeaways:\n• They agreed to meet in June • A hotline will be set up\nThe call was the first this year, the officials added."
	var got []bool
	for _, p := range Paragraphs(text) {
		got = append(got, p.Takeaway)
	}
	if len(got) != 4 || got[0] || !got[1] || !got[2] || got[3] {
		t.Fatalf("takeaway flags %v, want [false true true false]", got)
	}
}

// Paragraphs cut each sentence's lowered text from its line's: the same
// as lowering the sentence, bullets and numbered items included.
func TestParagraphsLowerTheirSentences(t *testing.T) {
	texts := []string{"- The CALL lasted an hour. Putin SPOKE first.\n\n1. Trump Said \"Great\" Things.\n\n• Item ONE here • Item TWO there"}
	texts = append(texts, messyTexts(t)...)
	n := 0
	for _, text := range texts {
		for _, p := range Paragraphs(text) {
			for i, s := range p.Sentences {
				n++
				if p.lower[i] != words.Lower(s) {
					t.Errorf("sentence %q lowered as %q", s, p.lower[i])
				}
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d sentences read", n)
	}
}
