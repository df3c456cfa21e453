package slack

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"image/png"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"readout/adapters/feeds"
	"readout/adapters/internal/fakeslack"
	"readout/bot"
	"readout/bot/admin"
	"readout/bot/ingest"
	"readout/storage"
	"readout/summaries"
	"readout/summaries/extract"
	"readout/summaries/leaders"
)

// These tests drive the real slack-go client (Socket Mode) against the fake
// Slack with the real core behind the adapter: storage on a SQLite file,
// the built-in gazetteer, the extractor and the admin commands wired as
// cli/admin.go wires them.

// e2eArticles are the coverage the store is seeded with.
var e2eArticles = []summaries.Article{
	{
		URL: "https://t.test/1", Title: "Putin and Trump speak by phone", Outlet: "Test Wire",
		Published: time.Date(2025, 3, 18, 21, 0, 0, 0, time.UTC),
		Text: "Vladimir Putin and Donald Trump spoke by telephone on Tuesday for 90 minutes, the Kremlin said, " +
			"and agreed to a 30-day pause in strikes on energy infrastructure.\n\nPutin turned down a full ceasefire.",
	},
	{
		URL: "https://t.test/2", Title: "Macron and Zelensky discuss security guarantees", Outlet: "Test Wire",
		Published: time.Date(2025, 3, 11, 17, 0, 0, 0, time.UTC),
		Text: "Emmanuel Macron spoke by phone with Volodymyr Zelensky on Tuesday, the Elysee said, " +
			"and the two discussed security guarantees for Ukraine.\n\nThey agreed to stay in close contact.",
	},
	{
		URL: "https://t.test/3", Title: "Markets steady", Outlet: "Test Wire",
		Published: time.Date(2025, 3, 19, 9, 0, 0, 0, time.UTC),
		Text:      "Shares moved little on Wednesday as traders waited for new data on inflation.\n\nBond yields were steady.",
	},
}

// e2eCore is the real core on a database file. It records what the
// adapter asked and what the core answered, and nothing else: every
// decision is the core's.
type e2eCore struct {
	path string
	db   *storage.DB
	bot  *bot.Bot

	mu    sync.Mutex
	asked []bot.Request
	got   []bot.Reply
}

// openE2ECore opens the core on the database at path, seeding it when seed
// is set. The database is closed at the end of the test at the latest.
func openE2ECore(t *testing.T, path string, seed bool) *e2eCore {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatalf("storage.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatalf("leaders.Builtin: %v", err)
	}
	in, err := ingest.New(ingest.Config{Store: db, Sources: db, Extractor: extract.NewExtractor(g)})
	if err != nil {
		t.Fatalf("ingest.New: %v", err)
	}
	// As adapters/cli/wire.go does, with private addresses allowed so that
	// a feed can live on 127.0.0.1.
	adm, err := admin.New(admin.Config{Ingester: in, Leaders: g, Sources: db, Digests: db,
		Fetcher: feeds.New(feeds.Options{AllowPrivate: true, Timeout: 5 * time.Second}), PollInterval: 15 * time.Minute, AddTimeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("admin.New: %v", err)
	}
	b, err := bot.New(bot.Config{Store: db, Leaders: g, Admin: adm})
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	if seed {
		for _, a := range e2eArticles {
			if _, err := in.Ingest(ctx, a, 0); err != nil {
				t.Fatalf("ingest %s: %v", a.URL, err)
			}
		}
	}
	return &e2eCore{path: path, db: db, bot: b}
}

func (c *e2eCore) Handle(ctx context.Context, req bot.Request) bot.Reply {
	reply := c.bot.Handle(ctx, req)
	c.mu.Lock()
	c.asked = append(c.asked, req)
	c.got = append(c.got, reply)
	c.mu.Unlock()
	return reply
}

func (c *e2eCore) LeaderNames(ctx context.Context, prefix string) []string {
	return c.bot.LeaderNames(ctx, prefix)
}

// replies returns the core's replies to requests with event id ev.
func (c *e2eCore) replies(ev string) []bot.Reply {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []bot.Reply
	for i, r := range c.asked {
		if r.EventID == ev {
			out = append(out, c.got[i])
		}
	}
	return out
}

// counts is how many sources and calls the store holds.
func (c *e2eCore) counts(t *testing.T) (srcs, calls int) {
	t.Helper()
	ctx := context.Background()
	s, err := c.db.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := c.db.Calls(ctx, summaries.CallFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(s), len(cs)
}

// runSocket runs an adapter in Socket Mode against fs and waits for its
// connection; stop ends it (once; the test's end does too) and waits for
// Run to return, as a process shutting down would.
func runSocket(t *testing.T, fs *fakeslack.Server, h bot.Handler) (a *Adapter, stop func()) {
	t.Helper()
	a, err := New(Options{
		BotToken: fakeslack.BotToken,
		AppToken: fakeslack.AppToken,
		APIURL:   fs.APIURL(),
		Handler:  h,
		Logger:   testLogger(t),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	before := fs.Connections()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(15 * time.Second):
				t.Errorf("Run did not return after its context ended")
			}
		})
	}
	t.Cleanup(stop)
	if err := fs.WaitConnections(testCtx(t), before+1); err != nil {
		t.Fatalf("no socket mode connection: %v", err)
	}
	return a, stop
}

