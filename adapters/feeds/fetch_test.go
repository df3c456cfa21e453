package feeds

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fixtureServer serves testdata/ on loopback, with {{BASE}} in feeds
// replaced by the server's own URL so that item links lead back to it.
func fixtureServer(t *testing.T) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/"))))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		data = bytes.ReplaceAll(data, []byte("{{BASE}}"), []byte(srv.URL))
		switch filepath.Ext(r.URL.Path) {
		case ".html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		case ".xml":
			w.Header().Set("Content-Type", "application/rss+xml")
		case ".json":
			w.Header().Set("Content-Type", "application/feed+json")
		}
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func testFetcher(o Options) *Fetcher {
	o.AllowPrivate = true
	return New(o)
}

func fetchOK(t *testing.T, f *Fetcher, src string) Result {
	t.Helper()
	res, err := f.Fetch(context.Background(), src, Conditional{})
	if err != nil {
		t.Fatalf("Fetch(%s): %v", src, err)
	}
	return res
}

func TestFetchRSSWithContentEncoded(t *testing.T) {
	srv := fixtureServer(t)
	var logs bytes.Buffer
	f := testFetcher(Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	res := fetchOK(t, f, srv.URL+"/feeds/rss-content.xml")

	if res.Kind != KindFeed || res.Title != "Harbour Ledger & World" {
		t.Errorf("Kind %q, Title %q", res.Kind, res.Title)
	}
	// Five items: one duplicate by canonical URL, one without link or guid.
	if len(res.Articles) != 3 {
		for _, a := range res.Articles {
			t.Logf("%+v", a)
		}
		t.Fatalf("got %d articles, want 3", len(res.Articles))
	}
	first, wire, undated := res.Articles[0], res.Articles[1], res.Articles[2]

	if first.URL != "https://www.harbour-ledger.test/world/2025/02/11/okafor-lindqvist-call" {
		t.Errorf("URL %q: relative link not resolved against the channel link, or not canonical", first.URL)
	}
	if first.GUID != "hl-2025-0211-001" || first.Outlet != "harbour-ledger.test" {
		t.Errorf("GUID %q, Outlet %q", first.GUID, first.Outlet)
	}
	if want := time.Date(2025, 2, 11, 17, 20, 0, 0, time.UTC); !first.Published.Equal(want) || first.Published.Location() != time.UTC {
		t.Errorf("Published %v, want %v in UTC", first.Published, want)
	}
	wantParas := []string{
		"President Amara Okafor of Veltria and Chancellor Tomas Lindqvist of Norrland spoke by telephone on Tuesday afternoon, their offices said.",
		"The conversation lasted about forty minutes and was requested by the Norrland side, according to a statement from the chancellery.",
		"Grain and ports",
		"Both leaders discussed reopening the northern grain corridor & the inspection regime for ships calling at Port Halden.",
		"They agreed that their trade ministers would meet next week.",
		"They asked for a joint report by the end of March.",
		"“We want the ships moving before the spring thaw,” Okafor said afterwards.",
		"Line one of an address\nline two of the same paragraph", // a line break in a feed stays one
		"A paragraph after a double break.",
	}
	if got := strings.Split(first.Text, "\n\n"); strings.Join(got, "|") != strings.Join(wantParas, "|") {
		t.Errorf("text paragraphs:\n%q\nwant\n%q", got, wantParas)
	}
	if strings.Contains(first.Text, "teaser") {
		t.Error("the description was used although content:encoded was present")
	}

	if wire.Outlet != "Meridian Wire Service" {
		t.Errorf("Outlet from <source> = %q", wire.Outlet)
	}
	if undated.URL != "https://www.harbour-ledger.test/world/notes/follow-up" || !undated.Published.IsZero() {
		t.Errorf("guid-only item: URL %q, Published %v", undated.URL, undated.Published)
	}
	if !strings.Contains(logs.String(), "no link and no guid") {
		t.Errorf("skipped item not logged; logs:\n%s", logs.String())
	}
}

func TestFetchAtom(t *testing.T) {
	srv := fixtureServer(t)
	res := fetchOK(t, testFetcher(Options{}), srv.URL+"/feeds/atom.xml")
	if res.Kind != KindFeed || res.Title != "Northern Dispatch" || len(res.Articles) != 2 {
		t.Fatalf("Kind %q, Title %q, %d articles", res.Kind, res.Title, len(res.Articles))
	}
	// Newest first: the second entry (updated 2 March) precedes the first.
	briefing, call := res.Articles[0], res.Articles[1]
	if call.GUID != "tag:dispatch.test,2025:varga-pell" ||
		!call.Published.Equal(time.Date(2025, 3, 1, 21, 45, 0, 0, time.UTC)) {
		t.Errorf("call entry: GUID %q, Published %v", call.GUID, call.Published)
	}
	if call.Text != "Prime Minister Ilse Varga telephoned President Jonah Pell on Saturday.\n\nThe call focused on financing the rail link across the bay." {
		t.Errorf("call text %q", call.Text)
	}
	if !briefing.Published.Equal(time.Date(2025, 3, 2, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("entry without published: Published %v, want its updated time", briefing.Published)
	}
	if briefing.Outlet != "Coastal Herald" || call.Outlet != "dispatch.test" {
		t.Errorf("outlets %q, %q", briefing.Outlet, call.Outlet)
	}
}

func TestFetchJSONFeed(t *testing.T) {
	srv := fixtureServer(t)
	res := fetchOK(t, testFetcher(Options{}), srv.URL+"/feeds/feed.json")
	if res.Kind != KindFeed || res.Title != "Bay Observer" || len(res.Articles) != 2 {
		t.Fatalf("Kind %q, Title %q, %d articles", res.Kind, res.Title, len(res.Articles))
	}
	summit, call := res.Articles[0], res.Articles[1]
	if call.URL != "https://bay-observer.test/politics/77-okafor-pell" || call.GUID != "bo-77" {
		t.Errorf("call: URL %q, GUID %q", call.URL, call.GUID)
	}
	if call.Text != "Presidents Amara Okafor and Jonah Pell spoke on Wednesday.\n\nThey agreed to meet in person in April, an aide said." {
		t.Errorf("content_text paragraphs: %q", call.Text)
	}
	if summit.Text != "The April summit will take place in Halden." {
		t.Errorf("content_html: %q", summit.Text)
	}
}

func TestFetchFeedItemsFromLinkedPages(t *testing.T) {
	srv := fixtureServer(t)
	var logs bytes.Buffer
	f := testFetcher(Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	res := fetchOK(t, f, srv.URL+"/feeds/link-only.xml")
	if len(res.Articles) != 2 {
		t.Fatalf("%d articles, want 2", len(res.Articles))
	}
	page, gone := res.Articles[0], res.Articles[1]
	if !strings.Contains(page.Text, "hour-long telephone conversation") ||
		!strings.Contains(page.Text, "accepted in principle") {
		t.Errorf("linked page not extracted: %q", page.Text)
	}
	for _, noise := range []string{"Related stories", "reader42", "All rights reserved", "Teaser"} {
		if strings.Contains(page.Text, noise) {
			t.Errorf("page text contains %q", noise)
		}
	}
	if page.Title != "Leaders of Veltria and Norrland hold first call of the year" {
		t.Errorf("the item's title should win over the page's: %q", page.Title)
	}
	if !page.Published.Equal(time.Date(2025, 1, 13, 7, 30, 0, 0, time.UTC)) {
		t.Errorf("Published %v: the item's date should win", page.Published)
	}
	if gone.Text != "Teaser kept because the page cannot be read." {
		t.Errorf("item with a missing page: %q, want its description", gone.Text)
	}
	if !strings.Contains(logs.String(), "404") {
		t.Errorf("page failure not logged: %s", logs.String())
	}
}

// TestFeedPageConcurrency checks that linked pages are fetched in parallel,
// but never more than PageConcurrency at once.
func TestFeedPageConcurrency(t *testing.T) {
	page, err := os.ReadFile("testdata/pages/call-article.html")
	if err != nil {
		t.Fatal(err)
	}
	const items, limit = 9, 3
	var inFlight, peak atomic.Int32
	release := make(chan struct{})
	var releaseOnce sync.Once
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed" {
			var b strings.Builder
			b.WriteString(`<rss version="2.0"><channel><title>Many</title>`)
			for i := range items {
				b.WriteString("<item><title>Story</title><link>" + srv.URL + "/story/" + string(rune('a'+i)) + "</link></item>")
			}
			b.WriteString("</channel></rss>")
			w.Write([]byte(b.String()))
			return
		}
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		if n == limit {
			// Once the limit is reached, let everyone go. Later fetches
			// reach it again as earlier ones finish.
			releaseOnce.Do(func() { close(release) })
		}
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write(page)
	}))
	defer srv.Close()

	res := fetchOK(t, testFetcher(Options{PageConcurrency: limit}), srv.URL+"/feed")
	if len(res.Articles) != items {
		t.Errorf("%d articles, want %d", len(res.Articles), items)
	}
	if peak.Load() != limit {
		t.Errorf("peak concurrent page fetches %d, want %d", peak.Load(), limit)
	}
}

