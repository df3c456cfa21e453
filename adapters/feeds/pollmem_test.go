package feeds

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// wideHTML is n paragraphs of about 100 bytes: a page at the element
// limit is about 10 MB of it.
func wideHTML(n int) string {
	return strings.Repeat("<p>Officials of both governments met again in the capital on Tuesday to prepare the talks.</p>\n", n)
}

// cdataFeed is an RSS feed of one item whose content is html.
func cdataFeed(html string) []byte {
	return []byte(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Big</title>` +
		`<item><title>Leaders speak</title><link>https://big.test/a</link><content:encoded><![CDATA[` + html + `]]></content:encoded></item></channel></rss>`)
}

// BenchmarkPollMemory polls one source per case from a loopback server
// and reports the peak heap in use above what the process held before
// (peak-heap-MB; sampled every 5 ms) and the process's peak RSS
// (peak-RSS-MB, VmHWM: run one case alone, -benchtime 1x, for it to mean
// that case). The cases are the largest documents the limits let through
// or must refuse: a 7 MB feed of a million nested elements, 7 MB feeds
// whose item holds a million nested or 75,000 sibling HTML elements, and a
// feed of 8 items whose linked pages are each 9.5 MB at the element limit,
// read PageConcurrency (4) at a time.
func BenchmarkPollMemory(b *testing.B) {
	// Built once, before the baseline, and written as it is: the server's
	// side of the loopback allocates nothing per request.
	page := []byte("<html><head><title>Page</title></head><body><article>" + wideHTML(95_000) + "</article></body></html>")
	if len(page) > DefaultMaxBytes {
		b.Fatalf("a page of %d bytes is over the body cap", len(page))
	}
	var links strings.Builder
	links.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Links</title>`)
	for i := range 8 {
		fmt.Fprintf(&links, `<item><title>Item %d</title><link>{{base}}/page/%d</link><description>Short teaser.</description></item>`, i, i)
	}
	links.WriteString(`</channel></rss>`)
	cases := []struct {
		name string
		feed []byte
	}{
		{"nested-xml-7MB", nestedFeed(1_000_000)},
		{"cdata-nested-html-7MB", cdataFeed(strings.Repeat("<div>", 1_000_000) + "text" + strings.Repeat("</div>", 400_000))},
		{"cdata-wide-html-7MB", cdataFeed(wideHTML(75_000))},
		{"pages-8x9.5MB", []byte(links.String())},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			var feed []byte
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasPrefix(r.URL.Path, "/page/") {
					w.Header().Set("Content-Type", "text/html; charset=utf-8")
					w.Header().Set("Content-Length", strconv.Itoa(len(page)))
					w.Write(page)
					return
				}
				w.Header().Set("Content-Type", "application/rss+xml")
				w.Header().Set("Content-Length", strconv.Itoa(len(feed)))
				w.Write(feed)
			}))
			feed = []byte(strings.ReplaceAll(string(bc.feed), "{{base}}", srv.URL))
			defer srv.Close()
			f := New(Options{AllowPrivate: true, Timeout: 2 * time.Minute})
			runtime.GC()
			var base runtime.MemStats
			runtime.ReadMemStats(&base)
			stop := make(chan struct{})
			peak := samplePeakHeap(stop)
			failed, articles := 0, 0
			for b.Loop() {
				res, err := f.Fetch(context.Background(), srv.URL+"/feed", Conditional{})
				if err != nil {
					failed++
				}
				articles += len(res.Articles)
			}
			close(stop)
			b.ReportMetric(float64(len(bc.feed))/(1<<20), "feed-MB")
			b.ReportMetric(float64(failed)/float64(b.N), "refused/op")
			b.ReportMetric(float64(articles)/float64(b.N), "articles/op")
			b.ReportMetric(float64(peak()-base.HeapInuse)/(1<<20), "peak-heap-MB")
			if hwm := peakRSS(); hwm > 0 {
				b.ReportMetric(float64(hwm)/(1<<20), "peak-RSS-MB")
			}
		})
	}
}
