package feeds

import (
	"cmp"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"readout/summaries"
	"readout/summaries/extract"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// dateRank orders the places a page states its publication date, most
// trustworthy first.
type dateRank int

const (
	rankArticleLD dateRank = iota // datePublished of an Article-like JSON-LD object
	rankPublished                 // meta, itemprop or <time> naming the publication date
	rankMarked                    // <time> inside the article
	rankGeneric                   // a bare "date", Dublin Core date, another JSON-LD object's date
	rankURL                       // /2025/03/18/ in the page's or canonical URL
	rankTime                      // any other <time> outside asides
	rankProse                     // a date written in a byline-like element
)

// dateClue is one statement of the publication date, not yet parsed: the
// tree it came from is consumed by readability before it is needed.
type dateClue struct {
	rank  dateRank
	value string
	// prose says value is text for a reader ("Posted 3 March 2025"), read
	// with the project's date finder, not a machine-readable timestamp.
	prose bool
}

// dateClues is what a page's markup says about when it was published.
type dateClues struct {
	clues  []dateClue
	jsonLD []string // <script type="application/ld+json"> bodies
	links  []string // canonical and og:url addresses
}

// publishedMeta names meta (name, property or itemprop) whose content is the
// publication date; genericMeta ones are a date of the page, usually that.
var (
	publishedMeta = toSet(
		"article:published_time", "og:published_time", "og:article:published_time", "article:published",
		"article.published", "published_time", "published-time", "published_date", "published-date",
		"publish_date", "publish-date", "publishdate", "pubdate", "pdate", "parsely-pub-date", "sailthru.date",
		"datepublished", "date_published", "dc.date.issued", "dcterms.issued", "dc.date.published",
		"dc.date.created", "dcterms.created", "article:publicationdate", "publication_date",
		"citation_publication_date", "prism.publicationdate", "rnews:datepublished", "originalpublicationdate",
		"article_date_original", "cxenseparse:recs:publishtime", "bt:pubdate")
	genericMeta = toSet("date", "dc.date", "dcterms.date", "datecreated", "citation_date", "created")
)

// Class and id words: of elements holding a byline's date, and of page
// parts about other stories, whose dates are not this page's.
var (
	datedWords = []string{"date", "byline", "posted", "publish", "timestamp", "dateline", "time"}
	asideWords = []string{"related", "popular", "recommend", "comment", "sidebar", "promo", "trending", "teaser",
		"outbrain", "taboola"}
	changeWords = []string{"update", "modif", "edited"}
)

func toSet(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// gatherDateClues reads the date statements of an intact tree.
func gatherDateClues(doc *xhtml.Node) *dateClues {
	c := &dateClues{}
	c.walk(doc, false, false)
	return c
}

func (c *dateClues) walk(n *xhtml.Node, inArticle, aside bool) {
	if n.Type == xhtml.ElementNode {
		words := strings.ToLower(nodeAttr(n, "class") + " " + nodeAttr(n, "id"))
		switch n.DataAtom {
		case atom.Article, atom.Main:
			inArticle = true
		case atom.Aside, atom.Nav, atom.Footer:
			aside = true
		}
		if strings.EqualFold(nodeAttr(n, "role"), "main") || strings.Contains(nodeAttr(n, "itemtype"), "Article") {
			inArticle = true
		}
		if containsAny(words, asideWords) {
			aside = true
		}
		itemprop := strings.ToLower(nodeAttr(n, "itemprop"))
		switch n.DataAtom {
		case atom.Script:
			if strings.EqualFold(strings.TrimSpace(nodeAttr(n, "type")), "application/ld+json") && n.FirstChild != nil {
				c.jsonLD = append(c.jsonLD, n.FirstChild.Data)
			}
			return
		case atom.Style, atom.Template:
			return
		case atom.Meta:
			c.meta(n)
			return
		case atom.Link:
			if slices.Contains(strings.Fields(strings.ToLower(nodeAttr(n, "rel"))), "canonical") {
				c.links = append(c.links, nodeAttr(n, "href"))
			}
			return
		case atom.Time:
			c.time(n, words, itemprop, inArticle, aside)
			return
		}
		if itemprop == "datepublished" {
			if v := nodeAttr(n, "content"); v != "" {
				c.add(rankPublished, v, false)
			} else {
				c.add(rankPublished, shortText(n), true)
			}
			return
		}
		if !aside && containsAny(words, datedWords) && !containsAny(words, changeWords) {
			if t := shortText(n); t != "" {
				c.add(rankProse, t, true)
			}
		}
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.walk(ch, inArticle, aside)
	}
}

func (c *dateClues) add(rank dateRank, value string, prose bool) {
	if value = strings.TrimSpace(value); value != "" {
		c.clues = append(c.clues, dateClue{rank: rank, value: value, prose: prose})
	}
}

func (c *dateClues) meta(n *xhtml.Node) {
	content := nodeAttr(n, "content")
	for _, key := range []string{"name", "property", "itemprop"} {
		k := strings.ToLower(strings.TrimSpace(nodeAttr(n, key)))
		switch {
		case k == "og:url":
			c.links = append(c.links, content)
			return
		case publishedMeta[k]:
			c.add(rankPublished, content, false)
			return
		case genericMeta[k]:
			c.add(rankGeneric, content, false)
			return
		}
	}
}

// time reads a <time>: its datetime (or content) attribute, else its text.
// One marked as the update time says nothing about publication.
func (c *dateClues) time(n *xhtml.Node, words, itemprop string, inArticle, aside bool) {
	if itemprop == "datemodified" || containsAny(words, changeWords) {
		return
	}
	rank := rankTime
	switch {
	case aside:
		return
	case itemprop == "datepublished" || hasAttr(n, "pubdate") || strings.Contains(words, "publish"):
		rank = rankPublished
	case inArticle:
		rank = rankMarked
	}
	if v := cmp.Or(nodeAttr(n, "datetime"), nodeAttr(n, "content")); v != "" {
		c.add(rank, v, false)
		return
	}
	c.add(max(rank, rankProse), shortText(n), true)
}

// published returns the page's publication time: UTC when the page gave a
// zone, else midnight UTC of the day it names; zero when it names none.
func (c *dateClues) published(pageURL *url.URL) time.Time {
	clues := slices.Clone(c.clues)
	for _, ld := range c.jsonLD {
		clues = append(clues, ldClues(ld)...)
	}
	for _, u := range append([]string{pageURL.String()}, c.links...) {
		if d := urlDate(u); d != "" {
			clues = append(clues, dateClue{rank: rankURL, value: d})
			break
		}
	}
	slices.SortStableFunc(clues, func(a, b dateClue) int { return cmp.Compare(a.rank, b.rank) })

	var found []pageTime
	for _, cl := range clues {
		parse := parseStamp
		if cl.prose {
			parse = parseProse
		}
		if t, ok := parse(cl.value); ok {
			found = append(found, t)
		}
	}
	if len(found) == 0 {
		return time.Time{}
	}
	best := found[0]
	if !best.precise {
		// A day from the URL or a zone-less stamp, made exact by a later
		// clue with a zone on that same day.
		day := best.day()
		for _, t := range found[1:] {
			if t.precise && (t.day().Equal(day) || summaries.Day(t.t.UTC()).Equal(day)) {
				return t.t.UTC()
			}
		}
	}
	return best.utc()
}

// ldClues finds datePublished (and dateCreated) in a JSON-LD block, in
// @graph arrays and nested objects too. Dates of images, videos, comments
// and people are not the page's.
func ldClues(block string) []dateClue {
	var v any
	if err := json.Unmarshal([]byte(unwrapScript(block)), &v); err != nil {
		return nil
	}
	var out []dateClue
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 8 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			article, other := ldKind(x["@type"])
			if !other {
				rank := rankGeneric
				if article {
					rank = rankArticleLD
				}
				if s, ok := x["datePublished"].(string); ok {
					out = append(out, dateClue{rank: rank, value: s})
				}
				if s, ok := x["dateCreated"].(string); ok {
					out = append(out, dateClue{rank: rankGeneric, value: s})
				}
			}
			for k, e := range x {
				if k != "datePublished" && k != "dateCreated" {
					visit(e, depth+1)
				}
			}
		}
	}
	visit(v, 0)
	return out
}

