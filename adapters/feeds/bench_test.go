package feeds

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

func BenchmarkExtractPage(b *testing.B) {
	page, err := os.ReadFile("testdata/pages/call-article.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ExtractPage(page, "https://courier.test/world/call"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtractPageDateSearch covers pages without date metadata
// readability reads, where the page's own date statements decide.
func BenchmarkExtractPageDateSearch(b *testing.B) {
	page, err := os.ReadFile("testdata/pages/dated-by-time.html")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ExtractPage(page, "https://evening-post.test/news/rail"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseFeed(b *testing.B) {
	feed, err := os.ReadFile("testdata/feeds/rss-content.xml")
	if err != nil {
		b.Fatal(err)
	}
	f := New(Options{})
	feedURL, _ := url.Parse("https://harbour-ledger.test/rss")
	ctx := context.Background()
	b.SetBytes(int64(len(feed)))
	b.ReportAllocs()
	for b.Loop() {
		// Every item carries its text, so nothing is fetched.
		if _, arts, err := f.parseFeed(ctx, feed, feedURL); err != nil || len(arts) != 3 {
			b.Fatalf("%d articles, %v", len(arts), err)
		}
	}
}

// BenchmarkFetchOversized shows the body cap bounding memory: B/op stays
// near MaxBytes (1 MiB here) although the server offers 50 MiB.
func BenchmarkFetchOversized(b *testing.B) {
	chunk := bytes.Repeat([]byte("<p>filler</p>\n"), 4096)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for sent := 0; sent < 50<<20; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	f := New(Options{AllowPrivate: true, MaxBytes: 1 << 20})
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Fetch(ctx, srv.URL, Conditional{}); !errors.Is(err, ErrTooLarge) {
			b.Fatal(err)
		}
	}
}

// BenchmarkExtractCorpusPages runs the extractor over the saved real pages
// (skipped where they are absent): their size is what production sees.
func BenchmarkExtractCorpusPages(b *testing.B) {
	paths, _ := filepath.Glob(filepath.Join(corpusDir, "*", "source.html"))
	if len(paths) == 0 {
		b.Skipf("no saved pages under %s", corpusDir)
	}
	pages := make([][]byte, len(paths))
	var total int64
	for i, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		pages[i] = data
		total += int64(len(data))
	}
	b.SetBytes(total / int64(len(pages)))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		// Errors are the corpus test's business; here only the cost counts.
		ExtractPage(pages[i%len(pages)], "http://fakehost/test/page.html")
		i++
	}
}
