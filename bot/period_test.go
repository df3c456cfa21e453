package bot

import (
	"testing"
	"time"

	"readout/summaries/leaders"
)

// Every date form of issue 11, read on Wednesday 2 December 2026 (and the
// season rule on 10 February 2026).
func TestPeriods(t *testing.T) {
	wed := time.Date(2026, 12, 2, 6, 0, 0, 0, time.UTC)
	feb := time.Date(2026, 2, 10, 6, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		text     string
		now      time.Time
		from, to string
		spans    int
	}{
		{"on march 18, 2025", wed, "2025-03-18", "2025-03-19", 0},
		{"on 18 march", wed, "2026-03-18", "2026-03-19", 0},
		{"march 18", wed, "2026-03-18", "2026-03-19", 0},
		{"on 2025-03-18", wed, "2025-03-18", "2025-03-19", 0},
		{"on the 18th", wed, "2026-11-18", "2026-11-19", 0},
		{"on the 2nd", wed, "2026-12-02", "2026-12-03", 0},
		{"on the 12th of february 2025", wed, "2025-02-12", "2025-02-13", 0},
		{"last tuesday", wed, "2026-12-01", "2026-12-02", 0},
		{"last wednesday", wed, "2026-11-25", "2026-11-26", 0},
		{"today", wed, "2026-12-02", "2026-12-03", 0},
		{"yesterday", wed, "2026-12-01", "2026-12-02", 0},
		{"this week", wed, "2026-11-30", "2026-12-07", 0},
		{"last week", wed, "2026-11-23", "2026-11-30", 0},
		{"last month", wed, "2026-11-01", "2026-12-01", 0},
		{"this year", wed, "2026-01-01", "2027-01-01", 0},
		{"in 2025", wed, "2025-01-01", "2026-01-01", 0},
		{"in october", wed, "2026-10-01", "2026-11-01", 0},
		{"in december", feb, "2025-12-01", "2026-01-01", 0},
		{"october 2025", wed, "2025-10-01", "2025-11-01", 0},
		{"since january", wed, "2026-01-01", "", 0},
		{"since the summer", wed, "2026-06-01", "", 0},
		{"between may and july", wed, "2026-05-01", "2026-08-01", 0},
		{"between may and july 2025", wed, "2025-05-01", "2025-08-01", 0},
		{"between 2026-02-01 and 2026-02-28", wed, "2026-02-01", "2026-03-01", 0},
		{"between march 1 and march 20, 2025", wed, "2025-03-01", "2025-03-21", 0},
		{"in the spring", wed, "2026-03-01", "2026-06-01", 0},
		{"in the spring", feb, "2025-03-01", "2025-06-01", 0},
		{"in the summer of 2025", wed, "2025-06-01", "2025-09-01", 0},
		{"the second half of 2025", wed, "2025-07-01", "2026-01-01", 0},
		{"in august and october 2025", wed, "2025-08-01", "2025-11-01", 0},
		{"on 2025-12-28 and 2026-03-10", wed, "", "", 2},
		{"in june 2025 and february 2026", wed, "", "", 2},
		{"in the past week", wed, "2026-11-25", "2026-12-03", 0},
		{"they may talk", wed, "", "", 0},
		{"may I ask about their calls", wed, "", "", 0},
		{"who placed the may call", wed, "2026-05-01", "2026-06-01", 0},
		{"may's call", wed, "2026-05-01", "2026-06-01", 0},
		{"compare the march and may calls", wed, "", "", 2},
		{"at mar-a-lago", wed, "", "", 0},
	} {
		p, _ := parsePeriod(c.text, c.now)
		from, to := "", ""
		if !p.From.IsZero() {
			from = p.From.Format(time.DateOnly)
		}
		if !p.To.IsZero() {
			to = p.To.Format(time.DateOnly)
		}
		if from != c.from || to != c.to || len(p.Spans) != c.spans {
			t.Errorf("%q on %s: %s..%s %d spans, want %s..%s %d", c.text, c.now.Format(time.DateOnly), from, to, len(p.Spans), c.from, c.to, c.spans)
		}
	}
}

func TestNumericDates(t *testing.T) {
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 6, 0, 0, 0, time.UTC)
	for text, want := range map[string]string{
		"trump putin call on 18/03/2025": "2025-03-18",
		"trump putin call on 3/18/2025":  "2025-03-18",
		"trump putin call on 05.10.2025": "2025-10-05",
	} {
		q := ParseQuestion(text, now, g)
		if got := q.From.Format(time.DateOnly); got != want || len(q.Leaders) != 2 {
			t.Errorf("%q: from %s, %d leaders; want %s, 2", text, got, len(q.Leaders), want)
		}
	}
}
