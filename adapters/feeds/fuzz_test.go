package feeds

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// offline is a Fetcher whose every request fails without a connection:
// a fuzzed feed's links must reach nothing.
func offline() *Fetcher {
	f := New(Options{})
	f.client = &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, errors.New("offline")
	})}
	return f
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// nestedItemFeed is an RSS feed of one item whose fields hold the unit
// nested depth deep: as XML elements inside the item, as HTML inside the
// item's escaped description, or as HTML in its CDATA content.
func nestedItemFeed(unit string, depth uint16, where uint8) []byte {
	d := int(depth)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Nest</title><item><title>Leaders speak</title><link>https://nest.test/a</link>`)
	switch where % 3 {
	case 0:
		b.WriteString(strings.Repeat("<x>", d) + "<description>" + unit + "</description>" + strings.Repeat("</x>", d))
	case 1:
		b.WriteString("<description>" + strings.Repeat("&lt;div&gt;&lt;q&gt;", d) + unit + strings.Repeat("&lt;/q&gt;&lt;/div&gt;", d) + "</description>")
	default:
		b.WriteString("<content:encoded><![CDATA[" + strings.Repeat("<div><p><b>", d) + unit + strings.Repeat("</b></p></div>", d) + "]]></content:encoded>")
	}
	b.WriteString(`</item></channel></rss>`)
	return []byte(b.String())
}

// FuzzParseFeed parses fuzzed documents as feeds, seeded with deeply
// nested and wide ones. It never panics, and every article it returns has
// a URL and text, both valid UTF-8, and no text longer than the document.
func FuzzParseFeed(f *testing.F) {
	f.Add(nestedFeed(300))
	f.Add(nestedFeed(maxXMLDepth - 3))
	f.Add(flatFeed(1000))
	for where := range uint8(3) {
		f.Add(nestedItemFeed("Vladimir Putin and Donald Trump spoke by phone on Tuesday.", 600, where))
	}
	f.Add([]byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>urn:x</id><title>T</title><content type="html">&lt;p&gt;text&lt;/p&gt;</content></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","content_text":"` + strings.Repeat("[", 400) + `"}]}`))
	fetch := offline()
	feedURL, _ := url.Parse("https://fuzz.test/rss")
	f.Fuzz(func(t *testing.T, data []byte) {
		_, arts, err := fetch.parseFeed(context.Background(), data, feedURL)
		if err != nil {
			return
		}
		for _, a := range arts {
			if a.URL == "" || a.Text == "" {
				t.Fatalf("an article without URL or text: %+v", a)
			}
			if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) {
				t.Fatalf("not UTF-8: %q / %.80q", a.Title, a.Text)
			}
			if len(a.Text) > 3*len(data) {
				t.Fatalf("%d bytes of text from a document of %d", len(a.Text), len(data))
			}
		}
	})
}

// FuzzNestedFeed builds feeds nested far deeper than byte mutation would
// reach (up to 65,535 levels) around a fuzzed unit: past the depth limit a
// feed is refused with ErrInvalidFeed, within it read, never a panic.
func FuzzNestedFeed(f *testing.F) {
	for where := range uint8(3) {
		f.Add("Vladimir Putin and Donald Trump spoke by phone on Tuesday.", uint16(10), where)
		f.Add("<p>"+strings.Repeat("(", 50), uint16(maxXMLDepth), where)
		f.Add("]]>", uint16(5000), where)
		f.Add("\xa2&amp;&#0;", uint16(65535), where)
	}
	fetch := offline()
	feedURL, _ := url.Parse("https://fuzz.test/rss")
	f.Fuzz(func(t *testing.T, unit string, depth uint16, where uint8) {
		data := nestedItemFeed(unit, depth, where)
		_, arts, err := fetch.parseFeed(context.Background(), data, feedURL)
		if where%3 == 0 && int(depth) > maxXMLDepth && !errors.Is(err, ErrInvalidFeed) {
			t.Fatalf("a feed nested %d deep: %v, want ErrInvalidFeed", depth, err)
		}
		for _, a := range arts {
			if !utf8.ValidString(a.Text) || len(a.Text) > len(data) {
				t.Fatalf("%d bytes of text (valid UTF-8 %v) from %d", len(a.Text), utf8.ValidString(a.Text), len(data))
			}
		}
	})
}

// FuzzExtractPage reads fuzzed pages, seeded with deeply nested and wide
// markup, as article pages: no panic, and an article found has valid UTF-8
// text of at least minArticleRunes.
func FuzzExtractPage(f *testing.F) {
	para := "<p>Vladimir Putin and Donald Trump spoke by phone on Tuesday, the Kremlin said, and discussed a ceasefire at length.</p>"
	f.Add([]byte("<html><body><article>" + strings.Repeat("<div>", 600) + para + para + strings.Repeat("</div>", 600) + "</article></body></html>"))
	f.Add([]byte("<html><body><article>" + strings.Repeat("<blockquote><q>", 300) + para + "</article></body></html>"))
	f.Add(flatPage(2000))
	f.Add([]byte("<html><head><meta charset=\"windows-1252\"><title>\xa2</title></head><body>" + strings.Repeat(para, 5) + "</body></html>"))
	f.Fuzz(func(t *testing.T, page []byte) {
		a, err := ExtractPage(page, "https://fuzz.test/page")
		if err != nil {
			return
		}
		if !utf8.ValidString(a.Text) || !utf8.ValidString(a.Title) || utf8.RuneCountInString(a.Text) < minArticleRunes {
			t.Fatalf("article of %d runes, valid UTF-8 %v", utf8.RuneCountInString(a.Text), utf8.ValidString(a.Text))
		}
	})
}
