package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Clippings as a user keeps them: chrome above the headline, one with a
// date line, one with none. Written for this test.
const (
	datedClipping = "Skip to main content\nMenu   World   Politics\nMeloni and Merz speak by phone on migration\n" +
		"Published: March 12, 2026\n" +
		"Italian Prime Minister Giorgia Meloni and German Chancellor Friedrich Merz spoke by phone on Thursday about migration.\n" +
		"The two leaders agreed to present a joint paper on returns before the European Council.\n"
	undatedClipping = "Press \"Enter\" to skip to content\nErdogan and Putin discuss shipping in phone call\n" +
		"Turkish President Recep Tayyip Erdogan and Russian President Vladimir Putin spoke by phone on Monday, the Turkish presidency said.\n" +
		"The two leaders discussed the safety of shipping in the Black Sea.\n"
)

func writeClippings(t *testing.T) (dir, undated string) {
	t.Helper()
	dir = t.TempDir()
	for name, text := range map[string]string{"a-dated.txt": datedClipping, "b-undated.txt": undatedClipping} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, filepath.Join(dir, "b-undated.txt")
}

type callJSON struct {
	Participants []string `json:"participants"`
	Date         string   `json:"date"`
}

func listCalls(t *testing.T, db string) []callJSON {
	t.Helper()
	r := runCLI(t, nil, "", "--db", db, "calls", "--json")
	if r.code != 0 {
		t.Fatalf("calls: %+v", r)
	}
	var calls []callJSON
	if err := json.Unmarshal([]byte(r.stdout), &calls); err != nil {
		t.Fatalf("calls --json: %v\n%s", err, r.stdout)
	}
	return calls
}

// A folder is read file by file; an undated clipping is stored with a
// warning naming it, and its call is never given a made-up date.
func TestIngestFolderWarnsOfUndatedClippings(t *testing.T) {
	dir, undated := writeClippings(t)
	db := filepath.Join(t.TempDir(), "r.db")
	r := runCLI(t, nil, "", "--db", db, "ingest", dir)
	if r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	if strings.Count(r.stdout, "\n") != 2 || !strings.Contains(r.stdout, "a-dated.txt: 1 article(s): 1 new") || !strings.Contains(r.stdout, "b-undated.txt: 1 article(s): 1 new") {
		t.Errorf("one account line per file, got:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "1 undated") || !strings.Contains(r.stderr, "warning: "+undated) || !strings.Contains(r.stderr, "--published") {
		t.Errorf("the undated clipping is counted and named in a warning:\nstdout %s\nstderr %s", r.stdout, r.stderr)
	}
	undatedCalls := 0
	for _, c := range listCalls(t, db) {
		if strings.HasPrefix(c.Date, "0001") || strings.HasPrefix(c.Date, "0000") {
			t.Errorf("a call dated %s: undated coverage must not make up a date (%v)", c.Date, c.Participants)
		}
		if c.Date == "" {
			undatedCalls++
		}
	}
	if undatedCalls != 1 {
		t.Errorf("%d undated calls listed, want the Erdogan–Putin one", undatedCalls)
	}
	// An undated call is never the latest.
	r = runCLI(t, nil, "", "--db", db, "ask", "--json", "latest erdogan putin call")
	var ans struct {
		Calls []callJSON `json:"calls"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &ans); err != nil || len(ans.Calls) != 0 {
		t.Errorf("latest erdogan putin call answered with %+v (%v), want none", ans.Calls, err)
	}
}

// --published dates a single file whose text gives no date, and dating a
// clipping stored undated re-reads it.
func TestIngestPublishedDatesAClipping(t *testing.T) {
	_, undated := writeClippings(t)
	db := filepath.Join(t.TempDir(), "r.db")
	if r := runCLI(t, nil, "", "--db", db, "ingest", undated); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	r := runCLI(t, nil, "", "--db", db, "ingest", "--json", "--published", "2026-03-03", undated)
	if r.code != 0 {
		t.Fatalf("ingest --published: %+v", r)
	}
	var accounts []ingestAccount
	if err := json.Unmarshal([]byte(r.stdout), &accounts); err != nil {
		t.Fatalf("ingest --json: %v\n%s", err, r.stdout)
	}
	if len(accounts) != 1 || accounts[0].Changed != 1 || accounts[0].Undated != 0 || len(accounts[0].Warnings) != 0 {
		t.Errorf("the dated copy replaces the undated one: %+v", accounts)
	}
	found := false
	for _, c := range listCalls(t, db) {
		found = found || (c.Date == "2026-03-02" && strings.Contains(strings.Join(c.Participants, ","), "Erdogan"))
	}
	if !found {
		t.Errorf("Monday before 3 March 2026 is 2 March: %+v", listCalls(t, db))
	}
}

func TestIngestPublishedRefusals(t *testing.T) {
	dir, undated := writeClippings(t)
	db := filepath.Join(t.TempDir(), "r.db")
	for _, args := range [][]string{
		{"ingest", "--published", "yesterday", undated},
		{"ingest", "--published", "2026-03-03", dir},
	} {
		r := runCLI(t, nil, "", append([]string{"--db", db}, args...)...)
		if r.code != 2 || !strings.Contains(r.stderr, "--published") {
			t.Errorf("%v: %+v, want exit 2 naming --published", args, r)
		}
	}
}
