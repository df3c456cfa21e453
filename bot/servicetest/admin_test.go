package servicetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"readout/adapters/feeds"
	"readout/bot"
	"readout/summaries"
)

func TestSourceAddPreviewsAndStoresWithoutAnnouncing(t *testing.T) {
	r := newRig(t, wednesday.Add(3*time.Hour))
	fs := newFeedServer(t)
	fs.set("/wire.xml", testFeed{title: "Test Wire", items: []summaries.Article{fillerItem(1, wednesday.Add(-time.Hour)), putinTrumpReport(wednesday), fillerItem(2, wednesday.Add(-2*time.Hour))}})
	slack := newRecorder("slack", r.clock)
	d := r.digests(0, slack)
	r.subscribe("slack", "C1", nil, "", false)
	r.useAdmin(r.admin(nil))

	reply, text := r.say(adminOrigin, "source add "+fs.url("/wire.xml"))
	if len(reply.Messages) != 1 || !reply.Private {
		t.Fatalf("reply: %+v", reply)
	}
	m := reply.Messages[0]
	if m.Title != "Source added: Test Wire" {
		t.Fatalf("title %q\n%s", m.Title, text)
	}
	fields := map[string]string{}
	for _, f := range m.Fields {
		fields[f.Name] = f.Value
	}
	if fields["Kind"] != "feed" || fields["Items"] != "3" || fields["Newest item"] != "19 March 2025 10:00 UTC" {
		t.Fatalf("preview fields: %+v", fields)
	}
	if len(m.Points) != 3 || m.Points[0].Text != "Putin and Trump speak by phone" {
		t.Fatalf("preview points (newest first): %+v", m.Points)
	}
	if r.callCount() != 1 {
		t.Fatalf("the items must be stored: %d calls", r.callCount())
	}
	r.flush(d)
	if slack.count() != 0 {
		t.Fatal("a new source's items were announced")
	}
	src := r.source(fs.url("/wire.xml"))
	if !src.PolledOnce || src.ItemsSeen != 3 || src.AddedBy != "discord:U1" || src.ETag == "" {
		t.Fatalf("stored source: %+v", src)
	}

	_, list := r.say(adminOrigin, "sources list")
	if !strings.Contains(list, "Sources (1)") || !strings.Contains(list, "Test Wire <"+fs.url("/wire.xml")+"> · ok · last success 19 Mar 13:00 UTC · 3 items · next poll 19 Mar 13:15 UTC") {
		t.Fatalf("list:\n%s", list)
	}

	// Removing keeps what the source brought.
	_, text = r.say(adminOrigin, "source remove "+fs.url("/wire.xml"))
	if !strings.Contains(text, "Source removed: Test Wire") || !strings.Contains(text, "3 articles it brought stay") {
		t.Fatalf("remove: %s", text)
	}
	if all, _ := r.db.Sources(context.Background()); len(all) != 0 || r.callCount() != 1 {
		t.Fatalf("after remove: %d sources, %d calls", len(all), r.callCount())
	}
	_, text = r.say(adminOrigin, "source remove "+fs.url("/wire.xml"))
	if !strings.Contains(text, "Command failed") || !strings.Contains(text, "no source") {
		t.Fatalf("removing an unknown source: %s", text)
	}
}

func TestSourceAddFindsTheFeedAPageLinks(t *testing.T) {
	r := newRig(t, wednesday)
	fs := newFeedServer(t)
	fs.set("/news/rss", testFeed{title: "Ministry feed", items: []summaries.Article{fillerItem(1, wednesday)}})
	fs.set("/news", testFeed{mode: "page", link: "/news/rss"})
	r.useAdmin(r.admin(nil))
	// Pasted in Slack, a link arrives wrapped: <url|label>.
	reply, text := r.say(adminOrigin, "source add <"+fs.url("/news")+"|Ministry news>")
	if len(reply.Messages) != 1 || reply.Messages[0].Title != "Source added: Ministry feed" || !strings.Contains(text, "Found on: "+fs.url("/news")) {
		t.Fatalf("reply:\n%s", text)
	}
	if all, _ := r.db.Sources(context.Background()); len(all) != 1 || all[0].URL != fs.url("/news/rss") {
		t.Fatalf("the feed, not the page, is stored: %+v", all)
	}
}

