package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// messyDir holds own-words clippings shaped like real scrapes (glyph
// bullets, glued sentences, single newlines, chrome lines), one for each
// kind of case real coverage trips on, with what each must yield.
var messyDir = filepath.Join("..", "..", "summaries", "extract", "testdata", "messy")

type messyCall struct {
	Participants    []string `json:"participants"`
	Date            string   `json:"date"`
	Medium          *string  `json:"medium"`
	DurationMinutes *int     `json:"duration_minutes"`
	DurationAtLeast bool     `json:"duration_at_least"`
	Initiator       *string  `json:"initiator"`
	PointsInclude   []string `json:"points_include"`
}

// Every clipping through ingest and calls --json, as a user would run
// them: the records, their facts and their key points.
func TestMessyClippingsThroughIngest(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(messyDir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var expected map[string]struct {
		PublishedFlag string      `json:"published_flag"`
		Calls         []messyCall `json:"calls"`
	}
	if err := json.Unmarshal(raw, &expected); err != nil {
		t.Fatal(err)
	}
	for file, want := range expected {
		t.Run(file, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "r.db")
			args := []string{"--db", db, "ingest"}
			if want.PublishedFlag != "" {
				args = append(args, "--published", want.PublishedFlag)
			}
			if r := runCLI(t, nil, "", append(args, filepath.Join(messyDir, file))...); r.code != 0 {
				t.Fatalf("ingest: %+v", r)
			}
			r := runCLI(t, nil, "", "--db", db, "calls", "--json")
			var got []struct {
				messyCall
				Summary string `json:"summary"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
				t.Fatalf("calls --json: %v\n%s", err, r.stdout)
			}
			if len(got) != len(want.Calls) {
				t.Fatalf("%d records, want %d: %+v", len(got), len(want.Calls), got)
			}
			for _, w := range want.Calls {
				found := false
				for _, g := range got {
					p := append([]string(nil), g.Participants...)
					sort.Strings(p)
					if strings.Join(p, "+") != strings.Join(w.Participants, "+") {
						continue
					}
					found = true
					if g.Date != w.Date {
						t.Errorf("%v: date %q, want %q", w.Participants, g.Date, w.Date)
					}
					if w.Medium != nil && *w.Medium != "" && (g.Medium == nil || *g.Medium != *w.Medium) {
						t.Errorf("%v: medium %v, want %q", w.Participants, deref(g.Medium), *w.Medium)
					}
					if w.DurationMinutes != nil && (g.DurationMinutes == nil || *g.DurationMinutes != *w.DurationMinutes || g.DurationAtLeast != w.DurationAtLeast) {
						t.Errorf("%v: duration %v (at least %v), want %d (at least %v)", w.Participants, g.DurationMinutes, g.DurationAtLeast, *w.DurationMinutes, w.DurationAtLeast)
					}
					if w.Initiator != nil && deref(g.Initiator) != *w.Initiator {
						t.Errorf("%v: initiator %q, want %q", w.Participants, deref(g.Initiator), *w.Initiator)
					}
					for _, s := range w.PointsInclude {
						if !strings.Contains(g.Summary, s) {
							t.Errorf("%v: no key point with %q in\n%s", w.Participants, s, g.Summary)
						}
					}
					for _, p := range strings.Split(g.Summary, "\n") {
						if len([]rune(p)) > 300 || junkPoint.MatchString(p) {
							t.Errorf("%v: a junk or overlong key point: %q", w.Participants, p)
						}
					}
				}
				if !found {
					t.Errorf("no record of %v in %+v", w.Participants, got)
				}
			}
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
