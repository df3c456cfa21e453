package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// DefaultAPIURL is where Discord's REST API and gateway lookup live.
const DefaultAPIURL = "https://discord.com"

// discordgo builds every REST URL on this base when the package loads; the
// transport moves requests for it onto the configured API URL.
const discordgoBase = "https://discord.com"

// transport sends discordgo's REST requests to the configured API URL and
// owns the retry policy: a 429 waits for as long as Discord says
// (Retry-After, or the body's retry_after), a 5xx is retried with
// exponential backoff. Both waits end early when the request's context does.
type transport struct {
	base     *url.URL // scheme, host and optional path prefix of the API
	next     http.RoundTripper
	log      *slog.Logger
	backoff  time.Duration // first wait after a 5xx; doubles each time
	maxWait  time.Duration // a longer rate-limit wait is handed back to the caller
	attempts int           // at most this many tries per request
	// onRateLimit, when set, is told of each rate-limit wait taken.
	onRateLimit func(time.Duration)
}

func newTransport(base *url.URL, log *slog.Logger) *transport {
	next := http.DefaultTransport.(*http.Transport).Clone()
	return &transport{
		base:     base,
		next:     next,
		log:      log,
		backoff:  250 * time.Millisecond,
		maxWait:  time.Minute,
		attempts: 5,
	}
}

// RoundTrip never panics: discordgo holds the route's rate-limit bucket
// locked across the call and releases it only on return, so a panic here,
// even one recovered further up, would leave every later request on the
// route waiting for ever.
func (t *transport) RoundTrip(req *http.Request) (resp *http.Response, err error) {
	defer func() {
		if p := recover(); p != nil {
			t.log.Error("request panicked", "method", req.Method, "route", logPath(req.URL.Path),
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			resp, err = nil, fmt.Errorf("%s %s: panic: %v", req.Method, logPath(req.URL.Path), p)
		}
	}()
	return t.roundTrip(req)
}

func (t *transport) roundTrip(req *http.Request) (*http.Response, error) {
	req = t.rewrite(req)
	for attempt := 1; ; attempt++ {
		resp, err := t.next.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		wait, retry := t.retryAfter(resp, attempt)
		if !retry || attempt == t.attempts {
			return resp, nil
		}
		if wait > t.maxWait {
			return resp, nil
		}
		if resp.StatusCode == http.StatusTooManyRequests && t.onRateLimit != nil {
			t.onRateLimit(wait)
		}
		// The response was read (429) or is of no use (5xx): drop it and
		// replay the body.
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		t.log.Warn("retrying request", "method", req.Method, "route", logPath(req.URL.Path),
			"status", resp.StatusCode, "wait", wait, "attempt", attempt)
		if err := sleep(req.Context(), wait); err != nil {
			return nil, fmt.Errorf("wait to retry %s %s: %w", req.Method, logPath(req.URL.Path), err)
		}
		if req, err = rewind(req); err != nil {
			return nil, err
		}
	}
}

// retryAfter says whether resp is worth another try and after how long.
func (t *transport) retryAfter(resp *http.Response, attempt int) (time.Duration, bool) {
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return rateLimitWait(resp), true
	case resp.StatusCode >= 500 && resp.StatusCode <= 504 && resp.StatusCode != http.StatusNotImplemented:
		return t.backoff << (attempt - 1), true
	}
	return 0, false
}

// rateLimitWait reads how long Discord asks us to wait. The body's
// retry_after is preferred for its precision; the Retry-After header (whole
// seconds on Discord, but a proxy may send fractions) is the fallback. The
// body is put back for discordgo, which reads it when the wait is too long
// to take here.
func rateLimitWait(resp *http.Response) time.Duration {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(strings.NewReader(string(body)))
	var rl struct {
		RetryAfter float64 `json:"retry_after"`
	}
	if json.Unmarshal(body, &rl) == nil && rl.RetryAfter > 0 {
		return seconds(rl.RetryAfter)
	}
	if s, err := strconv.ParseFloat(strings.TrimSpace(resp.Header.Get("Retry-After")), 64); err == nil && s >= 0 {
		return seconds(s)
	}
	return time.Second
}

func seconds(s float64) time.Duration {
	if s > math.MaxInt64/float64(time.Second) {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(s * float64(time.Second))
}

// rewrite points a request built for discord.com at the configured API.
func (t *transport) rewrite(req *http.Request) *http.Request {
	u := req.URL
	if u.Scheme+"://"+u.Host != discordgoBase {
		return req
	}
	req = req.Clone(req.Context())
	req.URL.Scheme = t.base.Scheme
	req.URL.Host = t.base.Host
	req.URL.Path = strings.TrimRight(t.base.Path, "/") + u.Path
	if u.RawPath != "" {
		req.URL.RawPath = strings.TrimRight(t.base.EscapedPath(), "/") + u.RawPath
	}
	req.Host = ""
	return req
}

// rewind makes a fresh copy of req with its body at the start.
func rewind(req *http.Request) (*http.Request, error) {
	r := req.Clone(req.Context())
	if req.Body == nil || req.Body == http.NoBody {
		return r, nil
	}
	if req.GetBody == nil {
		return nil, fmt.Errorf("retry %s %s: body cannot be replayed", req.Method, logPath(req.URL.Path))
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, fmt.Errorf("retry %s %s: %w", req.Method, logPath(req.URL.Path), err)
	}
	r.Body = body
	return r, nil
}

// logPath is a path fit for logs: interaction and webhook tokens are secrets,
// so only the first segments after the API version are kept.
func logPath(path string) string {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, p := range parts {
		if p == "interactions" || p == "webhooks" {
			if i+2 < len(parts) {
				parts[i+2] = ":token"
			}
		}
	}
	return "/" + strings.Join(parts, "/")
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