func TestSourceAddRefusals(t *testing.T) {
	r := newRig(t, wednesday)
	fs := newFeedServer(t)
	fs.set("/invalid.xml", testFeed{mode: "invalid"})
	fs.set("/plain", testFeed{mode: "bare-page"})
	fs.set("/down.xml", testFeed{mode: "500"})
	fs.set("/ok.xml", testFeed{title: "OK", items: []summaries.Article{fillerItem(1, wednesday)}})
	r.useAdmin(r.admin(nil))
	cases := map[string]string{
		"source add " + fs.url("/invalid.xml"): "invalid feed",
		"source add " + fs.url("/plain"):       "links no feed",
		"source add " + fs.url("/down.xml"):    "HTTP 500",
		"source add " + fs.url("/missing.xml"): "HTTP 404",
		"source add ftp://example.org/feed":    "not an http(s) URL",
		"source add file:///etc/passwd":        "not an http(s) URL",
		"source add /etc/passwd":               "not an http(s) URL",
		"source add":                           "takes one URL",
		"source frobnicate":                    "unknown source command",
	}
	for cmd, want := range cases {
		reply, text := r.say(adminOrigin, cmd)
		if len(reply.Messages) != 1 || reply.Messages[0].Title != "Command failed" || !strings.Contains(text, want) || strings.Count(strings.TrimSpace(reply.Messages[0].Text), "\n") != 0 {
			t.Errorf("%q: want a one-line error with %q, got:\n%s", cmd, want, text)
		}
	}
	if all, _ := r.db.Sources(context.Background()); len(all) != 0 {
		t.Fatalf("a refused source was stored: %+v", all)
	}

	// With the default configuration (no private networks), a feed on
	// loopback is refused by the outbound guard.
	r.useAdmin(r.admin(&feeds.Options{Timeout: 5 * time.Second}))
	_, text := r.say(adminOrigin, "source add "+fs.url("/ok.xml"))
	if !strings.Contains(text, "loopback") || fs.hitCount("/ok.xml") != 0 {
		t.Fatalf("loopback feed with the default configuration:\n%s (hits %d)", text, fs.hitCount("/ok.xml"))
	}
	if all, _ := r.db.Sources(context.Background()); len(all) != 0 {
		t.Fatalf("a refused source was stored: %+v", all)
	}
}

func TestNonAdminsAreRefusedAndNothingIsStored(t *testing.T) {
	r := newRig(t, wednesday)
	fs := newFeedServer(t)
	fs.set("/ok.xml", testFeed{title: "OK", items: []summaries.Article{fillerItem(1, wednesday)}})
	r.useAdmin(r.admin(nil))
	member := bot.Origin{Platform: "slack", Workspace: "T1", Channel: "C1", User: "U2", Admin: false}
	for _, cmd := range []string{"source add " + fs.url("/ok.xml"), "sources add " + fs.url("/ok.xml"), "digest subscribe", "digest subscribe leaders=trump schedule=daily 08:00 UTC", "source remove #1"} {
		reply, text := r.say(member, cmd)
		if len(reply.Messages) != 1 || reply.Messages[0].Title != "Admins only" || !reply.Private {
			t.Errorf("%q by a member: %s", cmd, text)
		}
	}
	ctx := context.Background()
	if all, _ := r.db.Sources(ctx); len(all) != 0 {
		t.Fatalf("a member added a source: %+v", all)
	}
	if subs, _ := r.db.Subscriptions(ctx); len(subs) != 0 {
		t.Fatalf("a member subscribed: %+v", subs)
	}
	if fs.hitCount("/ok.xml") != 0 {
		t.Fatal("a member's command made the bot fetch")
	}
}

