package bot_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"readout/bot"
	"readout/bot/ingest"
	"readout/storage"
	"readout/summaries"
	"readout/summaries/extract"
	"readout/summaries/leaders"
)

var update = flag.Bool("update", false, "rewrite golden files")

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// coverage is written for these tests: invented outlets, our own words.
var coverage = []summaries.Article{
	{URL: "https://north.test/1", Title: "Putin and Trump speak for 90 minutes on energy truce", Outlet: "North Wire", Published: ts("2025-03-18T21:30:00Z"),
		Text: "Vladimir Putin and Donald Trump spoke by telephone on Tuesday for about 90 minutes, the Kremlin said, and agreed to a 30-day pause in strikes on energy infrastructure.\n\nPutin turned down a full ceasefire."},
	{URL: "https://east.test/2", Title: "What the Kremlin said about the Putin-Trump call", Outlet: "East Desk", Published: ts("2025-03-19T07:10:00Z"),
		Text: "Vladimir Putin and Donald Trump spent an hour and a half on the phone yesterday. Kremlin aide Yuri Ushakov said the leaders agreed to a prisoner swap."},
	{URL: "https://north.test/3", Title: "Putin rings Trump on his birthday", Outlet: "North Wire", Published: ts("2025-06-14T17:00:00Z"),
		Text: "Vladimir Putin phoned Donald Trump earlier today to wish him a happy birthday, and the two discussed Iran for 50 minutes, the Kremlin said."},
	{URL: "https://south.test/4", Title: "Xi and Biden hold video call", Outlet: "South Ledger", Published: ts("2024-04-02T20:00:00Z"),
		Text: "Joe Biden and Xi Jinping held a video call on Tuesday and discussed Taiwan and fentanyl, the White House said."},
	{URL: "https://north.test/5", Title: "Trump will call Zelensky next week", Outlet: "North Wire", Published: ts("2025-03-20T12:00:00Z"),
		Text: "Donald Trump said on Thursday that he will speak with Volodymyr Zelensky by phone next week."},
}

// core is the chat core with the ingester that feeds it, as the wiring
// builds them.
type core struct {
	*bot.Bot
	*ingest.Ingester
}

// newCore builds a core and its ingester on db, on one clock.
func newCore(tb testing.TB, db *storage.DB, g *leaders.Gazetteer, clock clockwork.Clock) core {
	tb.Helper()
	b, err := bot.New(bot.Config{Store: db, Leaders: g, Clock: clock})
	if err != nil {
		tb.Fatal(err)
	}
	in, err := ingest.New(ingest.Config{Store: db, Extractor: extract.NewExtractor(g), Clock: clock})
	if err != nil {
		tb.Fatal(err)
	}
	return core{b, in}
}

func newBot(t *testing.T) (core, *storage.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "readout.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	b := newCore(t, db, g, clockwork.NewFakeClockAt(ts("2025-07-01T00:00:00Z")))
	for _, a := range coverage {
		if _, err := b.Ingest(ctx, a, 0); err != nil {
			t.Fatal(err)
		}
	}
	return b, db
}

func TestIngestMergesAndIsIdempotent(t *testing.T) {
	b, db := newBot(t)
	ctx := context.Background()
	calls, err := db.Calls(ctx, summaries.CallFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) != 3 {
		t.Fatalf("want 3 calls (two articles merge, a planned call is none), got %d", len(calls))
	}
	var march summaries.Call
	for _, c := range calls {
		if c.Date.Format(time.DateOnly) == "2025-03-18" {
			march = c
		}
	}
	if len(march.Articles) != 2 || march.DurationMinutes != 90 {
		t.Fatalf("merged record: %d articles, %d min", len(march.Articles), march.DurationMinutes)
	}
	// The same coverage again changes nothing.
	for _, a := range coverage {
		r, err := b.Ingest(ctx, a, 0)
		if err != nil {
			t.Fatal(err)
		}
		if r.Article != summaries.ArticleUnchanged || len(r.NewCalls)+len(r.UpdatedCalls) != 0 {
			t.Fatalf("re-ingest of %s: %+v", a.URL, r)
		}
	}
	again, _ := db.Calls(ctx, summaries.CallFilter{})
	if len(again) != 3 {
		t.Fatalf("re-ingest changed the call count to %d", len(again))
	}
	for i := range again {
		if again[i].Version != calls[i].Version {
			t.Fatalf("re-ingest bumped a version: %d -> %d", calls[i].Version, again[i].Version)
		}
	}
}

