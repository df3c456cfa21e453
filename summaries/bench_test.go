package summaries_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"readout/summaries"
	"readout/summaries/extract"
	"readout/summaries/leaders"
)

func extractor(t testing.TB) *extract.Extractor {
	t.Helper()
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return extract.NewExtractor(g)
}

// benchArticles builds varied articles of a typical length (about 3,000
// characters: a lead, facts, background, page furniture).
func benchArticles(n int) []summaries.Article {
	pairs := [][2]string{{"Donald Trump", "Vladimir Putin"}, {"Emmanuel Macron", "Xi Jinping"}, {"Keir Starmer", "Volodymyr Zelensky"},
		{"Narendra Modi", "Anthony Albanese"}, {"Recep Tayyip Erdogan", "Benjamin Netanyahu"}, {"Giorgia Meloni", "Friedrich Merz"}}
	days := []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
	out := make([]summaries.Article, n)
	for i := range out {
		p := pairs[i%len(pairs)]
		var b strings.Builder
		b.WriteString("Skip to content\n\nNews   World   Politics   Business\n\n")
		fmt.Fprintf(&b, "%s and %s spoke by telephone on %s for %d minutes, officials said, and agreed to keep talking about trade and security.\n\n", p[0], p[1], days[i%len(days)], 30+i%60)
		fmt.Fprintf(&b, "According to the readout, %s raised the war in Ukraine and energy prices, while %s pressed for a ceasefire and a prisoner exchange.\n\n", p[0], p[1])
		for j := 0; j < 8; j++ {
			fmt.Fprintf(&b, "Paragraph %d of analysis notes that the two governments have disagreed on sanctions, tariffs and weapons deliveries for months, and that officials expect further contacts before the summit in the autumn.\n\n", j)
		}
		fmt.Fprintf(&b, "They last spoke on March %d, in a call that lasted about an hour.\n\n", 1+i%27)
		b.WriteString("Share   Facebook   X   Email\n\nRelated\n\nA story about something else entirely.\n")
		out[i] = summaries.Article{URL: fmt.Sprintf("https://bench.test/%d", i), Title: fmt.Sprintf("%s and %s hold phone call", p[0], p[1]),
			Published: time.Date(2025, 5, 23, 18, 0, 0, 0, time.UTC), Text: b.String()}
	}
	return out
}

// BenchmarkExtract measures extraction alone; articles/s is the figure the
// README states (target: at least 1,000 on one core).
func BenchmarkExtract(b *testing.B) {
	x := extractor(b)
	arts := benchArticles(200)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if ms := x.Extract(arts[i%len(arts)]); len(ms) == 0 {
			b.Fatal("no call found")
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

func BenchmarkBuild(b *testing.B) {
	x := extractor(b)
	var ms []summaries.Attributed
	for i, a := range benchArticles(12) {
		for _, m := range x.Extract(a) {
			if m.Role == summaries.Reported && i%6 == 0 {
				ms = append(ms, summaries.Attributed{Mention: m, Article: summaries.ArticleRef{URL: a.URL, Title: a.Title, Published: a.Published}})
			}
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		summaries.Build(ms)
	}
}