// checkCallBlocks checks that a post is the seeded Trump–Putin call.
func checkCallBlocks(t *testing.T, raw string) {
	t.Helper()
	b := decodeBlocks(t, raw)
	h := b.header()
	for _, want := range []string{"Trump", "Putin", "18 March 2025"} {
		if !strings.Contains(h, want) {
			t.Errorf("header %q lacks %q", h, want)
		}
	}
	all := b.all()
	for _, want := range []string{"1 h 30 min", "https://t.test/1"} {
		if !strings.Contains(all, want) {
			t.Errorf("blocks lack %q:\n%s", want, all)
		}
	}
}

func TestE2EMentionAnsweredFromTheStoreOnceAcrossRetriesAndRestarts(t *testing.T) {
	fs := newFake(t)
	path := filepath.Join(t.TempDir(), "r.db")
	core := openE2ECore(t, path, true)
	a, stop := runSocket(t, fs, core)
	ctx := testCtx(t)
	must := mustSender(t)

	const ts = "1742400000.000100"
	ev := fakeslack.Mention("U1", "C1", "latest trump putin call", ts, "")
	for retry := range 3 {
		env := must(fs.SendEvent("EvE2E", ev, retry))
		if _, err := fs.WaitAck(ctx, env); err != nil {
			t.Fatalf("delivery %d not acked: %v", retry, err)
		}
	}
	// Envelopes are handled in order: once the sentinel is answered and the
	// adapter is idle, every delivery before it has been dealt with.
	must(fs.SendEvent("EvE2ESentinel", fakeslack.Mention("U1", "C9", "latest macron zelensky call", "1742400000.000200", ""), 0))
	if _, err := fs.WaitCalls(ctx, "chat.postMessage", 2); err != nil {
		t.Fatal(err)
	}
	waitIdle(t, a)
	posts := postsTo(fs.Calls("chat.postMessage"), "C1")
	if len(posts) != 1 {
		t.Fatalf("%d posts for one event delivered three times: %s", len(posts), describe(fs.Calls("chat.postMessage")))
	}
	if got := posts[0].Form.Get("thread_ts"); got != ts {
		t.Errorf("answer in thread %q, want the mention's %q", got, ts)
	}
	checkCallBlocks(t, posts[0].Form.Get("blocks"))
	if text := posts[0].Form.Get("text"); !strings.Contains(text, "Duration: 1 h 30 min") {
		t.Errorf("fallback text %q lacks the duration", text)
	}
	if s := postsTo(fs.Calls("chat.postMessage"), "C9"); len(s) != 1 || !strings.Contains(decodeBlocks(t, s[0].Form.Get("blocks")).header(), "Zelensky") {
		t.Errorf("sentinel answer: %s", describe(s))
	}

	// Restart: the adapter stops, the database is closed, and a new core
	// and a new adapter come up on the same file. Neither remembers the
	// event in memory; only the store can.
	stop()
	if err := core.db.Close(); err != nil {
		t.Fatal(err)
	}
	core2 := openE2ECore(t, path, false)
	a2, _ := runSocket(t, fs, core2)
	env := must(fs.SendEvent("EvE2E", ev, 3))
	if _, err := fs.WaitAck(ctx, env); err != nil {
		t.Fatal(err)
	}
	must(fs.SendEvent("EvE2ESentinel2", fakeslack.Mention("U1", "C9", "latest trump putin call", "1742400000.000300", ""), 0))
	if _, err := fs.WaitCalls(ctx, "chat.postMessage", 3); err != nil {
		t.Fatal(err)
	}
	waitIdle(t, a2)
	if got := postsTo(fs.Calls("chat.postMessage"), "C1"); len(got) != 1 {
		t.Fatalf("%d posts after a redelivery across a restart, want 1: %s", len(got), describe(fs.Calls("chat.postMessage")))
	}
	// The fourth delivery reached the new core, which knew it.
	if r := core2.replies("EvE2E"); len(r) != 1 || !r[0].Duplicate {
		t.Errorf("the restarted core answered the redelivery with %+v, want one Duplicate reply", r)
	}
	if r := core.replies("EvE2E"); len(r) != 1 || r[0].Duplicate {
		t.Errorf("before the restart the core answered %+v, want one real answer (the adapter drops in-memory repeats)", r)
	}
	if n := len(fs.Calls("chat.postEphemeral")); n != 0 {
		t.Errorf("%d ephemeral posts", n)
	}
}

