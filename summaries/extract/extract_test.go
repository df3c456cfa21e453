package extract

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"readout/summaries"
	"readout/summaries/leaders"
)

func extractor(t testing.TB) *Extractor {
	t.Helper()
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return NewExtractor(g)
}

// The articles below are written for these tests; their facts are
// invented or general knowledge, their sentences our own.
func TestExtractReported(t *testing.T) {
	cases := []struct {
		name, title, text, pub string
		url                    string // the test's own when empty
		people                 string // participants joined by "+"
		date                   string
		medium                 summaries.Medium
		minutes                int
		atLeast                bool
		initiator              string
	}{
		{
			name:  "wire report with dateline and weekday",
			title: "Modi and Trump discuss trade in phone call",
			text: "NEW DELHI, Feb 27 (Test Wire) - Indian Prime Minister Narendra Modi and U.S. President Donald Trump spoke by telephone on Wednesday, discussing a trade deal and energy purchases.\n\n" +
				"The call, which lasted about 35 minutes, was held at the request of the Indian side, New Delhi said.",
			pub: "2025-02-27T09:00:00Z", people: "donald-trump+narendra-modi", date: "2025-02-26", medium: summaries.Phone, minutes: 35, initiator: "narendra-modi",
		},
		{
			name:  "title names the Kremlin, body the leaders, caller by verb",
			title: "Putin phones Erdogan about grain corridor",
			text: "Vladimir Putin phoned Recep Tayyip Erdogan on Monday to discuss shipments across the Black Sea, the Kremlin said.\n\n" +
				"The two presidents spoke for one hour and 10 minutes and agreed to keep in contact.",
			pub: "2023-07-31T18:00:00Z", people: "recep-tayyip-erdogan+vladimir-putin", date: "2023-07-31", medium: summaries.Phone, minutes: 70, initiator: "vladimir-putin",
		},
		{
			name:  "video conference, yesterday",
			title: "Xi and Biden hold virtual summit",
			text: "Joe Biden and Xi Jinping held a video call yesterday that ran for three and a half hours, officials said.\n\n" +
				"The two leaders discussed Taiwan, trade and climate.",
			pub: "2021-11-16T08:00:00Z", people: "joe-biden+xi-jinping", date: "2021-11-15", medium: summaries.Video, minutes: 210,
		},
		{
			name:  "caller named in a closing sentence",
			title: "Starmer and Carney agree on joint energy plan",
			text:  "LONDON - Keir Starmer and Mark Carney agreed during a phone call on Tuesday to present a joint plan on critical minerals, a Downing Street spokeswoman said. Carney had proposed the call.",
			pub:   "2025-05-20T16:00:00Z", people: "keir-starmer+mark-carney", date: "2025-05-20", medium: summaries.Phone, initiator: "mark-carney",
		},
		{
			name:  "a readout's 'upon request': the other side asked",
			title: "Xi Jinping speaks with Lula on the phone",
			text:  "On the evening of March 4, President Xi Jinping spoke with Brazilian President Luiz Inacio Lula da Silva on the phone upon request.\nThe two heads of state exchanged views on trade.",
			pub:   "2025-03-04T15:00:00Z", people: "luiz-inacio-lula-da-silva+xi-jinping", date: "2025-03-04", medium: summaries.Phone, initiator: "luiz-inacio-lula-da-silva",
		},
		{
			name:  "at the latter's request",
			title: "Macron and Modi discuss trade by phone",
			text:  "Emmanuel Macron held a phone call with Narendra Modi on Tuesday at the latter's request, the Elysee said. They discussed a trade agreement.",
			pub:   "2025-03-04T18:00:00Z", people: "emmanuel-macron+narendra-modi", date: "2025-03-04", medium: summaries.Phone, initiator: "narendra-modi",
		},
		{
			name:  "who called, after a comma",
			title: "Zelensky thanks Carney for call",
			text:  "Volodymyr Zelensky said on Tuesday he had spoken by phone with Mark Carney, who called to offer condolences after the strike on Kyiv.",
			pub:   "2025-05-20T18:00:00Z", people: "mark-carney+volodymyr-zelensky", date: "2025-05-20", medium: summaries.Phone, initiator: "mark-carney",
		},
		{
			name:  "the side that reached out",
			title: "Zelensky and Trump speak by phone",
			text:  "Volodymyr Zelensky said he had a phone call with Donald Trump on Wednesday about air defence.\n\nIt was the US side that reached out, his office said.",
			pub:   "2025-05-07T18:00:00Z", people: "donald-trump+volodymyr-zelensky", date: "2025-05-07", medium: summaries.Phone, initiator: "donald-trump",
		},
		{
			name:  "the other leader called him",
			title: "Trump says Putin called him",
			text:  "Donald Trump said on Wednesday that Vladimir Putin had called him to discuss a prisoner exchange.",
			pub:   "2025-05-21T20:00:00Z", people: "donald-trump+vladimir-putin", date: "2025-05-21", medium: summaries.Phone, initiator: "vladimir-putin",
		},
		{
			name:  "title by titles, spelling variants",
			title: "Zelenskiy thanks Starmer for support in call",
			text: "Ukrainian President Volodymyr Zelenskiy said he had a \"good conversation\" with British Prime Minister Keir Starmer earlier today about air defence.\n\n" +
				"Starmer's office said the call was initiated by Kyiv.",
			pub: "2024-09-10T15:00:00Z", people: "keir-starmer+volodymyr-zelensky", date: "2024-09-10", medium: summaries.Phone, initiator: "volodymyr-zelensky",
		},
		{
			name:  "a call reported late, the holder named by his seat",
			title: "After the July 3 call, Trump loses patience with the Kremlin chief",
			text: "In a call on July 3, Vladimir Putin told Donald Trump that Russia would not give up its aims.\n\n" +
				"The Kremlin's account of the call was friendly in tone.",
			pub: "2025-07-07T08:00:00Z", people: "donald-trump+vladimir-putin", date: "2025-07-03", medium: summaries.Phone,
		},
		{
			name:  "a call named by the verb, from a live blog",
			title: "Trump calls Putin during White House meeting",
			text: "In a post after the meetings, Donald Trump said he had called the Russian president on Monday and begun arrangements for a summit.\n\n" +
				"The conversation lasted 40 minutes, the Kremlin said.",
			pub: "2025-08-19T01:05:00Z", people: "donald-trump+vladimir-putin", date: "2025-08-18", medium: summaries.Phone, minutes: 40, initiator: "donald-trump",
		},
		{
			name:  "the call an article is about, not the one it recalls",
			title: "Macron and Xi talk by phone on Iran",
			text: "Emmanuel Macron and Xi Jinping spoke by phone on Thursday about the nuclear talks with Iran, the Elysee said.\n\n" +
				"Their previous call, on April 2, lasted two hours and covered trade.\n\n" +
				"Thursday's conversation lasted about an hour.",
			pub: "2025-06-27T10:00:00Z", people: "emmanuel-macron+xi-jinping", date: "2025-06-26", medium: summaries.Phone, minutes: 60,
		},
		{
			name:  "caller from a headline verb",
			title: "Starmer dials Lula over climate finance",
			text:  "British Prime Minister Keir Starmer and Brazilian President Luiz Inacio Lula da Silva spoke on Wednesday about climate finance before the conference in Belem.\n\nThe two leaders agreed to press for a deal on forest funding.",
			pub:   "2025-09-11T08:00:00Z", people: "keir-starmer+luiz-inacio-lula-da-silva", date: "2025-09-10", medium: summaries.Phone, initiator: "keir-starmer",
		},
		{
			name:  "caller who called up the other",
			title: "Carney and Starmer discuss steel",
			text:  "Canadian Prime Minister Mark Carney spoke with British Prime Minister Keir Starmer on Monday about steel tariffs.\n\nCarney called up Starmer to compare notes before the talks in Washington, his office said.",
			pub:   "2025-09-09T08:00:00Z", people: "keir-starmer+mark-carney", date: "2025-09-08", medium: summaries.Phone, initiator: "mark-carney",
		},
		{
			name:  "caller as a side that took the initiative",
			title: "Erdogan and Pezeshkian hold phone call",
			text:  "Turkish President Recep Tayyip Erdogan and Iranian President Masoud Pezeshkian spoke by phone on Sunday about the situation in the region.\n\nThe call was held at the initiative of the Iranian side, the Turkish presidency said.",
			pub:   "2025-09-08T08:00:00Z", people: "masoud-pezeshkian+recep-tayyip-erdogan", date: "2025-09-07", medium: summaries.Phone, initiator: "masoud-pezeshkian",
		},
		{
			name:  "the announcement's date is not the call's",
			title: "Starmer and Zelensky speak by phone",
			text:  "Keir Starmer's call with Volodymyr Zelensky, announced by Downing Street on Thursday, took place on Friday morning.\n\nThe two leaders discussed air defence and winter energy supplies.",
			pub:   "2025-10-11T08:00:00Z", people: "keir-starmer+volodymyr-zelensky", date: "2025-10-10", medium: summaries.Phone,
		},
		{
			name:  "a night call from Washington is the next UTC day",
			title: "Trump speaks with Sheinbaum on border",
			text:  "WASHINGTON — President Donald Trump spoke with Mexican President Claudia Sheinbaum by phone on Monday night about border security, a White House official said.\n\nThe two leaders agreed to keep talking ahead of the tariff deadline.",
			pub:   "2025-10-14T12:00:00Z", people: "claudia-sheinbaum+donald-trump", date: "2025-10-14", medium: summaries.Phone,
		},
		{
			name:  "a morning clock time under a Tokyo dateline is the day before in UTC",
			title: "Albanese phones Takaichi on minerals",
			text:  "TOKYO (Test Wire) -- Australian Prime Minister Anthony Albanese telephoned Prime Minister Sanae Takaichi on Wednesday morning about critical minerals.\n\nThe conversation began shortly after 8 a.m. and lasted about 20 minutes, the Prime Minister's Office said.",
			pub:   "2025-10-15T03:00:00Z", people: "anthony-albanese+sanae-takaichi", date: "2025-10-14", medium: summaries.Phone, minutes: 20, initiator: "anthony-albanese",
		},
		{
			name:  "an evening, Washington time, is the next UTC day",
			title: "Readout of the President's call with Prime Minister Carney",
			text:  "The President spoke with Prime Minister Mark Carney of Canada on Monday evening, Washington time. President Donald Trump and Carney discussed steel tariffs and the trade review.",
			pub:   "2025-10-14T09:30:00Z", people: "donald-trump+mark-carney", date: "2025-10-14", medium: summaries.Phone,
		},
		{
			name:  "an undated call in an article published early in the UTC day is the day before's",
			title: "Trump holds productive call with Putin",
			text:  "President Donald Trump held a productive phone call with President Vladimir Putin of Russia, the start of talks on ending the war.\n\nFor Putin, the call ended a long isolation.",
			pub:   "2025-02-13T07:00:00Z", people: "donald-trump+vladimir-putin", date: "2025-02-12", medium: summaries.Phone,
		},
		{
			name:  "minutes in the headline",
			title: "Meloni and Erdogan hold 40-minute call on migration",
			text:  "Italian Prime Minister Giorgia Meloni spoke by phone with Turkish President Recep Tayyip Erdogan on Tuesday about migration across the Mediterranean.\n\nThe two leaders agreed to step up cooperation between their coast guards.",
			pub:   "2025-10-15T08:00:00Z", people: "giorgia-meloni+recep-tayyip-erdogan", date: "2025-10-14", medium: summaries.Phone, minutes: 40,
		},
		{
			name:  "minutes in the URL",
			title: "Meloni and Erdogan talk migration by phone",
			url:   "https://t.test/2025/10/14/meloni-erdogan-call-45-minutes",
			text:  "Italian Prime Minister Giorgia Meloni spoke by phone with Turkish President Recep Tayyip Erdogan on Tuesday about migration across the Mediterranean.\n\nThe two leaders agreed to step up cooperation between their coast guards.",
			pub:   "2025-10-15T08:00:00Z", people: "giorgia-meloni+recep-tayyip-erdogan", date: "2025-10-14", medium: summaries.Phone, minutes: 45,
		},
		{
			name:  "a length given while the call went on is a lower bound",
			title: "Modi and Trump call under way",
			text:  "Indian Prime Minister Narendra Modi and U.S. President Donald Trump began a phone call on Tuesday, officials said.\n\nAn aide said the call had lasted about 40 minutes so far and was still going on.",
			pub:   "2025-10-14T15:00:00Z", people: "donald-trump+narendra-modi", date: "2025-10-14", medium: summaries.Phone, minutes: 40, atLeast: true,
		},
		{
			name:  "a final length beats one given while the call went on",
			title: "Modi and Trump call ends",
			text:  "Indian Prime Minister Narendra Modi and U.S. President Donald Trump spoke by phone on Tuesday, officials said.\n\nAn aide said the call had lasted about 40 minutes so far and was still going on.\n\nThe conversation ended after 65 minutes, the Indian foreign ministry said later.",
			pub:   "2025-10-14T18:00:00Z", people: "donald-trump+narendra-modi", date: "2025-10-14", medium: summaries.Phone, minutes: 65,
		},
	}
	x := extractor(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			url := c.url
			if url == "" {
				url = "https://t.test/" + c.name
			}
			ms := x.Extract(summaries.Article{URL: url, Title: c.title, Text: c.text, Published: mustTime(t, c.pub)})
			var got *summaries.Mention
			for i := range ms {
				if ms[i].Role == summaries.Reported {
					if got != nil {
						t.Fatalf("two reported calls: %+v", ms)
					}
					got = &ms[i]
				}
			}
			if got == nil {
				t.Fatalf("no reported call in %+v", ms)
			}
			if p := strings.Join(got.Participants, "+"); p != c.people {
				t.Errorf("participants %s, want %s", p, c.people)
			}
			if d := got.Date.Format(time.DateOnly); d != c.date {
				t.Errorf("date %s, want %s", d, c.date)
			}
			if got.Medium != c.medium {
				t.Errorf("medium %s, want %s", got.Medium, c.medium)
			}
			if got.DurationMinutes != c.minutes {
				t.Errorf("duration %d, want %d", got.DurationMinutes, c.minutes)
			}
			if got.DurationAtLeast != c.atLeast {
				t.Errorf("duration at least %v, want %v", got.DurationAtLeast, c.atLeast)
			}
			if got.Initiator != c.initiator {
				t.Errorf("initiator %q, want %q", got.Initiator, c.initiator)
			}
			if len(got.Candidates) == 0 {
				t.Errorf("no candidate points")
			}
		})
	}
}

