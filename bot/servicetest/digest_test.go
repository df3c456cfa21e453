package servicetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"readout/bot"
	"readout/bot/digest"
	"readout/summaries"
)

func TestNewCallOnePostPerSubscribedChannel(t *testing.T) {
	r := newRig(t, wednesday.Add(2*time.Hour))
	slack, discord := newRecorder("slack", r.clock), newRecorder("discord", r.clock)
	d := r.digests(2*time.Minute, slack, discord)
	r.subscribe("slack", "ALL", nil, "", false)
	r.subscribe("discord", "TRUMP-PUTIN", []string{"donald-trump", "vladimir-putin"}, "", false)
	r.subscribe("discord", "XI", []string{"xi-jinping"}, "", false)
	r.subscribe("slack", "DAILY", nil, "daily 08:00 UTC", false)

	res := r.ingest(d, putinTrumpReport(wednesday))
	if len(res.NewCalls) != 1 {
		t.Fatalf("the report must create a record: %+v", res)
	}
	r.flush(d)
	if n := slack.count() + discord.count(); n != 0 {
		t.Fatalf("%d posts before the batch window closed", n)
	}
	r.clock.Advance(2 * time.Minute)
	r.flush(d)
	for _, ch := range []struct {
		s    *recorder
		name string
		want int
	}{{slack, "ALL", 1}, {discord, "TRUMP-PUTIN", 1}, {discord, "XI", 0}, {slack, "DAILY", 0}} {
		got := ch.s.to(ch.name)
		if len(got) != ch.want {
			t.Errorf("%s:%s got %d posts, want %d", ch.s.platform, ch.name, len(got), ch.want)
			continue
		}
		if ch.want == 1 {
			if len(got[0].msgs) != 1 || !strings.HasPrefix(got[0].msgs[0].Title, "New call: Trump and Putin") {
				t.Errorf("%s:%s post: %q", ch.s.platform, ch.name, got[0].text())
			}
		}
	}
	// Nothing is posted twice, however often the digests look.
	r.clock.Advance(time.Hour)
	r.flush(d)
	r.ingest(d, putinTrumpReport(wednesday)) // the same article again: no change
	r.clock.Advance(time.Hour)
	r.flush(d)
	if n := slack.count() + discord.count(); n != 2 {
		t.Fatalf("%d posts in all, want 2", n)
	}
}

func TestUpdateGetsOneWhatsNewPost(t *testing.T) {
	r := newRig(t, wednesday.Add(2*time.Hour))
	slack := newRecorder("slack", r.clock)
	d := r.digests(time.Minute, slack)
	r.subscribe("slack", "C1", []string{"vladimir-putin"}, "", false)
	r.ingest(d, putinTrumpReport(wednesday))
	r.clock.Advance(time.Minute)
	r.flush(d)
	if slack.count() != 1 {
		t.Fatalf("new call: %d posts", slack.count())
	}

	res := r.ingest(d, putinTrumpFollowUp(wednesday.Add(time.Hour)))
	if len(res.UpdatedCalls) != 1 {
		t.Fatalf("the follow-up must update the record: %+v", res)
	}
	r.clock.Advance(time.Minute)
	r.flush(d)
	posts := slack.to("C1")
	if len(posts) != 2 {
		t.Fatalf("update: %d posts in all, want 2", len(posts))
	}
	m := posts[1].msgs[0]
	if !strings.HasPrefix(m.Title, "Updated: Trump and Putin") {
		t.Fatalf("update title %q", m.Title)
	}
	for _, want := range []string{"duration 1 h 30 min", "1 new article (Daily Paper)", "new key point"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("what's new %q lacks %q", m.Text, want)
		}
	}
	// Only what is new: the new article, not the first one again.
	if len(m.Links) != 1 || m.Links[0].URL != "https://paper.example/call-lasted" {
		t.Errorf("links of the update: %+v", m.Links)
	}
	for _, p := range m.Points {
		if strings.Contains(p.Text, "discussed Ukraine") {
			t.Errorf("an old point is repeated as new: %q", p.Text)
		}
	}
}