func TestE2ESlashSourceAddFromANonAdminIsRefused(t *testing.T) {
	fs := newFake(t)
	feed := newE2EFeed(t)
	core := openE2ECore(t, filepath.Join(t.TempDir(), "r.db"), true)
	a, _ := runSocket(t, fs, core)
	ctx := testCtx(t)
	must := mustSender(t)
	srcs0, calls0 := core.counts(t)

	env := must(fs.SendSlashCommand(fs.SlashCommand("U1", "C1", "source add "+feed.url(), "trig-e2e-refuse")))
	if _, err := fs.WaitAck(ctx, env); err != nil {
		t.Fatal(err)
	}
	calls, err := fs.WaitCalls(ctx, "chat.postEphemeral", 1)
	if err != nil {
		t.Fatal(err)
	}
	f := calls[0].Form
	if f.Get("channel") != "C1" || f.Get("user") != "U1" {
		t.Errorf("ephemeral to channel %q user %q, want C1 / U1", f.Get("channel"), f.Get("user"))
	}
	b := decodeBlocks(t, f.Get("blocks"))
	if b.header() != "Admins only" || !strings.Contains(b.all(), "Nothing was changed") {
		t.Errorf("ephemeral is not the core's refusal:\n%s\n%s", b.header(), b.all())
	}
	waitIdle(t, a)
	if n := len(fs.Calls("chat.postMessage")) + len(fs.Calls("response_url")); n != 0 {
		t.Errorf("%d public answers to a refused admin command", n)
	}
	if len(fs.Calls("users.info")) == 0 {
		t.Error("the adapter decided without asking users.info")
	}
	if srcs, calls := core.counts(t); srcs != srcs0 || calls != calls0 {
		t.Errorf("store changed: %d sources, %d calls; before %d, %d", srcs, calls, srcs0, calls0)
	}
	if h := feed.requests(); len(h) != 0 {
		t.Errorf("a refused command fetched the feed: %v", h)
	}
}

func TestE2ESlashSourceAddFromAnAdmin(t *testing.T) {
	fs := newFake(t)
	feed := newE2EFeed(t)
	core := openE2ECore(t, filepath.Join(t.TempDir(), "r.db"), true)
	a, _ := runSocket(t, fs, core)
	ctx := testCtx(t)
	must := mustSender(t)
	srcs0, _ := core.counts(t)

	must(fs.SendSlashCommand(fs.SlashCommand("UADMIN", "C1", "source add "+feed.url(), "trig-e2e-admin")))
	calls, err := fs.WaitCalls(ctx, "chat.postEphemeral", 1)
	if err != nil {
		t.Fatal(err)
	}
	waitIdle(t, a)
	if f := calls[0].Form; f.Get("user") != "UADMIN" || decodeBlocks(t, f.Get("blocks")).header() != "Source added: Loopback Wire" {
		t.Errorf("ephemeral to %q: %s", f.Get("user"), f.Get("blocks"))
	}
	if n := len(fs.Calls("chat.postMessage")) + len(fs.Calls("response_url")); n != 0 {
		t.Errorf("%d public answers to an admin command", n)
	}
	srcs, err := core.db.Sources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != srcs0+1 || srcs[len(srcs)-1].URL != feed.url() || srcs[len(srcs)-1].AddedBy != "slack:UADMIN" {
		t.Errorf("sources %+v, want the feed added by UADMIN", srcs)
	}
}

// e2eFeed serves a small RSS feed on 127.0.0.1 and records its requests.
type e2eFeed struct {
	srv  *httptest.Server
	mu   sync.Mutex
	hits []string
}

func newE2EFeed(t *testing.T) *e2eFeed {
	f := &e2eFeed{}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *e2eFeed) url() string { return f.srv.URL + "/world.xml" }

func (f *e2eFeed) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.hits...)
}

