// Package feeds is readout's input adapter for news: it fetches coverage
// (feeds, article pages, plain-text files) and turns it into
// summaries.Article values, implementing bot/ingest's Fetcher. It knows
// nothing of storage, chat or call extraction.
//
// Every outbound connection passes a guard (guard.go) that refuses private,
// loopback, link-local and metadata addresses at dial time, so that a
// source added from chat cannot make the bot reach into its own network.
package feeds

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"readout/bot/ingest"
	"readout/summaries"
)

// Errors a fetch can end with, wrapped with the source it concerns.
var (
	ErrEmpty       = errors.New("empty document")
	ErrNotText     = errors.New("not a text document (binary data or an unknown encoding)")
	ErrTooLarge    = errors.New("document too large")
	ErrInvalidFeed = errors.New("invalid feed")
	ErrNoArticle   = ingest.ErrNoArticle
	ErrNoFeed      = ingest.ErrNoFeed
)

// StatusError is an HTTP response that was neither a success nor 304.
type StatusError struct {
	Code   int
	Status string // as the server sent it, e.g. "404 Not Found"
}

func (e *StatusError) Error() string { return "HTTP " + e.Status }

// Options configure a Fetcher. Zero values take the defaults noted.
type Options struct {
	// AllowPrivate lets the fetcher reach loopback, private and link-local
	// addresses: for tests and intranet feeds. Default false.
	AllowPrivate bool
	// AllowFiles lets a source be a local path or file:// URL. Only the
	// command line sets it; sources added from chat never may.
	AllowFiles bool
	// MaxBytes caps a document's size (after decompression). Default 10 MiB.
	MaxBytes int64
	// Timeout bounds each request, body included. Default 20s.
	Timeout time.Duration
	// UserAgent is sent with every request.
	UserAgent string
	// PageConcurrency bounds the article pages fetched at once for the
	// items of one feed. Default 4.
	PageConcurrency int
	// Logger receives warnings about skipped feed items. Default: discard.
	Logger *slog.Logger
}

// Defaults for zero Options fields.
const (
	DefaultMaxBytes        = 10 << 20
	DefaultTimeout         = 20 * time.Second
	DefaultUserAgent       = "readout/0.1 (self-hosted news-following bot)"
	DefaultPageConcurrency = 4
	maxRedirects           = 5
)

// What a fetch returns is bot/ingest's vocabulary, so that a Fetcher
// serves the core as it is.
type (
	// Kind is what a source turned out to be.
	Kind = ingest.Kind
	// Conditional carries the validators of a previous fetch.
	Conditional = ingest.Conditional
	// Result is what one source held.
	Result = ingest.Fetched
)

// The kinds of source.
const (
	KindFeed = ingest.KindFeed
	KindPage = ingest.KindPage
	KindText = ingest.KindText
)

// Fetcher fetches sources. It is safe for concurrent use.
type Fetcher struct {
	opts   Options
	log    *slog.Logger
	client *http.Client
	// permit lets a test exempt exact loopback endpoints from the guard, to
	// show that the guard still applies to every other hop.
	permit func(netip.AddrPort) bool
	// parsing bounds the bytes of documents parsed at once (budget.go).
	parsing *budget
	// large lets one linked page over maxPageMarkup be read and parsed at
	// a time (budget.go).
	large chan struct{}
}