// unwrapScript drops the CDATA and comment markers some pages still put
// around a script's JSON.
func unwrapScript(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"//<![CDATA[", "<![CDATA[", "<!--"} {
		s = strings.TrimSpace(strings.TrimPrefix(s, p))
	}
	for _, p := range []string{"//]]>", "]]>", "-->"} {
		s = strings.TrimSpace(strings.TrimSuffix(s, p))
	}
	return s
}

// ldKind says whether a JSON-LD @type is an article, or a thing (image,
// comment, person…) whose date is not the page's.
func ldKind(t any) (article, other bool) {
	var types []string
	switch x := t.(type) {
	case string:
		types = []string{x}
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				types = append(types, s)
			}
		}
	}
	for _, s := range types {
		switch {
		case strings.HasSuffix(s, "Article"), s == "BlogPosting", s == "LiveBlogPosting", s == "Report", s == "SocialMediaPosting":
			return true, false
		case strings.HasSuffix(s, "Object"), s == "Comment", s == "Person", s == "Organization", s == "Review",
			s == "Event", s == "Product", s == "Clip", s == "Episode":
			other = true
		}
	}
	return false, other
}

var (
	urlDateSep     = regexp.MustCompile(`[/_-]((?:19|20)\d\d)[/_-](\d\d)[/_-](\d\d)(?:[/_.-]|$)`)
	urlDateCompact = regexp.MustCompile(`[/_-]((?:19|20)\d\d)(\d\d)(\d\d)(?:[/_.-]|$)`)
)

