package feeds

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// nestedFeed is an RSS document of n elements nested in one another
// inside its channel: 7 bytes an element.
func nestedFeed(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Deep</title>`)
	b.WriteString(strings.Repeat("<a>", n))
	b.WriteString(strings.Repeat("</a>", n))
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

// flatFeed is an RSS document of n empty items' worth of elements.
func flatFeed(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wide</title>`)
	b.WriteString(strings.Repeat("<b></b>", n))
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

// nestedPage is an HTML page of n elements nested in one another.
func flatPage(n int) []byte {
	return []byte("<html><head><title>Wide</title></head><body><article>" + strings.Repeat("<p>word</p>", n) + "</article></body></html>")
}

func serveBytes(t testing.TB, body []byte, contentType string) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/doc"
}

// Issue 15 item 6: a feed of a million nested elements is refused before
// the XML parser's stack grows with it; so is one of too many elements,
// and a page of too many.
func TestFeedAndPageShapeLimits(t *testing.T) {
	f := New(Options{AllowPrivate: true, Timeout: 30 * time.Second})
	cases := []struct {
		name, contentType string
		body              []byte
		want              string
	}{
		{"nested feed", "application/rss+xml", nestedFeed(1_000_000), "nested deeper than"},
		{"wide feed", "application/rss+xml", flatFeed(1_000_000), "more than"},
		// Elements as small as they come: over the limit within maxPageMarkup.
		{"wide page", "text/html", []byte("<html><body><article>" + strings.Repeat("<br>", 200_000) + "</article></body></html>"), "more than"},
	}
	for _, tc := range cases {
		_, err := f.Fetch(context.Background(), serveBytes(t, tc.body, tc.contentType), Conditional{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s (%d bytes): got %v, want an error saying %q", tc.name, len(tc.body), err, tc.want)
		}
	}
	// Within the limits, a feed is read as before.
	feedURL, _ := url.Parse("https://deep.test/rss")
	if _, _, err := f.parseFeed(context.Background(), nestedFeed(maxXMLDepth-3), feedURL); err != nil {
		t.Errorf("a shallow feed: %v", err)
	}
}

// BenchmarkPollNestedFeed fetches a 7 MB feed of a million nested elements
// from a loopback server, and a feed as large as the element limit lets
// one be (items of a title, a link and a 100-byte content, so that no
// page is fetched), and reports the peak heap in use above what the process
// held before, and the process's peak RSS (VmHWM: run one case alone for
// it to mean that case).
func BenchmarkPollNestedFeed(b *testing.B) {
	var wide strings.Builder
	wide.WriteString(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wide</title>`)
	for i := range maxXMLElements/4 - 2 {
		fmt.Fprintf(&wide, `<item><title>Item %d</title><link>https://wide.test/%d</link><content:encoded>%s</content:encoded></item>`, i, i, strings.Repeat("x", 100))
	}
	wide.WriteString(`</channel></rss>`)
	for _, bc := range []struct {
		name string
		body []byte
	}{{"nested-1M", nestedFeed(1_000_000)}, {"at-element-limit", []byte(wide.String())}} {
		b.Run(bc.name, func(b *testing.B) {
			url := serveBytes(b, bc.body, "application/rss+xml")
			f := New(Options{AllowPrivate: true, Timeout: time.Minute})
			runtime.GC()
			var base runtime.MemStats
			runtime.ReadMemStats(&base)
			stop := make(chan struct{})
			peak := samplePeakHeap(stop)
			b.SetBytes(int64(len(bc.body)))
			refused := 0
			for b.Loop() {
				if _, err := f.Fetch(context.Background(), url, Conditional{}); err != nil {
					refused++
				}
			}
			close(stop)
			b.ReportMetric(float64(len(bc.body))/(1<<20), "body-MB")
			b.ReportMetric(float64(refused)/float64(b.N), "refused/op")
			b.ReportMetric(float64(peak()-base.HeapInuse)/(1<<20), "peak-heap-MB")
			if hwm := peakRSS(); hwm > 0 {
				b.ReportMetric(float64(hwm)/(1<<20), "peak-RSS-MB")
			}
		})
	}
}

func samplePeakHeap(stop chan struct{}) func() uint64 {
	var mu sync.Mutex
	var peak uint64
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			mu.Lock()
			peak = max(peak, m.HeapInuse)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		<-done
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// peakRSS is the process's peak resident set (Linux), 0 elsewhere.
func peakRSS() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
