package feeds

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestExtractPage(t *testing.T) {
	a, err := ExtractPage(mustRead(t, "testdata/pages/call-article.html"), "https://Courier.test/world/2025/01/13/call?utm_source=x#top")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Veltria and Norrland leaders hold first call of the year" {
		t.Errorf("Title %q", a.Title)
	}
	if a.Outlet != "Veltria Daily Courier" {
		t.Errorf("Outlet %q", a.Outlet)
	}
	if a.URL != "https://courier.test/world/2025/01/13/call" {
		t.Errorf("URL %q", a.URL)
	}
	if want := time.Date(2025, 1, 13, 7, 30, 0, 0, time.UTC); !a.Published.Equal(want) {
		t.Errorf("Published %v, want %v", a.Published, want)
	}
	paras := strings.Split(a.Text, "\n\n")
	if len(paras) < 6 {
		t.Fatalf("%d paragraphs, want the story's 6:\n%s", len(paras), a.Text)
	}
	if !strings.HasPrefix(a.Text, "By Mira Castell") && !strings.HasPrefix(a.Text, "President Amara Okafor") {
		t.Errorf("text starts %q", a.Text[:60])
	}
	if !strings.HasSuffix(a.Text, "the invitation had been accepted in principle.") {
		t.Errorf("text ends %q", a.Text[len(a.Text)-60:])
	}
	for _, noise := range []string{"cookies", "Related stories", "Selm United", "reader42", "All rights reserved", "dataLayer", "Privacy"} {
		if strings.Contains(a.Text, noise) {
			t.Errorf("text contains page furniture %q", noise)
		}
	}
	for _, p := range paras {
		if strings.Contains(p, "\n") || strings.Contains(p, "  ") {
			t.Errorf("paragraph not collapsed: %q", p)
		}
	}
}

// TestExtractPageDateFallback: the pages have no date metadata readability
// reads, only a <time> element or a byline, which the page's own date
// search reads.
func TestExtractPageDateFallback(t *testing.T) {
	page := mustRead(t, "testdata/pages/dated-by-time.html")
	a, err := ExtractPage(page, "https://evening-post.test/news/rail")
	if err != nil {
		t.Fatal(err)
	}
	// The <time> element's datetime carries a zone: an instant.
	if want := time.Date(2025, 2, 14, 8, 5, 0, 0, time.UTC); !a.Published.Equal(want) || a.Published.Location() != time.UTC {
		t.Errorf("Published %v, want %v", a.Published, want)
	}
	if a.Outlet != "evening-post.test" {
		t.Errorf("Outlet %q, want the host without a site name", a.Outlet)
	}
	if !strings.Contains(a.Text, "railway bridge across the bay") {
		t.Errorf("text %q", a.Text)
	}

	// Without the datetime, the byline's "14 February 2025, 09:05" has no
	// zone: only the day counts.
	bare := strings.Replace(string(page), ` datetime="2025-02-14T09:05:00+01:00"`, "", 1)
	a, err = ExtractPage([]byte(bare), "https://evening-post.test/news/rail")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2025, 2, 14, 0, 0, 0, 0, time.UTC); !a.Published.Equal(want) {
		t.Errorf("Published %v, want %v", a.Published, want)
	}
}

func TestExtractPageErrors(t *testing.T) {
	cases := map[string]struct {
		html string
		want error
	}{
		"empty":        {"", ErrEmpty},
		"blank":        {"\n \n", ErrEmpty},
		"no article":   {string(mustRead(t, "testdata/pages/no-article.html")), ErrNoArticle},
		"empty body":   {"<html><head><title>x</title></head><body></body></html>", ErrNoArticle},
		"only a title": {"<html><head><title>Breaking news</title></head><body><h1>Breaking news</h1></body></html>", ErrNoArticle},
	}
	for name, c := range cases {
		if _, err := ExtractPage([]byte(c.html), "https://x.test/"); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}
