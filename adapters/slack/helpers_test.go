package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"readout/adapters/internal/fakeslack"
	"readout/bot"
)

// testCore stands in for the bot core: it answers questions with a call
// record built from the leaders named, refuses admin commands to
// non-admins, remembers event ids the way the core does across restarts
// (the map outlives adapters), and records every request.
type testCore struct {
	mu      sync.Mutex
	reqs    []bot.Request
	events  map[string]bool
	block   chan struct{} // when set, Handle waits for it to close
	entered chan struct{} // when set, Handle signals it has been entered
}

func newTestCore() *testCore { return &testCore{events: make(map[string]bool)} }

func (c *testCore) Handle(ctx context.Context, req bot.Request) bot.Reply {
	c.mu.Lock()
	c.reqs = append(c.reqs, req)
	dup := req.EventID != "" && c.events[req.EventID]
	if req.EventID != "" {
		c.events[req.EventID] = true
	}
	block, entered := c.block, c.entered
	c.mu.Unlock()
	if entered != nil {
		entered <- struct{}{}
	}
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
		}
	}
	reply := c.reply(req)
	// A repeat keeps its answer, so that only the adapter's respect for
	// Duplicate keeps it from being posted twice.
	reply.Duplicate = dup
	return reply
}

func (c *testCore) reply(req bot.Request) bot.Reply {
	words := strings.Fields(req.Text)
	switch {
	case len(words) == 0 || words[0] == "help":
		return bot.Reply{Messages: []bot.Message{{Title: "readout help", Text: "Ask about calls between leaders, e.g. latest trump putin."}}}
	case words[0] == "boom":
		panic("the core fell over")
	case words[0] == "oops":
		// An error quoted from a source's server, ending in a byte that
		// is not UTF-8.
		return bot.Reply{Messages: []bot.Message{{Text: "Cannot add the source: 500 Oops \xa2"}}}
	case words[0] == "source" || words[0] == "digest":
		if !req.Origin.Admin {
			return bot.Reply{Private: true, Messages: []bot.Message{{Text: "Only workspace admins can change sources and digests."}}}
		}
		return bot.Reply{Private: true, Messages: []bot.Message{{Text: "Done: " + req.Text}}}
	case words[0] == "latest" && len(words) >= 3:
		return bot.Reply{Messages: []bot.Message{callMessage(title(words[1]), title(words[2]))}}
	}
	return bot.Reply{Messages: []bot.Message{{Title: "No call found", Text: "Nothing on record matches “" + req.Text + "”."}}}
}

func (c *testCore) LeaderNames(context.Context, string) []string { return nil }

func (c *testCore) requests() []bot.Request {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]bot.Request(nil), c.reqs...)
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// callMessage is a call record as the core would render it.
func callMessage(a, b string) bot.Message {
	return bot.Message{
		Title: a + " – " + b + ", 18 March 2025",
		Text:  a + " and " + b + " spoke by phone for about ninety minutes, according to the readouts both offices published.",
		Fields: []bot.Field{
			{Name: "Duration", Value: "90 min"},
			{Name: "Initiator", Value: a},
			{Name: "Medium", Value: "phone"},
		},
		Points: []bot.Point{
			{Text: "The two agreed to pause strikes on energy sites for thirty days.", URL: "https://news.example.org/call-energy"},
			{Text: "Negotiators are to meet again within two weeks.", URL: "https://wire.example.com/talks-next"},
			{Text: "An exchange of prisoners came up, with no date set."},
		},
		Links: []bot.Link{
			{Title: "Example News: a ninety-minute call", URL: "https://news.example.org/call-energy"},
			{Title: "Example Wire: what the readouts say", URL: "https://wire.example.com/talks-next"},
		},
		Footer: "Record updated 19 March 2025, 08:10 UTC",
	}
}