func TestFetchPageAndText(t *testing.T) {
	srv := fixtureServer(t)
	f := testFetcher(Options{})
	page := fetchOK(t, f, srv.URL+"/pages/call-article.html")
	if page.Kind != KindPage || len(page.Articles) != 1 || page.Title != "Veltria and Norrland leaders hold first call of the year" {
		t.Fatalf("page: Kind %q, Title %q, %d articles", page.Kind, page.Title, len(page.Articles))
	}
	if page.Articles[0].Outlet != "Veltria Daily Courier" {
		t.Errorf("page outlet %q", page.Articles[0].Outlet)
	}

	text := fetchOK(t, f, srv.URL+"/text/seed.txt")
	if text.Kind != KindText || text.Title != "Okafor and Pell discuss the April summit by phone" {
		t.Fatalf("text: Kind %q, Title %q", text.Kind, text.Title)
	}
	if a := text.Articles[0]; a.URL != "https://seed-wire.test/2025/01/22/okafor-pell-call" || a.Outlet != "seed-wire.test" {
		t.Errorf("text article URL %q, Outlet %q", a.URL, a.Outlet)
	}
}

func TestConditionalGet(t *testing.T) {
	const etag, modified = `"v7"`, "Tue, 11 Feb 2025 17:00:00 GMT"
	feed, err := os.ReadFile("testdata/feeds/atom.xml")
	if err != nil {
		t.Fatal(err)
	}
	srv, hits := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == modified {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", modified)
		w.Write(feed)
	})
	f := testFetcher(Options{})
	first := fetchOK(t, f, srv.URL+"/atom")
	if first.NotModified || first.ETag != etag || first.LastModified != modified || len(first.Articles) != 2 {
		t.Fatalf("first fetch: NotModified %v, ETag %q, LastModified %q, %d articles",
			first.NotModified, first.ETag, first.LastModified, len(first.Articles))
	}
	second, err := f.Fetch(context.Background(), srv.URL+"/atom", Conditional{ETag: first.ETag, LastModified: first.LastModified})
	if err != nil {
		t.Fatal(err)
	}
	if !second.NotModified || len(second.Articles) != 0 || second.Kind != "" {
		t.Errorf("second fetch: %+v, want only NotModified", second)
	}
	if hits.Load() != 2 {
		t.Errorf("%d requests, want 2", hits.Load())
	}
}

