package feeds

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	xhtml "golang.org/x/net/html"

	"readout/summaries"
	"readout/summaries/extract"
	"readout/summaries/leaders"
)

// corpusDir holds real saved pages with Readability.js's own extraction as
// the oracle. It lives beside the repository, not in it: a clone without it
// skips the test.
const corpusDir = "../../shared/corpus/html-pages"

func TestExtractPageCorpus(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(corpusDir, "*", "source.html"))
	if len(dirs) == 0 {
		t.Skipf("no saved pages under %s (only present in the development tree)", corpusDir)
	}
	var (
		scores               []float64
		dated, datedMatching int
	)
	for _, src := range dirs {
		dir := filepath.Dir(src)
		name := filepath.Base(dir)
		page, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		want := expectedText(t, filepath.Join(dir, "expected.html"))
		got, err := ExtractPage(page, "http://fakehost/test/page.html")
		if err != nil {
			t.Errorf("%s: %v", name, err)
			scores = append(scores, 0)
			continue
		}
		f1 := tokenF1(got.Text, want)
		scores = append(scores, f1)
		t.Logf("%-22s F1 %.3f  (%d vs %d tokens)", name, f1, len(tokens(got.Text)), len(tokens(want)))

		var meta struct {
			PublishedTime *string `json:"publishedTime"`
		}
		raw, err := os.ReadFile(filepath.Join(dir, "expected-metadata.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &meta); err != nil {
			t.Fatalf("%s: metadata: %v", name, err)
		}
		if meta.PublishedTime == nil {
			continue
		}
		dated++
		wantTime, ok := parseLoose(*meta.PublishedTime)
		if !ok {
			t.Fatalf("%s: cannot parse expected publishedTime %q", name, *meta.PublishedTime)
		}
		if got.Published.Equal(wantTime) {
			datedMatching++
		} else {
			t.Logf("%-22s published %v, expected %v", name, got.Published, wantTime)
		}
	}
	slices.Sort(scores)
	median := scores[len(scores)/2]
	if len(scores)%2 == 0 {
		median = (scores[len(scores)/2-1] + scores[len(scores)/2]) / 2
	}
	t.Logf("median F1 %.3f over %d pages; published time right on %d of %d", median, len(scores), datedMatching, dated)
	if median < 0.90 {
		t.Errorf("median F1 %.3f, want >= 0.90", median)
	}
	if dated > 0 && datedMatching*4 < dated*3 {
		t.Errorf("published time right on %d of %d pages, want at least three quarters", datedMatching, dated)
	}
}

// expectedText renders the oracle's HTML with the same text rules as the
// extractor, so that the comparison measures extraction, not rendering.
func expectedText(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := xhtml.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return nodeText(doc)
}

// parseLoose reads the metadata's timestamps, which may lack seconds or a
// zone; zone-less ones are UTC, as readability reads them.
func parseLoose(s string) (time.Time, bool) {
	for _, layout := range []string{
		time.RFC3339Nano, "2006-01-02T15:04:05-0700", "2006-01-02T15:04:05", "2006-01-02T15:04",
		"2006-01-02 15:04:05.999999", time.DateTime, time.DateOnly,
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}

// tokenF1 is the harmonic mean of precision and recall of got's word tokens
// against want's, counted as multisets.
func tokenF1(got, want string) float64 {
	g, w := tokens(got), tokens(want)
	if len(g) == 0 || len(w) == 0 {
		return 0
	}
	counts := map[string]int{}
	for _, tok := range w {
		counts[tok]++
	}
	overlap := 0
	for _, tok := range g {
		if counts[tok] > 0 {
			counts[tok]--
			overlap++
		}
	}
	if overlap == 0 {
		return 0
	}
	p := float64(overlap) / float64(len(g))
	r := float64(overlap) / float64(len(w))
	return 2 * p * r / (p + r)
}

// None of the saved pages (general news: gun laws, phones, elections)
// reports a call between leaders, so none may yield a call record.
func TestSavedPagesReportNoCall(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(corpusDir, "*", "source.html"))
	if len(dirs) == 0 {
		t.Skipf("no saved pages under %s (only present in the development tree)", corpusDir)
	}
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	x := extract.NewExtractor(g)
	for _, path := range dirs {
		page, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ExtractPage(page, "http://fakehost/test/page.html")
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if a.Published.IsZero() {
			a.Published = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		for _, m := range x.Extract(a) {
			if m.Role == summaries.Reported {
				t.Errorf("%s: reported a call %v on %s", filepath.Base(filepath.Dir(path)), m.Participants, m.Date.Format(time.DateOnly))
			}
		}
	}
}