func TestUpdatesWithinTheWindowMakeOnePost(t *testing.T) {
	r := newRig(t, wednesday.Add(2*time.Hour))
	slack := newRecorder("slack", r.clock)
	d := r.digests(2*time.Minute, slack)
	r.subscribe("slack", "C1", nil, "", false)
	r.ingest(d, putinTrumpReport(wednesday))
	r.clock.Advance(time.Minute)
	r.ingest(d, putinTrumpFollowUp(wednesday.Add(time.Hour)))
	r.ingest(d, xiMacronReport(wednesday))
	r.flush(d)
	if slack.count() != 0 {
		t.Fatal("posted before the window closed")
	}
	r.clock.Advance(time.Minute)
	r.flush(d)
	posts := slack.to("C1")
	if len(posts) != 1 {
		t.Fatalf("%d posts, want one batched post", len(posts))
	}
	if len(posts[0].msgs) != 2 {
		t.Fatalf("the post should hold the two calls: %q", posts[0].text())
	}
	// The record created and updated within the window is announced once,
	// as new, with what the update brought.
	first := posts[0].msgs[0]
	if !strings.HasPrefix(first.Title, "New call: Trump and Putin") || !slices.ContainsFunc(first.Fields, func(f bot.Field) bool { return f.Name == "Duration" }) {
		t.Fatalf("first message: %q", posts[0].text())
	}
}

func TestImmaterialUpdateIsNotPosted(t *testing.T) {
	r := newRig(t, wednesday.Add(2*time.Hour))
	slack := newRecorder("slack", r.clock)
	d := r.digests(0, slack)
	r.subscribe("slack", "C1", nil, "", false)
	res := r.ingest(d, putinTrumpReport(wednesday))
	r.flush(d)
	if slack.count() != 1 {
		t.Fatalf("new call: %d posts", slack.count())
	}
	ctx := context.Background()
	calls, err := r.db.CallsByID(ctx, []int64{res.NewCalls[0].ID})
	if err != nil || len(calls) != 1 {
		t.Fatal(calls, err)
	}
	// A new topic label and tone: a new version, but nothing a reader
	// needs a post for.
	c := calls[0]
	c.Topics = append(c.Topics, "diplomacy")
	c.Tone = "cordial"
	var version int
	err = r.db.Ingest(ctx, func(tx summaries.IngestTx) error {
		var err error
		if version, _, err = tx.SaveCall(ctx, c, r.clock.Now()); err != nil {
			return err
		}
		return tx.Announce(ctx, []summaries.CallVersion{{ID: c.ID, Version: version}}, r.clock.Now())
	})
	if err != nil || version != 2 {
		t.Fatalf("save: version %d, %v", version, err)
	}
	r.flush(d)
	if slack.count() != 1 {
		t.Fatalf("an immaterial update was posted: %q", slack.posts[len(slack.posts)-1].text())
	}
	if q, _ := r.db.Queued(ctx); len(q) != 0 {
		t.Fatalf("the immaterial update stays queued: %+v", q)
	}
}

// killer is a sender whose process dies while sending: the post never
// leaves, and the delivery stays pending.
type killer struct{ kill context.CancelFunc }

func (k killer) Platform() string { return "slack" }
func (k killer) Send(ctx context.Context, _ string, _ []bot.Message) error {
	k.kill()
	<-ctx.Done()
	return ctx.Err()
}

func TestDeliveryPendingAtCrashIsSentOnceAfterRestart(t *testing.T) {
	r := newRig(t, wednesday.Add(2*time.Hour))
	ctx, kill := context.WithCancel(context.Background())
	d := r.digests(0, killer{kill})
	r.subscribe("slack", "C1", nil, "", false)
	r.ingest(d, putinTrumpReport(wednesday))
	if _, err := d.Flush(ctx); err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
	pending, err := r.db.DueDeliveries(context.Background(), r.clock.Now())
	if err != nil || len(pending) != 1 || pending[0].Attempts != 0 {
		t.Fatalf("after the crash one delivery should be pending, untried: %+v %v", pending, err)
	}

	r.reopen()
	slack := newRecorder("slack", r.clock)
	d = r.digests(0, slack)
	r.flush(d)
	r.flush(d)
	r.clock.Advance(time.Hour)
	r.flush(d)
	posts := slack.to("C1")
	if len(posts) != 1 || !strings.HasPrefix(posts[0].msgs[0].Title, "New call:") {
		t.Fatalf("after the restart: %d posts, want the pending one once", len(posts))
	}

	// A third process on the same file sends nothing more.
	r.reopen()
	again := newRecorder("slack", r.clock)
	r.flush(r.digests(0, again))
	if again.count() != 0 {
		t.Fatal("a sent digest was sent again after another restart")
	}
}

