package slack

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"readout/adapters/internal/fakeslack"
	"readout/bot"
)

func TestSocketMentionAnsweredInThread(t *testing.T) {
	fs := newFake(t)
	core := newTestCore()
	startSocket(t, fs, core)
	ctx := testCtx(t)
	must := mustSender(t)

	env := must(fs.SendEvent("Ev1", fakeslack.Mention("U1", "C1", "latest trump putin", "1710000000.000100", ""), 0))
	if _, err := fs.WaitAck(ctx, env); err != nil {
		t.Fatal(err)
	}
	calls, err := fs.WaitCalls(ctx, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	post := calls[0].Form
	if post.Get("channel") != "C1" || post.Get("thread_ts") != "1710000000.000100" {
		t.Errorf("posted to channel %q thread %q, want C1 in thread 1710000000.000100", post.Get("channel"), post.Get("thread_ts"))
	}
	blocks := decodeBlocks(t, post.Get("blocks"))
	if got := blocks.header(); got != "Trump – Putin, 18 March 2025" {
		t.Errorf("header %q", got)
	}
	all := blocks.all()
	for _, want := range []string{"*Duration*\n90 min", "*Initiator*\nTrump", "• The two agreed to pause strikes", "<https://news.example.org/call-energy|source>", "<https://wire.example.com/talks-next|Example Wire: what the readouts say>", "Record updated 19 March 2025"} {
		if !strings.Contains(all, want) {
			t.Errorf("blocks lack %q:\n%s", want, all)
		}
	}
	if text := post.Get("text"); !strings.Contains(text, "Trump – Putin, 18 March 2025") || !strings.Contains(text, "Duration: 90 min") {
		t.Errorf("fallback text %q lacks the title or the fields", text)
	}

	reqs := core.requests()
	if len(reqs) != 1 {
		t.Fatalf("core got %d requests, want 1", len(reqs))
	}
	// The mention starts a thread: the answer's, where follow-ups continue.
	want := bot.Origin{Platform: "slack", Workspace: fakeslack.TeamID, Channel: "C1", User: "U1", UserName: "Mia Member", Thread: "1710000000.000100"}
	if reqs[0].Origin != want {
		t.Errorf("origin %+v, want %+v", reqs[0].Origin, want)
	}
	if reqs[0].Text != "latest trump putin" || reqs[0].EventID != "Ev1" {
		t.Errorf("request text %q event %q, want the mention stripped and event id Ev1", reqs[0].Text, reqs[0].EventID)
	}
}

func TestSocketMentionInThreadAnswersInThatThread(t *testing.T) {
	fs := newFake(t)
	startSocket(t, fs, newTestCore())
	ctx := testCtx(t)
	must := mustSender(t)

	must(fs.SendEvent("Ev2", fakeslack.Mention("U1", "C1", "latest macron xi", "1710000000.000300", "1710000000.000200"), 0))
	calls, err := fs.WaitCalls(ctx, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := calls[0].Form.Get("thread_ts"); got != "1710000000.000200" {
		t.Errorf("thread_ts %q, want the parent 1710000000.000200", got)
	}
}

func TestSocketDirectMessageAnsweredInDM(t *testing.T) {
	fs := newFake(t)
	core := newTestCore()
	a := startSocket(t, fs, core)
	ctx := testCtx(t)
	must := mustSender(t)

	// Neither a bot's post nor an edit may be answered.
	botPost := fakeslack.DirectMessage("U1", "D1", "latest trump putin", "1710000001.000100")
	botPost["bot_id"] = fakeslack.BotID
	edit := fakeslack.DirectMessage("U1", "D1", "latest trump putin", "1710000001.000200")
	edit["subtype"] = "message_changed"
	must(fs.SendEvent("EvBot", botPost, 0))
	must(fs.SendEvent("EvEdit", edit, 0))
	env := must(fs.SendEvent("EvDM", fakeslack.DirectMessage("U1", "D1", "latest biden xi", "1710000001.000300"), 0))
	if _, err := fs.WaitAck(ctx, env); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.WaitCalls(ctx, "chat.postMessage", 1); err != nil {
		t.Fatal(err)
	}
	waitIdle(t, a)
	calls := fs.Calls("chat.postMessage")
	if len(calls) != 1 || calls[0].Form.Get("channel") != "D1" || calls[0].Form.Get("thread_ts") != "" {
		t.Fatalf("posts %s, want one top-level post in D1", describe(calls))
	}
	if h := decodeBlocks(t, calls[0].Form.Get("blocks")).header(); h != "Biden – Xi, 18 March 2025" {
		t.Errorf("header %q answers the wrong message", h)
	}
	reqs := core.requests()
	if len(reqs) != 1 || !reqs[0].Origin.DM || reqs[0].Origin.Channel != "D1" {
		t.Errorf("core got %+v, want one DM request from D1", reqs)
	}
}

func TestSocketSlashFromNonAdminGetsEphemeralRefusal(t *testing.T) {
	fs := newFake(t)
	core := newTestCore()
	startSocket(t, fs, core)
	ctx := testCtx(t)
	must := mustSender(t)

	env := must(fs.SendSlashCommand(fs.SlashCommand("U1", "C1", "source add https://feeds.example.org/world.xml", "trig1")))
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
	if !strings.Contains(decodeBlocks(t, f.Get("blocks")).all(), "Only workspace admins") {
		t.Errorf("ephemeral %q is not the refusal", f.Get("blocks"))
	}
	if n := len(fs.Calls("chat.postMessage")) + len(fs.Calls("response_url")); n != 0 {
		t.Errorf("%d public posts for a refused admin command", n)
	}
	reqs := core.requests()
	if len(reqs) != 1 || reqs[0].Text != "source add https://feeds.example.org/world.xml" || reqs[0].Origin.Admin {
		t.Errorf("core got %+v, want the command as typed with Admin false", reqs)
	}
}

func TestSocketSlashAdmins(t *testing.T) {
	fs := newFake(t)
	core := newTestCore()
	startSocket(t, fs, core)
	ctx := testCtx(t)
	must := mustSender(t)

	users := []string{"UADMIN", "UOWNER", "UALLOW", "U2"}
	for i, u := range users {
		must(fs.SendSlashCommand(fs.SlashCommand(u, "C1", "digest subscribe leaders=trump,putin schedule=daily 08:00 Europe/Paris", "trig-admin-"+u)))
		if _, err := fs.WaitCalls(ctx, "chat.postEphemeral", i+1); err != nil {
			t.Fatal(err)
		}
	}
	admin := map[string]bool{}
	for _, r := range core.requests() {
		admin[r.Origin.User] = r.Origin.Admin
		if r.Text != "digest subscribe leaders=trump,putin schedule=daily 08:00 Europe/Paris" {
			t.Errorf("command reached the core as %q", r.Text)
		}
	}
	want := map[string]bool{"UADMIN": true, "UOWNER": true, "UALLOW": true, "U2": false}
	for u, w := range want {
		if got, ok := admin[u]; !ok || got != w {
			t.Errorf("%s: Admin %v (seen %v), want %v", u, got, ok, w)
		}
	}
}

func TestSocketSlashQuestionsAnswerInChannel(t *testing.T) {
	fs := newFake(t)
	core := newTestCore()
	startSocket(t, fs, core)
	ctx := testCtx(t)
	must := mustSender(t)

	must(fs.SendSlashCommand(fs.SlashCommand("U1", "C7", "latest trump putin", "trig-latest")))
	calls, err := fs.WaitCalls(ctx, "response_url", 1)
	if err != nil {
		t.Fatal(err)
	}
	r := decodeResponse(t, calls[0])
	if r.ResponseType != "in_channel" || !strings.HasSuffix(calls[0].Path, "/trig-latest") {
		t.Errorf("response %q to %s, want in_channel to the command's response_url", r.ResponseType, calls[0].Path)
	}
	if h := decodeBlocks(t, string(r.Blocks)).header(); h != "Trump – Putin, 18 March 2025" {
		t.Errorf("header %q", h)
	}

	must(fs.SendSlashCommand(fs.SlashCommand("U1", "C7", "ask who called whom last week", "trig-ask")))
	must(fs.SendSlashCommand(fs.SlashCommand("U1", "C7", "", "trig-help")))
	if _, err := fs.WaitCalls(ctx, "response_url", 3); err != nil {
		t.Fatal(err)
	}
	texts := map[string]bool{}
	for _, r := range core.requests() {
		texts[r.Text] = true
	}
	for _, want := range []string{"latest trump putin", "who called whom last week", "help"} {
		if !texts[want] {
			t.Errorf("core never got %q (got %v)", want, texts)
		}
	}
}

func TestSocketSameEventThreeTimesPostsOnce(t *testing.T) {
	fs := newFake(t)
	core := newTestCore()
	a := startSocket(t, fs, core)
	ctx := testCtx(t)
	must := mustSender(t)

	ev := fakeslack.Mention("U1", "C1", "latest trump putin", "1710000002.000100", "")
	for retry := range 3 {
		env := must(fs.SendEvent("EvSame", ev, retry))
		if _, err := fs.WaitAck(ctx, env); err != nil {
			t.Fatalf("delivery %d not acked: %v", retry, err)
		}
	}
	// Envelopes are handled in order, so once the sentinel is answered the
	// repeats have been dispatched, and once the adapter is idle, answered.
	must(fs.SendEvent("EvSentinel", fakeslack.Mention("U1", "C9", "latest macron xi", "1710000002.000200", ""), 0))
	if _, err := fs.WaitCalls(ctx, "chat.postMessage", 2); err != nil {
		t.Fatal(err)
	}
	waitIdle(t, a)
	calls := fs.Calls("chat.postMessage")
	if got := postsTo(calls, "C1"); len(got) != 1 {
		t.Fatalf("%d posts for one event delivered three times: %s", len(got), describe(calls))
	}

	// After a restart the adapter's memory is gone; the core's is not.
	a = startSocket(t, fs, core)
	must(fs.SendEvent("EvSame", ev, 3))
	must(fs.SendEvent("EvSentinel2", fakeslack.Mention("U1", "C9", "latest biden xi", "1710000002.000300", ""), 0))
	if _, err := fs.WaitCalls(ctx, "chat.postMessage", 3); err != nil {
		t.Fatal(err)
	}
	waitIdle(t, a)
	if got := postsTo(fs.Calls("chat.postMessage"), "C1"); len(got) != 1 {
		t.Fatalf("%d posts after a redelivery across a restart, want 1", len(got))
	}
	dupSeen := 0
	for _, r := range core.requests() {
		if r.EventID == "EvSame" {
			dupSeen++
		}
	}
	if dupSeen != 2 {
		t.Errorf("core saw EvSame %d times, want 2 (once per adapter)", dupSeen)
	}
}

func TestSocketAcksBeforeTheAnswer(t *testing.T) {
	fs := newFake(t)
	core := newTestCore()
	core.block = make(chan struct{})
	core.entered = make(chan struct{}, 4)
	startSocket(t, fs, core)
	ctx := testCtx(t)
	must := mustSender(t)

	env := must(fs.SendEvent("EvSlow", fakeslack.Mention("U1", "C1", "latest trump putin", "1710000003.000100", ""), 0))
	<-core.entered
	// The core is still working: the envelope must be acknowledged anyway.
	if _, err := fs.WaitAck(ctx, env); err != nil {
		t.Fatal(err)
	}
	slash := must(fs.SendSlashCommand(fs.SlashCommand("U1", "C1", "latest trump putin", "trig-slow")))
	<-core.entered
	if _, err := fs.WaitAck(ctx, slash); err != nil {
		t.Fatal(err)
	}
	if n := len(fs.Calls("chat.postMessage")); n != 0 {
		t.Fatalf("%d posts before the core answered", n)
	}
	close(core.block)
	if _, err := fs.WaitCalls(ctx, "chat.postMessage", 1); err != nil {
		t.Fatal(err)
	}
}

func TestSocketReconnects(t *testing.T) {
	fs := newFake(t)
	startSocket(t, fs, newTestCore())
	ctx := testCtx(t)
	must := mustSender(t)

	if err := fs.Disconnect("refresh_requested"); err != nil {
		t.Fatal(err)
	}
	if err := fs.WaitConnections(ctx, 2); err != nil {
		t.Fatalf("no reconnection after a disconnect envelope: %v", err)
	}
	must(fs.SendEvent("EvAfterRefresh", fakeslack.Mention("U1", "C1", "latest trump putin", "1710000004.000100", ""), 0))
	if _, err := fs.WaitCalls(ctx, "chat.postMessage", 1); err != nil {
		t.Fatal(err)
	}

	fs.DropConnections()
	if err := fs.WaitConnections(ctx, 3); err != nil {
		t.Fatalf("no reconnection after the socket dropped: %v", err)
	}
	must(fs.SendEvent("EvAfterDrop", fakeslack.Mention("U1", "C1", "latest macron xi", "1710000004.000200", ""), 0))
	if _, err := fs.WaitCalls(ctx, "chat.postMessage", 2); err != nil {
		t.Fatal(err)
	}
}

func TestSocketRateLimitedPostIsRetried(t *testing.T) {
	fs := newFake(t)
	startSocket(t, fs, newTestCore())
	ctx := testCtx(t)
	must := mustSender(t)

	fs.FailNext("chat.postMessage", fakeslack.Failure{Status: 429, RetryAfter: "1"})
	must(fs.SendEvent("EvLimited", fakeslack.Mention("U1", "C1", "latest trump putin", "1710000005.000100", ""), 0))
	if _, err := fs.WaitCalls(ctx, "chat.postMessage", 1); err != nil {
		t.Fatal(err)
	}
	calls := fs.Calls("chat.postMessage")
	if len(calls) != 2 || !calls[0].Failed || calls[1].Failed {
		t.Fatalf("calls %s, want a rate-limited one then a success", describe(calls))
	}
	// Retry-After: 1 asks for a second; allow for clock granularity.
	if gap := calls[1].At.Sub(calls[0].At); gap < 900*time.Millisecond {
		t.Errorf("retried after %v, before Retry-After", gap)
	}
}

func TestSocketPanickingCoreIsApologisedFor(t *testing.T) {
	fs := newFake(t)
	startSocket(t, fs, newTestCore())
	ctx := testCtx(t)
	must := mustSender(t)

	must(fs.SendEvent("EvBoom", fakeslack.Mention("U1", "C1", "boom", "1710000006.000100", ""), 0))
	calls, err := fs.WaitCalls(ctx, "chat.postEphemeral", 1)
	if err != nil {
		t.Fatal(err)
	}
	if f := calls[0].Form; f.Get("user") != "U1" || !strings.Contains(f.Get("text"), "Sorry") {
		t.Errorf("apology %v", f)
	}
	must(fs.SendEvent("EvAfterBoom", fakeslack.Mention("U1", "C1", "latest trump putin", "1710000006.000200", ""), 0))
	if _, err := fs.WaitCalls(ctx, "chat.postMessage", 1); err != nil {
		t.Fatalf("no answer after a panic: %v", err)
	}
}

func TestSocketUsersInfoIsCached(t *testing.T) {
	fs := newFake(t)
	startSocket(t, fs, newTestCore())
	ctx := testCtx(t)
	must := mustSender(t)

	for i, ts := range []string{"1710000007.000100", "1710000007.000200", "1710000007.000300"} {
		must(fs.SendEvent("EvCache"+ts, fakeslack.Mention("U1", "C1", "latest trump putin", ts, ""), 0))
		if _, err := fs.WaitCalls(ctx, "chat.postMessage", i+1); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(fs.Calls("users.info")); n != 1 {
		t.Errorf("users.info called %d times for one user, want 1", n)
	}
}

func TestSocketSlashReplyFallsBackWhenEphemeralFails(t *testing.T) {
	fs := newFake(t)
	startSocket(t, fs, newTestCore())
	ctx := testCtx(t)
	must := mustSender(t)

	// The bot is not in this channel: chat.postEphemeral cannot reach it,
	// the command's response_url can.
	fs.SetChannelError("C404", "channel_not_found")
	must(fs.SendSlashCommand(fs.SlashCommand("U1", "C404", "source list", "trig-fallback")))
	calls, err := fs.WaitCalls(ctx, "response_url", 1)
	if err != nil {
		t.Fatal(err)
	}
	if r := decodeResponse(t, calls[0]); r.ResponseType != "ephemeral" {
		t.Errorf("fallback response_type %q, want ephemeral", r.ResponseType)
	}
}

func TestSocketSlashResponseURLOutsideSlackIsNotUsed(t *testing.T) {
	fs := newFake(t)
	startSocket(t, fs, newTestCore())
	ctx := testCtx(t)
	must := mustSender(t)

	cmd := fs.SlashCommand("U1", "C1", "latest trump putin", "trig-evil")
	// A closed loopback port stands in for somewhere that is not Slack.
	cmd["response_url"] = "http://127.0.0.1:1/steal"
	env := must(fs.SendSlashCommand(cmd))
	if _, err := fs.WaitAck(ctx, env); err != nil {
		t.Fatal(err)
	}
	calls, err := fs.WaitCalls(ctx, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if calls[0].Form.Get("channel") != "C1" {
		t.Errorf("posted to %q", calls[0].Form.Get("channel"))
	}
}

func TestSocketBusyAckCarriesEphemeralText(t *testing.T) {
	fs := newFake(t)
	core := newTestCore()
	core.block = make(chan struct{})
	a := startSocket(t, fs, core)
	ctx := testCtx(t)
	must := mustSender(t)
	t.Cleanup(func() { close(core.block) })

	// Fill every slot, then ask once more.
	for range maxJobs {
		a.slots <- struct{}{}
	}
	t.Cleanup(func() {
		for range maxJobs {
			<-a.slots
		}
	})
	env := must(fs.SendSlashCommand(fs.SlashCommand("U1", "C1", "latest trump putin", "trig-busy")))
	payload, err := fs.WaitAck(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]string
	if err := json.Unmarshal(payload, &p); err != nil || p["response_type"] != "ephemeral" || p["text"] != busyText {
		t.Errorf("ack payload %s, want an ephemeral busy message", payload)
	}
}

func TestRunRefusesTokensSlackRejects(t *testing.T) {
	fs := newFake(t)
	cases := []struct{ bot, app, want string }{
		{"xoxb-not-the-real-one", fakeslack.AppToken, "SLACK_BOT_TOKEN rejected by Slack (auth.test): invalid_auth"},
		{fakeslack.BotToken, "xapp-not-the-real-one", "SLACK_APP_TOKEN rejected by Slack (apps.connections.open): invalid_auth"},
	}
	for _, c := range cases {
		a, err := New(Options{BotToken: c.bot, AppToken: c.app, APIURL: fs.APIURL(), Handler: newTestCore(), Logger: testLogger(t, c.bot, c.app)})
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		err = a.Run(testCtx(t))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Run: %v, want %q", err, c.want)
		}
		if err != nil && (strings.Contains(err.Error(), c.bot) || strings.Contains(err.Error(), c.app)) {
			t.Errorf("error shows a token: %v", err)
		}
	}
}

func TestRunStopsWithContext(t *testing.T) {
	fs := newFake(t)
	a, err := New(Options{BotToken: fakeslack.BotToken, AppToken: fakeslack.AppToken, APIURL: fs.APIURL(), Handler: newTestCore(), Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	if err := fs.WaitConnections(testCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after cancel: %v", err)
		}
	case <-testCtx(t).Done():
		t.Fatal("Run did not return after its context was cancelled")
	}
}
