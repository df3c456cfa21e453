package sources

import (
	"context"
	"net/url"
	"os"
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

// BenchmarkExtractPageDateSearch covers pages without date metadata, where
// htmldate searches the document after readability.
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
