package feeds

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A page over maxPageMarkup is read without its scripts and styles (its
// JSON-LD kept) and cut at a tag; one within it is read as it is.
func TestTrimPage(t *testing.T) {
	small := []byte("<html><script>x()</script><p>text</p></html>")
	if got := trimPage(small); !bytes.Equal(got, small) {
		t.Errorf("a small page changed: %q", got)
	}
	ld := `<script type="application/ld+json">{"datePublished":"2026-03-12T08:00:00Z"}</script>`
	big := []byte("<html><head>" + ld + "<SCRIPT src=a.js>" + strings.Repeat("var a = '<p>';", 300_000) + "</script>" +
		"<style>" + strings.Repeat("p{}", 100_000) + "</style></head><body><article>" +
		strings.Repeat("<p>Officials met again on Tuesday.</p>", 100_000) + "</article></body></html>")
	got := trimPage(big)
	if len(got) > maxPageMarkup || !bytes.Contains(got, []byte(ld)) || bytes.Contains(got, []byte("var a")) || bytes.Contains(got, []byte("p{}")) {
		t.Errorf("trimmed page of %d bytes: JSON-LD kept %v, script kept %v, style kept %v", len(got),
			bytes.Contains(got, []byte(ld)), bytes.Contains(got, []byte("var a")), bytes.Contains(got, []byte("p{}")))
	}
	if last := bytes.LastIndexByte(got, '<'); last >= 0 && bytes.IndexByte(got[last:], '>') < 0 {
		t.Errorf("cut inside a tag: …%q", got[len(got)-20:])
	}
}

// A page whose scripts put it over the limit still gives its article, dated
// by its JSON-LD, and the trimming is logged.
func TestLargePageStillReadAndLogged(t *testing.T) {
	var logs bytes.Buffer
	f := New(Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	body := strings.Repeat("<p>Vladimir Putin and Donald Trump spoke by phone on Tuesday, the Kremlin said, and discussed a ceasefire.</p>", 20)
	page := []byte(`<html><head><title>Putin and Trump speak</title><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2026-03-12T08:00:00Z"}</script>` +
		"<script>" + strings.Repeat("window.state.push({a:1});", 200_000) + "</script></head><body><article>" + body + "</article></body></html>")
	u, _ := url.Parse("https://wire.test/story")
	a, err := f.readPage(context.Background(), page, "text/html", u)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "spoke by phone") || !a.Published.Equal(time.Date(2026, 3, 12, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("article %q published %v", a.Text[:min(60, len(a.Text))], a.Published)
	}
	if !strings.Contains(logs.String(), "large page") || !strings.Contains(logs.String(), "wire.test/story") {
		t.Errorf("no warning of the trimmed page: %s", logs.String())
	}
}

// The parse budget lets a document wait for others and gives up with the
// caller's context.
func TestParseBudgetWaits(t *testing.T) {
	b := newBudget(10)
	if err := b.take(context.Background(), 8); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.take(ctx, 5); err == nil {
		t.Error("took 5 of 2 free bytes")
	}
	done := make(chan error)
	go func() { done <- b.take(context.Background(), 5) }()
	b.give(8)
	if err := <-done; err != nil {
		t.Error(err)
	}
}

// Linked pages over the markup limit are read one at a time, whether they
// announce their size or not, and every one is read: the slot each takes
// is given back.
func TestLargeLinkedPagesTakeTurns(t *testing.T) {
	article := "<p>Vladimir Putin and Donald Trump spoke by phone on Tuesday, the Kremlin said.</p>"
	page := []byte("<html><head><title>Call</title></head><body><article>" + article + strings.Repeat("<p>Filler paragraph of the page.</p>", 40_000) + "</article></body></html>")
	if len(page) <= maxPageMarkup {
		t.Fatalf("a page of %d bytes is not over the limit", len(page))
	}
	var feed strings.Builder
	feed.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Links</title>`)
	for i := range 6 {
		fmt.Fprintf(&feed, `<item><title>Item %d</title><link>{{base}}/page/%d</link></item>`, i, i)
	}
	feed.WriteString(`</channel></rss>`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/page/") {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(strings.ReplaceAll(feed.String(), "{{base}}", "http://"+r.Host)))
			return
		}
		w.Header().Set("Content-Type", "text/html")
		if strings.HasSuffix(r.URL.Path, "1") || strings.HasSuffix(r.URL.Path, "3") || strings.HasSuffix(r.URL.Path, "5") {
			w.Header().Set("Content-Length", strconv.Itoa(len(page)))
		} // the others are sent chunked, their size unknown
		w.Write(page)
	}))
	defer srv.Close()
	f := New(Options{AllowPrivate: true, Timeout: time.Minute})
	res, err := f.Fetch(context.Background(), srv.URL+"/feed", Conditional{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Articles) != 6 {
		t.Fatalf("%d articles, want 6", len(res.Articles))
	}
	for _, a := range res.Articles {
		if !strings.Contains(a.Text, "spoke by phone on Tuesday") {
			t.Errorf("%s: page not read: %.80q", a.URL, a.Text)
		}
	}
}