// Each kind of coverage that must not become a call record.
func TestExtractNegatives(t *testing.T) {
	cases := []struct{ name, title, text string }{
		{"planned call", "Trump says he will speak with Putin on Thursday",
			"Donald Trump said on Monday that he will speak by telephone with Vladimir Putin on Thursday. The Kremlin said a call was being prepared."},
		{"requested call", "Kyiv asks for call with Xi",
			"Volodymyr Zelensky has asked for a phone call with Xi Jinping, his office said, adding that no date had been set."},
		{"denied call", "Kremlin: no Putin-Biden call planned",
			"There are no plans for a telephone conversation between Vladimir Putin and Joe Biden, the Kremlin said on Friday."},
		{"in-person summit", "Modi and Xi meet in Kazan",
			"Narendra Modi and Xi Jinping met on the sidelines of a summit in Kazan on Wednesday. Their talks lasted about 50 minutes."},
		{"envoy visit", "US envoy meets Putin in Moscow",
			"Steve Witkoff, the U.S. special envoy, met Vladimir Putin in Moscow on Thursday for three hours of talks, the Kremlin said."},
		{"ministers' call", "Foreign ministers Lavrov and Rubio speak by phone",
			"Sergei Lavrov and Marco Rubio spoke by phone on Saturday. The Russian Foreign Ministry said the call followed up on the presidents' talks."},
		{"earlier call recalled in passing", "Oil prices rise on supply worries",
			"Brent crude rose 2% on Tuesday. Analysts noted that Donald Trump and Vladimir Putin last spoke by phone on March 18, when they discussed energy infrastructure."},
		{"leader and a chief executive", "Trump speaks with Apple chief",
			"Donald Trump spoke by phone with Tim Cook on Tuesday about tariffs on smartphones, the White House said."},
		{"a leader's call named in another sense", "Macron calls for ceasefire",
			"Emmanuel Macron called for an immediate ceasefire in a speech on Tuesday and called Putin's demands unacceptable."},
		{"postponed call", "Lula-Trump call slips again",
			"A telephone conversation between Luiz Inacio Lula da Silva and Donald Trump expected this week has been pushed back again, aides said."},
		{"denied report of a call", "Kremlin denies report of Putin-Trump call",
			"The Kremlin on Monday denied a U.S. newspaper report that Donald Trump had spoken by phone with Vladimir Putin last week."},
		{"a spokesman on no further call", "Kremlin: no new Putin-Trump call on the calendar",
			"Kremlin spokesman Dmitry Peskov said on Tuesday there were no plans for another phone conversation between Vladimir Putin and Donald Trump.\n\n" +
				"The two leaders last spoke by phone two weeks ago, when they discussed a prisoner exchange.\n\nPeskov said contacts could be arranged quickly if needed."},
		{"a call expected, the call word after the names", "Lula expects to speak to Sanchez soon",
			"BRASILIA - Luiz Inacio Lula da Silva said on Monday that he expects to talk with Spanish Prime Minister Pedro Sanchez by telephone within days about the trade agreement, though no date has been fixed."},
		{"a call expected, the verb after the names", "Call between Lula and Sanchez expected",
			"A phone call between Luiz Inacio Lula da Silva and Pedro Sanchez is expected in the coming days, Brasilia said on Monday, the first since the spring."},
		{"a leader who would speak to two others soon", "Erdogan offers to mediate",
			"Recep Tayyip Erdogan offered on Tuesday to host talks and said he would speak with both Vladimir Putin and Volodymyr Zelensky by phone in the coming days."},
		{"a call the other side is not aware of", "Trump says he spoke to Xi; Beijing unaware",
			"Donald Trump said he had spoken with Xi Jinping by phone, but China's foreign ministry said it was not aware of any recent call between the two leaders."},
		{"a name called, not a call", "Zelensky hits back at Trump",
			"Volodymyr Zelensky said on Wednesday that Donald Trump called him a dictator in a speech, and rejected the charge."},
		{"documentary about an old call", "Film airs Macron's February call with Putin",
			"A documentary broadcast on Thursday includes a recording of Emmanuel Macron's telephone call with Vladimir Putin on February 20, 2022.\n\nAides say that call lasted nearly two hours."},
	}
	x := extractor(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms := x.Extract(summaries.Article{URL: "https://t.test/n", Title: c.title, Text: c.text, Published: mustTime(t, "2025-05-20T12:00:00Z")})
			for _, m := range ms {
				if m.Role == summaries.Reported {
					t.Fatalf("reported a call: %+v", m)
				}
			}
		})
	}
}

