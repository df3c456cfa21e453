package ingest_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"readout/bot/ingest"
	"readout/storage"
	"readout/summaries"
	"readout/summaries/extract"
	"readout/summaries/leaders"
)

// storyArticle is the k-th article of one long story: call s between two
// leaders, reported by outlet after outlet within hours, each in its own
// words (its own topics, duration phrasing and filler), as a much-covered
// call is.
func storyArticle(s, k int) summaries.Article {
	pairs := [][2]string{{"Donald Trump", "Vladimir Putin"}, {"Emmanuel Macron", "Xi Jinping"}, {"Keir Starmer", "Volodymyr Zelensky"},
		{"Narendra Modi", "Anthony Albanese"}, {"Recep Tayyip Erdogan", "Benjamin Netanyahu"}, {"Giorgia Meloni", "Friedrich Merz"}}
	topics := []string{"trade", "tariffs", "the war in Ukraine", "a ceasefire", "energy infrastructure", "prisoner exchanges",
		"sanctions", "nuclear talks", "a possible summit", "rare earths", "migration", "air defence", "grain exports", "arms control"}
	durations := []string{"about an hour", "more than 90 minutes", "roughly 40 minutes", "an hour and 10 minutes", "50 minutes"}
	filler := strings.Fields("officials week market analysts percent economy minister report statement year security policy agreement meeting visit capital region foreign domestic budget " +
		"harbour railway election parliament coalition inflation currency drought harvest festival museum stadium airline shipping pipeline refinery bank court judge " +
		"province governor mayor protest strike union teachers doctors hospital vaccine satellite rocket telescope glacier river bridge tunnel highway port customs")
	p := pairs[s%len(pairs)]
	day := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC).AddDate(0, 0, s)
	pub := day.Add(10*time.Hour + time.Duration(k)*20*time.Second)
	seed := uint32(k*2654435761 + s)
	next := func(n int) int { seed = seed*1664525 + 1013904223; return int(seed>>8) % n }
	t := func(i int) string { return topics[(next(len(topics))+i)%len(topics)] }
	var b strings.Builder
	fmt.Fprintf(&b, "%s spoke by phone with %s on %s, discussing %s and %s.\n\n", p[0], p[1], day.Weekday(), t(0), t(1))
	fmt.Fprintf(&b, "The conversation lasted %s, according to an aide to %s, who described it as constructive.\n\n", durations[next(len(durations))], p[1])
	fmt.Fprintf(&b, "%s said the two sides agreed to continue contacts on %s and %s.\n\n", p[0], t(2), t(3))
	for range 6 {
		first := filler[next(len(filler))]
		b.WriteString(strings.ToUpper(first[:1]) + first[1:])
		for range 40 {
			b.WriteString(" " + filler[next(len(filler))])
		}
		b.WriteString(".\n\n")
	}
	return summaries.Article{URL: fmt.Sprintf("https://story.test/%d/%d", s, k), Title: fmt.Sprintf("%s and %s discuss %s in phone call", p[0], p[1], t(0)),
		Outlet: fmt.Sprintf("Outlet %d", k), Published: pub, Text: b.String()}
}

func storyIngester(b testing.TB) (*ingest.Ingester, *storage.DB) {
	b.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(b.TempDir(), "story.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	g, err := leaders.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	in, err := ingest.New(ingest.Config{Store: db, Sources: db, Extractor: extract.NewExtractor(g), Clock: clockwork.NewRealClock()})
	if err != nil {
		b.Fatal(err)
	}
	return in, db
}

// A story's articles folded one by one into the record's tally, as they
// come in order of publication, give the record that building it from
// every mention gives, as when they come in reverse order (each sorting
// before those stored, so that the record is built again each time).
func TestStoryFoldsAsRebuilt(t *testing.T) {
	ctx := context.Background()
	const n = 40
	records := func(order func(int) int) []summaries.Call {
		in, db := storyIngester(t)
		for i := range n {
			if _, err := in.Ingest(ctx, storyArticle(0, order(i)), 0); err != nil {
				t.Fatal(err)
			}
		}
		calls, err := db.Calls(ctx, summaries.CallFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range calls {
			calls[i].ID, calls[i].Version, calls[i].FirstSeen, calls[i].LastSeen = 0, 0, time.Time{}, time.Time{}
		}
		return calls
	}
	folded := records(func(i int) int { return i })
	rebuilt := records(func(i int) int { return n - 1 - i })
	if len(folded) != 1 || len(folded[0].Articles) != n || len(folded[0].Points) == 0 {
		t.Fatalf("want one record of %d articles with key points, got %+v", n, folded)
	}
	if !reflect.DeepEqual(folded, rebuilt) {
		t.Fatalf("folded:\n%+v\nrebuilt:\n%+v", folded, rebuilt)
	}
}

// BenchmarkStory measures one more article of a story already covered by
// n articles (extraction, matching, the record rebuilt and saved, one
// transaction): the cost of the 1,000th article should be close to that of
// the first. At n = 1 each article starts a story of its own; otherwise
// the story grows by one article an iteration from n.
func BenchmarkStory(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			ctx := context.Background()
			in, _ := storyIngester(b)
			for k := range n - 1 {
				if _, err := in.Ingest(ctx, storyArticle(0, k), 0); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			cpu0 := cpuTime()
			i := 0
			for b.Loop() {
				a := storyArticle(0, n-1+i)
				if n == 1 {
					a = storyArticle(i, 0)
				}
				r, err := in.Ingest(ctx, a, 0)
				if err != nil {
					b.Fatal(err)
				}
				if n > 1 && len(r.NewCalls) > 0 {
					b.Fatalf("article %d of the story made a new record", n+i)
				}
				i++
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(i), "cpu-ms/op")
		})
	}
}
