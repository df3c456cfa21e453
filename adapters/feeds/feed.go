package feeds

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"readout/summaries"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"
)

// minDescriptionRunes is how long an item's description must be to stand
// for the article; shorter ones are teasers, and the linked page is read.
const minDescriptionRunes = 500

// newFeedParser returns a parser that keeps the format-specific feed, for
// the RSS and Atom <source> elements the universal item drops.
func newFeedParser() *gofeed.Parser {
	p := gofeed.NewParser()
	p.KeepOriginalFeed = true
	// The image scan parses every item's HTML once more for a picture we
	// never use.
	p.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	return p
}

// pending is a feed item whose text is on its linked page.
type pending struct {
	index    int // into the articles slice
	link     *url.URL
	fallback string // the item's short description, used if the page fails
}

// parseFeed turns a feed document into articles, fetching the linked page
// of items that carry no article text.
func (f *Fetcher) parseFeed(ctx context.Context, data []byte, feedURL *url.URL) (string, []summaries.Article, error) {
	if body := trimLeading(data); len(body) > 0 && body[0] == '<' {
		if err := checkXMLShape(body); err != nil {
			return "", nil, err
		}
		if cut, n := cutLongText(data, maxPageMarkup); n > 0 {
			f.log.Warn("large feed text: each run over the limit cut before parsing", "feed", feedURL.Redacted(), "cut", n, "limit_bytes", maxPageMarkup)
			data = cut
		}
	}
	var feed *gofeed.Feed
	var err error
	if perr := f.parse(ctx, len(data), func() { feed, err = newFeedParser().Parse(bytes.NewReader(data)) }); perr != nil {
		return "", nil, perr
	}
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return "", nil, fmt.Errorf("%w: the document is neither RSS, Atom nor JSON Feed", ErrInvalidFeed)
	}
	if err != nil {
		return "", nil, fmt.Errorf("%w: %s", ErrInvalidFeed, collapseSpaces(err.Error()))
	}
	if feed.FeedType == "json" && feed.FeedVersion == "" {
		return "", nil, fmt.Errorf("%w: JSON without a JSON Feed version", ErrInvalidFeed)
	}
	base := feedURL
	if link, err := url.Parse(strings.TrimSpace(feed.Link)); err == nil && feed.Link != "" {
		base = feedURL.ResolveReference(link)
	}
	outlets := itemSources(feed)

	var (
		articles []summaries.Article
		pages    []pending
		seen     = map[string]bool{}
	)
	for i, item := range feed.Items {
		title := collapseSpaces(fragmentText(item.Title))
		link := httpLink(base, item.Link)
		guid := strings.TrimSpace(item.GUID)
		var id string
		switch {
		case link != nil:
			id = CanonicalURL(link.String())
		case guid != "":
			// RSS guids are permalinks by default and Atom ids are IRIs: an
			// http(s) guid is canonicalised like a link, any other kept as
			// the item's identity.
			if g := httpLink(base, guid); g != nil && strings.Contains(guid, "://") {
				link = g
				id = CanonicalURL(g.String())
			} else {
				id = guid
			}
		default:
			f.log.Warn("feed item skipped: no link and no guid", "feed", feedURL.Redacted(), "title", title)
			continue
		}
		if seen[id] {
			continue
		}
		seen[id] = true

		a := summaries.Article{URL: id, GUID: guid, Title: title, Outlet: outlets[i]}
		if a.Outlet == "" {
			a.Outlet = hostName(cmp.Or(link, base))
		}
		if t := cmp.Or(item.PublishedParsed, item.UpdatedParsed); t != nil {
			a.Published = t.UTC()
		}
		description := fragmentText(f.itemHTML(item.Description, feedURL, id))
		switch content := fragmentText(f.itemHTML(item.Content, feedURL, id)); {
		case content != "":
			a.Text = content
		case utf8.RuneCountInString(description) >= minDescriptionRunes:
			a.Text = description
		case link != nil:
			pages = append(pages, pending{index: len(articles), link: link, fallback: description})
		case description != "":
			a.Text = description
		default:
			f.log.Warn("feed item skipped: no text and no link", "feed", feedURL.Redacted(), "item", id)
			continue
		}
		articles = append(articles, a)
	}

	pageErr := f.fillFromPages(ctx, feedURL, articles, pages)
	if ctx.Err() != nil {
		// A cancelled fetch reports so, rather than the items it got to.
		return "", nil, context.Cause(ctx)
	}
	articles = slices.DeleteFunc(articles, func(a summaries.Article) bool { return a.Text == "" })
	if len(articles) == 0 && pageErr != nil {
		return "", nil, fmt.Errorf("no feed item could be read: %w", pageErr)
	}
	// Newest first, undated last; stable so that a feed's own order breaks ties.
	slices.SortStableFunc(articles, func(a, b summaries.Article) int {
		switch {
		case a.Published.IsZero() || b.Published.IsZero():
			return boolCmp(a.Published.IsZero(), b.Published.IsZero())
		default:
			return b.Published.Compare(a.Published)
		}
	})
	return collapseSpaces(fragmentText(feed.Title)), articles, nil
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	default:
		return -1
	}
}

