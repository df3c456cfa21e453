package feeds

import (
	"net/url"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"
)

// pageDate runs the date search alone on a page made of head and body.
func pageDate(t *testing.T, head, body, pageURL string) time.Time {
	t.Helper()
	doc, err := xhtml.Parse(strings.NewReader("<!DOCTYPE html><html><head><title>Harbour news</title>" + head +
		"</head><body>" + body + "</body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(pageURL)
	if err != nil {
		t.Fatal(err)
	}
	return gatherDateClues(doc).published(u)
}

func utc(y int, m time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

const plainURL = "https://harbour-news.test/story/ferry-strike"

// story is article text with no date in it, so that only the markup under
// test can date the page.
const story = `<article><h1>Ferry crews vote to strike</h1><p>Crews on the island ferries voted to stop work over rosters.</p></article>`

func TestPageDateMeta(t *testing.T) {
	cases := []struct {
		name, head string
		want       time.Time
	}{
		{"article:published_time with offset",
			`<meta property="article:published_time" content="2025-03-18T14:30:00+02:00">`, utc(2025, 3, 18, 12, 30, 0)},
		{"og:published_time in Z",
			`<meta property="og:published_time" content="2025-03-18T09:05:07Z">`, utc(2025, 3, 18, 9, 5, 7)},
		{"fractional seconds and a compact offset",
			`<meta property="article:published_time" content="2025-03-18T09:05:07.250-0500">`, time.Date(2025, 3, 18, 14, 5, 7, 250e6, time.UTC)},
		{"minutes only with a compact offset",
			`<meta itemprop="datePublished" content="2025-03-18T23:15+0000">`, utc(2025, 3, 18, 23, 15, 0)},
		{"DC.date.issued",
			`<meta name="DC.date.issued" content="2025-03-18T06:00:00-04:00">`, utc(2025, 3, 18, 10, 0, 0)},
		{"dcterms.created, date only",
			`<meta name="dcterms.created" content="2025-03-18">`, utc(2025, 3, 18, 0, 0, 0)},
		{"name=date without a zone keeps the day",
			`<meta name="date" content="2025-03-18 23:40:00">`, utc(2025, 3, 18, 0, 0, 0)},
		{"pubdate",
			`<meta name="pubdate" content="2025-03-18T10:00:00+01:00">`, utc(2025, 3, 18, 9, 0, 0)},
		{"publish-date",
			`<meta name="publish-date" content="2025-03-18T10:00:00Z">`, utc(2025, 3, 18, 10, 0, 0)},
		{"parsely-pub-date",
			`<meta name="parsely-pub-date" content="2025-03-18T10:00:00Z">`, utc(2025, 3, 18, 10, 0, 0)},
		{"sailthru.date in RFC 1123",
			`<meta name="sailthru.date" content="Tue, 18 Mar 2025 10:00:00 GMT">`, utc(2025, 3, 18, 10, 0, 0)},
		{"compact pdate",
			`<meta name="pdate" content="20250318">`, utc(2025, 3, 18, 0, 0, 0)},
		{"an ambiguous zone name keeps the written day",
			`<meta name="article:publicationdate" content="Tue Mar 18 21:30:09 EST 2025">`, utc(2025, 3, 18, 0, 0, 0)},
		{"the published date, not the modified one",
			`<meta property="article:modified_time" content="2025-03-20T08:00:00Z"><meta property="article:published_time" content="2025-03-18T08:00:00Z">`,
			utc(2025, 3, 18, 8, 0, 0)},
		{"a named publication date beats a bare date",
			`<meta name="date" content="2025-03-01"><meta property="article:published_time" content="2025-03-18T08:00:00Z">`,
			utc(2025, 3, 18, 8, 0, 0)},
		{"a malformed value is passed over",
			`<meta property="article:published_time" content="last Tuesday"><meta name="DC.date.issued" content="2025-03-18T08:00:00Z">`,
			utc(2025, 3, 18, 8, 0, 0)},
		{"an impossible date is no date",
			`<meta property="article:published_time" content="2025-02-30T08:00:00Z">`, time.Time{}},
		{"a placeholder year is no date",
			`<meta property="article:published_time" content="0001-01-01T00:00:00Z">`, time.Time{}},
	}
	for _, c := range cases {
		if got := pageDate(t, c.head, story, plainURL); !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestPageDateJSONLD(t *testing.T) {
	ld := func(s string) string { return `<script type="application/ld+json">` + s + `</script>` }
	cases := []struct {
		name, head string
		want       time.Time
	}{
		{"top-level NewsArticle",
			ld(`{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ferry crews vote","datePublished":"2025-03-18T07:45:00+00:00"}`),
			utc(2025, 3, 18, 7, 45, 0)},
		{"@graph, the image's date ignored",
			ld(`{"@context":"https://schema.org","@graph":[{"@type":"ImageObject","datePublished":"2019-06-01T00:00:00Z"},` +
				`{"@type":"WebPage","datePublished":"2025-03-17T22:00:00Z"},{"@type":["Article","NewsArticle"],"datePublished":"2025-03-18T07:45:00Z"}]}`),
			utc(2025, 3, 18, 7, 45, 0)},
		{"nested under mainEntity",
			ld(`{"@type":"WebPage","mainEntity":{"@type":"ReportageNewsArticle","datePublished":"2025-03-18T07:45:00-03:00","author":{"@type":"Person","name":"Ada Brun"}}}`),
			utc(2025, 3, 18, 10, 45, 0)},
		{"a top-level array",
			ld(`[{"@type":"BreadcrumbList"},{"@type":"BlogPosting","datePublished":"2025-03-18"}]`),
			utc(2025, 3, 18, 0, 0, 0)},
		{"wrapped in CDATA",
			ld("\n<![CDATA[\n{\"@type\":\"Article\",\"datePublished\":\"2025-03-18T07:45\"}\n]]>\n"),
			utc(2025, 3, 18, 0, 0, 0)},
		{"dateCreated when nothing says published",
			ld(`{"@type":"NewsArticle","dateCreated":"2025-03-18T07:45:00Z","dateModified":"2025-03-19T07:45:00Z"}`),
			utc(2025, 3, 18, 7, 45, 0)},
		{"the article's JSON-LD beats a meta date",
			`<meta name="date" content="2025-02-01">` + ld(`{"@type":"NewsArticle","datePublished":"2025-03-18T07:45:00Z"}`),
			utc(2025, 3, 18, 7, 45, 0)},
		{"broken JSON is passed over",
			ld(`{"@type":"NewsArticle","datePublished":"2025-01-01T00:00:00Z",}`) + `<meta property="article:published_time" content="2025-03-18T07:45:00Z">`,
			utc(2025, 3, 18, 7, 45, 0)},
	}
	for _, c := range cases {
		if got := pageDate(t, c.head, story, plainURL); !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestPageDateTimeElement(t *testing.T) {
	related := `<aside><h2>More news</h2><time datetime="2025-03-11T09:00:00Z">11 March</time> Harbour dues rise</aside>`
	popular := `<div class="most-popular"><time datetime="2025-03-12T09:00:00Z">12 March</time> Lighthouse reopens</div>`
	cases := []struct {
		name, body string
		want       time.Time
	}{
		{"inside the article, after related stories",
			related + popular + `<article><time datetime="2025-03-18T16:20:00+01:00">18 March</time><p>Crews voted.</p></article>`,
			utc(2025, 3, 18, 15, 20, 0)},
		{"the published one, not the updated one",
			`<article><p>Updated <time class="updated" datetime="2025-03-19T08:00:00Z">19 March</time></p>` +
				`<p>Published <time class="published" datetime="2025-03-18T08:00:00Z">18 March</time></p></article>`,
			utc(2025, 3, 18, 8, 0, 0)},
		{"itemprop dateModified is not publication",
			`<article><time itemprop="dateModified" datetime="2025-03-19T08:00:00Z"></time><time datetime="2025-03-18T08:00:00Z"></time></article>`,
			utc(2025, 3, 18, 8, 0, 0)},
		{"pubdate attribute beats a plain time in the article",
			`<article><time datetime="2025-03-10T08:00:00Z">10 March</time><time pubdate datetime="2025-03-18T08:00:00Z">18 March</time></article>`,
			utc(2025, 3, 18, 8, 0, 0)},
		{"itemprop datePublished with content",
			`<div><time itemprop="datePublished" content="2025-03-18T08:00:00-0700">18 March</time></div>`,
			utc(2025, 3, 18, 15, 0, 0)},
		{"a lone time outside any article",
			`<div class="meta"><time datetime="2025-03-18T08:00:00Z">18 March</time></div>` + story,
			utc(2025, 3, 18, 8, 0, 0)},
		{"only related stories have times",
			related + popular + story, time.Time{}},
		{"itemprop datePublished on written text",
			`<p>Filed <span itemprop="datePublished">18 March 2025</span></p>` + story,
			utc(2025, 3, 18, 0, 0, 0)},
	}
	for _, c := range cases {
		if got := pageDate(t, "", c.body, plainURL); !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestPageDateURL(t *testing.T) {
	cases := []struct {
		name, head, url string
		want            time.Time
	}{
		{"slashes", "", "https://harbour-news.test/2025/03/18/ferry-strike/", utc(2025, 3, 18, 0, 0, 0)},
		{"dashes in the slug", "", "https://harbour-news.test/news/ferry-strike-2025-03-18.html", utc(2025, 3, 18, 0, 0, 0)},
		{"dashes as a folder", "", "https://harbour-news.test/2025-03-18/ferry-strike", utc(2025, 3, 18, 0, 0, 0)},
		{"compact at the slug's end", "", "https://harbour-news.test/ferry-strike-20250318/", utc(2025, 3, 18, 0, 0, 0)},
		{"impossible day", "", "https://harbour-news.test/2025/02/30/ferry-strike", time.Time{}},
		{"a story number is no date", "", "https://harbour-news.test/story/100200300400", time.Time{}},
		{"a query is not the path", "", "https://harbour-news.test/story?d=2025/03/18/", time.Time{}},
		{"the canonical link", `<link rel="canonical" href="https://harbour-news.test/2025/03/18/ferry-strike">`, plainURL, utc(2025, 3, 18, 0, 0, 0)},
		{"og:url", `<meta property="og:url" content="https://harbour-news.test/2025/03/18/ferry-strike">`, plainURL, utc(2025, 3, 18, 0, 0, 0)},
		{"metadata beats the URL", `<meta property="article:published_time" content="2025-03-19T01:00:00Z">`,
			"https://harbour-news.test/2025/03/18/ferry-strike", utc(2025, 3, 19, 1, 0, 0)},
	}
	for _, c := range cases {
		if got := pageDate(t, c.head, story, c.url); !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestPageDateRefined: a day alone (from the URL, a zone-less stamp) takes
// the time of a zoned statement on the same day, and only then.
func TestPageDateRefined(t *testing.T) {
	dated := "https://harbour-news.test/2025/03/18/ferry-strike"
	lone := `<div class="meta"><time datetime="2025-03-18T21:10:00-05:00">18 March</time></div>`
	if got, want := pageDate(t, "", lone+story, dated), utc(2025, 3, 19, 2, 10, 0); !got.Equal(want) {
		t.Errorf("same day: %v, want %v", got, want)
	}
	other := `<div class="meta"><time datetime="2025-03-05T10:00:00Z">5 March</time></div>`
	if got, want := pageDate(t, "", other+story, dated), utc(2025, 3, 18, 0, 0, 0); !got.Equal(want) {
		t.Errorf("another day: %v, want %v", got, want)
	}
	zoneless := `<meta name="date" content="2025-03-18T10:00:00">`
	if got, want := pageDate(t, zoneless, lone+story, plainURL), utc(2025, 3, 19, 2, 10, 0); !got.Equal(want) {
		t.Errorf("zone-less stamp: %v, want %v", got, want)
	}
}

func TestPageDateProse(t *testing.T) {
	cases := []struct {
		name, body string
		want       time.Time
	}{
		{"a byline's written date", `<div class="byline">By Ada Brun, posted on March 18, 2025, at 9:20 a.m.</div>` + story,
			utc(2025, 3, 18, 0, 0, 0)},
		{"day first", `<p class="post-date">Tuesday 18 March 2025</p>` + story, utc(2025, 3, 18, 0, 0, 0)},
		{"a UTC clock makes it exact", `<span class="toLocalTime">Tuesday, Mar 18, 2025 4:05 PM UTC</span>` + story,
			utc(2025, 3, 18, 16, 5, 0)},
		{"a year is needed", `<div class="byline">By Ada Brun, March 18</div>` + story, time.Time{}},
		{"an update line is not publication", `<div class="date-updated">Updated March 19, 2025</div>` + story, time.Time{}},
		{"a long passage is content, not a date line",
			`<div class="timeline">` + strings.Repeat("The ferry crews met the owners again and talked. ", 8) + `On March 2, 2025 they agreed.</div>` + story,
			time.Time{}},
		{"a time element's text without datetime", `<article><time>18 March 2025</time><p>Crews voted.</p></article>`,
			utc(2025, 3, 18, 0, 0, 0)},
	}
	for _, c := range cases {
		if got := pageDate(t, "", c.body, plainURL); !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestPageDateNone(t *testing.T) {
	if got := pageDate(t, "", story, plainURL); !got.IsZero() {
		t.Errorf("undated page: %v, want zero", got)
	}
}

// TestParseStamp covers the machine-readable forms one by one, malformed
// ones included.
func TestParseStamp(t *testing.T) {
	est := time.FixedZone("", -5*3600)
	cases := []struct {
		in      string
		want    time.Time
		precise bool
	}{
		{"2025-03-18T10:00:00Z", utc(2025, 3, 18, 10, 0, 0), true},
		{"2025-03-18T10:00:00+05:30", utc(2025, 3, 18, 4, 30, 0), true},
		{"2025-03-18T10:00:00-0500", time.Date(2025, 3, 18, 10, 0, 0, 0, est), true},
		{"2025-03-18T10:00Z", utc(2025, 3, 18, 10, 0, 0), true},
		{"2025-03-18 10:00:00 +0000", utc(2025, 3, 18, 10, 0, 0), true},
		{"Tue, 18 Mar 2025 10:00:00 GMT", utc(2025, 3, 18, 10, 0, 0), true},
		{"Tue, 18 Mar 2025 10:00:00 -0500", time.Date(2025, 3, 18, 10, 0, 0, 0, est), true},
		{"Tue, 18 Mar 2025 10:00:00 EST", utc(2025, 3, 18, 0, 0, 0), false},
		{"2025-03-18T10:00:00", utc(2025, 3, 18, 0, 0, 0), false},
		{"2025-03-18", utc(2025, 3, 18, 0, 0, 0), false},
		{"20250318", utc(2025, 3, 18, 0, 0, 0), false},
		{"  2025-03-18T10:00:00Z\n", utc(2025, 3, 18, 10, 0, 0), true},
	}
	for _, c := range cases {
		p, ok := parseStamp(c.in)
		if !ok || !p.utc().Equal(c.want) || p.precise != c.precise {
			t.Errorf("parseStamp(%q) = %v precise %v ok %v, want %v precise %v", c.in, p.utc(), p.precise, ok, c.want, c.precise)
		}
	}
	for _, bad := range []string{"", "2025", "yesterday", "2025-13-01", "2025-03-18T25:00:00Z", "1800-01-01", "18/03/2025 kl. 10", strings.Repeat("2", 80)} {
		if p, ok := parseStamp(bad); ok {
			t.Errorf("parseStamp(%q) = %v, want no date", bad, p.t)
		}
	}
}
