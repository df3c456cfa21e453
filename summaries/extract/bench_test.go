package extract

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"readout/summaries"
)

// sharedDir finds ../shared/<rel> above the working directory (the
// worktree may sit at any depth below it), or "".
func sharedDir(rel string) string {
	dir, err := filepath.Abs(".")
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(dir, "shared", rel)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// generatedArticles are n articles of the generated coverage in
// ../shared/perf (about a third report a call, the rest name leaders in
// passing), read from the feeds the way the feed adapter reads them: one
// paragraph a <p>.
func generatedArticles(b *testing.B, n int) []summaries.Article {
	b.Helper()
	gen := sharedDir(filepath.Join("perf", "gen_feeds.py"))
	if gen == "" {
		b.Skip("the coverage generator is not found: it lives in ../shared/perf")
	}
	out := b.TempDir()
	if msg, err := exec.Command("python3", gen, out, "--articles", itoa(n), "--per-feed", itoa(n)).CombinedOutput(); err != nil {
		b.Skipf("cannot generate coverage: %v: %s", err, msg)
	}
	raw, err := os.ReadFile(filepath.Join(out, "feed-000.xml"))
	if err != nil {
		b.Fatal(err)
	}
	var feed struct {
		Items []struct {
			Title   string `xml:"title"`
			Link    string `xml:"link"`
			PubDate string `xml:"pubDate"`
			Content string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(raw, &feed); err != nil {
		b.Fatal(err)
	}
	arts := make([]summaries.Article, 0, len(feed.Items))
	for _, it := range feed.Items {
		pub, err := time.Parse(time.RFC1123Z, it.PubDate)
		if err != nil {
			b.Fatal(err)
		}
		var paras []string
		for _, p := range strings.Split(it.Content, "</p>") {
			if p = strings.TrimSpace(strings.TrimPrefix(p, "<p>")); p != "" {
				paras = append(paras, html.UnescapeString(p))
			}
		}
		arts = append(arts, summaries.Article{URL: it.Link, Title: it.Title, Published: pub, Text: strings.Join(paras, "\n\n")})
	}
	return arts
}

// corpusArticles are the dev corpus's articles in ../shared, or none.
func corpusArticles(b *testing.B) []summaries.Article {
	b.Helper()
	dir := sharedDir(filepath.Join("corpus", "dev"))
	if dir == "" {
		b.Skip("the dev corpus is not found: it lives in ../shared/corpus/dev")
	}
	var arts []summaries.Article
	for _, name := range []string{"articles.jsonl", "batch2.jsonl", "seeds.jsonl"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var r struct {
				URL, Title, Body, Outlet string
				Published                time.Time
			}
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				b.Fatal(err)
			}
			arts = append(arts, summaries.Article{URL: r.URL, Title: r.Title, Outlet: r.Outlet, Published: r.Published, Text: r.Body})
		}
		f.Close()
		if err := sc.Err(); err != nil {
			b.Fatal(err)
		}
	}
	return arts
}

func benchExtract(b *testing.B, arts []summaries.Article) {
	x := extractor(b)
	found := 0
	for _, a := range arts {
		for _, m := range x.Extract(a) {
			if m.Role == summaries.Reported {
				found++
			}
		}
	}
	if found == 0 {
		b.Fatal("no call reported in the whole coverage")
	}
	b.ReportAllocs()
	cpu0 := cpuTime(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x.Extract(arts[i%len(arts)])
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
	// On a shared machine wall time counts other processes' turns too:
	// per CPU second is the figure that holds ("per core").
	b.ReportMetric(float64(b.N)/(cpuTime(b)-cpu0).Seconds(), "articles/cpu-s")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkExtractGenerated is extraction alone on generated coverage
// (../shared/perf/gen_feeds.py, 500 articles).
func BenchmarkExtractGenerated(b *testing.B) { benchExtract(b, generatedArticles(b, 500)) }

// BenchmarkExtractCorpus is extraction alone on the dev corpus's real
// articles (../shared/corpus/dev).
func BenchmarkExtractCorpus(b *testing.B) { benchExtract(b, corpusArticles(b)) }
