package bot_test

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"readout/bot"
	"readout/bot/ingest"
	"readout/storage"
	"readout/summaries"
	"readout/summaries/extract"
	"readout/summaries/leaders"
)

// scaleSizes are the store sizes BenchmarkScale builds; none unless asked
// for, since 100,000 articles take minutes to ingest on two cores.
var scaleSizes = flag.String("scale.articles", "", "comma-separated store sizes, in articles, BenchmarkScale ingests and asks (e.g. 10000,100000)")

// scaleDir keeps the stores BenchmarkScale builds, so that later runs (of
// this or a later build: opening a store migrates it) ask on them again
// without the ingest.
var scaleDir = flag.String("scale.dir", "", "folder to keep BenchmarkScale's stores in and reuse them from (default: a new temp folder each run)")

// BenchmarkScale ingests generated coverage (feeds of 2,000 articles, a
// third of them reporting a call, like ../shared/perf/gen_feeds.py) through
// the ingester into a new SQLite store of each size, reports the ingest
// rate (articles per second of wall clock and of CPU) and the store's size
// beyond the articles' text, then asks each kind of question on it and
// reports the p50 and p99 of an answer:
//
//	go test ./bot -run '^$' -bench BenchmarkScale -benchtime 300x -args -scale.articles 10000,100000
//
// With -scale.dir the stores are kept there and asked again by later runs
// without the ingest.
func BenchmarkScale(b *testing.B) {
	if *scaleSizes == "" {
		b.Skip("give store sizes to build with -args -scale.articles 10000,100000 (100,000 articles take minutes)")
	}
	for _, f := range strings.Split(*scaleSizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 100 {
			b.Fatalf("-scale.articles: %q is not a size of 100 articles or more", f)
		}
		b.Run(fmt.Sprintf("articles=%d", n), func(b *testing.B) { benchScale(b, n) })
	}
}

