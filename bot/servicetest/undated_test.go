package servicetest

import (
	"context"
	"testing"
	"time"

	"readout/summaries"
)

// An article with no publication time that gives its call a day without a
// year ("a phone call on July 3") is kept undated until an article dates
// that call, then joins it, in whichever order they arrive.
func TestUndatedCallJoinsTheCallThatDatesIt(t *testing.T) {
	july3 := time.Date(2025, 7, 3, 0, 0, 0, 0, time.UTC)
	undated := summaries.Article{
		URL:   "https://clippings.test/disappointed",
		Title: "Trump disappointed after talking to Putin",
		Text: "Donald Trump said he was disappointed with Vladimir Putin following a phone call on July 3, during which the two discussed the war.\n\n" +
			"Trump told reporters the call had made no progress toward a ceasefire.",
	}
	dated := summaries.Article{
		URL:       "https://wire.test/2025/07/03/trump-putin-call",
		Title:     "Trump and Putin speak by phone for an hour",
		Text:      "Donald Trump and Vladimir Putin spoke by phone on Thursday for about an hour, the Kremlin said.\n\nThe two leaders discussed Ukraine and the Middle East.",
		Published: july3.Add(19 * time.Hour),
	}
	for _, order := range [][]summaries.Article{{undated, dated}, {dated, undated}} {
		t.Run(order[0].URL, func(t *testing.T) {
			r := newRig(t, july3.Add(22*time.Hour))
			for _, a := range order {
				r.ingest(nil, a)
			}
			calls, err := r.db.Calls(context.Background(), summaries.CallFilter{Undated: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(calls) != 1 {
				t.Fatalf("%d records, want the one call: %+v", len(calls), calls)
			}
			c := calls[0]
			if !c.Date.Equal(july3) || len(c.Articles) != 2 || c.DurationMinutes != 60 {
				t.Fatalf("record dated %s from %d articles, %d minutes: %+v", c.Date, len(c.Articles), c.DurationMinutes, c)
			}
		})
	}
}

// When the pair spoke on that day in two years, nothing says which call an
// undated article is about: it stays a record of its own, out of answers.
func TestUndatedCallStaysApartWhenTheDayIsAmbiguous(t *testing.T) {
	july3 := time.Date(2025, 7, 3, 0, 0, 0, 0, time.UTC)
	r := newRig(t, july3.AddDate(1, 0, 0).Add(22*time.Hour))
	for _, pub := range []time.Time{july3.Add(19 * time.Hour), july3.AddDate(1, 0, 0).Add(19 * time.Hour)} {
		r.ingest(nil, summaries.Article{
			URL:       "https://wire.test/" + pub.Format(time.DateOnly),
			Title:     "Trump and Putin speak by phone",
			Text:      "Donald Trump and Vladimir Putin spoke by phone on July 3, the Kremlin said in " + pub.Format("2006") + ".",
			Published: pub,
		})
	}
	r.ingest(nil, summaries.Article{
		URL:   "https://clippings.test/old",
		Title: "Trump on his talk with Putin",
		Text:  "Donald Trump said he was disappointed with Vladimir Putin following a phone call on July 3.",
	})
	calls, err := r.db.Calls(context.Background(), summaries.CallFilter{Undated: true})
	if err != nil {
		t.Fatal(err)
	}
	undated := 0
	for _, c := range calls {
		if c.Undated() {
			undated++
		} else if len(c.Articles) != 1 {
			t.Errorf("the %s call took the undated article: %+v", c.Date.Format(time.DateOnly), c.Articles)
		}
	}
	if len(calls) != 3 || undated != 1 {
		t.Fatalf("%d records (%d undated), want two dated and the undated one apart", len(calls), undated)
	}
}
