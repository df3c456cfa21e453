package feeds

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"readout/summaries"

	readability "codeberg.org/readeck/go-readability/v2"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// minArticleRunes is the least text an extracted article may have. Below it
// readability has found a caption, a cookie notice or a login box, not an
// article.
const minArticleRunes = 200

// ExtractPage finds the article in an HTML page: its main text (paragraphs
// separated by blank lines), title, publication time and outlet. The
// charset comes from the page's BOM or <meta charset>, else UTF-8 or
// windows-1252, whichever the bytes fit. pageURL resolves the page's links
// and becomes the article's (canonical) URL.
func ExtractPage(html []byte, pageURL string) (summaries.Article, error) {
	u, err := url.Parse(strings.TrimSpace(pageURL))
	if err != nil {
		return summaries.Article{}, fmt.Errorf("page URL %q: %w", pageURL, err)
	}
	return extractPage(html, "", u)
}

// extractPage is ExtractPage with the charset an HTTP Content-Type declared.
func extractPage(data []byte, contentType string, pageURL *url.URL) (summaries.Article, error) {
	if len(trimLeading(data)) == 0 {
		return summaries.Article{}, ErrEmpty
	}
	text, err := decodeHTML(data, contentType)
	if err != nil {
		return summaries.Article{}, err
	}
	if err := checkPageShape(text); err != nil {
		return summaries.Article{}, err
	}
	doc, err := xhtml.Parse(strings.NewReader(text))
	if err != nil {
		return summaries.Article{}, fmt.Errorf("parse HTML: %w", err)
	}
	// readability consumes the tree; the date statements are read first.
	clues := gatherDateClues(doc)
	parser := readability.NewParser()
	page, err := parser.ParseAndMutate(doc, pageURL)
	if err != nil {
		return summaries.Article{}, fmt.Errorf("extract article: %w", err)
	}
	a := summaries.Article{
		URL:    CanonicalURL(pageURL.String()),
		Title:  collapseSpaces(page.Title()),
		Outlet: collapseSpaces(page.SiteName()),
	}
	if page.Node != nil {
		a.Text = nodeText(page.Node)
	}
	if utf8.RuneCountInString(a.Text) < minArticleRunes {
		return summaries.Article{}, ErrNoArticle
	}
	if a.Outlet == "" {
		a.Outlet = hostName(pageURL)
	}
	if t, err := page.PublishedTime(); err == nil {
		a.Published = t.UTC()
	} else {
		a.Published = clues.published(pageURL)
	}
	return a, nil
}

// softHyphen is invisible when rendered and splits words when extracted.
var softHyphen = runes.Remove(runes.Predicate(func(r rune) bool { return r == '\u00ad' }))

// decodeHTML converts a page to UTF-8 (declared charset, else sniffed),
// composes its characters (NFC) and drops soft hyphens, so that the same
// word always comes out as the same string.
func decodeHTML(data []byte, contentType string) (string, error) {
	enc, _, _ := charset.DetermineEncoding(data, contentType)
	t := transform.Chain(enc.NewDecoder(), norm.NFC, softHyphen)
	out, _, err := transform.Bytes(t, data)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrNotText, err)
	}
	return string(out), nil
}

// Discover returns the feed a page links with <link rel="alternate">
// (RSS, Atom or JSON Feed), resolved against the page's URL. If pageURL is
// itself a feed, it is returned as fetched. A page without such a link
// gives ErrNoFeed.
func (f *Fetcher) Discover(ctx context.Context, pageURL string) (string, error) {
	feed, err := f.discover(ctx, pageURL)
	if err != nil {
		return "", fmt.Errorf("discover %s: %w", redact(pageURL), err)
	}
	return feed, nil
}

func (f *Fetcher) discover(ctx context.Context, pageURL string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(pageURL))
	if err != nil {
		return "", err
	}
	doc, err := f.get(ctx, u, Conditional{})
	if err != nil {
		return "", err
	}
	kind, err := sniff(doc.data, doc.contentType)
	if err != nil {
		return "", err
	}
	switch kind {
	case KindFeed:
		return doc.url.String(), nil
	case KindText:
		return "", ErrNoFeed
	}
	text, err := decodeHTML(doc.data, doc.contentType)
	if err != nil {
		return "", err
	}
	href, base := feedLink(text)
	if href == "" {
		return "", ErrNoFeed
	}
	resolved := doc.url
	if b, err := url.Parse(base); err == nil && base != "" {
		resolved = resolved.ResolveReference(b)
	}
	link, err := url.Parse(href)
	if err != nil {
		return "", fmt.Errorf("feed link %q: %w", href, err)
	}
	return resolved.ResolveReference(link).String(), nil
}

// feedTypes are the media types of feed links, as pages declare them.
// Plain application/json is not one: oEmbed and API links use it too.
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
}

// feedLink scans a page's markup for the first feed link and the <base>
// href, without building a tree: both sit in the head.
func feedLink(page string) (href, base string) {
	z := xhtml.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return "", base
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			tok := z.Token()
			switch tok.DataAtom {
			case atom.Base:
				if base == "" {
					base = attr(tok, "href")
				}
			case atom.Link:
				rels := strings.Fields(strings.ToLower(attr(tok, "rel")))
				typ := strings.ToLower(strings.TrimSpace(attr(tok, "type")))
				if slices.Contains(rels, "alternate") && feedTypes[typ] && attr(tok, "href") != "" {
					return strings.TrimSpace(attr(tok, "href")), base
				}
			case atom.Body:
				// Feed links belong in the head; links in the body are content.
				return "", base
			}
		}
	}
}

func attr(t xhtml.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