func TestFailedDeliveryRetriesWithBackoff(t *testing.T) {
	r := newRig(t, wednesday.Add(2*time.Hour))
	slack := newRecorder("slack", r.clock)
	failures := 2
	slack.fail = func(string) error {
		if failures > 0 {
			failures--
			return errors.New("HTTP 503 from the platform")
		}
		return nil
	}
	d := r.digests(0, slack)
	r.subscribe("slack", "C1", nil, "", false)
	r.ingest(d, putinTrumpReport(wednesday))
	r.flush(d)
	if slack.tries != 1 || slack.count() != 0 {
		t.Fatalf("first attempt: tries %d, posts %d", slack.tries, slack.count())
	}
	// The first retry waits 30s ±20%: not before 24s, surely by 36s.
	r.clock.Advance(23 * time.Second)
	r.flush(d)
	if slack.tries != 1 {
		t.Fatalf("retried after 23s: tries %d", slack.tries)
	}
	r.clock.Advance(13 * time.Second)
	r.flush(d)
	if slack.tries != 2 {
		t.Fatalf("second attempt: tries %d", slack.tries)
	}
	// The second retry waits twice as long: 60s ±20%.
	r.clock.Advance(47 * time.Second)
	r.flush(d)
	if slack.tries != 2 {
		t.Fatalf("retried after 47s: tries %d", slack.tries)
	}
	r.clock.Advance(26 * time.Second)
	r.flush(d)
	if slack.tries != 3 || slack.count() != 1 {
		t.Fatalf("third attempt: tries %d, posts %d", slack.tries, slack.count())
	}
}

func TestGoneChannelIsPausedAndAdminsToldOnce(t *testing.T) {
	r := newRig(t, wednesday.Add(2*time.Hour))
	slack := newRecorder("slack", r.clock)
	slack.fail = func(ch string) error {
		if ch == "GONE" {
			return fmt.Errorf("slack: channel_not_found: %w", bot.ErrChannelGone)
		}
		return nil
	}
	d := r.digests(0, slack)
	r.subscribe("slack", "GONE", nil, "", false)
	r.subscribe("slack", "OK", nil, "", false)
	r.ingest(d, putinTrumpReport(wednesday))
	r.flush(d)
	r.ingest(d, xiMacronReport(wednesday))
	r.flush(d)
	if n := len(slack.to("OK")); n != 2 {
		t.Fatalf("the healthy channel got %d posts, want 2", n)
	}
	admins := slack.to("ADMINS")
	if len(admins) != 1 || !strings.Contains(admins[0].text(), "slack:GONE") {
		t.Fatalf("admins told %d times: %+v", len(admins), admins)
	}
	sub, err := r.db.Subscription(context.Background(), "slack", "GONE")
	if err != nil || !sub.Paused || !strings.Contains(sub.PausedReason, "channel_not_found") {
		t.Fatalf("subscription: %+v %v", sub, err)
	}
	if slack.tries != 4 {
		t.Fatalf("tries %d: the paused channel must not be tried again", slack.tries)
	}
}

// The rest of the digest tests run the scheduler on the fake clock.

func waitNextRun(t *testing.T, s *digest.Scheduler, subID int64, want time.Time) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		next, ok := s.NextRun(subID)
		if ok && next.Equal(want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("next run %v (%v), want %v", next, ok, want)
		}
		time.Sleep(5 * time.Millisecond) // real time: gocron reschedules on its goroutine
	}
}

