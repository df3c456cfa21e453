package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"readout/summaries"
)

// The real seed articles, kept by the user as plain text files, live in
// ../shared (never copied into the project). Read as a user's clipping
// with its publication time, each yields its call dated right, with key
// points a reader can use; seed-000, written as the call was announced and
// updated while it went on, never takes its running length for the
// call's.
func TestSeedClippings(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "..", "shared", "corpus", "seeds-raw")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("seed clippings not found (%v): they live in ../shared", err)
	}
	x := extractor(t)
	for file, want := range map[string]struct{ published, date string }{
		"seed-000.txt": {"2025-03-19T11:00:00Z", "2025-03-18"},
		"seed-001.txt": {"2025-07-04T17:30:00Z", "2025-07-03"},
		"seed-004.txt": {"2025-02-13T08:00:00Z", "2025-02-12"},
	} {
		t.Run(file, func(t *testing.T) {
			a := clipping(t, filepath.Join(dir, file), want.published)
			if IsChrome(a.Title) || strings.Contains(strings.ToLower(a.Title), "skip to content") {
				t.Errorf("title %q is page chrome", a.Title)
			}
			calls := buildCalls(a, x.Extract(a))
			if len(calls) != 1 {
				t.Fatalf("got calls %v, want one", callKeys(calls))
			}
			c := calls[0]
			t.Logf("title %q: %v, %d min (at least %v)", a.Title, callKeys(calls), c.DurationMinutes, c.DurationAtLeast)
			if strings.Join(c.Participants, "+") != "donald-trump+vladimir-putin" || c.Date.Format(time.DateOnly) != want.date {
				t.Errorf("got %v, want the Trump–Putin call of %s", callKeys(calls), want.date)
			}
			if c.DurationMinutes > 0 && !c.DurationAtLeast && strings.Contains(c.Duration.Sentence, "still") {
				t.Errorf("a length given while the call went on became its duration: %+v", c.Duration)
			}
			if len(c.Points) == 0 {
				t.Error("no key points")
			}
			for _, p := range c.Points {
				t.Logf("point: %s", p.Text)
				if len(p.Text) > summaries.MaxPointChars || junkPoint.MatchString(p.Text) || !wholeSentence(p.Text, true) {
					t.Errorf("junk point %q", p.Text)
				}
			}
			// Not yet published and undated, the clipping's call is
			// undated: never year 1.
			a.Published = time.Time{}
			for _, c := range buildCalls(a, x.Extract(a)) {
				if !c.Undated() && c.Date.Year() < 2000 {
					t.Errorf("undated clipping gave a call dated %v", c.Date)
				}
			}
		})
	}
}