func TestExtractRecalledCallIsBackground(t *testing.T) {
	x := extractor(t)
	ms := x.Extract(summaries.Article{URL: "https://t.test/r", Title: "Oil prices rise",
		Text:      "Brent crude rose 2% on Tuesday. Donald Trump and Vladimir Putin last spoke by phone on March 18, a call that lasted 90 minutes.",
		Published: mustTime(t, "2025-05-20T12:00:00Z")})
	if len(ms) != 1 || ms[0].Role != summaries.Background || ms[0].Date.Format(time.DateOnly) != "2025-03-18" || ms[0].DurationMinutes != 90 {
		t.Fatalf("want one background mention of the March 18 call with its length, got %+v", ms)
	}
}

func TestExtractGroupVideoCall(t *testing.T) {
	x := extractor(t)
	ms := x.Extract(summaries.Article{URL: "https://t.test/g", Title: "G7 leaders hold video call on Ukraine",
		Text: "Leaders of the Group of Seven held a video conference on Monday, chaired by Keir Starmer.\n\n" +
			"Emmanuel Macron, Friedrich Merz and Giorgia Meloni took part, and Volodymyr Zelensky joined the call from Kyiv.",
		Published: mustTime(t, "2025-06-02T18:00:00Z")})
	if len(ms) == 0 || ms[0].Role != summaries.Reported {
		t.Fatalf("no reported call: %+v", ms)
	}
	m := ms[0]
	if m.Medium != summaries.Video || len(m.Participants) < 4 {
		t.Fatalf("want a video call of several leaders, got %+v", m)
	}
	for _, p := range []string{"keir-starmer", "emmanuel-macron", "volodymyr-zelensky"} {
		if !slices.Contains(m.Participants, p) {
			t.Errorf("participants %v lack %s", m.Participants, p)
		}
	}
}

