package bot

import (
	"strings"
	"testing"
	"time"

	"readout/summaries/leaders"
)

func TestParseQuestion(t *testing.T) {
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 2, 10, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		q        string
		intent   Intent
		leaders  string
		from, to string
		words    string
	}{
		{"latest trump putin call", IntentLatest, "donald-trump,vladimir-putin", "", "", ""},
		{"what did trump and xi discuss", IntentDiscuss, "donald-trump,xi-jinping", "", "", ""},
		{"what's in latest trump putin call", IntentDiscuss, "donald-trump,vladimir-putin", "", "", ""},
		{"how long was the last trump putin call", IntentDuration, "donald-trump,vladimir-putin", "", "", ""},
		{"when did trump last talk to xi", IntentWhen, "donald-trump,xi-jinping", "", "", ""},
		{"did biden and xi talk in 2024", IntentDid, "joe-biden,xi-jinping", "2024-01-01", "2025-01-01", ""},
		{"did putin speak with xi in january", IntentDid, "vladimir-putin,xi-jinping", "2025-01-01", "2025-02-01", ""},
		// A month later in the year than now means last year's.
		{"did putin speak with xi in march", IntentDid, "vladimir-putin,xi-jinping", "2024-03-01", "2024-04-01", ""},
		{"calls this week", IntentList, "", "2025-02-10", "2025-02-17", ""},
		{"help", IntentHelp, "", "", "", ""},
		{"coalition of the willing call", IntentList, "", "", "", "coalition willing"},
		// Titles and countries resolve at the period asked about.
		{"did the us president talk to china in 2024", IntentDid, "joe-biden,xi-jinping", "2024-01-01", "2025-01-01", ""},
		{"LATEST Zelenskyy–Trump CALL", IntentLatest, "volodymyr-zelensky,donald-trump", "", "", ""},
		{"", IntentHelp, "", "", "", ""},
	}
	for _, c := range cases {
		q := ParseQuestion(c.q, now, g)
		from, to := "", ""
		if !q.From.IsZero() {
			from = q.From.Format(time.DateOnly)
		}
		if !q.To.IsZero() {
			to = q.To.Format(time.DateOnly)
		}
		if q.Intent != c.intent || strings.Join(q.Leaders, ",") != c.leaders || from != c.from || to != c.to || strings.Join(q.Words, " ") != c.words {
			t.Errorf("ParseQuestion(%q) = intent %s leaders %q %s..%s words %q; want %s %q %s..%s %q",
				c.q, q.Intent, strings.Join(q.Leaders, ","), from, to, q.Words, c.intent, c.leaders, c.from, c.to, c.words)
		}
	}
}

// Odd input never panics and always parses to something answerable.
func FuzzParseQuestion(f *testing.F) {
	g, err := leaders.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"latest trump putin call", "did xi talk in 2024", "\x00\xff", "in may 2099", "last 9999999999999 days", "ʼ’“"} {
		f.Add(s)
	}
	now := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseQuestion(s, now, g)
		if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
			t.Fatalf("%q: period ends before it starts", s)
		}
	})
}
