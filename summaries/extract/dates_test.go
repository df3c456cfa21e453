package extract

import (
	"readout/summaries"
	"readout/summaries/internal/words"
	"testing"
	"time"
)

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestFindDates(t *testing.T) {
	cases := []struct {
		text, pub string
		want      string // first non-anchor date, "" for none
		basis     summaries.DateBasis
	}{
		// Tuesday in an article published on Wednesday is yesterday.
		{"The leaders spoke on Tuesday.", "2025-03-19T11:00:00Z", "2025-03-18", summaries.DateRelative},
		// The same weekday as publication is that day.
		{"They talked on Wednesday evening.", "2025-03-19T23:00:00Z", "2025-03-19", summaries.DateRelative},
		{"The call took place yesterday.", "2025-06-06T07:15:00Z", "2025-06-05", summaries.DateRelative},
		{"The two spoke earlier today.", "2025-06-14T17:05:00Z", "2025-06-14", summaries.DateRelative},
		{"They last spoke last Friday.", "2025-06-13T10:00:00Z", "2025-06-06", summaries.DateRelative},
		{"a call on July 3 about the war", "2025-07-04T17:30:00Z", "2025-07-03", summaries.DateExplicit},
		{"a call on 11 September 2022", "2025-07-02T06:30:00Z", "2022-09-11", summaries.DateExplicit},
		{"they spoke on Jan. 9, 2022 and again", "2022-01-20T00:00:00Z", "2022-01-09", summaries.DateExplicit},
		// A month-day later in the year than publication is last year's.
		{"their call on December 30", "2022-01-05T12:00:00Z", "2021-12-30", summaries.DateExplicit},
		{"dated 2025-01-22 in the archive", "2025-02-01T00:00:00Z", "2025-01-22", summaries.DateExplicit},
		{"No date here at all.", "2025-02-01T00:00:00Z", "", 0},
		{"the 30-day ceasefire and 1,000 prisoners", "2025-02-01T00:00:00Z", "", 0},
	}
	for _, c := range cases {
		got := ""
		var basis summaries.DateBasis
		for _, d := range FindDates(c.text, mustTime(t, c.pub)) {
			if !d.Anchor {
				got, basis = d.Day.Format(time.DateOnly), d.Basis
				break
			}
		}
		if got != c.want || (got != "" && basis != c.basis) {
			t.Errorf("FindDates(%q @%s) = %s (basis %d), want %s (basis %d)", c.text, c.pub, got, basis, c.want, c.basis)
		}
	}
}

func TestFindDatesAnchors(t *testing.T) {
	ds := FindDates("Their first talk since March 18 came after May 2.", mustTime(t, "2025-05-20T00:00:00Z"))
	if len(ds) != 2 || !ds[0].Anchor || !ds[1].Anchor {
		t.Fatalf("dates after since/after must be anchors, got %+v", ds)
	}
}

func TestDateAfterThe(t *testing.T) {
	pub := mustTime(t, "2025-09-25T12:00:00Z")
	if ds := FindDates("He won the September 16 general election.", pub); len(ds) != 1 || !ds[0].Anchor {
		t.Errorf("a date naming another event must be an anchor: %+v", ds)
	}
	if ds := FindDates("The same split followed the September 7 video call.", pub); len(ds) != 1 || ds[0].Anchor {
		t.Errorf("a date naming a call dates it: %+v", ds)
	}
}

func TestUTCShift(t *testing.T) {
	cases := []struct {
		s     string
		shift int
		ok    bool
	}{
		{"a telephone conversation that began just after midnight Jakarta time on Wednesday", -1, true},
		{"The call began at 10 p.m. Washington time on Monday.", 1, true},
		{"They spoke at 3:35 p.m. Eastern time.", 0, true},
		{"The call started at 14:00 GMT.", 0, true},
		{"The call began at 8 a.m. Tokyo time.", -1, true},
		{"The call began in the morning.", 0, false},
	}
	day := mustTime(t, "2025-07-15T00:00:00Z")
	for _, c := range cases {
		shift, ok := utcShift(words.Lower(c.s), day)
		if shift != c.shift || ok != c.ok {
			t.Errorf("utcShift(%q) = %d %v, want %d %v", c.s, shift, ok, c.shift, c.ok)
		}
	}
}
