package feeds

import (
	"bytes"
	"context"
	"net/url"
	"sync"

	"readout/summaries"
)

// Parsing a page takes about 14 times its size in memory (the decoded
// text, the HTML tree, readability's copies of it): a 9.5 MB page peaked
// at 130 MB of heap, and the four pages of one feed read at once, each
// within the body cap, at 590 MB. Three bounds keep a poll's memory near
// one body at the cap and one parse:
//
//   - maxPageMarkup: a page over it is read without its scripts and
//     styles (JSON-LD kept, for the page's date), and what is still over
//     it is cut at a tag. Real article pages run to 1.6 MB with their
//     scripts; extraction reads 1 MiB of text at most.
//   - parseBudget: the bytes of documents being parsed at once, across all
//     the polls of a Fetcher. Small pages parse side by side; a large one
//     waits for the others.
//   - Fetcher.large: one linked page over maxPageMarkup is read and parsed
//     at a time; the others wait holding at most maxPageMarkup each.
const (
	maxPageMarkup = 1 << 20
	parseBudget   = maxPageMarkup
)

// budget is a count of bytes that callers take and give back.
type budget struct {
	mu      sync.Mutex
	free    int64
	changed chan struct{} // closed, and replaced, when bytes are given back
}

func newBudget(n int64) *budget { return &budget{free: n, changed: make(chan struct{})} }

// take waits until n bytes are free and takes them, or returns ctx's cause.
func (b *budget) take(ctx context.Context, n int64) error {
	for {
		b.mu.Lock()
		if b.free >= n {
			b.free -= n
			b.mu.Unlock()
			return nil
		}
		changed := b.changed
		b.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
}

func (b *budget) give(n int64) {
	b.mu.Lock()
	b.free += n
	close(b.changed)
	b.changed = make(chan struct{})
	b.mu.Unlock()
}

// parse runs fn, which parses a document of size bytes, within the
// Fetcher's parse budget.
func (f *Fetcher) parse(ctx context.Context, size int, fn func()) error {
	n := int64(min(size, parseBudget))
	if err := f.parsing.take(ctx, n); err != nil {
		return err
	}
	defer f.parsing.give(n)
	fn()
	return nil
}

// readPage extracts the article of a fetched page within the parse
// budget, trimming a page over maxPageMarkup first, and says so.
func (f *Fetcher) readPage(ctx context.Context, data []byte, contentType string, pageURL *url.URL) (summaries.Article, error) {
	trimmed := trimPage(data)
	if len(trimmed) < len(data) {
		f.log.Warn("large page: read without its scripts and styles, and cut at a tag past the limit",
			"url", pageURL.Redacted(), "bytes", len(data), "read_bytes", len(trimmed), "limit", maxPageMarkup)
	}
	var a summaries.Article
	var err error
	if perr := f.parse(ctx, len(trimmed), func() { a, err = extractPage(trimmed, contentType, pageURL) }); perr != nil {
		return summaries.Article{}, perr
	}
	return a, err
}

// trimPage returns a page of at most maxPageMarkup bytes: a larger one
// loses its script (but JSON-LD), style, noscript, template and svg
// elements, and then what is still over the limit, from the last '<'
// within it. A page within the limit is returned as it is.
func trimPage(data []byte) []byte {
	if len(data) <= maxPageMarkup {
		return data
	}
	out := make([]byte, 0, maxPageMarkup)
	rest := data
	for len(rest) > 0 && len(out) < maxPageMarkup {
		i := bytes.IndexByte(rest, '<')
		if i < 0 {
			out = append(out, rest...)
			break
		}
		out = append(out, rest[:i]...)
		rest = rest[i:]
		name, end := droppedElement(rest)
		if name == "" {
			out = append(out, '<')
			rest = rest[1:]
			continue
		}
		// Skip to the element's end tag, or to the end of the page.
		closing := indexFold(rest[end:], "</"+name)
		if closing < 0 {
			rest = nil
			break
		}
		rest = rest[end+closing:]
		if gt := bytes.IndexByte(rest, '>'); gt >= 0 {
			rest = rest[gt+1:]
		} else {
			rest = nil
		}
	}
	if len(out) > maxPageMarkup {
		cut := bytes.LastIndexByte(out[:maxPageMarkup], '<')
		if cut <= 0 {
			cut = maxPageMarkup
		}
		out = out[:cut]
	}
	return out
}

// itemHTML is a feed item's field for fragmentText, trimmed as a page is
// when it is over maxPageMarkup; the cut is logged.
func (f *Fetcher) itemHTML(field string, feedURL *url.URL, id string) string {
	if len(field) <= maxPageMarkup {
		return field
	}
	trimmed := string(trimPage([]byte(field)))
	f.log.Warn("large feed item: read without its scripts and styles, and cut at a tag past the limit",
		"feed", feedURL.Redacted(), "item", id, "bytes", len(field), "read_bytes", len(trimmed), "limit", maxPageMarkup)
	return trimmed
}

// droppedNames are the elements a large page is read without.
var droppedNames = []string{"script", "style", "noscript", "template", "svg"}

// droppedElement reports whether b starts with the start tag of an element
// a large page is read without (a JSON-LD script is kept), with the
// element's name and the length of its start tag.
func droppedElement(b []byte) (string, int) {
	for _, name := range droppedNames {
		if len(b) <= len(name)+1 || !bytes.EqualFold(b[1:1+len(name)], []byte(name)) {
			continue
		}
		if c := b[1+len(name)]; c != '>' && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '/' {
			continue
		}
		end := tagEnd(b)
		if end < 0 {
			return "", 0
		}
		if name == "script" && bytes.Contains(bytes.ToLower(b[:end]), []byte("ld+json")) {
			return "", 0
		}
		return name, end + 1
	}
	return "", 0
}

// indexFold is bytes.Index for an ASCII needle, ignoring case.
func indexFold(b []byte, needle string) int {
	n := len(needle)
	for i := 0; i+n <= len(b); i++ {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			return -1
		}
		i += j
		if i+n <= len(b) && bytes.EqualFold(b[i:i+n], []byte(needle)) {
			return i
		}
	}
	return -1
}