// fillFromPages fetches the linked pages of pending items, at most
// PageConcurrency at once, and sets their text. An item whose page fails
// keeps its short description if it had one, else it is left without text
// (and dropped). The first page error is returned for reporting.
func (f *Fetcher) fillFromPages(ctx context.Context, feedURL *url.URL, articles []summaries.Article, pages []pending) error {
	if len(pages) == 0 {
		return nil
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		slots    = make(chan struct{}, f.opts.PageConcurrency)
	)
	for _, p := range pages {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			wg.Wait()
			return context.Cause(ctx)
		}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			page, err := f.fetchArticle(ctx, p.link)
			// Each goroutine owns its element of articles; the mutex guards
			// only the shared error.
			a := &articles[p.index]
			if err != nil {
				err = fmt.Errorf("item %s: %w", p.link.Redacted(), err)
				f.log.Warn("feed item page not read", "feed", feedURL.Redacted(), "error", err)
				a.Text = p.fallback
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
				return
			}
			a.Text = page.Text
			if a.Title == "" {
				a.Title = page.Title
			}
			if a.Published.IsZero() {
				a.Published = page.Published
			}
		}()
	}
	wg.Wait()
	return firstErr
}

// fetchArticle reads one linked article page (or plain-text document).
func (f *Fetcher) fetchArticle(ctx context.Context, link *url.URL) (summaries.Article, error) {
	doc, err := f.getPage(ctx, link)
	if err != nil {
		return summaries.Article{}, err
	}
	defer doc.release()
	kind, err := sniff(doc.data, doc.contentType)
	if err != nil {
		return summaries.Article{}, err
	}
	switch kind {
	case KindPage:
		return f.readPage(ctx, doc.data, doc.contentType, doc.url)
	case KindText:
		return parseText(doc.data, charsetParam(doc.contentType), doc.url.String())
	default:
		return summaries.Article{}, errors.New("the item links to a feed, not an article")
	}
}

// itemSources returns, for each item, the outlet its RSS or Atom <source>
// element names, or "". An aggregator's feed carries many outlets, and
// <source> is the only place that says which one wrote the item; without
// it, the link's host names the outlet (see parseFeed), which stays right
// for aggregators and single-outlet feeds alike, unlike the feed title.
func itemSources(feed *gofeed.Feed) []string {
	out := make([]string, len(feed.Items))
	switch orig := feed.OriginalFeed().(type) {
	case *rss.Feed:
		for i, it := range orig.Items {
			if i < len(out) && it.Source != nil {
				out[i] = collapseSpaces(it.Source.Title)
			}
		}
	case *atom.Feed:
		for i, e := range orig.Entries {
			if i < len(out) && e.Source != nil {
				out[i] = collapseSpaces(fragmentText(e.Source.Title))
			}
		}
	}
	return out
}

// httpLink resolves ref against base and returns it if it is an http(s)
// URL with a host; anything else (javascript:, mailto:, garbage) is nil.
func httpLink(base *url.URL, ref string) *url.URL {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil
	}
	r, err := url.Parse(ref)
	if err != nil {
		return nil
	}
	u := base.ResolveReference(r)
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil
	}
	return u
}

// hostName is u's host without "www.", the fallback name of an outlet.
func hostName(u *url.URL) string {
	if u == nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// collapseSpaces collapses all whitespace, newlines included, into single spaces.
func collapseSpaces(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
