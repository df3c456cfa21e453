package ingest

import (
	"context"
	"errors"

	"readout/summaries"
)

// Fetcher reads news sources: adapters/feeds implements it, and the wiring
// builds one for the whole process.
type Fetcher interface {
	// Fetch reads an http(s) source and returns the articles it holds.
	Fetch(ctx context.Context, src string, cond Conditional) (Fetched, error)
	// Discover returns the feed a page links, or an error wrapping
	// ErrNoFeed.
	Discover(ctx context.Context, pageURL string) (string, error)
}

// Conditional carries the validators of a previous fetch, so that an
// unchanged source costs one 304 response.
type Conditional struct {
	ETag, LastModified string
}

// Kind is what a fetched document turned out to be.
type Kind string

// The kinds of document a source can be.
const (
	KindFeed Kind = "feed"
	KindPage Kind = "page"
	KindText Kind = "text"
)

// Fetched is what one source held.
type Fetched struct {
	Kind Kind
	// URL is where the document was found: the final URL after redirects,
	// or file:// and an absolute path for a local file.
	URL      string
	Title    string              // the feed's or the page's title
	Articles []summaries.Article // newest first; undated ones last
	// NotModified reports a 304 answer to a conditional request; no other
	// field is set then.
	NotModified        bool
	ETag, LastModified string
}

// Errors a Fetcher wraps, for the callers that act on them.
var (
	ErrNoArticle = errors.New("no article text found on the page")
	ErrNoFeed    = errors.New("page links no feed")
)