// urlDate finds a date in an address's path (/2025/03/18/, -2025-03-18,
// -20250318/) and returns it as YYYY-MM-DD, or "".
func urlDate(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	for _, re := range []*regexp.Regexp{urlDateSep, urlDateCompact} {
		if m := re.FindStringSubmatch(u.Path); m != nil {
			y, _ := strconv.Atoi(m[1])
			mo, _ := strconv.Atoi(m[2])
			d, _ := strconv.Atoi(m[3])
			t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
			if t.Month() == time.Month(mo) && t.Day() == d {
				return t.Format(time.DateOnly)
			}
		}
	}
	return ""
}

// pageTime is a parsed date; precise when it carries a zone, so that it
// names an instant rather than a day somewhere.
type pageTime struct {
	t       time.Time
	precise bool
}

// day is the calendar day as the page wrote it.
func (p pageTime) day() time.Time {
	y, m, d := p.t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (p pageTime) utc() time.Time {
	if p.precise {
		return p.t.UTC()
	}
	return p.day()
}

var (
	// zonedLayouts carry a numeric zone or Z. Fractional seconds after the
	// seconds parse without a layout of their own.
	zonedLayouts = []string{
		time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z0700",
		"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 Z07:00", "2006-01-02 15:04:05 -0700",
		"Mon, 2 Jan 2006 15:04:05 -0700", "2 Jan 2006 15:04:05 -0700",
	}
	// namedLayouts carry a zone abbreviation: only GMT and UTC are
	// unambiguous ("EST" is in New York and in Melbourne).
	namedLayouts = []string{
		"Mon, 2 Jan 2006 15:04:05 MST", "Mon, 2 Jan 2006 15:04 MST", "2 Jan 2006 15:04:05 MST",
		"Monday, 02-Jan-06 15:04:05 MST", time.UnixDate,
	}
	localLayouts = []string{
		"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04",
		time.DateOnly, "20060102", "2006/01/02", time.ANSIC,
	}
)

// parseStamp reads a machine-readable date. Malformed values, and years no
// news page has, are no date.
func parseStamp(s string) (pageTime, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 8 || len(s) > 64 {
		return pageTime{}, false
	}
	var p pageTime
	if t, ok := tryLayouts(zonedLayouts, s); ok {
		p = pageTime{t: t, precise: true}
	} else if t, ok := tryLayouts(namedLayouts, s); ok {
		name, _ := t.Zone()
		p = pageTime{t: t, precise: name == "GMT" || name == "UTC" || name == "UT"}
	} else if t, ok := tryLayouts(localLayouts, s); ok {
		p = pageTime{t: t}
	} else {
		return pageTime{}, false
	}
	if y := p.t.Year(); y < 1990 || y > 2100 {
		return pageTime{}, false
	}
	return p, true
}

func tryLayouts(layouts []string, s string) (time.Time, bool) {
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// proseClock is a time of day in UTC after a written date ("11:57 AM UTC").
var proseClock = regexp.MustCompile(`(?i)\b([01]?\d|2[0-3]):([0-5]\d)\s*([ap])?\.?m?\.?\s+(?:UTC|GMT)\b`)

// parseProse reads a date written for readers with the project's date
// finder: an explicit day with its year, exact when a UTC clock follows.
func parseProse(s string) (pageTime, bool) {
	if p, ok := parseStamp(s); ok {
		return p, true
	}
	for _, r := range extract.FindDates(s, time.Time{}) {
		if r.Basis != summaries.DateExplicit || r.Month || r.Day.Year() < 1990 {
			continue
		}
		p := pageTime{t: r.Day}
		if m := proseClock.FindStringSubmatch(s[r.End:]); m != nil {
			h, _ := strconv.Atoi(m[1])
			mi, _ := strconv.Atoi(m[2])
			switch strings.ToLower(m[3]) {
			case "p":
				if h < 12 {
					h += 12
				}
			case "a":
				if h == 12 {
					h = 0
				}
			}
			p = pageTime{t: r.Day.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute), precise: true}
		}
		return p, true
	}
	return pageTime{}, false
}

// shortText is an element's text, collapsed, when it is short enough to be
// a byline or a date line; longer text is content, not a statement of date.
func shortText(n *xhtml.Node) string {
	const limit = 160
	var b strings.Builder
	var visit func(*xhtml.Node) bool
	visit = func(n *xhtml.Node) bool {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			switch ch.Type {
			case xhtml.TextNode:
				b.WriteString(ch.Data)
				b.WriteByte(' ')
			case xhtml.ElementNode:
				if ch.DataAtom == atom.Script || ch.DataAtom == atom.Style {
					continue
				}
				if !visit(ch) {
					return false
				}
			}
			if b.Len() > 4*limit {
				return false
			}
		}
		return true
	}
	if !visit(n) {
		return ""
	}
	t := strings.Join(strings.Fields(b.String()), " ")
	if len(t) > limit {
		return ""
	}
	return t
}

func nodeAttr(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *xhtml.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
