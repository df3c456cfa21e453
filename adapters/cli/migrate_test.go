package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"readout/storage"
	"readout/storage/postgres"
	"readout/summaries"
)

// corpusFeed writes the articles of a testdata corpus as one RSS file.
func corpusFeed(t *testing.T, corpus string) string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", corpus, "articles.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>corpus</title><link>http://corpus.test/</link>`)
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var a struct{ URL, Title, Body, Published string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		pub, err := time.Parse(time.RFC3339, a.Published)
		if err != nil {
			t.Fatalf("%s: %v", a.URL, err)
		}
		body := "<p>" + strings.ReplaceAll(html.EscapeString(a.Body), "\n\n", "</p><p>") + "</p>"
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><content:encoded>%s</content:encoded></item>`,
			html.EscapeString(a.Title), html.EscapeString(a.URL), html.EscapeString(a.URL), pub.Format(time.RFC1123Z), html.EscapeString(body))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	b.WriteString(`</channel></rss>`)
	path := filepath.Join(t.TempDir(), corpus+".xml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var countLine = regexp.MustCompile(`(?m)^ *([a-z_]+) +(\d+) +(\d+) *$`)

// A deployment built through the commands, moved to PostgreSQL, answers
// the same there, and keeps working there; a second move into the same
// database is refused.
func TestMigrateSQLiteToPostgres(t *testing.T) {
	pg := withPassword(pgServer.Database(t), "s3cret-pw")
	file := filepath.Join(t.TempDir(), "r.db")
	cli := func(db string, args ...string) result {
		t.Helper()
		r := runCLI(t, map[string]string{"READOUT_SOURCES_ALLOW_PRIVATE": "true"}, "", append([]string{"--db", db}, args...)...)
		if r.code != 0 {
			t.Fatalf("%s on %s: %+v", args, describeStore(db), r)
		}
		return r
	}
	cli(file, "digest", "subscribe", "channel=console:news")
	cli(file, "digest", "subscribe", "channel=slack:C042", "leaders=putin")
	cli(file, "ingest", corpusFeed(t, "corpus"), sampleFeed(t))
	feed := newNewsFeed(t, 6, 6)
	feed.setNews()
	cli(file, "sources", "add", feed.url())

	// What only the running bot writes: calls queued for a channel, a post
	// recorded from the queue and sent, another pending, and a Slack event
	// answered.
	ctx := context.Background()
	db, err := storage.Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	sub, err := db.Subscription(ctx, "console", "news")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := db.Calls(ctx, summaries.CallFilter{})
	if err != nil || len(recs) < 3 {
		t.Fatalf("calls: %d, %v", len(recs), err)
	}
	var versions []summaries.CallVersion
	for _, c := range recs[:3] {
		versions = append(versions, summaries.CallVersion{ID: c.ID, Version: c.Version})
	}
	if err := db.QueueCalls(ctx, sub.ID, versions, now); err != nil {
		t.Fatal(err)
	}
	queued, err := db.Queued(ctx)
	if err != nil || len(queued) != 3 {
		t.Fatalf("queued: %d, %v", len(queued), err)
	}
	post := func(key string, q []summaries.QueuedCall) int64 {
		var calls []summaries.CallVersion
		for _, e := range q {
			calls = append(calls, e.CallVersion)
		}
		id, ok, err := db.RecordDelivery(ctx, summaries.Delivery{SubscriptionID: q[0].SubscriptionID, Platform: "console", Channel: "news",
			Key: key, Body: []byte(`{"text":"new calls"}`), Calls: calls, NextAttempt: now, CreatedAt: now}, q, time.Time{})
		if err != nil || !ok {
			t.Fatalf("record delivery: %v %v", ok, err)
		}
		return id
	}
	sent := post("calls a", queued[:1])
	if err := db.MarkSent(ctx, sent, now); err != nil {
		t.Fatal(err)
	}
	post("calls b", queued[1:2])
	if _, err := db.ClaimEvent(ctx, "Ev042", time.Hour); err != nil {
		t.Fatal(err)
	}
	seeds := []string{feed.srv.URL + "/seed.xml"}
	if seeded, err := db.SeedSources(ctx, seeds, now); err != nil || !seeded {
		t.Fatalf("seed: %v %v", seeded, err)
	}
	db.Close()

	r := runCLI(t, nil, "", "migrate", "--from", "sqlite:"+file, "--to", pg)
	if r.code != 0 {
		t.Fatalf("migrate: %+v", r)
	}
	if strings.Contains(r.stdout+r.stderr, "s3cret-pw") {
		t.Errorf("migrate printed the password:\n%s%s", r.stdout, r.stderr)
	}
	counts := map[string]string{}
	for _, m := range countLine.FindAllStringSubmatch(r.stdout, -1) {
		// A tally is kept only for a record of 8 mentions or more.
		if m[2] != m[3] || (m[2] == "0" && m[1] != "call_tallies") {
			t.Errorf("table %s: %s rows in SQLite, %s in PostgreSQL (every table should hold some)", m[1], m[2], m[3])
		}
		counts[m[1]] = m[2]
	}
	for _, table := range []string{"meta", "sources", "articles", "calls", "call_people", "mentions", "call_changes", "call_versions",
		"digest_subscriptions", "digest_queue", "digest_deliveries", "digest_delivered_calls", "events_seen"} {
		if counts[table] == "" {
			t.Errorf("migrate printed no count for %s:\n%s", table, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, "not copied: leases") {
		t.Errorf("migrate does not say that leases are not copied:\n%s", r.stdout)
	}

	// The defaults were seeded once in the life of the deployment.
	pdb, err := postgres.Open(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	seeded, err := pdb.SeedSources(ctx, seeds, now)
	pdb.Close()
	if err != nil || seeded {
		t.Errorf("the moved database seeded the default sources again: %v %v", seeded, err)
	}

	// PostgreSQL keeps instants to the microsecond (SQLite, as written):
	// both sides are compared to the microsecond, trailing zeros dropped
	// as RFC 3339 with nanoseconds writes them (".506440" is ".50644").
	fraction := regexp.MustCompile(`\.\d+Z`)
	micro := func(s string) string {
		return fraction.ReplaceAllStringFunc(s, func(m string) string {
			digits := strings.TrimRight(m[1:min(len(m)-1, 7)], "0")
			if digits == "" {
				return "Z"
			}
			return "." + digits + "Z"
		})
	}
	same := func(args ...string) {
		t.Helper()
		a, b := micro(cli(file, args...).stdout), micro(cli(pg, args...).stdout)
		if a != b {
			t.Errorf("%s differs:\nSQLite:\n%s\nPostgreSQL:\n%s", args, a, b)
		}
	}
	same("calls", "--json")
	same("ask", "--json", "--now", "2025-07-01T00:00:00Z", "how", "long", "was", "the", "last", "trump", "putin", "call")
	same("ask", "--json", "--now", "2025-07-01T00:00:00Z", "modi", "calls")
	same("ask", "--json", "--now", "2025-07-01T00:00:00Z", "calls", "about", "mediation")
	same("sources", "list")
	same("digest", "list")

	again := runCLI(t, nil, "", "migrate", "--from", file, "--to", pg)
	if again.code != 1 || !strings.Contains(again.stderr, "not empty") || !strings.Contains(again.stderr, "nothing copied") {
		t.Errorf("a second migrate into the same database: %+v", again)
	}

	// Ids continue after the copied ones.
	more := cli(pg, "ingest", corpusFeed(t, "corpus2"))
	if !strings.Contains(more.stdout, "new") {
		t.Errorf("ingest after the move: %+v", more)
	}
	cli(pg, "sources", "add", feed.srv.URL+"/other.xml")
	cli(pg, "digest", "subscribe", "channel=console:later")
}

func TestMigrateUsage(t *testing.T) {
	for _, args := range [][]string{
		{"migrate"},
		{"migrate", "--from", "a.db"},
		{"migrate", "--from", "postgres://x@h/db", "--to", "postgres://y@h/db"},
		{"migrate", "--from", "a.db", "--to", "b.db"},
	} {
		if r := runCLI(t, nil, "", args...); r.code != 2 || !strings.Contains(r.stderr, "usage: readout") {
			t.Errorf("%q: %+v", args, r)
		}
	}
	r := runCLI(t, nil, "", "migrate", "--from", filepath.Join(t.TempDir(), "none.db"), "--to", "postgres://x@127.0.0.1:1/db")
	if r.code != 1 || !strings.Contains(r.stderr, "no SQLite database") {
		t.Errorf("migrate from a missing file: %+v", r)
	}
	h := runCLI(t, nil, "", "migrate", "--help")
	if h.code != 0 || !strings.Contains(h.stdout, "--from") || !strings.Contains(h.stdout, "empty PostgreSQL database") {
		t.Errorf("migrate --help: %+v", h)
	}
}