// logBuffer collects an adapter's logs; they are shown when a test fails
// and searched for secrets after every test.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func testLogger(t *testing.T, secrets ...string) *slog.Logger {
	t.Helper()
	lb := &logBuffer{}
	t.Cleanup(func() {
		logs := lb.String()
		for _, s := range append(secrets, fakeslack.BotToken, fakeslack.AppToken) {
			if s != "" && strings.Contains(logs, s) {
				t.Errorf("a secret was logged")
			}
		}
		if t.Failed() {
			t.Logf("adapter logs:\n%s", logs)
		}
	})
	return slog.New(slog.NewTextHandler(lb, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// newFake starts a fake Slack whose users are a plain member (U1), an admin
// (UADMIN) and an owner (UOWNER), and checks after the test that every
// posted message kept within Block Kit's limits.
func newFake(t *testing.T) *fakeslack.Server {
	t.Helper()
	fs := fakeslack.New()
	fs.AddUser(slack.User{ID: "U1", Name: "member", Profile: slack.UserProfile{DisplayName: "Mia Member"}})
	fs.AddUser(slack.User{ID: "U2", Name: "member2"})
	fs.AddUser(slack.User{ID: "UADMIN", Name: "admin", IsAdmin: true})
	fs.AddUser(slack.User{ID: "UOWNER", Name: "owner", IsOwner: true, IsPrimaryOwner: true})
	fs.AddUser(slack.User{ID: "UALLOW", Name: "allowlisted"})
	t.Cleanup(func() {
		for _, v := range fs.Violations() {
			t.Errorf("Block Kit limit broken: %s", v)
		}
		fs.Close()
	})
	return fs
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// startSocket runs an adapter in Socket Mode against fs until the test
// ends, and waits for its first connection.
func startSocket(t *testing.T, fs *fakeslack.Server, core bot.Handler) *Adapter {
	t.Helper()
	a, err := New(Options{
		BotToken:   fakeslack.BotToken,
		AppToken:   fakeslack.AppToken,
		APIURL:     fs.APIURL(),
		AdminUsers: []string{"UALLOW"},
		Handler:    core,
		Logger:     testLogger(t),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	before := fs.Connections()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	wctx := testCtx(t)
	if err := fs.WaitConnections(wctx, before+1); err != nil {
		select {
		case err := <-done:
			t.Fatalf("Run ended: %v", err)
		default:
		}
		t.Fatalf("no socket mode connection: %v", err)
	}
	return a
}

// blockKit is a posted message's blocks, decoded loosely.
type blockKit []struct {
	Type string `json:"type"`
	Text *struct {
		Type string `json:"type"`
		Text string `json:"text"`
	} `json:"text"`
	Fields []struct {
		Text string `json:"text"`
	} `json:"fields"`
	Elements []struct {
		Text string `json:"text"`
	} `json:"elements"`
}

func decodeBlocks(t *testing.T, raw string) blockKit {
	t.Helper()
	var b blockKit
	if err := json.Unmarshal([]byte(raw), &b); err != nil {
		t.Fatalf("blocks %q: %v", raw, err)
	}
	return b
}

// all is every text in the blocks, one per line.
func (b blockKit) all() string {
	var parts []string
	for _, x := range b {
		if x.Text != nil {
			parts = append(parts, x.Text.Text)
		}
		for _, f := range x.Fields {
			parts = append(parts, f.Text)
		}
		for _, e := range x.Elements {
			parts = append(parts, e.Text)
		}
	}
	return strings.Join(parts, "\n")
}

func (b blockKit) header() string {
	for _, x := range b {
		if x.Type == "header" && x.Text != nil {
			return x.Text.Text
		}
	}
	return ""
}

// responseBody is what the adapter posted to a response_url.
type responseBody struct {
	ResponseType string          `json:"response_type"`
	Text         string          `json:"text"`
	Blocks       json.RawMessage `json:"blocks"`
}

func decodeResponse(t *testing.T, c fakeslack.Call) responseBody {
	t.Helper()
	var r responseBody
	if err := json.Unmarshal(c.JSON, &r); err != nil {
		t.Fatalf("response_url body %q: %v", c.JSON, err)
	}
	return r
}

// postsTo filters form calls by channel.
func postsTo(calls []fakeslack.Call, channel string) []fakeslack.Call {
	var out []fakeslack.Call
	for _, c := range calls {
		if c.Form.Get("channel") == channel && !c.Failed {
			out = append(out, c)
		}
	}
	return out
}

// mustSender returns a checker for the fake's envelope senders.
func mustSender(t *testing.T) func(string, error) string {
	return func(id string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatalf("send envelope: %v", err)
		}
		return id
	}
}

func describe(calls []fakeslack.Call) string {
	var parts []string
	for _, c := range calls {
		parts = append(parts, fmt.Sprintf("%s channel=%s failed=%v", c.Method, c.Form.Get("channel"), c.Failed))
	}
	return strings.Join(parts, "; ")
}

// waitIdle waits until the adapter has no answer in progress.
func waitIdle(t *testing.T, a *Adapter) {
	t.Helper()
	ctx := testCtx(t)
	for len(a.slots) > 0 {
		select {
		case <-ctx.Done():
			t.Fatal("answers still in progress")
		case <-time.After(5 * time.Millisecond):
		}
	}
}