func TestExtractCommuniqueOfTheRepublic(t *testing.T) {
	x := extractor(t)
	ms := x.Extract(summaries.Article{URL: "https://t.test/c", Title: "Communique: telephone conversation with President Vladimir Putin",
		Text: "Paris, 1 July 2025\n\nThe President of the Republic spoke by telephone today with the President of the Russian Federation, Vladimir Putin. " +
			"The call was initiated by the French side and lasted more than two hours.\n\nThe President of the Republic called for a ceasefire as soon as possible.",
		Published: mustTime(t, "2025-07-01T16:50:00Z")})
	if len(ms) == 0 || ms[0].Role != summaries.Reported || strings.Join(ms[0].Participants, "+") != "emmanuel-macron+vladimir-putin" ||
		ms[0].Initiator != "emmanuel-macron" || ms[0].DurationMinutes != 120 {
		t.Fatalf("got %+v", ms)
	}
}

// Odd input never panics, and whatever is extracted names two leaders or more.
func FuzzExtract(f *testing.F) {
	x := extractor(f)
	f.Add("Putin and Trump speak", "Vladimir Putin and Donald Trump spoke by phone on Tuesday for 90 minutes.")
	f.Add("", "\x00\xff\xfe")
	f.Add("ÉLYSÉE", "The President of the Republic spoke — today — with “Xi”… 2h30 ‘call’ U.S. H.E. Mr. the September 16 call")
	f.Add("-", "- - -\n\n1. \n• \n\"\"\"")
	f.Add("Paris", "Paris, 1 July 2025\n\nGerman President of the Republic spoke by phone with Putin on Tuesday.")
	f.Fuzz(func(t *testing.T, title, text string) {
		for _, m := range x.Extract(summaries.Article{URL: "https://f.test/", Title: title, Text: text, Published: time.Date(2025, 5, 20, 12, 0, 0, 0, time.UTC)}) {
			if len(m.Participants) < 2 {
				t.Fatalf("mention with %d participants: %+v", len(m.Participants), m)
			}
		}
	})
}

