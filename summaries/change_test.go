package summaries

import (
	"slices"
	"testing"
	"time"
)

func baseCall() Call {
	return Call{
		ID:              7,
		Participants:    []string{"fr-president", "us-president"},
		Date:            time.Date(2025, 5, 19, 0, 0, 0, 0, time.UTC),
		Medium:          Phone,
		DurationMinutes: 60,
		Initiator:       "us-president",
		Topics:          []string{"trade"},
		Points:          []KeyPoint{{Text: "They spoke about tariffs.", URL: "https://a.test/1"}, {Text: "A second point.", URL: "https://a.test/1"}},
		Agreements:      []Evidence{{Text: "to meet in June"}},
		Quotes:          []Quote{{Speaker: "us-president", Text: "a very good conversation with my friend"}},
		Tone:            "constructive",
		Ordinal:         2,
		ReadoutBy:       []string{"the Elysee"},
		Articles:        []ArticleRef{{URL: "https://a.test/1", Title: "Leaders talk", Outlet: "A"}},
		Version:         3,
	}
}

func TestDiffUnchanged(t *testing.T) {
	old := baseCall()
	cur := baseCall()
	// Bookkeeping is not a change.
	cur.ID, cur.Version = 8, 4
	cur.FirstSeen, cur.LastSeen = time.Now(), time.Now()
	ch := Diff(old, cur)
	if ch.Changed() || ch.Material() || len(ch.Fields) != 0 {
		t.Fatalf("Diff of equal records = %+v, want no change", ch.Fields)
	}
}

func TestDiffFields(t *testing.T) {
	old := baseCall()
	cur := baseCall()
	cur.Participants = []string{"de-chancellor", "us-president"}
	cur.Date = cur.Date.AddDate(0, 0, 1)
	cur.Medium = Video
	cur.DurationMinutes = 45
	cur.Initiator = "fr-president"
	cur.Topics = []string{"trade", "energy"}
	cur.Points = append(cur.Points, KeyPoint{Text: "They agreed to talk again.", URL: "https://b.test/2"})
	cur.Agreements = append(cur.Agreements, Evidence{Text: "to lower tariffs"})
	cur.Quotes = nil
	cur.Tone = "frank"
	cur.Ordinal = 3
	cur.ReadoutBy = nil
	cur.Articles = append(cur.Articles, ArticleRef{URL: "https://b.test/2", Title: "More talks", Outlet: "B"})
	ch := Diff(old, cur)
	want := []string{"participants", "date", "medium", "duration", "initiator", "topics", "points",
		"articles", "agreements", "quotes", "tone", "ordinal", "readout"}
	if !slices.Equal(ch.Fields, want) {
		t.Fatalf("Fields = %v, want %v", ch.Fields, want)
	}
	if !ch.Participants || !ch.Date || !ch.Medium || !ch.Duration || !ch.Initiator || !ch.Material() {
		t.Errorf("flags = %+v, want every one set", ch)
	}
	if len(ch.NewPoints) != 1 || ch.NewPoints[0].Text != "They agreed to talk again." || ch.NewPoints[0].URL != "https://b.test/2" {
		t.Errorf("NewPoints = %+v", ch.NewPoints)
	}
	if len(ch.NewAgreements) != 1 || ch.NewAgreements[0].Text != "to lower tariffs" {
		t.Errorf("NewAgreements = %+v", ch.NewAgreements)
	}
	if len(ch.NewArticles) != 1 || ch.NewArticles[0].URL != "https://b.test/2" {
		t.Errorf("NewArticles = %+v", ch.NewArticles)
	}
	if !ch.Has("tone") || ch.Old.Tone != "constructive" || ch.Cur.Tone != "frank" {
		t.Errorf("Has(tone) = %v, Old/Cur tone = %q/%q", ch.Has("tone"), ch.Old.Tone, ch.Cur.Tone)
	}
}

// A new version that only loses, reorders or relabels is kept but not
// announced.
func TestDiffNotMaterial(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Call)
		field string
	}{
		{"medium lost", func(c *Call) { c.Medium = "" }, "medium"},
		{"duration lost", func(c *Call) { c.DurationMinutes = 0 }, "duration"},
		{"initiator lost", func(c *Call) { c.Initiator = "" }, "initiator"},
		{"topics", func(c *Call) { c.Topics = []string{"security"} }, "topics"},
		{"points dropped", func(c *Call) { c.Points = nil }, "points"},
		{"points reordered", func(c *Call) {
			c.Points = []KeyPoint{c.Points[1], c.Points[0]}
		}, "points"},
		{"article dropped", func(c *Call) { c.Articles = nil }, "articles"},
		{"agreement dropped", func(c *Call) { c.Agreements = nil }, "agreements"},
		{"quotes", func(c *Call) { c.Quotes = append(c.Quotes, Quote{Speaker: "x", Text: "something else entirely said"}) }, "quotes"},
		{"tone", func(c *Call) { c.Tone = "warm" }, "tone"},
		{"ordinal", func(c *Call) { c.Ordinal = 4 }, "ordinal"},
		{"readout", func(c *Call) { c.ReadoutBy = []string{"the White House"} }, "readout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := baseCall()
			tt.edit(&cur)
			ch := Diff(baseCall(), cur)
			if !slices.Equal(ch.Fields, []string{tt.field}) {
				t.Errorf("Fields = %v, want [%s]", ch.Fields, tt.field)
			}
			if ch.Material() {
				t.Errorf("Material() = true for %s, want false", tt.name)
			}
		})
	}
}

func TestDiffMaterial(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Call)
	}{
		{"medium learnt", func(c *Call) { c.Medium = Video }},
		{"duration changed", func(c *Call) { c.DurationMinutes = 90 }},
		{"initiator changed", func(c *Call) { c.Initiator = "fr-president" }},
		{"new point", func(c *Call) { c.Points = append(c.Points, KeyPoint{Text: "A third point."}) }},
		{"new agreement", func(c *Call) { c.Agreements = append(c.Agreements, Evidence{Text: "to share data"}) }},
		{"new article", func(c *Call) { c.Articles = append(c.Articles, ArticleRef{URL: "https://c.test/3"}) }},
		{"date moved", func(c *Call) { c.Date = c.Date.AddDate(0, 0, -1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur := baseCall()
			tt.edit(&cur)
			if ch := Diff(baseCall(), cur); !ch.Material() {
				t.Errorf("Material() = false, want true (fields %v)", ch.Fields)
			}
		})
	}
}

// The same day in another zone is the same day: records store a day, not
// an instant.
func TestDiffDateIsADay(t *testing.T) {
	old := baseCall()
	cur := baseCall()
	cur.Date = old.Date.In(time.FixedZone("UTC+0", 0))
	if ch := Diff(old, cur); ch.Changed() {
		t.Errorf("Fields = %v, want none", ch.Fields)
	}
}
