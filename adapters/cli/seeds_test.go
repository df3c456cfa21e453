package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// seedsRaw holds three real articles exactly as a user keeps them (plain
// text, no date line, page chrome around them): see its README.
var seedsRaw = filepath.Join("..", "..", "..", "shared", "corpus", "seeds-raw")

// Each raw seed's publication time (from the folder's README) and the day
// of the call it covers.
var rawSeeds = []struct{ file, published, call string }{
	{"seed-000.txt", "2025-03-19T11:00:00Z", "2025-03-18"},
	{"seed-001.txt", "2025-07-04T17:30:00Z", "2025-07-03"},
	{"seed-004.txt", "2025-02-13T08:00:00Z", "2025-02-12"},
}

// junkPoint is what a reader would call page junk in a key point: bullet
// glyphs or emoji, sentences glued without a space, links, timestamps,
// chrome words.
var junkPoint = regexp.MustCompile("[\u2022\u25aa\u25ab\u25b6\u25ba\u25c6\u25cf\u2705\u2714\u27a4\u2794\U0001F300-\U0001FAFF]|[a-z]{2}[.!?][\"\u201d\u2019]?[A-Z][a-z]|(?i)https?://|www\\.|skip to content|cookie|subscribe|newsletter|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d")

type seedCall struct {
	Participants []string `json:"participants"`
	Date         *string  `json:"date"`
	Summary      string   `json:"summary"`
}

func seedCalls(t *testing.T, db string) []seedCall {
	t.Helper()
	r := runCLI(t, nil, "", "--db", db, "calls", "--json")
	if r.code != 0 {
		t.Fatalf("calls: %+v", r)
	}
	var calls []seedCall
	if err := json.Unmarshal([]byte(r.stdout), &calls); err != nil {
		t.Fatalf("calls --json: %v", err)
	}
	return calls
}

// The raw seeds ingested as a user would, each dated with --published:
// each yields its call on the right day, with clean key points.
func TestRawSeedsIngestDated(t *testing.T) {
	if _, err := os.Stat(seedsRaw); err != nil {
		t.Skipf("the shared raw seeds are not beside the project (%v)", err)
	}
	db := filepath.Join(t.TempDir(), "r.db")
	for _, s := range rawSeeds {
		r := runCLI(t, nil, "", "--db", db, "ingest", "--published", s.published, filepath.Join(seedsRaw, s.file))
		if r.code != 0 || strings.Contains(r.stderr, "warning") {
			t.Fatalf("ingest %s: %+v", s.file, r)
		}
	}
	calls := seedCalls(t, db)
	for _, s := range rawSeeds {
		n := 0
		for _, c := range calls {
			if c.Date != nil && *c.Date == s.call && strings.Join(c.Participants, "+") == "Donald Trump+Vladimir Putin" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %d Trump–Putin records on %s, want 1", s.file, n, s.call)
		}
	}
	if len(calls) != len(rawSeeds) {
		t.Errorf("%d records from %d articles, one call each", len(calls), len(rawSeeds))
	}
	for _, c := range calls {
		if c.Summary == "" {
			t.Errorf("the call of %v has no key points", c.Date)
		}
		for _, p := range strings.Split(c.Summary, "\n") {
			if n := len([]rune(p)); n > 300 {
				t.Errorf("a key point of %d characters: %q", n, p)
			}
			if junkPoint.MatchString(p) {
				t.Errorf("a junk key point: %q", p)
			}
		}
	}
}

// Without a date, each raw seed is stored with a warning and its call is
// kept undated: never a record of year 1.
func TestRawSeedsUndatedWarn(t *testing.T) {
	if _, err := os.Stat(seedsRaw); err != nil {
		t.Skipf("the shared raw seeds are not beside the project (%v)", err)
	}
	db := filepath.Join(t.TempDir(), "r.db")
	r := runCLI(t, nil, "", "--db", db, "ingest", seedsRaw)
	if r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	for _, s := range rawSeeds {
		if !strings.Contains(r.stderr, "warning: "+filepath.Join(seedsRaw, s.file)) && !strings.Contains(r.stderr, s.file+": no publication date") {
			t.Errorf("no warning names %s:\n%s", s.file, r.stderr)
		}
	}
	for _, c := range seedCalls(t, db) {
		if c.Date != nil {
			t.Errorf("a call dated %s from undated articles", *c.Date)
		}
	}
}