// Overlapping names ("Russian President of the Republic") once crashed the
// initiator reading.
func TestExtractOverlappingTitles(t *testing.T) {
	x := extractor(t)
	for _, text := range []string{
		"Paris, 1 July 2025\n\nGerman President of the Republic spoke by phone with Putin on Tuesday.",
		"Paris, 1 July 2025\n\nMacron held a phone call with the Russian President of the Republic on Tuesday.",
	} {
		x.Extract(summaries.Article{URL: "https://t.test/o", Text: text, Published: mustTime(t, "2025-07-01T12:00:00Z")})
	}
}

// An article with no publication time: weekdays and "yesterday" name no
// day, so the call is undated unless a date with a year dates it; leaders
// named only by title ("the US president") cannot be resolved without a
// date and take part in no call.
func TestExtractUndated(t *testing.T) {
	x := extractor(t)
	cases := []struct {
		name, title, text, people, date string
	}{
		{
			name:   "weekday only",
			title:  "Sanchez and Macron discuss energy links",
			text:   "Spanish Prime Minister Pedro Sanchez spoke by phone with French President Emmanuel Macron on Tuesday about power lines across the Pyrenees.\nThe two leaders agreed to ask their ministers for a timetable.",
			people: "emmanuel-macron+pedro-sanchez",
		},
		{
			name:   "a date with its year",
			title:  "Sanchez and Macron discuss energy links",
			text:   "Spanish Prime Minister Pedro Sanchez spoke by phone with French President Emmanuel Macron on March 3, 2026 about power lines across the Pyrenees.\nThe two leaders agreed to ask their ministers for a timetable.",
			people: "emmanuel-macron+pedro-sanchez", date: "2026-03-03",
		},
		{
			name:  "title only",
			title: "The French president calls the Spanish prime minister",
			text:  "The French president spoke by phone with the Spanish prime minister yesterday about power lines.\nThe two leaders agreed to meet in the spring.",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms := x.Extract(summaries.Article{URL: "file://clip.txt", Title: c.title, Text: c.text})
			var got []summaries.Mention
			for _, m := range ms {
				if m.Role == summaries.Reported {
					got = append(got, m)
				}
				if !m.Date.IsZero() && m.Date.Year() < 1990 {
					t.Errorf("mention dated %v", m.Date)
				}
			}
			if c.people == "" {
				if len(got) != 0 {
					t.Fatalf("want no reported call, got %+v", got)
				}
				return
			}
			if len(got) != 1 || strings.Join(got[0].Participants, "+") != c.people {
				t.Fatalf("want one call of %s, got %+v", c.people, got)
			}
			if d := got[0].Date; (c.date == "" && !d.IsZero()) || (c.date != "" && d.Format(time.DateOnly) != c.date) {
				t.Errorf("date %v, want %q", d, c.date)
			}
		})
	}
}

