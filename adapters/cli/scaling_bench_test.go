package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"readout/bot"
	"readout/config"
)

// The figures of docs/scaling.md: ingest throughput and ask latency on
// SQLite and PostgreSQL over the same generated coverage, and the time of
// a poll cycle of 5,000 sources across one and three processes. They need
// the shared coverage generator (READOUT_PERF_GEN, by default
// ../../../shared/perf/gen_feeds.py) and, for PostgreSQL, its binaries;
// without them they skip, saying so.

// generatedCoverage writes the generator's feeds (6,000 articles, 2,000
// a feed) into a folder once per benchmark and returns their files.
func generatedCoverage(b *testing.B) []string {
	b.Helper()
	gen := os.Getenv("READOUT_PERF_GEN")
	if gen == "" {
		gen = filepath.Join("..", "..", "..", "shared", "perf", "gen_feeds.py")
	}
	if _, err := os.Stat(gen); err != nil {
		b.Skipf("no coverage generator at %s (set READOUT_PERF_GEN): %v", gen, err)
	}
	dir := b.TempDir()
	if out, err := exec.Command("python3", gen, dir, "--articles", "6000", "--per-feed", "2000").CombinedOutput(); err != nil {
		b.Skipf("the coverage generator failed: %v\n%s", err, out)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no generated feeds in %s: %v", dir, err)
	}
	return files
}

// benchMain runs one readout command in this process.
func benchMain(b *testing.B, args ...string) string {
	b.Helper()
	var out, errb bytes.Buffer
	env := Env{Stdin: &bytes.Buffer{}, Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if code := Main(context.Background(), args, env); code != 0 {
		b.Fatalf("readout %v: exit %d\n%s%s", args, code, out.String(), errb.String())
	}
	return out.String()
}

// BenchmarkGeneratedIngest stores the generated coverage (6,000 articles)
// into a new database through "readout ingest", per backend.
func BenchmarkGeneratedIngest(b *testing.B) {
	files := generatedCoverage(b)
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := filepath.Join(b.TempDir(), "r.db")
				if backend == "postgres" {
					db = pgServer.Database(b)
				}
				b.StartTimer()
				benchMain(b, append([]string{"--db", db, "ingest"}, files...)...)
			}
			b.ReportMetric(float64(6000*b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}

// BenchmarkGeneratedAsk answers questions over the generated coverage as
// a running bot does (the store open, the core built once), per backend.
func BenchmarkGeneratedAsk(b *testing.B) {
	files := generatedCoverage(b)
	questions := map[string]string{
		"latest-pair":  "latest putin modi call",
		"count-year":   "how many calls did putin have in 2021",
		"topic-search": "calls about tariffs",
	}
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			db := filepath.Join(b.TempDir(), "r.db")
			if backend == "postgres" {
				db = pgServer.Database(b)
			}
			benchMain(b, append([]string{"--db", db, "ingest"}, files...)...)
			cfg, err := config.Load("", func(string) string { return "" })
			if err != nil {
				b.Fatal(err)
			}
			cfg.Storage.Path = db
			a, err := open(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				b.Fatal(err)
			}
			defer a.close(false)
			now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			for name, q := range questions {
				b.Run(name, func(b *testing.B) {
					for b.Loop() {
						r := a.bot.Handle(context.Background(), bot.Request{Origin: bot.Origin{Platform: "cli", User: "bench"}, Text: q, Now: now})
						if r.Failed || len(r.Messages) == 0 {
							b.Fatalf("%q: %+v", q, r)
						}
					}
				})
			}
		})
	}
}

// BenchmarkPollCycle5000 runs 1 or 3 "readout run" processes on one
// PostgreSQL database holding 5,000 feed sources on a loopback server,
// and times the first poll cycle: from the processes' start until every
// source's poll is saved.
func BenchmarkPollCycle5000(b *testing.B) {
	const sources = 5000
	bin := buildReadout(b)
	for _, n := range []int{1, 3} {
		b.Run(fmt.Sprintf("processes=%d", n), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				pg := pgServer.Database(b)
				f := newSharedFeeds(b, sources, 1)
				dir := b.TempDir()
				cfg := filepath.Join(dir, "readout.toml")
				if err := os.WriteFile(cfg, []byte("[sources]\npoll_interval = \"1h\"\ntimeout = \"10s\"\nconcurrency = 8\nper_host = 8\n"), 0o600); err != nil {
					b.Fatal(err)
				}
				ctx := context.Background()
				conn, err := pgx.Connect(ctx, pg)
				if err != nil {
					b.Fatal(err)
				}
				runOnce(b, bin, "--db", pg, "calls") // the schema
				if _, err := conn.Exec(ctx, `INSERT INTO sources(url, added_by, added_at) SELECT $1 || '/feed/' || i || '.xml', 'bench', now() FROM generate_series(0, $2 - 1) AS i`,
					f.srv.URL, sources); err != nil {
					b.Fatal(err)
				}
				out, err := os.Create(filepath.Join(dir, "posted.txt"))
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				var procs []*proc
				for range n {
					procs = append(procs, start(b, bin, out, "--db", pg, "--config", cfg, "run", "--console"))
				}
				for polled := 0; polled < sources; time.Sleep(100 * time.Millisecond) {
					if err := conn.QueryRow(ctx, `SELECT COUNT(*) FROM sources WHERE polled_once`).Scan(&polled); err != nil {
						b.Fatal(err)
					}
					for _, p := range procs {
						select {
						case <-p.done:
							b.Fatalf("a process ended mid-cycle: %v\n%s", p.err, p.log())
						default:
						}
					}
				}
				b.StopTimer()
				for _, p := range procs {
					p.stop(b)
				}
				conn.Close(ctx)
				out.Close()
				if fetched := f.fetchedAtLeast(1); fetched != sources {
					b.Fatalf("%d of %d feeds fetched", fetched, sources)
				}
				for i, c := range f.counts() {
					if c != 1 {
						b.Fatalf("feed %d fetched %d times in one cycle", i, c)
					}
				}
				b.StartTimer()
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/cycle")
			b.ReportMetric(float64(sources*b.N)/b.Elapsed().Seconds(), "sources/s")
		})
	}
}