func TestDailyDigestAcrossDaylightSavingChange(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	// Friday 28 March 2025, noon in Paris; clocks go forward on Sunday 30.
	r := newRig(t, time.Date(2025, 3, 28, 12, 0, 0, 0, paris))
	slack := newRecorder("slack", r.clock)
	d := r.digests(time.Minute, slack)
	admin := r.admin(nil)
	r.useAdmin(admin)
	reply := r.bot.Handle(context.Background(), bot.Request{Origin: bot.Origin{Platform: "slack", Channel: "C1", User: "U1", Admin: true},
		Text: "digest subscribe schedule=daily 08:00 Europe/Paris empty=yes"})
	if len(reply.Messages) != 1 || !strings.HasPrefix(reply.Messages[0].Title, "Subscribed: slack:C1") {
		t.Fatalf("subscribe: %+v", reply)
	}
	sub, err := r.db.Subscription(context.Background(), "slack", "C1")
	if err != nil {
		t.Fatal(err)
	}
	sched := digest.NewScheduler(d)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sched.Start(ctx)
	defer sched.Stop()
	if err := sched.Sync(ctx); err != nil {
		t.Fatal(err)
	}

	// A call reported Friday afternoon.
	r.clock.Advance(time.Hour)
	r.ingest(d, putinTrumpReport(r.clock.Now()))
	r.flush(d)
	if slack.count() != 0 {
		t.Fatal("a scheduled subscription got a new-coverage post")
	}

	runs := []time.Time{
		time.Date(2025, 3, 29, 8, 0, 0, 0, paris), // 07:00 UTC, winter time
		time.Date(2025, 3, 30, 8, 0, 0, 0, paris), // 06:00 UTC, summer time: 23 hours later
		time.Date(2025, 3, 31, 8, 0, 0, 0, paris),
	}
	if runs[1].Sub(runs[0]) != 23*time.Hour {
		t.Fatalf("test setup: the DST day is %v long", runs[1].Sub(runs[0]))
	}
	for i, at := range runs {
		waitNextRun(t, sched, sub.ID, at)
		r.clock.Advance(at.Add(-time.Minute).Sub(r.clock.Now()))
		if slack.count() != i {
			t.Fatalf("run %d: posted before 08:00 Paris time", i)
		}
		r.clock.Advance(time.Minute)
		slack.waitFor(t, i+1)
		p := slack.to("C1")[i]
		if !p.at.Equal(at) {
			t.Errorf("run %d posted at %v, want %v", i, p.at.In(paris), at)
		}
		text := p.text()
		switch i {
		case 0:
			if !strings.Contains(text, "1 new call") || !strings.Contains(text, "Trump and Putin") {
				t.Errorf("first digest should list the call: %q", text)
			}
		default:
			if !strings.Contains(text, "No new or updated calls") {
				t.Errorf("digest %d should say the period was empty: %q", i, text)
			}
		}
		if i == 1 && !strings.Contains(text, "Sat 29 Mar 08:00 to Sun 30 Mar 08:00 (Europe/Paris)") {
			t.Errorf("the DST day's period: %q", text)
		}
	}
}

func TestEmptyPeriodIsNotPostedUnlessAsked(t *testing.T) {
	r := newRig(t, time.Date(2025, 3, 24, 9, 0, 0, 0, time.UTC)) // a Monday
	slack := newRecorder("slack", r.clock)
	d := r.digests(time.Minute, slack)
	sub := r.subscribe("slack", "WEEKLY", nil, "weekly tue 07:30 UTC", false)
	sched := digest.NewScheduler(d)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sched.Start(ctx)
	defer sched.Stop()
	if err := sched.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	run := time.Date(2025, 3, 25, 7, 30, 0, 0, time.UTC)
	waitNextRun(t, sched, sub.ID, run)
	r.clock.Advance(run.Sub(r.clock.Now()))
	// The job ran when the period moved on; it posted nothing.
	deadline := time.Now().Add(10 * time.Second)
	for {
		s, err := r.db.Subscription(ctx, "slack", "WEEKLY")
		if err != nil {
			t.Fatal(err)
		}
		if s.PeriodStart.Equal(run) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("period start %v, want %v", s.PeriodStart, run)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if slack.count() != 0 {
		t.Fatalf("an empty period was posted: %q", slack.posts[0].text())
	}
	waitNextRun(t, sched, sub.ID, run.AddDate(0, 0, 7))

	// Running the same period again (a late duplicate firing) posts nothing.
	r.ingest(d, putinTrumpReport(wednesday))
	if err := d.RunScheduled(ctx, sub.ID, run); err != nil {
		t.Fatal(err)
	}
	if slack.count() != 0 {
		t.Fatal("a period was run twice")
	}
}

func TestChannelOfAnAbsentAdapterGetsNothingRecorded(t *testing.T) {
	r := newRig(t, wednesday.Add(2*time.Hour))
	slack := newRecorder("slack", r.clock)
	d := r.digests(0, slack) // no Discord adapter in this process
	r.subscribe("discord", "D1", nil, "", false)
	r.subscribe("slack", "C1", nil, "", false)
	r.ingest(d, putinTrumpReport(wednesday))
	r.flush(d)
	ctx := context.Background()
	if q, _ := r.db.Queued(ctx); len(q) != 0 {
		t.Fatalf("queued for an absent adapter: %+v", q)
	}
	if st, _ := r.db.DeliveryStats(ctx, "discord", "D1"); st != (summaries.DeliveryStats{}) {
		t.Fatalf("deliveries recorded for an absent adapter: %+v", st)
	}
	if len(slack.to("C1")) != 1 {
		t.Fatal("the present adapter's channel got nothing")
	}
}