// New returns a Fetcher with o's zero fields set to their defaults.
func New(o Options) *Fetcher {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.PageConcurrency <= 0 {
		o.PageConcurrency = DefaultPageConcurrency
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	f := &Fetcher{opts: o, log: o.Logger, parsing: newBudget(parseBudget), large: make(chan struct{}, 1)}
	transport := &http.Transport{
		// No proxy: the guard checks the address dialled, and through a
		// proxy that would be the proxy's, not the target's.
		Proxy:                  nil,
		DialContext:            f.newDialer().DialContext,
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    o.Timeout,
		MaxIdleConns:           32,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
	}
	f.client = &http.Client{Transport: transport, CheckRedirect: f.checkRedirect}
	return f
}

// checkRedirect bounds redirect chains and puts every hop through the URL
// checks; the dial-time guard then covers the address it resolves to.
func (f *Fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	if err := checkURL(req.URL); err != nil {
		return fmt.Errorf("redirect to %s: %w", req.URL.Redacted(), err)
	}
	return nil
}

// Fetch reads src, an http(s) URL or, with AllowFiles, a local path or
// file:// URL, and returns the articles it holds. Content decides the kind:
// an RSS, Atom or JSON feed yields one article per item; an HTML page is
// one article; anything else must be plain text in the seed format (see
// ParseText). Errors name the source and wrap the sentinel errors of this
// package, a *StatusError, or ErrBlocked.
func (f *Fetcher) Fetch(ctx context.Context, src string, cond Conditional) (Result, error) {
	return f.fetchFrom(ctx, src, cond, f.opts.AllowFiles)
}

// FetchLocal is Fetch for the command line, whose operator may also name a
// local path or file:// URL whatever AllowFiles says: one fetcher serves
// the process, and only this entry reads files.
func (f *Fetcher) FetchLocal(ctx context.Context, src string) (Result, error) {
	return f.fetchFrom(ctx, src, Conditional{}, true)
}

func (f *Fetcher) fetchFrom(ctx context.Context, src string, cond Conditional, files bool) (Result, error) {
	res, err := f.fetch(ctx, src, cond, files)
	if err != nil {
		return Result{}, fmt.Errorf("fetch %s: %w", redact(src), err)
	}
	return res, nil
}

func (f *Fetcher) fetch(ctx context.Context, src string, cond Conditional, files bool) (Result, error) {
	doc, err := f.load(ctx, src, cond, files)
	if err != nil {
		return Result{}, err
	}
	if doc.notModified {
		return Result{NotModified: true}, nil
	}
	res := Result{URL: doc.url.String(), ETag: doc.etag, LastModified: doc.lastModified}
	kind, err := sniff(doc.data, doc.contentType)
	if err != nil {
		return Result{}, err
	}
	res.Kind = kind
	switch kind {
	case KindFeed:
		res.Title, res.Articles, err = f.parseFeed(ctx, doc.data, doc.url)
	case KindPage:
		var a summaries.Article
		a, err = f.readPage(ctx, doc.data, doc.contentType, doc.url)
		res.Title, res.Articles = a.Title, []summaries.Article{a}
	default:
		var a summaries.Article
		a, err = parseText(doc.data, charsetParam(doc.contentType), doc.url.String())
		res.Title, res.Articles = a.Title, []summaries.Article{a}
	}
	if err != nil {
		return Result{}, err
	}
	return res, nil
}

// document is a source's bytes with what its transport said about them.
type document struct {
	// release gives back the large-page slot a linked page took (getPage);
	// nil or a no-op otherwise.
	release            func()
	data               []byte
	contentType        string
	url                *url.URL
	etag, lastModified string
	notModified        bool
}

// load reads src from the web or, when allowed, from the file system.
func (f *Fetcher) load(ctx context.Context, src string, cond Conditional, files bool) (*document, error) {
	src = strings.TrimSpace(src)
	if src == "" {
		return nil, errors.New("empty source")
	}
	u, err := url.Parse(src)
	// A one-letter scheme is a Windows drive ("C:\feeds\a.xml"), not a URL.
	if err == nil && len(u.Scheme) > 1 {
		switch strings.ToLower(u.Scheme) {
		case "http", "https":
			return f.get(ctx, u, cond)
		case "file":
			if !files {
				return nil, fmt.Errorf("%w: local files are only read from the command line", ErrBlocked)
			}
			if u.Host != "" && u.Host != "localhost" {
				return nil, fmt.Errorf("%w: file URL names another host %q", ErrBlocked, u.Host)
			}
			return f.readFile(ctx, u.Path)
		default:
			return nil, fmt.Errorf("%w: scheme %q (only http and https are fetched)", ErrBlocked, u.Scheme)
		}
	}
	if !files {
		return nil, fmt.Errorf("%w: not an http(s) URL, and local files are only read from the command line", ErrBlocked)
	}
	return f.readFile(ctx, src)
}

func (f *Fetcher) readFile(ctx context.Context, path string) (*document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	file, err := os.Open(abs)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", abs)
	}
	if info.Size() > f.opts.MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, info.Size(), f.opts.MaxBytes)
	}
	data, err := readCapped(file, f.opts.MaxBytes)
	if err != nil {
		return nil, err
	}
	return &document{data: data, url: fileURL(abs)}, nil
}

func fileURL(abs string) *url.URL {
	return &url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
}

