package servicetest

// The rig: a readout process on a database file, wired as the command
// line wires it, for the tests of bot/admin, bot/digest and bot/ingest
// (each package has the same copy: test packages cannot share files).

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"readout/adapters/feeds"
	"readout/bot"
	"readout/bot/admin"
	"readout/bot/digest"
	"readout/bot/ingest"
	"readout/storage"
	"readout/summaries"
	"readout/summaries/extract"
	"readout/summaries/leaders"
)

// rig is a readout process on a database file: the store, the bot and a
// fake clock. reopen drops the process objects and builds new ones on the
// same file, as a restart does.
type rig struct {
	t     testing.TB
	path  string
	db    *storage.DB
	g     *leaders.Gazetteer
	in    *ingest.Ingester
	bot   *bot.Bot
	clock *clockwork.FakeClock
	log   *slog.Logger
}

func newRig(t testing.TB, start time.Time) *rig {
	t.Helper()
	r := &rig{t: t, path: filepath.Join(t.TempDir(), "readout.db"), clock: clockwork.NewFakeClockAt(start),
		log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if testing.Verbose() {
		r.log = slog.New(slog.NewTextHandler(rigLogWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	r.open()
	t.Cleanup(func() { r.db.Close() })
	return r
}

type rigLogWriter struct{ t testing.TB }

func (w rigLogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func (r *rig) open() {
	r.t.Helper()
	db, err := storage.Open(context.Background(), r.path, storage.WithClock(r.clock))
	if err != nil {
		r.t.Fatal(err)
	}
	g, err := leaders.Builtin()
	if err != nil {
		r.t.Fatal(err)
	}
	in, err := ingest.New(ingest.Config{Store: db, Sources: db, Extractor: extract.NewExtractor(g), Clock: r.clock, Logger: r.log})
	if err != nil {
		r.t.Fatal(err)
	}
	b, err := bot.New(bot.Config{Store: db, Leaders: g, Clock: r.clock, Logger: r.log})
	if err != nil {
		r.t.Fatal(err)
	}
	r.db, r.g, r.in, r.bot = db, g, in, b
}

// reopen simulates a restart: everything in memory is dropped.
func (r *rig) reopen() {
	r.t.Helper()
	if err := r.db.Close(); err != nil {
		r.t.Fatal(err)
	}
	r.open()
}

func (r *rig) digests(window time.Duration, senders ...bot.Sender) *digest.Digests {
	r.t.Helper()
	d, err := digest.NewDigests(digest.DigestConfig{Leaders: r.g, Store: r.db, Senders: senders, Clock: r.clock, BatchWindow: window,
		Alerts: &digest.Alerts{Target: "slack:ADMINS", Senders: senders, Logger: r.log}, Logger: r.log})
	if err != nil {
		r.t.Fatal(err)
	}
	return d
}

func (r *rig) subscribe(platform, channel string, leaders []string, schedule string, empty bool) summaries.Subscription {
	r.t.Helper()
	now := r.clock.Now()
	s, _, err := r.db.Subscribe(context.Background(), summaries.Subscription{Platform: platform, Channel: channel, Leaders: leaders, Schedule: schedule,
		Empty: empty, CreatedAt: now, PeriodStart: now})
	if err != nil {
		r.t.Fatal(err)
	}
	return s
}

// ingest stores an article and tells the digests, as a poll does.
func (r *rig) ingest(d *digest.Digests, a summaries.Article) ingest.Result {
	r.t.Helper()
	ingest := r.in.Ingest
	if d != nil {
		ingest = r.in.IngestNews
	}
	res, err := ingest(context.Background(), a, 0)
	if err != nil {
		r.t.Fatal(err)
	}
	return res
}

func (r *rig) flush(d *digest.Digests) {
	r.t.Helper()
	if _, err := d.Flush(context.Background()); err != nil {
		r.t.Fatal(err)
	}
}

// recorder is a Sender that keeps what it was asked to post: the platform
// boundary, as the adapters' senders are.
type recorder struct {
	platform string
	clock    clockwork.Clock
	// fail, when set, decides the outcome of each send.
	fail func(channel string) error

	mu    sync.Mutex
	posts []sentPost
	tries int
	more  chan struct{}
}

type sentPost struct {
	channel string
	at      time.Time
	msgs    []bot.Message
}

func newRecorder(platform string, clock clockwork.Clock) *recorder {
	return &recorder{platform: platform, clock: clock, more: make(chan struct{}, 1)}
}

func (s *recorder) Platform() string { return s.platform }

func (s *recorder) Send(_ context.Context, channel string, msgs []bot.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tries++
	if s.fail != nil {
		if err := s.fail(channel); err != nil {
			return err
		}
	}
	s.posts = append(s.posts, sentPost{channel: channel, at: s.clock.Now(), msgs: msgs})
	select {
	case s.more <- struct{}{}:
	default:
	}
	return nil
}

func (s *recorder) to(channel string) []sentPost {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []sentPost
	for _, p := range s.posts {
		if p.channel == channel {
			out = append(out, p)
		}
	}
	return out
}

func (s *recorder) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.posts)
}

// waitFor waits (in real time: the work happens on other goroutines) until
// n posts were made in all.
func (s *recorder) waitFor(t *testing.T, n int) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for s.count() < n {
		select {
		case <-s.more:
		case <-deadline:
			t.Fatalf("waited for %d posts, got %d", n, s.count())
		}
	}
}

func (p sentPost) text() string {
	var b strings.Builder
	for _, m := range p.msgs {
		b.WriteString(m.PlainText())
	}
	return b.String()
}

// The articles below are written for these tests.
var wednesday = time.Date(2025, 3, 19, 10, 0, 0, 0, time.UTC)

func putinTrumpReport(pub time.Time) summaries.Article {
	return summaries.Article{URL: "https://wire.example/putin-trump-call", Title: "Putin and Trump speak by phone", Outlet: "Test Wire", Published: pub,
		Text: "Vladimir Putin and Donald Trump spoke by phone on Tuesday, the Kremlin said.\n\nThe two presidents discussed Ukraine and energy prices."}
}

func putinTrumpFollowUp(pub time.Time) summaries.Article {
	return summaries.Article{URL: "https://paper.example/call-lasted", Title: "Trump says Putin call lasted 90 minutes", Outlet: "Daily Paper", Published: pub,
		Text: "Donald Trump said his phone call with Vladimir Putin on Tuesday lasted 90 minutes.\n\n" +
			"The leaders agreed to halt strikes on energy infrastructure for 30 days, Trump said."}
}

func xiMacronReport(pub time.Time) summaries.Article {
	return summaries.Article{URL: "https://wire.example/xi-macron", Title: "Xi and Macron hold phone talks", Outlet: "Test Wire", Published: pub,
		Text: "Chinese President Xi Jinping and French President Emmanuel Macron held a phone call on Tuesday, discussing trade and climate.\n\n" +
			"The call lasted about an hour, the Elysee said."}
}

// feedServer serves RSS feeds from 127.0.0.1 that tests change between
// polls, and misbehaves on demand.
type feedServer struct {
	srv *httptest.Server

	mu          sync.Mutex
	feeds       map[string]*testFeed
	hits        map[string]int
	conditional map[string]int // requests that carried a validator
	inFlight    int
	maxInFlight int
	release     chan struct{} // closed at cleanup: unblocks slow answers
}

type testFeed struct {
	title string
	items []summaries.Article
	// mode: "" serves the feed (with an ETag, honouring If-None-Match),
	// "500", "slow", "huge" (50 MB), "invalid" (broken XML), "page" (an
	// HTML page linking the feed at link), "bare-page" (linking none).
	mode  string
	link  string
	delay time.Duration
}

func newFeedServer(t testing.TB) *feedServer {
	fs := &feedServer{feeds: map[string]*testFeed{}, hits: map[string]int{}, conditional: map[string]int{}, release: make(chan struct{})}
	fs.srv = httptest.NewServer(http.HandlerFunc(fs.serve))
	t.Cleanup(func() { close(fs.release); fs.srv.Close() })
	return fs
}

func (fs *feedServer) url(path string) string { return fs.srv.URL + path }

func (fs *feedServer) set(path string, f testFeed) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.feeds[path] = &f
}

func (fs *feedServer) hitCount(path string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.hits[path]
}

func (fs *feedServer) serve(w http.ResponseWriter, r *http.Request) {
	fs.mu.Lock()
	fs.hits[r.URL.Path]++
	if r.Header.Get("If-None-Match") != "" {
		fs.conditional[r.URL.Path]++
	}
	fs.inFlight++
	fs.maxInFlight = max(fs.maxInFlight, fs.inFlight)
	f, ok := fs.feeds[r.URL.Path]
	var feed testFeed
	if ok {
		feed = *f
	}
	fs.mu.Unlock()
	defer func() {
		fs.mu.Lock()
		fs.inFlight--
		fs.mu.Unlock()
	}()
	if feed.delay > 0 {
		select {
		case <-time.After(feed.delay): // server-side latency, not the test's clock
		case <-r.Context().Done():
			return
		}
	}
	switch {
	case !ok:
		http.NotFound(w, r)
	case feed.mode == "500":
		http.Error(w, "upstream broke", http.StatusInternalServerError)
	case feed.mode == "slow":
		select {
		case <-r.Context().Done():
		case <-fs.release:
		}
	case feed.mode == "huge":
		w.Header().Set("Content-Type", "application/rss+xml")
		chunk := []byte(strings.Repeat("<item><title>padding</title></item>\n", 1000))
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>`))
		for sent := 0; sent < 50<<20; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	case feed.mode == "invalid":
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>unclosed`))
	case feed.mode == "page" || feed.mode == "bare-page":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		head := ""
		if feed.mode == "page" {
			head = `<link rel="alternate" type="application/rss+xml" title="News" href="` + html.EscapeString(feed.link) + `">`
		}
		fmt.Fprintf(w, `<!doctype html><html><head><title>Ministry news</title>%s</head><body><h1>Ministry news</h1><p>Welcome.</p></body></html>`, head)
	default:
		body := renderRSS(feed)
		sum := sha256.Sum256([]byte(body))
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Write([]byte(body))
	}
}

