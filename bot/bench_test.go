package bot_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"readout/bot"
	"readout/storage"
	"readout/summaries"
	"readout/summaries/leaders"

	"github.com/jonboulle/clockwork"
)

var callPairs = [][2]string{{"Donald Trump", "Vladimir Putin"}, {"Emmanuel Macron", "Xi Jinping"}, {"Keir Starmer", "Volodymyr Zelensky"},
	{"Narendra Modi", "Joe Biden"}, {"Recep Tayyip Erdogan", "Benjamin Netanyahu"}, {"Giorgia Meloni", "Friedrich Merz"}}

// benchArticle is call coverage generated for benchmarks: call i happens
// on day i, so a store of n articles holds about n/2 calls (two articles
// each).
func callArticle(i int) summaries.Article {
	call := i / 2
	p := callPairs[call%len(callPairs)]
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, call)
	text := fmt.Sprintf("%s and %s spoke by telephone on %s for %d minutes, officials said, and agreed to keep talking about trade.\n\n"+
		"According to the readout, %s raised energy prices while %s pressed for a ceasefire and a prisoner exchange.\n\n"+
		"Analysts said the two governments had disagreed on sanctions and weapons deliveries for months.",
		p[0], p[1], day.Weekday(), 30+call%60, p[0], p[1])
	return summaries.Article{URL: fmt.Sprintf("https://bench.test/%d", i), Title: p[0] + " and " + p[1] + " hold phone call",
		Outlet: fmt.Sprintf("Outlet %d", i%2), Published: day.Add(20 * time.Hour), Text: text}
}

func benchCore(b *testing.B) (core, *storage.DB) {
	b.Helper()
	db, err := storage.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	g, err := leaders.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	return newCore(b, db, g, clockwork.NewRealClock()), db
}

// BenchmarkIngest stores articles and folds them into records, one
// transaction each, on a real SQLite file.
func BenchmarkIngest(b *testing.B) {
	bt, _ := benchCore(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := bt.Ingest(ctx, callArticle(i), 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkAsk answers questions on a store of 2,000 calls.
func BenchmarkAsk(b *testing.B) {
	bt, _ := benchCore(b)
	ctx := context.Background()
	for i := 0; i < 4000; i++ {
		if _, err := bt.Ingest(ctx, callArticle(i), 0); err != nil {
			b.Fatal(err)
		}
	}
	questions := []string{"latest trump putin call", "how long was the last macron xi call", "did modi and biden talk in 2022", "what did starmer and zelensky discuss", "calls this week",
		"how many times have trump and putin spoken", "list all meloni merz calls in 2023", "compare the last two trump putin calls", "latest trmup puttin call",
		"did trump and putin talk about sanctions", "who called whom in the last erdogan netanyahu call", "what did the kremlin and the white house agree in march"}
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	took := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		r := bt.Handle(ctx, bot.Request{Origin: bot.Origin{Platform: "bench"}, Text: questions[i%len(questions)], Now: now})
		took = append(took, time.Since(start))
		if len(r.Messages) == 0 {
			b.Fatal("no answer")
		}
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}
