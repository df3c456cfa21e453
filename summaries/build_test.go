package summaries

import (
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// An undated mention is never merged: the same two leaders speak often, and
// nothing says which of their calls an undated clipping reports.
func TestSameCallNeverMergesUndated(t *testing.T) {
	pair := []string{"a-leader", "b-leader"}
	dated := Call{Participants: pair, Date: day("2026-03-12"), DateBasis: DateRelative}
	undated := Call{Participants: pair}
	if SameCall(dated, Mention{Role: Reported, Participants: pair}, time.Time{}) {
		t.Error("an undated mention joined a dated record")
	}
	if SameCall(undated, Mention{Role: Reported, Participants: pair}, time.Time{}) {
		t.Error("an undated mention joined an undated record")
	}
	if SameCall(undated, Mention{Role: Reported, Participants: pair, Date: day("2026-03-12"), DateBasis: DateExplicit}, day("2026-03-12")) {
		t.Error("a dated mention joined an undated record")
	}
	if !SameCall(dated, Mention{Role: Reported, Participants: pair, Date: day("2026-03-12"), DateBasis: DateExplicit}, day("2026-03-12")) {
		t.Error("the same call on the same day did not merge")
	}
}

// A record that only undated mentions report stays undated, never year 1;
// one dated mention dates it.
func TestBuildKeepsUndatedRecordsUndated(t *testing.T) {
	pair := []string{"a-leader", "b-leader"}
	undated := Attributed{Mention: Mention{Role: Reported, Participants: pair}, Article: ArticleRef{URL: "file://a.txt"}}
	c := Build([]Attributed{undated})
	if !c.Undated() || !c.Date.IsZero() {
		t.Fatalf("record dated %v from an undated mention", c.Date)
	}
	dated := Attributed{Mention: Mention{Role: Background, Participants: pair, Date: day("2026-03-12"), DateBasis: DateExplicit}, Article: ArticleRef{URL: "https://b.test/x"}}
	c = Build([]Attributed{undated, dated})
	if c.Undated() || !c.Date.Equal(day("2026-03-12")) {
		t.Fatalf("record dated %v, want the dated mention's day", c.Date)
	}
}

// A length given while the call went on is a lower bound: a final figure
// from any article wins; without one the bound is kept, flagged.
func TestBuildDurationLowerBound(t *testing.T) {
	pair := []string{"a-leader", "b-leader"}
	live := Attributed{Mention: Mention{Role: Reported, Participants: pair, Date: day("2026-03-17"), DurationMinutes: 60, DurationRank: 8, DurationAtLeast: true}, Article: ArticleRef{URL: "https://a.test/live"}}
	c := Build([]Attributed{live})
	if c.DurationMinutes != 60 || !c.DurationAtLeast {
		t.Fatalf("want a flagged lower bound of 60 min, got %d (at least %v)", c.DurationMinutes, c.DurationAtLeast)
	}
	final := Attributed{Mention: Mention{Role: Reported, Participants: pair, Date: day("2026-03-17"), DurationMinutes: 150, DurationRank: 2}, Article: ArticleRef{URL: "https://b.test/after"}}
	c = Build([]Attributed{live, final})
	if c.DurationMinutes != 150 || c.DurationAtLeast {
		t.Fatalf("want the final 150 min, got %d (at least %v)", c.DurationMinutes, c.DurationAtLeast)
	}
}

func TestBuildNeverChoosesOverlongPoints(t *testing.T) {
	long := "The leaders discussed " + strings.Repeat("trade, energy and the border, ", 12) + "officials said."
	m := Attributed{Mention: Mention{Role: Reported, Participants: []string{"a-leader", "b-leader"}, Date: day("2026-03-17"),
		Candidates: []Candidate{{Text: long, Weight: 5}, {Text: "The leaders agreed to meet in Geneva next month.", Weight: 1}}}, Article: ArticleRef{URL: "https://a.test/x"}}
	c := Build([]Attributed{m})
	if len(c.Points) != 1 || len(c.Points[0].Text) > MaxPointChars {
		t.Fatalf("points %+v", c.Points)
	}
}