func TestEditedArticleUpdatesRecord(t *testing.T) {
	b, db := newBot(t)
	ctx := context.Background()
	edited := coverage[2]
	edited.Text = strings.Replace(edited.Text, "50 minutes", "55 minutes", 1)
	r, err := b.Ingest(ctx, edited, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Article != summaries.ArticleChanged || len(r.UpdatedCalls) != 1 || r.UpdatedCalls[0].Version != 2 {
		t.Fatalf("edit result %+v", r)
	}
	calls, _ := db.Calls(ctx, summaries.CallFilter{From: ts("2025-06-14T00:00:00Z")})
	if len(calls) != 1 || calls[0].DurationMinutes != 55 || len(calls[0].Articles) != 1 {
		t.Fatalf("after edit: %+v", calls)
	}
}

func TestGoldenAnswers(t *testing.T) {
	b, _ := newBot(t)
	ctx := context.Background()
	cases := []struct{ name, q, now string }{
		{"latest", "latest trump putin call", "2025-07-10T12:00:00Z"},
		{"latest-before-june", "latest trump putin call", "2025-05-01T00:00:00Z"},
		{"how-long", "how long was the last trump putin call", "2025-04-01T00:00:00Z"},
		{"discuss", "what did trump and putin discuss", "2025-06-20T00:00:00Z"},
		{"did-2024", "did biden and xi talk in 2024", "2025-01-01T00:00:00Z"},
		{"did-not", "did biden and xi talk in 2023", "2025-01-01T00:00:00Z"},
		{"before-any", "latest trump putin call", "2025-01-01T00:00:00Z"},
		{"by-title", "when did the russian president last speak to the us president", "2025-06-20T00:00:00Z"},
		{"list", "calls this week", "2025-06-15T10:00:00Z"},
		{"planned-is-no-call", "trump zelensky call", "2025-04-01T00:00:00Z"},
		{"unknown", "what about the weather", "2025-04-01T00:00:00Z"},
		{"help", "help", "2025-04-01T00:00:00Z"},
		{"count", "how many times have trump and putin spoken", "2025-07-10T12:00:00Z"},
		{"count-zero", "how many times has macron spoken with xi", "2025-07-10T12:00:00Z"},
		{"list-pair", "list all trump putin calls", "2025-07-10T12:00:00Z"},
		{"compare", "compare the last two trump putin calls", "2025-07-10T12:00:00Z"},
		{"initiator", "who called whom in the last trump putin call", "2025-07-10T12:00:00Z"},
		{"agreed", "what did trump and putin agree on 18 march 2025", "2025-07-10T12:00:00Z"},
		{"sides", "what did each side say about the march 18 2025 trump putin call", "2025-07-10T12:00:00Z"},
		{"did-topic", "did trump and putin talk about iran", "2025-07-10T12:00:00Z"},
		{"typo-and-title", "when did potus last speak to puttin", "2025-07-10T12:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reply := b.Handle(ctx, bot.Request{Origin: bot.Origin{Platform: "test"}, Text: c.q, Now: ts(c.now)})
			for i := range reply.Messages {
				reply.Messages[i].Footer, reply.Messages[i].Updated = "", time.Time{} // bookkeeping times vary
			}
			for i := range reply.Calls {
				reply.Calls[i].ID = 0
			}
			got, _ := json.MarshalIndent(reply, "", "  ")
			path := filepath.Join("testdata", "golden", c.name+".json")
			if *update {
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./bot -run TestGoldenAnswers -update)", err)
			}
			if strings.TrimSpace(string(want)) != strings.TrimSpace(string(got)) {
				t.Errorf("answer to %q changed:\n%s\nwant:\n%s", c.q, got, want)
			}
		})
	}
}

func TestAdminCommandsRefusedForNonAdmins(t *testing.T) {
	b, db := newBot(t)
	ctx := context.Background()
	before, _ := db.Calls(ctx, summaries.CallFilter{})
	for _, cmd := range []string{"source add https://example.test/feed", "source remove https://example.test/feed", "digest subscribe leaders=trump", "digest unsubscribe"} {
		r := b.Handle(ctx, bot.Request{Origin: bot.Origin{Platform: "test", User: "u1", Admin: false}, Text: cmd})
		if !r.Private || len(r.Messages) != 1 || !strings.Contains(r.Messages[0].Title, "Admins only") {
			t.Fatalf("%q by a non-admin: %+v", cmd, r)
		}
	}
	after, _ := db.Calls(ctx, summaries.CallFilter{})
	if len(after) != len(before) {
		t.Fatal("a refused command changed the store")
	}
}

func TestDuplicateEventAnsweredOnce(t *testing.T) {
	b, _ := newBot(t)
	ctx := context.Background()
	req := bot.Request{Origin: bot.Origin{Platform: "slack"}, Text: "latest trump putin call", EventID: "Ev42"}
	if r := b.Handle(ctx, req); r.Duplicate || len(r.Messages) == 0 {
		t.Fatalf("first delivery: %+v", r)
	}
	for i := 0; i < 2; i++ {
		if r := b.Handle(ctx, req); !r.Duplicate || len(r.Messages) != 0 {
			t.Fatalf("retry %d: %+v", i, r)
		}
	}
}

func TestLeaderNamesAutocomplete(t *testing.T) {
	b, _ := newBot(t)
	got := b.LeaderNames(context.Background(), "pu")
	if len(got) != 1 || got[0] != "Vladimir Putin" {
		t.Fatalf("LeaderNames(pu) = %q", got)
	}
	if all := b.LeaderNames(context.Background(), ""); len(all) != 4 {
		t.Fatalf("LeaderNames() = %q", all)
	}
}

// One leader and a name the gazetteer lacks: the name must be in the
// coverage, or there is no such call.
func TestOneLeaderAndAnotherName(t *testing.T) {
	b, _ := newBot(t)
	ctx := context.Background()
	now := ts("2025-07-01T00:00:00Z")
	if r := b.Handle(ctx, bot.Request{Text: "did putin speak with larry fink", Now: now}); len(r.Calls) != 0 {
		t.Fatalf("a non-leader's call answered with %d calls", len(r.Calls))
	}
	if r := b.Handle(ctx, bot.Request{Text: "latest putin call about iran", Now: now}); len(r.Calls) != 1 || deref(r.Calls[0].Date) != "2025-06-14" {
		t.Fatalf("words found in the coverage: %+v", r.Calls)
	}
}
