package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"readout/summaries"
)

// The clippings in testdata/messy are written for these tests in the shapes
// real scrapes have: glyph bullets, glued sentences, single newlines, page
// chrome. expected.json says which calls each one reports.
type messyCall struct {
	Participants    []string `json:"participants"`
	Date            string   `json:"date"`
	Medium          *string  `json:"medium"`
	DurationMinutes int      `json:"duration_minutes"`
	DurationAtLeast bool     `json:"duration_at_least"`
	Initiator       *string  `json:"initiator"`
	PointsInclude   []string `json:"points_include"`
}

type messyFile struct {
	Undated bool        `json:"undated"`
	Flag    string      `json:"published_flag"`
	Calls   []messyCall `json:"calls"`
}

// messyPublished is each clipping's publication time as its date line (or,
// for the undated one, the date a user would pass) gives it; reading date
// lines is the feed's job, not extraction's.
var messyPublished = map[string]string{
	"announced-thursday.txt":    "2026-04-10T12:00:00Z",
	"evening-washington.txt":    "2026-01-20T12:00:00Z",
	"glued-single-newlines.txt": "2026-03-03T09:15:00Z",
	"glyph-takeaways.txt":       "2026-02-11T14:32:00Z",
	"headline-minutes.txt":      "2026-04-21T12:00:00Z",
	"one-calls-two.txt":         "2026-05-06T12:00:00Z",
	"passing-mention.txt":       "2026-06-02T12:00:00Z",
	"slug-minutes.txt":          "2026-05-12T12:00:00Z",
	"still-going.txt":           "2026-03-17T15:10:00Z",
	"undated-clipping.txt":      "",
}

// clipping reads a text file as a user keeps it: the first line of prose
// that is not chrome is the headline, a page address line is the URL, and
// the rest is the text.
func clipping(t *testing.T, path, published string) summaries.Article {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a := summaries.Article{URL: "file://" + filepath.Base(path)}
	if published != "" {
		if a.Published, err = time.Parse(time.RFC3339, published); err != nil {
			t.Fatal(err)
		}
	}
	var body []string
	for _, line := range strings.Split(string(raw), "\n") {
		l := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(l, "http") && !strings.ContainsAny(l, " ") && !strings.Contains(l, "img."):
			a.URL = l
		case a.Title == "" && l != "" && !IsChrome(l) && !isNoise(l, strings.ToLower(l)) && len(strings.Fields(l)) >= 4:
			a.Title = l
		default:
			body = append(body, line)
		}
	}
	a.Text = strings.Join(body, "\n")
	return a
}

// buildCalls makes the records an article's mentions would make: one per
// reported mention, with the article's recalled mentions of the same call.
func buildCalls(a summaries.Article, ms []summaries.Mention) []summaries.Call {
	ref := summaries.ArticleRef{URL: a.URL, Title: a.Title, Published: a.Published}
	var out []summaries.Call
	for _, m := range ms {
		if m.Role != summaries.Reported {
			continue
		}
		att := []summaries.Attributed{{Mention: m, Article: ref}}
		c := summaries.Build(att)
		for _, b := range ms {
			if b.Role == summaries.Background && summaries.SameCall(c, b, a.Published) {
				att = append(att, summaries.Attributed{Mention: b, Article: ref})
			}
		}
		out = append(out, summaries.Build(att))
	}
	return out
}

// junkPoint is a key point a reader would not write: a glyph, a sentence
// glued to the next, page chrome, or more than one sentence's length.
var junkPoint = regexp.MustCompile(`[•▪►✅🔶🔹]|[a-z]{2}[.!?]["”’]?[A-Z][a-z]|https?://|@\w+\.`)

func TestMessyClippings(t *testing.T) {
	x := extractor(t)
	raw, err := os.ReadFile(filepath.Join("testdata", "messy", "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]messyFile
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	for file, exp := range want {
		t.Run(strings.TrimSuffix(file, ".txt"), func(t *testing.T) {
			pub, ok := messyPublished[file]
			if !ok {
				t.Fatalf("no publication time for %s", file)
			}
			if exp.Undated {
				a := clipping(t, filepath.Join("testdata", "messy", file), "")
				for _, c := range buildCalls(a, x.Extract(a)) {
					if !c.Date.IsZero() {
						t.Errorf("undated clipping: call %v dated %s, want undated", c.Participants, c.Date.Format(time.DateOnly))
					}
				}
				pub = exp.Flag + "T12:00:00Z"
			}
			a := clipping(t, filepath.Join("testdata", "messy", file), pub)
			calls := buildCalls(a, x.Extract(a))
			if len(calls) != len(exp.Calls) {
				t.Fatalf("got %d calls %v, want %d", len(calls), callKeys(calls), len(exp.Calls))
			}
			for _, e := range exp.Calls {
				c, ok := findCall(x, calls, e.Participants)
				if !ok {
					t.Errorf("no call between %v in %v", e.Participants, callKeys(calls))
					continue
				}
				checkMessyCall(t, x, c, e)
			}
		})
	}
}

func callKeys(cs []summaries.Call) []string {
	var out []string
	for _, c := range cs {
		out = append(out, strings.Join(c.Participants, "+")+"@"+c.Date.Format(time.DateOnly))
	}
	return out
}

func findCall(x *Extractor, cs []summaries.Call, names []string) (summaries.Call, bool) {
	for _, c := range cs {
		var got []string
		for _, p := range c.Participants {
			got = append(got, x.g.Name(p))
		}
		slices.Sort(got)
		if slices.Equal(got, names) {
			return c, true
		}
	}
	return summaries.Call{}, false
}

func checkMessyCall(t *testing.T, x *Extractor, c summaries.Call, e messyCall) {
	t.Helper()
	if got := c.Date.Format(time.DateOnly); got != e.Date {
		t.Errorf("%v: date %s, want %s", c.Participants, got, e.Date)
	}
	if e.Medium != nil && *e.Medium != "" && string(c.Medium) != *e.Medium {
		t.Errorf("%v: medium %q, want %q", c.Participants, c.Medium, *e.Medium)
	}
	if c.DurationMinutes != e.DurationMinutes {
		t.Errorf("%v: duration %d min, want %d", c.Participants, c.DurationMinutes, e.DurationMinutes)
	}
	if c.DurationAtLeast != e.DurationAtLeast {
		t.Errorf("%v: duration at least %v, want %v", c.Participants, c.DurationAtLeast, e.DurationAtLeast)
	}
	if e.Initiator != nil {
		if got := x.g.Name(c.Initiator); c.Initiator == "" && *e.Initiator != "" || c.Initiator != "" && got != *e.Initiator {
			t.Errorf("%v: initiator %q, want %q", c.Participants, c.Initiator, *e.Initiator)
		}
	}
	summary := strings.ToLower(c.Summary())
	for _, w := range e.PointsInclude {
		if !strings.Contains(summary, strings.ToLower(w)) {
			t.Errorf("%v: summary lacks %q:\n%s", c.Participants, w, c.Summary())
		}
	}
	for _, p := range c.Points {
		if len(p.Text) > summaries.MaxPointChars || junkPoint.MatchString(p.Text) {
			t.Errorf("%v: junk point %q", c.Participants, p.Text)
		}
	}
}

// messyTexts are the clippings of testdata/messy, each whole.
func messyTexts(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "messy", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(raw))
	}
	return out
}