// One leader calling two others in turn makes two two-person calls, each
// with its own points; leaders named together on one call stay one call.
func TestExtractCallsInTurn(t *testing.T) {
	x := extractor(t)
	ms := x.Extract(summaries.Article{URL: "https://t.test/turns", Title: "Modi holds separate calls with Albanese and Luxon",
		Text: "Indian Prime Minister Narendra Modi spoke by phone with Australian Prime Minister Anthony Albanese on Thursday and then with New Zealand Prime Minister Christopher Luxon, his office said.\n\n" +
			"In the call with Albanese, Modi discussed critical minerals and a cricket series planned for the winter.\n\n" +
			"Luxon and Modi agreed in their conversation to conclude talks on a free trade agreement this year.",
		Published: mustTime(t, "2025-10-17T09:00:00Z")})
	got := map[string]summaries.Mention{}
	for _, m := range ms {
		if m.Role == summaries.Reported {
			got[strings.Join(m.Participants, "+")] = m
		}
	}
	if len(got) != 2 {
		t.Fatalf("want two reported calls, got %+v", ms)
	}
	for key, word := range map[string]string{"anthony-albanese+narendra-modi": "cricket", "christopher-luxon+narendra-modi": "free trade"} {
		m, ok := got[key]
		if !ok {
			t.Fatalf("no call %s in %v", key, ms)
		}
		if m.Date.Format(time.DateOnly) != "2025-10-16" {
			t.Errorf("%s dated %v", key, m.Date)
		}
		text := ""
		for _, c := range m.Candidates {
			text += c.Text + "\n"
		}
		if !strings.Contains(text, word) {
			t.Errorf("%s: points lack %q: %s", key, word, text)
		}
		for other, w := range map[string]string{"anthony-albanese+narendra-modi": "cricket", "christopher-luxon+narendra-modi": "free trade"} {
			if other != key && strings.Contains(text, w) {
				t.Errorf("%s: points hold the other call's %q: %s", key, w, text)
			}
		}
	}
	one := x.Extract(summaries.Article{URL: "https://t.test/three", Title: "Macron, Merz and Starmer hold call on Ukraine",
		Text:      "Emmanuel Macron spoke by phone with Friedrich Merz and Keir Starmer on Thursday about security guarantees for Ukraine.\n\nThe three leaders agreed to meet in London next month.",
		Published: mustTime(t, "2025-10-17T09:00:00Z")})
	n := 0
	for _, m := range one {
		if m.Role == summaries.Reported {
			n++
			if len(m.Participants) != 3 {
				t.Errorf("leaders named together on a call: got %v", m.Participants)
			}
		}
	}
	if n != 1 {
		t.Errorf("want one reported call of three, got %+v", one)
	}
}