func TestGzipResponse(t *testing.T) {
	feed, err := os.ReadFile("testdata/feeds/rss-content.xml")
	if err != nil {
		t.Fatal(err)
	}
	var gzipped atomic.Bool
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Write(feed)
			return
		}
		gzipped.Store(true)
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "application/rss+xml")
		zw := gzip.NewWriter(w)
		zw.Write(feed)
		zw.Close()
	})
	res := fetchOK(t, testFetcher(Options{}), srv.URL+"/rss")
	if !gzipped.Load() {
		t.Fatal("the fetcher did not ask for gzip")
	}
	if len(res.Articles) != 3 {
		t.Errorf("%d articles from the gzipped feed, want 3", len(res.Articles))
	}
}

func TestHTTPErrorStatus(t *testing.T) {
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "backend exploded", http.StatusInternalServerError)
	})
	_, err := testFetcher(Options{}).Fetch(context.Background(), srv.URL+"/feed", Conditional{})
	var status *StatusError
	if !errors.As(err, &status) || status.Code != 500 {
		t.Fatalf("error %v, want a *StatusError with 500", err)
	}
	if !strings.Contains(err.Error(), srv.URL+"/feed") || !strings.Contains(err.Error(), "500 Internal Server Error") {
		t.Errorf("message %q should name the source and the status", err)
	}
}