func (f *e2eFeed) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.hits = append(f.hits, r.URL.Path)
	f.mu.Unlock()
	if r.URL.Path != "/world.xml" {
		http.NotFound(w, r)
		return
	}
	// The item carries its full text, so that the fetcher has no reason to
	// follow its link (which points back here anyway).
	text := "Recep Tayyip Erdogan and Vladimir Putin spoke by telephone on Friday, the Turkish presidency said, and discussed grain exports.\n\nThe call lasted about an hour."
	var paras strings.Builder
	for _, p := range strings.Split(text, "\n\n") {
		paras.WriteString("<p>" + html.EscapeString(p) + "</p>")
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Loopback Wire</title><link>%[1]s/</link><description>Test feed</description>
<item><title>Erdogan and Putin talk by phone</title><link>%[1]s/a/1</link><guid isPermaLink="false">feed-1</guid><pubDate>%[2]s</pubDate><content:encoded><![CDATA[%[3]s]]></content:encoded></item>
</channel></rss>
`, f.srv.URL, time.Date(2025, 3, 21, 15, 0, 0, 0, time.UTC).Format(time.RFC1123Z), paras.String())
}

// A list's chart is uploaded beside the answer, in its thread; a
// follow-up in that thread, from anyone, continues the question; at the
// top of a channel, another user's follow-up does not continue a
// question that is not theirs.
func TestE2EChartsAndThreadFollowUps(t *testing.T) {
	fs := newFake(t)
	core := openE2ECore(t, filepath.Join(t.TempDir(), "r.db"), true)
	a, _ := runSocket(t, fs, core)
	ctx := testCtx(t)
	must := mustSender(t)

	const asked = "1742400000.000100"
	must(fs.SendEvent("EvList", fakeslack.Mention("U1", "C1", "list all trump putin calls", asked, ""), 0))
	ups, err := fs.WaitUploads(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	up := ups[0]
	if up.Name != "trump-putin-calls.png" || up.Channel != "C1" || up.Thread != asked || !strings.HasPrefix(up.Title, "1 call between Trump and Putin") || !strings.HasPrefix(up.Alt, "Timeline of 1 call") {
		t.Errorf("upload %s to %s thread %s, title %q, alt %q", up.Name, up.Channel, up.Thread, up.Title, up.Alt)
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(up.Data)); err != nil || cfg.Width < 400 {
		t.Errorf("the upload is no chart: %v", err)
	}
	posts, err := fs.WaitCalls(ctx, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if h := decodeBlocks(t, posts[0].Form.Get("blocks")).header(); !strings.HasPrefix(h, "1 call between Trump and Putin") || posts[0].Form.Get("thread_ts") != asked {
		t.Errorf("answer %q in thread %q", h, posts[0].Form.Get("thread_ts"))
	}

	// Another user follows up in the thread.
	must(fs.SendEvent("EvThreadFollowUp", fakeslack.Mention("U2", "C1", "how long?", "1742400000.000200", asked), 0))
	posts, err = fs.WaitCalls(ctx, "chat.postMessage", 2)
	if err != nil {
		t.Fatal(err)
	}
	if h := decodeBlocks(t, posts[1].Form.Get("blocks")).header(); !strings.Contains(h, "Trump") || !strings.Contains(h, "lasted 1 h 30 min") {
		t.Errorf("a follow-up in the thread was answered %q", h)
	}

	// At the top of another channel, U1 asks and U2 follows up.
	must(fs.SendEvent("EvTop", fakeslack.Mention("U1", "C2", "latest trump putin call", "1742400000.000300", ""), 0))
	if _, err := fs.WaitCalls(ctx, "chat.postMessage", 3); err != nil {
		t.Fatal(err)
	}
	must(fs.SendEvent("EvTopOther", fakeslack.Mention("U2", "C2", "how long?", "1742400000.000400", ""), 0))
	posts, err = fs.WaitCalls(ctx, "chat.postMessage", 4)
	if err != nil {
		t.Fatal(err)
	}
	if h := decodeBlocks(t, posts[3].Form.Get("blocks")).header(); strings.Contains(h, "Trump") || strings.Contains(h, "1 h 30 min") {
		t.Errorf("another user's follow-up continued U1's question: %q", h)
	}
	waitIdle(t, a)
	if n := len(fs.Uploads()); n != 1 {
		t.Errorf("%d uploads, want only the list's", n)
	}
	if v := fs.Violations(); len(v) > 0 {
		t.Errorf("limits broken: %v", v)
	}
}

// "/readout calls trump putin 2025" lists the pair's calls through the
// response URL, and their timeline is uploaded to the channel.
func TestE2ESlashCallsUploadsTheChart(t *testing.T) {
	fs := newFake(t)
	core := openE2ECore(t, filepath.Join(t.TempDir(), "r.db"), true)
	a, _ := runSocket(t, fs, core)
	ctx := testCtx(t)
	must := mustSender(t)
	must(fs.SendSlashCommand(fs.SlashCommand("U1", "C1", "calls trump putin 2025", "trig-calls")))
	ups, err := fs.WaitUploads(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	waitIdle(t, a)
	if ups[0].Channel != "C1" || ups[0].Thread != "" || ups[0].Name != "trump-putin-calls.png" {
		t.Errorf("upload %+v", ups[0])
	}
	var answered []string
	for _, c := range fs.Calls("response_url") {
		answered = append(answered, decodeBlocks(t, string(decodeResponse(t, c).Blocks)).header())
	}
	if len(answered) != 1 || !strings.HasPrefix(answered[0], "1 call between Trump and Putin in 2025") {
		t.Errorf("answers %q", answered)
	}
}