// The other wordings of one leader's calls in turn: each partner gets a
// two-person call on the day of the first, and a joint call stays one.
func TestExtractCallsInTurnWordings(t *testing.T) {
	x := extractor(t)
	cases := []struct {
		name, title, text string
		want              []string // reported calls, each "date people"
	}{
		{"a later partner with its own time", "Sánchez calls Lula and Petro",
			"Pedro Sánchez phoned Luiz Inácio Lula da Silva on Friday and, an hour later, Gustavo Petro, his office said.",
			[]string{"2025-05-16 gustavo-petro+pedro-sanchez", "2025-05-16 luiz-inacio-lula-da-silva+pedro-sanchez"}},
		{"plural calls with two partners", "Albanese talks to Carney and Luxon",
			"Anthony Albanese held phone calls with Mark Carney and Christopher Luxon on Wednesday about the trade pact.",
			[]string{"2025-05-21 anthony-albanese+christopher-luxon", "2025-05-21 anthony-albanese+mark-carney"}},
		{"the next call in the same sentence", "Trump speaks to Putin, then Zelensky",
			"Donald Trump said he had a two-hour phone call with Vladimir Putin on Monday, after which he called Volodymyr Zelensky.",
			[]string{"2025-05-19 donald-trump+vladimir-putin", "2025-05-19 donald-trump+volodymyr-zelensky"}},
		{"a joint call", "European leaders hold call with Zelensky",
			"Keir Starmer, Emmanuel Macron and Friedrich Merz held a joint video call with Volodymyr Zelensky on Sunday.",
			[]string{"2025-05-18 emmanuel-macron+friedrich-merz+keir-starmer+volodymyr-zelensky"}},
		{"a call mentioned in passing in a sentence of its own", "Erdogan speaks to Putin",
			"Recep Tayyip Erdogan spoke by phone with Vladimir Putin on Tuesday about a ceasefire, his office said. Later in the day, he also spoke with Volodymyr Zelensky.",
			[]string{"2025-05-20 recep-tayyip-erdogan+vladimir-putin"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms := x.Extract(summaries.Article{URL: "https://t.test/turns", Title: c.title, Text: c.text, Published: mustTime(t, "2025-05-21T16:00:00Z")})
			var got []string
			for _, m := range ms {
				if m.Role == summaries.Reported {
					got = append(got, m.Date.Format(time.DateOnly)+" "+strings.Join(m.Participants, "+"))
				}
			}
			sort.Strings(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("reported %q, want %q", got, c.want)
			}
		})
	}
}

