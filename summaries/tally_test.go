package summaries

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// randomCoverage is the mentions of one call as many outlets might give
// them: competing dates, lengths, initiators, media and ordinals, shared
// and reworded sentences, two mentions from one article, a third leader
// now and then, headlines and publication times that tie.
func randomCoverage(r *rand.Rand, n int) []Attributed {
	vocab := strings.Fields("ceasefire energy grid prisoners swap sanctions relief summit geneva trade tariffs grain corridor drones missiles talks envoy minister kremlin washington ukraine nuclear plant inspectors")
	sentence := func() string {
		var ws []string
		for range 4 + r.IntN(8) {
			ws = append(ws, vocab[r.IntN(len(vocab))])
		}
		if r.IntN(10) == 0 {
			ws = append(ws, "declined to comment")
		}
		return "The leaders " + strings.Join(ws, " ") + "."
	}
	pair := []string{"donald-trump", "vladimir-putin"}
	trio := []string{"donald-trump", "vladimir-putin", "xi-jinping"}
	base := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	var out []Attributed
	for i := range n {
		m := Mention{Role: Reported, Participants: pair, Date: base.AddDate(0, 0, r.IntN(3)-1), DateBasis: DateBasis(r.IntN(3))}
		if r.IntN(4) == 0 {
			m.Role = Background
		}
		if r.IntN(15) == 0 {
			m.Participants = trio
		}
		if r.IntN(12) == 0 {
			m.Date = time.Time{}
		}
		if r.IntN(3) == 0 {
			m.Medium = Video
		}
		if r.IntN(3) == 0 {
			m.DurationMinutes = 30 + 5*r.IntN(12)
			m.DurationRank = r.IntN(3)
			m.DurationAtLeast = r.IntN(4) == 0
			m.Duration = &Evidence{Text: fmt.Sprintf("%d minutes", m.DurationMinutes), Sentence: fmt.Sprint("lasted ", i)}
		}
		if r.IntN(3) == 0 {
			m.Initiator = []string{"donald-trump", "vladimir-putin", "xi-jinping"}[r.IntN(3)]
		}
		if r.IntN(5) == 0 {
			m.Ordinal = 1 + r.IntN(3)
		}
		if r.IntN(4) == 0 {
			m.Tone = []string{"warm", "tense", "constructive"}[r.IntN(3)]
		}
		for range r.IntN(3) {
			m.Topics = append(m.Topics, Topics[r.IntN(len(Topics))])
		}
		for range r.IntN(3) {
			m.Quotes = append(m.Quotes, Quote{Speaker: "donald-trump", Text: fmt.Sprint("quote ", r.IntN(12))})
		}
		for range r.IntN(2) {
			m.Agreements = append(m.Agreements, Evidence{Text: fmt.Sprint("agreed ", r.IntN(12))})
		}
		if r.IntN(4) == 0 {
			m.ReadoutBy = []string{[]string{"the Kremlin", "the White House", "Yuri Ushakov"}[r.IntN(3)]}
		}
		for range r.IntN(6) {
			text := sentence()
			if r.IntN(30) == 0 {
				text = strings.Repeat("long ", 70)
			}
			m.Candidates = append(m.Candidates, Candidate{Text: text, Weight: float64(r.IntN(8)) / 4})
		}
		art := i
		if i > 0 && r.IntN(8) == 0 {
			art = i - 1 // a second mention from the article before
		}
		pub := base.Add(time.Duration(10*60+r.IntN(40)) * time.Minute)
		if r.IntN(10) == 0 {
			pub = time.Time{}
		}
		out = append(out, Attributed{Mention: m,
			Article: ArticleRef{URL: fmt.Sprintf("https://o%d.test/%d", art%7, art), Title: sentence(), Outlet: fmt.Sprint("o", art%7), Published: pub, Role: m.Role},
			Seen:    base.Add(time.Duration(r.IntN(1000)) * time.Second)})
		if art != i {
			prev := out[len(out)-2].Article
			out[len(out)-1].Article.Title, out[len(out)-1].Article.Published = prev.Title, prev.Published
		}
	}
	return out
}