func benchScale(b *testing.B, n int) {
	ctx := context.Background()
	g, err := leaders.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	dir := *scaleDir
	if dir == "" {
		dir = b.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("scale-%d.db", n))
	_, err = os.Stat(path)
	reuse := err == nil
	// A store is built under another name and renamed when whole, so that
	// an interrupted build is never reused.
	building := path + ".building"
	if !reuse {
		path = building
		if err := os.Remove(building); err != nil && !os.IsNotExist(err) {
			b.Fatal(err)
		}
	}
	db, err := storage.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { db.Close() }()
	cov := newScaleNews(g, n)
	var took, used time.Duration
	if !reuse {
		in, err := ingest.New(ingest.Config{Store: db, Sources: db, Extractor: extract.NewExtractor(g)})
		if err != nil {
			b.Fatal(err)
		}
		wall, cpu := time.Now(), cpuTime()
		for start := 0; start < n; start += 2000 {
			st, err := in.StoreAll(ctx, ingest.Batch{Articles: cov.articles[start:min(start+2000, n)]})
			if err != nil || st.Failed > 0 {
				b.Fatalf("store: %+v %v", st, err)
			}
		}
		took, used = time.Since(wall), cpuTime()-cpu
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		path = strings.TrimSuffix(building, ".building")
		if err := os.Rename(building, path); err != nil {
			b.Fatal(err)
		}
		if db, err = storage.Open(ctx, path); err != nil {
			b.Fatal(err)
		}
	}
	size, text, articles, built, err := db.Footprint(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if reuse {
		b.Logf("%d articles reused from %s, %d calls; %.1f MB, %.0f B an article beyond its text",
			n, path, built, float64(size)/1e6, float64(size-text)/float64(articles))
	} else {
		b.Logf("%d articles ingested in %v (%.0f/s), %v CPU (%.0f/s of CPU), %d calls; %.1f MB, %.0f B an article beyond its text",
			n, took.Round(time.Millisecond), float64(n)/took.Seconds(), used.Round(time.Millisecond), float64(n)/used.Seconds(), built,
			float64(size)/1e6, float64(size-text)/float64(articles))
	}

	bt, err := bot.New(bot.Config{Store: db, Leaders: g, Clock: clockwork.NewFakeClockAt(cov.now)})
	if err != nil {
		b.Fatal(err)
	}
	surname := func(id string) string {
		f := strings.Fields(g.Name(id))
		return strings.ToLower(f[len(f)-1])
	}
	fill := strings.NewReplacer("{A}", surname(hotPair[0]), "{B}", surname(hotPair[1]), "{N}", surname(neverPair[0]), "{M}", surname(neverPair[1]), "{S}", "xi")
	for _, k := range askKinds {
		q := fill.Replace(k.question)
		b.Run(k.kind, func(b *testing.B) {
			// Steady state: the first answers of a kind read its pages
			// into SQLite's cache (the whole-process cost of a cold
			// start is measured by ask itself, see docs/performance.md).
			for range 20 {
				if _, err := bt.Answer(ctx, q, cov.now); err != nil {
					b.Fatalf("%q: %v", q, err)
				}
			}
			lat := make([]time.Duration, 0, b.N)
			for b.Loop() {
				t0 := time.Now()
				r, err := bt.Answer(ctx, q, cov.now)
				lat = append(lat, time.Since(t0))
				if err != nil || len(r.Messages) == 0 {
					b.Fatalf("%q: %v", q, err)
				}
			}
			reportLatency(b, lat)
			if !reuse {
				b.ReportMetric(float64(n)/took.Seconds(), "ingest-articles/s")
				b.ReportMetric(float64(n)/used.Seconds(), "ingest-articles/cpu-s")
			}
			b.ReportMetric(float64(size-text)/float64(articles), "B/article-beyond-text")
		})
	}
}

// scaleNews is generated news: calls between leaders drawn by a Zipf law
// (Trump and Putin the busiest pair; Macron and Modi never speak), each
// reported by one to three outlets, among twice as many articles that name
// two leaders in passing, spread over the years before now.
type scaleNews struct {
	articles []summaries.Article
	now      time.Time
}

func newScaleNews(g *leaders.Gazetteer, n int) scaleNews {
	rng := rand.New(rand.NewPCG(7, uint64(n)))
	var ids []string
	for _, l := range g.Leaders() {
		ids = append(ids, l.ID)
	}
	for i, id := range []string{hotPair[0], hotPair[1], "xi-jinping", neverPair[0], neverPair[1]} {
		j := slices.Index(ids, id)
		ids[i], ids[j] = ids[j], ids[i]
	}
	zipf := rand.NewZipf(rng, 1.3, 3, uint64(len(ids)-1))
	pair := func() (string, string) {
		for {
			a, c := ids[zipf.Uint64()], ids[zipf.Uint64()]
			if a != c && !(a == neverPair[0] && c == neverPair[1]) && !(a == neverPair[1] && c == neverPair[0]) {
				return g.Name(a), g.Name(c)
			}
		}
	}
	filler := strings.Fields("officials week market analysts percent economy minister report statement year security policy agreement meeting visit capital region foreign domestic budget " +
		"harbour railway election parliament coalition inflation currency drought harvest festival museum stadium airline shipping pipeline refinery bank court judge " +
		"province governor mayor protest strike union teachers doctors hospital vaccine satellite rocket telescope glacier river bridge tunnel highway port customs")
	paragraphs := func(sb *strings.Builder, k int) {
		for range k {
			sb.WriteString("\n\nThe")
			for range 50 + rng.IntN(30) {
				sb.WriteString(" " + filler[rng.IntN(len(filler))])
			}
			sb.WriteString(".")
		}
	}
	topics := []string{"trade", "tariffs", "the war in Ukraine", "a ceasefire", "energy infrastructure", "prisoner exchanges",
		"sanctions", "the situation in the Middle East", "nuclear talks", "a possible summit", "rare earths", "migration"}
	const days = 9000
	from := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	cov := scaleNews{now: from.AddDate(0, 0, days+1)}
	for i := 0; len(cov.articles) < n; i++ {
		day := from.AddDate(0, 0, len(cov.articles)*days/n)
		a, c := pair()
		t := rng.Perm(len(topics))
		for k := range 1 + rng.IntN(3) {
			var sb strings.Builder
			fmt.Fprintf(&sb, "%s spoke by phone with %s on %s, discussing %s and %s.\n\n", a, c, day.Weekday(), topics[t[0]], topics[t[1]])
			fmt.Fprintf(&sb, "The conversation lasted %d minutes, according to an aide to %s.\n\n", 20+rng.IntN(100), c)
			fmt.Fprintf(&sb, "%s said the two sides agreed to continue contacts on %s.", a, topics[t[2]])
			if rng.IntN(400) == 0 {
				sb.WriteString(" They also discussed tomahawks and long-range missiles.")
			}
			paragraphs(&sb, 5)
			cov.articles = append(cov.articles, summaries.Article{URL: fmt.Sprintf("https://outlet%d.scale.test/%d/%d", rng.IntN(40), i, k),
				Title: fmt.Sprintf("%s and %s discuss %s in phone call", a, c, topics[t[0]]), Outlet: fmt.Sprintf("Outlet %d", k),
				Published: day.Add(time.Duration(10+k) * time.Hour), Text: sb.String()})
			for range 2 {
				x, y := pair()
				var sb strings.Builder
				fmt.Fprintf(&sb, "%s criticised %s over %s in a speech on %s.", x, y, topics[rng.IntN(len(topics))], day.Weekday())
				paragraphs(&sb, 6)
				cov.articles = append(cov.articles, summaries.Article{URL: fmt.Sprintf("https://outlet%d.scale.test/other/%d/%d", rng.IntN(40), i, len(cov.articles)),
					Title: fmt.Sprintf("%s criticises %s", x, y), Outlet: "Outlet", Published: day.Add(time.Duration(12+rng.IntN(8)) * time.Hour), Text: sb.String()})
			}
		}
	}
	cov.articles = cov.articles[:n]
	return cov
}