// A group call's participants are those the article says took part: not
// the leaders of a clause that only places it in time, nor a seat, nor
// a leader whose wish is quoted; and a meeting of others gives it no
// length.
func TestExtractGroupCallKeepsToItsParticipants(t *testing.T) {
	x := extractor(t)
	ms := x.Extract(summaries.Article{URL: "https://t.test/coalition", Title: "European leaders rally around Zelensky on video call",
		Text: "Two days after Donald Trump hosted Vladimir Putin at a summit in Alaska, and a day before Volodymyr Zelensky returns to the Oval Office, European leaders met by video conference on Sunday to agree a common line.\n\n" +
			"The virtual meeting was chaired by Emmanuel Macron and Keir Starmer. Friedrich Merz co-hosted, and Zelensky joined from Brussels.\n\n" +
			"A statement issued by the co-chairs welcomed Trump's commitment to security guarantees.\n\n" +
			"Trump and Putin talked for nearly three hours at an air base in Anchorage on Friday without agreeing a ceasefire.",
		Published: mustTime(t, "2025-08-17T20:00:00Z")})
	var got *summaries.Mention
	for i := range ms {
		if ms[i].Role == summaries.Reported {
			got = &ms[i]
		}
	}
	if got == nil {
		t.Fatalf("no reported call: %+v", ms)
	}
	want := []string{"emmanuel-macron", "friedrich-merz", "keir-starmer", "volodymyr-zelensky"}
	if !slices.Equal(got.Participants, want) {
		t.Errorf("participants %v, want %v", got.Participants, want)
	}
	if got.DurationMinutes != 0 {
		t.Errorf("duration %d from a meeting of others", got.DurationMinutes)
	}
}