func asJSON(t *testing.T, c Call) string {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Build gives the record the builder before tallies gave, for every
// coverage: the same votes, figures, evidence and key points.
func TestBuildAsBefore(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for run := range 150 {
		ms := randomCoverage(r, 1+r.IntN(40))
		want := asJSON(t, refBuild(slices.Clone(ms)))
		if got := asJSON(t, Build(slices.Clone(ms))); got != want {
			t.Fatalf("run %d: Build differs from the builder before tallies:\n got %s\nwant %s", run, got, want)
		}
	}
}

// A reported mention's stub is the record Build gives of it alone, as far
// as the stub goes.
func TestStubAsBuild(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for run := range 300 {
		ms := randomCoverage(r, 1+r.IntN(5))
		// A date read with its hour, in an outlet's time zone.
		ms[0].Date = ms[0].Date.Add(23*time.Hour + 30*time.Minute).In(time.FixedZone("EST", -5*3600))
		for _, m := range ms {
			if m.Role != Reported {
				continue
			}
			b := Build([]Attributed{m})
			want := Call{Participants: b.Participants, Date: b.Date, DateBasis: b.DateBasis, Medium: b.Medium}
			if got := Stub(m.Mention); asJSON(t, got) != asJSON(t, want) || !got.Date.Equal(want.Date) {
				t.Fatalf("run %d: Stub(%+v) = %s, Build gives %s", run, m.Mention, asJSON(t, got), asJSON(t, want))
			}
		}
	}
}

// A tally kept between articles (stored and read back as JSON), fed the
// mentions one by one in order, gives what Build gives from all of them;
// one that sorts before the last is refused and leaves the tally as it was.
func TestTallyAddsAsBuild(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for run := range 100 {
		ms := randomCoverage(r, 1+r.IntN(40))
		SortMentions(ms)
		names := NameWords(ms)
		tally := NewTally(names)
		for i, m := range ms {
			if i > 0 && !mentionBefore(ms[i-1], m) && mentionBefore(m, ms[i-1]) {
				t.Fatalf("run %d: mentions out of order", run)
			}
			if !tally.Add(m) {
				t.Fatalf("run %d: mention %d refused in order", run, i)
			}
			b, err := json.Marshal(tally)
			if err != nil {
				t.Fatal(err)
			}
			tally = &Tally{}
			if err := json.Unmarshal(b, tally); err != nil {
				t.Fatal(err)
			}
			got := tally.Call()
			if got.Participants != nil {
				got.Articles = ArticleList(ms[:i+1])
			}
			if want := asJSON(t, Build(slices.Clone(ms[:i+1]))); asJSON(t, got) != want {
				t.Fatalf("run %d, after mention %d: the tally gives\n%s\nBuild gives\n%s", run, i, asJSON(t, got), want)
			}
		}
		if len(ms) > 1 && !ms[0].Article.Published.Equal(ms[len(ms)-1].Article.Published) {
			before := asJSON(t, tally.Call())
			if tally.Add(ms[0]) {
				t.Fatalf("run %d: a mention sorting before the last was added", run)
			}
			if asJSON(t, tally.Call()) != before {
				t.Fatalf("run %d: a refused mention changed the tally", run)
			}
		}
	}
}

// A mention naming a leader whose name the tally's words counted is
// refused: those words are content no more, and counts made with them
// would be wrong.
func TestTallyRefusesNewNames(t *testing.T) {
	pair := []string{"a-leader", "b-leader"}
	m := Attributed{Mention: Mention{Role: Reported, Participants: pair, Date: day("2026-03-12")}, Article: ArticleRef{URL: "https://a.test/1"}}
	tally := NewTally(NameWords([]Attributed{m}))
	if !tally.Add(m) {
		t.Fatal("the first mention was refused")
	}
	m.Participants = []string{"a-leader", "b-leader", "c-leader"}
	m.Article = ArticleRef{URL: "https://a.test/2", Published: time.Date(2026, 3, 12, 9, 0, 0, 0, time.UTC)}
	if tally.Add(m) {
		t.Fatal("a mention naming a new leader was added")
	}
}

// Past maxClusters the tally keeps the clusters most likely to be chosen,
// so that its size, and the cost of one more article, stay bounded.
func TestTallyBoundsClusters(t *testing.T) {
	pair := []string{"a-leader", "b-leader"}
	tally := NewTally(NameWords([]Attributed{{Mention: Mention{Participants: pair}}}))
	for i := range 3 * maxClusters {
		m := Attributed{Mention: Mention{Role: Reported, Participants: pair, Date: day("2026-03-12"),
			Candidates: []Candidate{{Text: fmt.Sprintf("Unique%d words%d here%d.", i, i, i), Weight: float64(i % 5)}}},
			Article: ArticleRef{URL: fmt.Sprintf("https://a.test/%05d", i)}}
		if !tally.Add(m) {
			t.Fatalf("mention %d refused", i)
		}
	}
	if len(tally.Points.Cs) != maxClusters || tally.Points.Dropped != 2*maxClusters {
		t.Fatalf("%d clusters kept, %d dropped", len(tally.Points.Cs), tally.Points.Dropped)
	}
	for _, c := range tally.Points.Cs {
		if c.Weight < 3 {
			t.Fatalf("kept a cluster of weight %v over heavier ones", c.Weight)
		}
	}
}