func TestTimeout(t *testing.T) {
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	_, err := testFetcher(Options{Timeout: 200 * time.Millisecond}).Fetch(context.Background(), srv.URL+"/slow", Conditional{})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "timed out after 200ms") {
		t.Fatalf("error %v, want a timeout", err)
	}
}

func TestTooLargeStreamed(t *testing.T) {
	const total = 50 << 20
	var written atomic.Int64
	done := make(chan struct{})
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		w.Header().Set("Content-Type", "text/html")
		chunk := bytes.Repeat([]byte("<p>filler text for a page that never ends</p>\n"), 700)
		for written.Load() < total {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return // the client went away
			}
		}
	})
	// The default cap, 10 MiB, against a 50 MiB body sent without a length.
	_, err := testFetcher(Options{}).Fetch(context.Background(), srv.URL+"/huge", Conditional{})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error %v, want ErrTooLarge", err)
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the handler never noticed the client leaving")
	}
	t.Logf("server wrote %d bytes before the client went away", written.Load())
	if w := written.Load(); w >= total {
		t.Errorf("the server wrote all %d bytes: the body was read to the end", w)
	}
}

func TestTooLargeAnnounced(t *testing.T) {
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "5000000")
		w.Write([]byte("<rss>"))
	})
	_, err := testFetcher(Options{MaxBytes: 1000}).Fetch(context.Background(), srv.URL+"/", Conditional{})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "announced") {
		t.Fatalf("error %v, want ErrTooLarge from Content-Length", err)
	}
}