// rss renders a feed whose items carry their full text, so that the
// fetcher never follows their links.
func renderRSS(f testFeed) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>` + html.EscapeString(f.title) + `</title><link>https://wire.example/</link><description>Test feed</description>
`)
	for _, a := range f.items {
		var paras strings.Builder
		for _, p := range strings.Split(a.Text, "\n\n") {
			paras.WriteString("<p>" + html.EscapeString(p) + "</p>")
		}
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s</link><guid isPermaLink="false">%s</guid><pubDate>%s</pubDate>`+
			`<source url="https://wire.example/">%s</source><content:encoded><![CDATA[%s]]></content:encoded></item>
`, html.EscapeString(a.Title), html.EscapeString(a.URL), html.EscapeString(firstSet(a.GUID, a.URL)), a.Published.Format(time.RFC1123Z),
			html.EscapeString(a.Outlet), paras.String())
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

func firstSet(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// fillerItem is a dated item that reports no call.
func fillerItem(n int, pub time.Time) summaries.Article {
	return summaries.Article{URL: fmt.Sprintf("https://wire.example/fillerItem-%d", n), Title: fmt.Sprintf("Markets note %d", n), Outlet: "Test Wire", Published: pub,
		Text: fmt.Sprintf("Shares moved little on day %d as traders waited for new data on inflation.\n\nBond yields were steady.", n)}
}

func (r *rig) addSource(url string) summaries.Source {
	r.t.Helper()
	s, _, err := r.db.AddSource(context.Background(), summaries.Source{URL: url, AddedAt: r.clock.Now()})
	if err != nil {
		r.t.Fatal(err)
	}
	return s
}

func (r *rig) source(url string) summaries.Source {
	r.t.Helper()
	all, err := r.db.Sources(context.Background())
	if err != nil {
		r.t.Fatal(err)
	}
	for _, s := range all {
		if s.URL == url {
			return s
		}
	}
	r.t.Fatalf("no source %s", url)
	return summaries.Source{}
}

func (r *rig) callCount() int {
	r.t.Helper()
	calls, err := r.db.Calls(context.Background(), summaries.CallFilter{})
	if err != nil {
		r.t.Fatal(err)
	}
	return len(calls)
}

// admin wires Admin to the rig's store; fetch nil allows loopback feeds,
// as the tests' configuration does.
func (r *rig) admin(fetch *feeds.Options) *admin.Admin {
	r.t.Helper()
	opts := feeds.Options{AllowPrivate: true, Timeout: 5 * time.Second}
	if fetch != nil {
		opts = *fetch
	}
	a, err := admin.New(admin.Config{Ingester: r.in, Leaders: r.g, Sources: r.db, Digests: r.db, Fetcher: feeds.New(opts), Clock: r.clock,
		PollInterval: 15 * time.Minute, Logger: r.log})
	if err != nil {
		r.t.Fatal(err)
	}
	return a
}

// useAdmin rebuilds the rig's bot with a, as the wiring builds it.
func (r *rig) useAdmin(a *admin.Admin) {
	r.t.Helper()
	b, err := bot.New(bot.Config{Store: r.db, Leaders: r.g, Clock: r.clock, Logger: r.log, Admin: a})
	if err != nil {
		r.t.Fatal(err)
	}
	r.bot = b
}

var adminOrigin = bot.Origin{Platform: "discord", Workspace: "G1", Channel: "CH1", User: "U1", Admin: true}

// say sends a line to the bot as o and returns the reply's text.
func (r *rig) say(o bot.Origin, text string) (bot.Reply, string) {
	r.t.Helper()
	reply := r.bot.Handle(context.Background(), bot.Request{Origin: o, Text: text})
	var b strings.Builder
	for _, m := range reply.Messages {
		b.WriteString(m.PlainText())
	}
	return reply, b.String()
}