// acceptHeader prefers feeds, then pages, then text.
const acceptHeader = "application/rss+xml, application/atom+xml, application/feed+json, " +
	"application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, application/xhtml+xml;q=0.8, " +
	"text/plain;q=0.7, */*;q=0.1"

// get performs one guarded GET and reads the body up to MaxBytes.
// Accept-Encoding is left to the transport, which then asks for gzip and
// decompresses transparently; the cap applies to the decompressed bytes.
func (f *Fetcher) get(ctx context.Context, u *url.URL, cond Conditional) (*document, error) {
	return f.getBody(ctx, u, cond, false)
}

// getPage is get for a feed item's linked page, read beside others: a body
// over maxPageMarkup waits for the one large-page slot, which the
// document's release gives back once the page is read.
func (f *Fetcher) getPage(ctx context.Context, u *url.URL) (*document, error) {
	return f.getBody(ctx, u, Conditional{}, true)
}

func (f *Fetcher) getBody(ctx context.Context, u *url.URL, cond Conditional, page bool) (*document, error) {
	if err := checkURL(u); err != nil {
		return nil, err
	}
	timeout := fmt.Errorf("timed out after %s: %w", f.opts.Timeout, context.DeadlineExceeded)
	ctx, cancel := context.WithTimeoutCause(ctx, f.opts.Timeout, timeout)
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", f.opts.UserAgent)
	req.Header.Set("Accept", acceptHeader)
	if cond.ETag != "" {
		req.Header.Set("If-None-Match", cond.ETag)
	}
	if cond.LastModified != "" {
		req.Header.Set("If-Modified-Since", cond.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, transportError(ctx, err)
	}
	defer resp.Body.Close()

	if resp.StatusCode == http.StatusNotModified {
		return &document{notModified: true, url: resp.Request.URL}, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &StatusError{Code: resp.StatusCode, Status: resp.Status}
	}
	if resp.ContentLength > f.opts.MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes announced, the limit is %d", ErrTooLarge, resp.ContentLength, f.opts.MaxBytes)
	}
	body, size, release := io.Reader(resp.Body), resp.ContentLength, func() {}
	if page && (size > maxPageMarkup || size < 0) {
		// Read what any page may hold; only a larger one takes the slot.
		head, err := io.ReadAll(io.LimitReader(resp.Body, maxPageMarkup+1))
		if err != nil {
			return nil, transportError(ctx, err)
		}
		if len(head) > maxPageMarkup {
			select {
			case f.large <- struct{}{}:
				release = func() { <-f.large }
			case <-ctx.Done():
				return nil, context.Cause(ctx)
			}
		}
		body = io.MultiReader(bytes.NewReader(head), resp.Body)
	}
	data, err := readCappedSized(body, f.opts.MaxBytes, size)
	if err != nil {
		release()
		return nil, transportError(ctx, err)
	}
	return &document{
		release:      release,
		data:         data,
		contentType:  resp.Header.Get("Content-Type"),
		url:          resp.Request.URL,
		etag:         resp.Header.Get("ETag"),
		lastModified: resp.Header.Get("Last-Modified"),
	}, nil
}

// transportError strips url.Error's repetition of the URL (Fetch names the
// source already) and reports a timeout as one.
func transportError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// readCapped reads r to its end, failing with ErrTooLarge as soon as more
// than max bytes arrive, without reading further.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	return readCappedSized(r, max, -1)
}

// readCappedSized is readCapped for a body that announced its size (-1 when
// it did not): the buffer is allocated once at that size, where growing
// it would hold up to twice the body while pages are read side by side.
func readCappedSized(r io.Reader, max, size int64) ([]byte, error) {
	if size >= 0 && size <= max {
		buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
		if _, err := buf.ReadFrom(io.LimitReader(r, max+1)); err != nil {
			return nil, err
		}
		if int64(buf.Len()) > max {
			return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
		}
		return buf.Bytes(), nil
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	return data, nil
}

// charsetParam returns the charset a Content-Type names, if any.
func charsetParam(contentType string) string {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}

// redact hides credentials a source URL might carry, for error messages.
func redact(src string) string {
	u, err := url.Parse(strings.TrimSpace(src))
	if err != nil || u.User == nil {
		return strings.TrimSpace(src)
	}
	return u.Redacted()
}