func TestBadBodies(t *testing.T) {
	cases := []struct {
		name, contentType string
		body              []byte
		want              error
		mention           string
	}{
		{"empty", "text/plain", nil, ErrEmpty, ""},
		{"whitespace", "text/html", []byte(" \n\t\n"), ErrEmpty, ""},
		{"broken RSS", "application/rss+xml", []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>y</ite`), ErrInvalidFeed, "invalid feed"},
		{"XML that is no feed", "application/xml", []byte(`<?xml version="1.0"?><inventory><box/></inventory>`), ErrInvalidFeed, ""},
		{"JSON that is no feed", "application/json", []byte(`{"status": "ok"}`), ErrInvalidFeed, ""},
		{"NUL bytes", "text/plain", []byte("text\x00\x01\x02 more"), ErrNotText, ""},
		{"PNG", "", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrNotText, ""},
		{"invalid UTF-8", "text/plain", []byte("caf\xe9 \xff\xfe and more"), ErrNotText, ""},
		{"gzip declared as text", "text/plain", []byte{0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03}, ErrNotText, ""},
		{"page with no article", "text/html", mustRead(t, "testdata/pages/no-article.html"), ErrNoArticle, ""},
		{"text with only a date line", "text/plain", []byte("date 2025-01-02\n\n"), ErrEmpty, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
				if c.contentType != "" {
					w.Header().Set("Content-Type", c.contentType)
				} else {
					w.Header()["Content-Type"] = nil
				}
				w.Write(c.body)
			})
			_, err := testFetcher(Options{}).Fetch(context.Background(), srv.URL+"/doc", Conditional{})
			if !errors.Is(err, c.want) {
				t.Fatalf("error %v, want %v", err, c.want)
			}
			msg := err.Error()
			t.Log(msg)
			if !strings.HasPrefix(msg, "fetch "+srv.URL+"/doc: ") || strings.Contains(msg, "\n") {
				t.Errorf("message %q: want one line naming the source", msg)
			}
			if c.mention != "" && !strings.Contains(msg, c.mention) {
				t.Errorf("message %q does not mention %q", msg, c.mention)
			}
		})
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	_, err = testFetcher(Options{}).Fetch(context.Background(), "http://"+addr+"/feed", Conditional{})
	if err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("error %v, want connection refused", err)
	}
	if strings.Count(err.Error(), "http://") != 1 {
		t.Errorf("message %q repeats or omits the URL", err)
	}
}

func TestLocalFiles(t *testing.T) {
	ctx := context.Background()
	f := New(Options{AllowFiles: true})
	abs, err := filepath.Abs("testdata/feeds/atom.xml")
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{"testdata/feeds/atom.xml", abs, "file://" + abs} {
		res, err := f.Fetch(ctx, src, Conditional{})
		if err != nil {
			t.Fatalf("Fetch(%s): %v", src, err)
		}
		if res.Kind != KindFeed || len(res.Articles) != 2 || res.URL != "file://"+abs {
			t.Errorf("Fetch(%s): Kind %q, %d articles, URL %q", src, res.Kind, len(res.Articles), res.URL)
		}
	}

	text, err := f.Fetch(ctx, "testdata/text/seed.txt", Conditional{})
	if err != nil || text.Kind != KindText {
		t.Fatalf("seed text: %v, kind %q", err, text.Kind)
	}

	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	if err := os.WriteFile(big, bytes.Repeat([]byte("word "), 300), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{AllowFiles: true, MaxBytes: 1000}).Fetch(ctx, big, Conditional{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("big file: %v, want ErrTooLarge", err)
	}
	if _, err := f.Fetch(ctx, dir, Conditional{}); err == nil {
		t.Error("a directory was read as a source")
	}
	if _, err := f.Fetch(ctx, "file://elsewhere.test/etc/passwd", Conditional{}); !errors.Is(err, ErrBlocked) {
		t.Errorf("file URL with a remote host: %v, want ErrBlocked", err)
	}
}

func TestFetchLatin1Page(t *testing.T) {
	page := mustRead(t, "testdata/pages/call-article.html")
	page = bytes.Replace(page, []byte(`<meta charset="utf-8">`), []byte(`<meta charset="iso-8859-1">`), 1)
	page = bytes.Replace(page, []byte("Mira Castell"), []byte("Mir\xe9 Castell"), 1)
	page = bytes.Replace(page, []byte("Petra Olund"), []byte("Petra \xd6lund"), 1)
	srv, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html") // the charset is only in the page
		w.Write(page)
	})
	res := fetchOK(t, testFetcher(Options{}), srv.URL+"/latin1")
	if !strings.Contains(res.Articles[0].Text, "Petra Ölund") {
		t.Errorf("meta charset not honoured: %q", res.Articles[0].Text)
	}

	// A charset in the Content-Type header wins over the page's own.
	srv2, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=iso-8859-1")
		w.Write([]byte("Sm\xf6rg\xe5s leaders spoke on the phone about the bay and the bridge."))
	})
	res = fetchOK(t, testFetcher(Options{}), srv2.URL+"/latin1.txt")
	if !strings.Contains(res.Articles[0].Text, "Smörgås") {
		t.Errorf("header charset not honoured: %q", res.Articles[0].Text)
	}
}

func TestDiscover(t *testing.T) {
	srv := fixtureServer(t)
	f := testFetcher(Options{})
	ctx := context.Background()
	got, err := f.Discover(ctx, srv.URL+"/pages/call-article.html")
	if err != nil {
		t.Fatal(err)
	}
	if want := srv.URL + "/feeds/world.xml"; got != want {
		t.Errorf("Discover = %q, want %q", got, want)
	}
	if got, err := f.Discover(ctx, srv.URL+"/feeds/atom.xml"); err != nil || got != srv.URL+"/feeds/atom.xml" {
		t.Errorf("Discover on a feed = %q, %v; want the feed itself", got, err)
	}
	if _, err := f.Discover(ctx, srv.URL+"/pages/dated-by-time.html"); !errors.Is(err, ErrNoFeed) {
		t.Errorf("page without a feed link: %v, want ErrNoFeed", err)
	}
	if _, err := New(Options{}).Discover(ctx, srv.URL+"/pages/call-article.html"); !errors.Is(err, ErrBlocked) {
		t.Errorf("Discover went around the guard: %v", err)
	}
}

func TestFeedLinkWithBase(t *testing.T) {
	page := `<html><head><base href="https://cdn.news.test/en/">
		<link rel="stylesheet" href="a.css">
		<link rel="Alternate" type="application/atom+xml" href="feeds/all.atom"></head>
		<body><link rel="alternate" type="application/rss+xml" href="/not-this.xml"></body></html>`
	href, base := feedLink(page)
	if href != "feeds/all.atom" || base != "https://cdn.news.test/en/" {
		t.Errorf("feedLink = %q, %q", href, base)
	}
	if href, _ := feedLink(`<html><head></head><body><link rel="alternate" type="application/rss+xml" href="/x.xml"></body></html>`); href != "" {
		t.Errorf("a link in the body was taken for the feed: %q", href)
	}
}

func TestCancelledContext(t *testing.T) {
	srv := fixtureServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := testFetcher(Options{}).Fetch(ctx, srv.URL+"/feeds/link-only.xml", Conditional{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}