func TestDigestSubscribeStatusUnsubscribe(t *testing.T) {
	r := newRig(t, time.Date(2025, 3, 28, 12, 0, 0, 0, time.UTC))
	r.useAdmin(r.admin(nil))
	ctx := context.Background()

	_, text := r.say(adminOrigin, "digest subscribe leaders=trump, xi jinping schedule=weekly mon 08:00 Europe/Paris empty=yes")
	if !strings.Contains(text, "Subscribed: discord:CH1") || !strings.Contains(text, "Follows: calls with Donald Trump and Xi Jinping") ||
		!strings.Contains(text, "Schedule: weekly mon 08:00 Europe/Paris") || !strings.Contains(text, "Next digest: Mon 31 Mar 2025 08:00 CEST") ||
		!strings.Contains(text, "Empty periods: posted") {
		t.Fatalf("subscribe:\n%s", text)
	}
	sub, err := r.db.Subscription(ctx, "discord", "CH1")
	if err != nil || strings.Join(sub.Leaders, "+") != "donald-trump+xi-jinping" || !sub.Empty || sub.Schedule != "weekly mon 08:00 Europe/Paris" {
		t.Fatalf("stored: %+v %v", sub, err)
	}
	_, text = r.say(adminOrigin, "digest subscribe")
	if !strings.Contains(text, "Subscription updated: discord:CH1") || !strings.Contains(text, "Follows: every call") || !strings.Contains(text, "as they are reported") {
		t.Fatalf("resubscribe:\n%s", text)
	}
	_, text = r.say(adminOrigin, "digest status")
	if !strings.Contains(text, "Digest subscription: discord:CH1") || !strings.Contains(text, "Deliveries: 0 sent, 0 pending, 0 failed") {
		t.Fatalf("status:\n%s", text)
	}

	// From the command line, the channel is named; a listing shows all.
	cli := bot.Origin{Platform: "cli", User: "operator", Admin: true}
	_, text = r.say(cli, "digest subscribe channel=slack:C42 schedule=cron 0 7 * * 1-5 America/New_York")
	if !strings.Contains(text, "Subscribed: slack:C42") || !strings.Contains(text, "cron 0 7 * * 1-5 America/New_York") {
		t.Fatalf("cli subscribe:\n%s", text)
	}
	_, text = r.say(cli, "digest list")
	if !strings.Contains(text, "Digest subscriptions (2)") || !strings.Contains(text, "slack:C42") || !strings.Contains(text, "discord:CH1") {
		t.Fatalf("cli list:\n%s", text)
	}

	_, text = r.say(adminOrigin, "digest unsubscribe")
	if !strings.Contains(text, "Unsubscribed: discord:CH1") {
		t.Fatalf("unsubscribe:\n%s", text)
	}
	if _, err := r.db.Subscription(ctx, "discord", "CH1"); err == nil {
		t.Fatal("still subscribed")
	}
	_, text = r.say(adminOrigin, "digest status")
	if !strings.Contains(text, "No digest subscription") {
		t.Fatalf("status after unsubscribe:\n%s", text)
	}
}

func TestDigestSubscribeRefusals(t *testing.T) {
	r := newRig(t, wednesday)
	r.useAdmin(r.admin(nil))
	cli := bot.Origin{Platform: "cli", User: "operator", Admin: true}
	cases := []struct {
		o         bot.Origin
		cmd, want string
	}{
		{adminOrigin, "digest subscribe leaders=trump,nobody-at-all", `unknown leader "nobody-at-all"`},
		{adminOrigin, "digest subscribe schedule=daily 25:00", "not a time of day"},
		{adminOrigin, "digest subscribe schedule=daily 08:00 Mars/Olympus", "unknown time zone"},
		{adminOrigin, "digest subscribe schedule=weekly someday 08:00", "not a day of the week"},
		{adminOrigin, "digest subscribe schedule=cron 0 7 * *", "five fields"},
		{adminOrigin, "digest subscribe schedule=cron 99 7 * * *", "not a valid schedule"},
		{adminOrigin, "digest subscribe schedule=hourly", "use \"daily"},
		{adminOrigin, "digest subscribe colour=blue", "unknown option colour="},
		{adminOrigin, "digest subscribe please", `unexpected "please"`},
		{adminOrigin, "digest subscribe empty=yes", "only applies to a scheduled digest"},
		{adminOrigin, "digest subscribe channel=slack:C1", "only for the command line"},
		{cli, "digest subscribe", "name the channel"},
		{cli, "digest subscribe channel=C1", "platform:channel"},
		{adminOrigin, "digest unsubscribe", "has no digest subscription"},
	}
	for _, tc := range cases {
		reply, text := r.say(tc.o, tc.cmd)
		if len(reply.Messages) != 1 || reply.Messages[0].Title != "Command failed" || !strings.Contains(text, tc.want) {
			t.Errorf("%q: want an error with %q, got:\n%s", tc.cmd, tc.want, text)
		}
	}
	if subs, _ := r.db.Subscriptions(context.Background()); len(subs) != 0 {
		t.Fatalf("a refused subscription was stored: %+v", subs)
	}
}
