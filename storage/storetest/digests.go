package storetest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"readout/summaries"
)

// ChangedCalls finds the records with a version saved within [from, to),
// exactly below the second, and says which were created then.
func testChangedCalls(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	c := summaries.Call{Participants: []string{"donald-trump", "vladimir-putin"}, Date: day("2025-03-18"), Medium: summaries.Phone}
	id, v := saveCall(t, db, c, t0)
	if v != 1 {
		t.Fatalf("first build is version %d", v)
	}
	c.ID, c.DurationMinutes = id, 90
	if _, v := saveCall(t, db, c, t0.Add(90*time.Minute+500*time.Millisecond)); v != 2 {
		t.Fatalf("second build is version %d", v)
	}
	other, _ := saveCall(t, db, summaries.Call{Participants: []string{"a", "b"}, Date: day("2025-03-01")}, t0.Add(30*time.Minute))
	for _, tc := range []struct {
		from, to time.Time
		want     []int64
		new      []bool
	}{
		{t0, t0.Add(time.Hour), []int64{id, other}, []bool{true, true}},
		{t0.Add(time.Second), t0.Add(time.Hour), []int64{other}, []bool{true}},
		{t0.Add(time.Hour), t0.Add(90 * time.Minute), nil, nil},
		// The bound is exact below the second: the update was at +90m0.5s.
		{t0.Add(time.Hour), t0.Add(90*time.Minute + 400*time.Millisecond), nil, nil},
		{t0.Add(time.Hour), t0.Add(90*time.Minute + 500*time.Millisecond), nil, nil},
		{t0.Add(time.Hour), t0.Add(90*time.Minute + 600*time.Millisecond), []int64{id}, []bool{false}},
		{t0.Add(90*time.Minute + 500*time.Millisecond), t0.Add(2 * time.Hour), []int64{id}, []bool{false}},
		{t0, t0.Add(24 * time.Hour), []int64{id, other}, []bool{true, true}},
	} {
		got, err := db.ChangedCalls(ctx, tc.from, tc.to)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		var news []bool
		for _, ch := range got {
			ids, news = append(ids, ch.Call.ID), append(news, ch.New)
		}
		if !slices.Equal(ids, tc.want) || !slices.Equal(news, tc.new) {
			t.Errorf("ChangedCalls(+%v, +%v) = %v new %v, want %v new %v", tc.from.Sub(t0), tc.to.Sub(t0), ids, news, tc.want, tc.new)
		}
	}
}

// One subscription per channel: subscribing again replaces it, lifts a
// pause and empties its queue.
func testSubscriptions(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	if _, err := db.Subscription(ctx, "slack", "C1"); !errors.Is(err, summaries.ErrNotFound) {
		t.Fatalf("no subscription: %v, want ErrNotFound", err)
	}
	want := summaries.Subscription{Platform: "slack", Channel: "C1", Leaders: []string{"donald-trump", "xi-jinping"},
		Schedule: "daily 08:00 Europe/Paris", Empty: true, CreatedBy: "U1", CreatedAt: t0, PeriodStart: t0.Add(-time.Hour)}
	sub, replaced, err := db.Subscribe(ctx, want)
	if err != nil || replaced || sub.ID == 0 {
		t.Fatalf("subscribe: %+v %v %v", sub, replaced, err)
	}
	want.ID = sub.ID
	if got, err := db.Subscription(ctx, "slack", "C1"); err != nil || !sameSub(got, want) {
		t.Fatalf("subscription %+v %v, want %+v", got, err, want)
	}
	other, _, err := db.Subscribe(ctx, summaries.Subscription{Platform: "discord", Channel: "C1", CreatedAt: t0, PeriodStart: t0})
	if err != nil || other.ID == sub.ID || other.Leaders != nil || other.Schedule != "" {
		t.Fatalf("the same channel id on another platform: %+v %v", other, err)
	}
	if err := db.QueueCalls(ctx, sub.ID, []summaries.CallVersion{{ID: 1, Version: 1}}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.PauseSubscription(ctx, sub.ID, "gone"); err != nil {
		t.Fatal(err)
	}
	if err := db.QueueCalls(ctx, sub.ID, []summaries.CallVersion{{ID: 2, Version: 1}}, t0); err != nil {
		t.Fatal(err)
	}
	next := summaries.Subscription{Platform: "slack", Channel: "C1", CreatedBy: "U2", CreatedAt: t0.Add(time.Hour), PeriodStart: t0.Add(time.Hour)}
	again, replaced, err := db.Subscribe(ctx, next)
	next.ID = sub.ID
	if err != nil || !replaced || !sameSub(again, next) {
		t.Fatalf("resubscribe: %+v %v %v, want %+v", again, replaced, err, next)
	}
	if q, _ := db.Queued(ctx); len(q) != 0 {
		t.Fatalf("a replaced subscription's queue: %+v", q)
	}
	all, err := db.Subscriptions(ctx)
	if err != nil || len(all) != 2 || all[0].ID != sub.ID || all[1].ID != other.ID {
		t.Fatalf("subscriptions, oldest first: %+v %v", all, err)
	}
	gone, err := db.Unsubscribe(ctx, "slack", "C1")
	if err != nil || gone.ID != sub.ID {
		t.Fatalf("unsubscribe: %+v %v", gone, err)
	}
	if _, err := db.Unsubscribe(ctx, "slack", "C1"); !errors.Is(err, summaries.ErrNotFound) {
		t.Fatalf("unsubscribing twice: %v, want ErrNotFound", err)
	}
	if _, err := db.Subscription(ctx, "slack", "C1"); !errors.Is(err, summaries.ErrNotFound) {
		t.Fatalf("after unsubscribing: %v, want ErrNotFound", err)
	}
}

func sameSub(a, b summaries.Subscription) bool {
	return a.ID == b.ID && a.Platform == b.Platform && a.Channel == b.Channel && slices.Equal(a.Leaders, b.Leaders) &&
		a.Schedule == b.Schedule && a.Empty == b.Empty && a.CreatedBy == b.CreatedBy && a.CreatedAt.Equal(b.CreatedAt) &&
		a.PeriodStart.Equal(b.PeriodStart) && a.Paused == b.Paused && a.PausedReason == b.PausedReason
}

// The queue keeps each version once per subscription, oldest first, and
// goes with its subscription.
func testQueue(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	s1, _, _ := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "C1", CreatedAt: t0, PeriodStart: t0})
	s2, _, _ := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "C2", CreatedAt: t0, PeriodStart: t0})
	if err := db.QueueCalls(ctx, s1.ID, nil, t0); err != nil {
		t.Fatal(err)
	}
	later := t0.Add(time.Minute + 500*time.Millisecond)
	if err := db.QueueCalls(ctx, s2.ID, []summaries.CallVersion{{ID: 5, Version: 1}}, later); err != nil {
		t.Fatal(err)
	}
	if err := db.QueueCalls(ctx, s1.ID, []summaries.CallVersion{{ID: 7, Version: 2}, {ID: 7, Version: 1}}, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	// Queued again later: ignored, the first time stays.
	if err := db.QueueCalls(ctx, s1.ID, []summaries.CallVersion{{ID: 7, Version: 1}}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	q, err := db.Queued(ctx)
	want := []summaries.QueuedCall{
		{SubscriptionID: s1.ID, CallVersion: summaries.CallVersion{ID: 7, Version: 1}, QueuedAt: t0.Add(time.Minute)},
		{SubscriptionID: s1.ID, CallVersion: summaries.CallVersion{ID: 7, Version: 2}, QueuedAt: t0.Add(time.Minute)},
		{SubscriptionID: s2.ID, CallVersion: summaries.CallVersion{ID: 5, Version: 1}, QueuedAt: later},
	}
	if err != nil || !sameQueue(q, want) {
		t.Fatalf("queued %+v %v, want %+v", q, err, want)
	}
	if err := db.DropQueued(ctx, q[:1]); err != nil {
		t.Fatal(err)
	}
	if q, _ := db.Queued(ctx); !sameQueue(q, want[1:]) {
		t.Fatalf("after dropping one: %+v", q)
	}
	if _, err := db.Unsubscribe(ctx, "slack", "C1"); err != nil {
		t.Fatal(err)
	}
	if q, _ := db.Queued(ctx); !sameQueue(q, want[2:]) {
		t.Fatalf("after unsubscribing: %+v", q)
	}
}

func sameQueue(a, b []summaries.QueuedCall) bool {
	return slices.EqualFunc(a, b, func(x, y summaries.QueuedCall) bool {
		return x.SubscriptionID == y.SubscriptionID && x.CallVersion == y.CallVersion && x.QueuedAt.Equal(y.QueuedAt)
	})
}

func testDeliveries(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	now := t0
	sub, _, err := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "C1", Leaders: []string{"donald-trump"}, CreatedAt: now, PeriodStart: now})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.QueueCalls(ctx, sub.ID, []summaries.CallVersion{{ID: 7, Version: 1}, {ID: 7, Version: 2}}, now); err != nil {
		t.Fatal(err)
	}
	queued, err := db.Queued(ctx)
	if err != nil || len(queued) != 2 {
		t.Fatalf("queued: %+v %v", queued, err)
	}
	if v, err := db.LastDelivered(ctx, "slack", "C1", 7); err != nil || v != 0 {
		t.Fatalf("nothing delivered: %d %v", v, err)
	}
	body := []byte("[{\"title\":\"New call\"}]\x00\xff")
	d := summaries.Delivery{SubscriptionID: sub.ID, Platform: "slack", Channel: "C1", Key: "calls 7@2",
		Body: body, Calls: []summaries.CallVersion{{ID: 7, Version: 2}, {ID: 8, Version: 1}}, NextAttempt: now, CreatedAt: now}
	id, recorded, err := db.RecordDelivery(ctx, d, queued, time.Time{})
	if err != nil || !recorded || id == 0 {
		t.Fatalf("record: %d %v %v", id, recorded, err)
	}
	if q, _ := db.Queued(ctx); len(q) != 0 {
		t.Fatalf("consumed entries must leave the queue: %+v", q)
	}
	if v, err := db.LastDelivered(ctx, "slack", "C1", 7); err != nil || v != 2 {
		t.Fatalf("last delivered: %d %v", v, err)
	}
	if v, _ := db.LastDelivered(ctx, "slack", "C2", 7); v != 0 {
		t.Fatalf("another channel's last delivered: %d", v)
	}
	if s, _ := db.Subscription(ctx, "slack", "C1"); !s.PeriodStart.Equal(now) {
		t.Fatalf("period moved without a period end: %v", s.PeriodStart)
	}
	due, err := db.DueDeliveries(ctx, now)
	if err != nil || len(due) != 1 {
		t.Fatalf("due: %+v %v", due, err)
	}
	got := due[0]
	if got.ID != id || got.SubscriptionID != sub.ID || got.Platform != "slack" || got.Channel != "C1" || got.Key != d.Key ||
		string(got.Body) != string(body) || got.State != summaries.DeliveryPending || got.Attempts != 0 ||
		!got.NextAttempt.Equal(now) || !got.CreatedAt.Equal(now) || !got.SentAt.IsZero() {
		t.Fatalf("due delivery %+v", got)
	}
	// The same key again, even from a new subscription of the channel,
	// records nothing.
	if _, err := db.Unsubscribe(ctx, "slack", "C1"); err != nil {
		t.Fatal(err)
	}
	sub2, _, err := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "C1", CreatedAt: now, PeriodStart: now})
	if err != nil {
		t.Fatal(err)
	}
	d.SubscriptionID = sub2.ID
	if _, recorded, err := db.RecordDelivery(ctx, d, nil, time.Time{}); err != nil || recorded {
		t.Fatalf("duplicate key recorded again: %v %v", recorded, err)
	}
	// The first delivery was failed by the unsubscribe; a new one is due,
	// and moves the period start forward, never back.
	d.Key = "calls 8@1"
	if _, recorded, err := db.RecordDelivery(ctx, d, nil, now.Add(time.Hour)); err != nil || !recorded {
		t.Fatal(recorded, err)
	}
	if s, _ := db.Subscription(ctx, "slack", "C1"); !s.PeriodStart.Equal(now.Add(time.Hour)) {
		t.Fatalf("period start not advanced: %v", s.PeriodStart)
	}
	if err := db.AdvancePeriod(ctx, sub2.ID, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if s, _ := db.Subscription(ctx, "slack", "C1"); !s.PeriodStart.Equal(now.Add(time.Hour)) {
		t.Fatalf("period start moved back: %v", s.PeriodStart)
	}
	if err := db.AdvancePeriod(ctx, sub2.ID, now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if s, _ := db.Subscription(ctx, "slack", "C1"); !s.PeriodStart.Equal(now.Add(2 * time.Hour)) {
		t.Fatalf("period start not advanced: %v", s.PeriodStart)
	}
	due, err = db.DueDeliveries(ctx, now)
	if err != nil || len(due) != 1 || due[0].Key != "calls 8@1" {
		t.Fatalf("due: %+v %v", due, err)
	}
	if err := db.MarkFailed(ctx, due[0].ID, "timeout", now.Add(time.Minute), false); err != nil {
		t.Fatal(err)
	}
	if due, _ := db.DueDeliveries(ctx, now); len(due) != 0 {
		t.Fatalf("a retry is not due before its time: %+v", due)
	}
	if next, err := db.NextAttempt(ctx); err != nil || !next.Equal(now.Add(time.Minute)) {
		t.Fatalf("next attempt %v %v", next, err)
	}
	due, _ = db.DueDeliveries(ctx, now.Add(time.Minute))
	if len(due) != 1 || due[0].Attempts != 1 || due[0].LastError != "timeout" {
		t.Fatalf("due after one failure: %+v", due)
	}
	if err := db.MarkSent(ctx, due[0].ID, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if next, err := db.NextAttempt(ctx); err != nil || !next.IsZero() {
		t.Fatalf("nothing pending: next attempt %v %v", next, err)
	}
	st, err := db.DeliveryStats(ctx, "slack", "C1")
	if err != nil || st.Sent != 1 || st.Failed != 1 || st.Pending != 0 || !st.LastSent.Equal(now.Add(time.Minute)) {
		t.Fatalf("stats: %+v %v", st, err)
	}
	if st, err := db.DeliveryStats(ctx, "slack", "nowhere"); err != nil || st != (summaries.DeliveryStats{}) {
		t.Fatalf("stats of a channel without deliveries: %+v %v", st, err)
	}
}

// Two processes recording the same post: one records it.
func testDeliveryRace(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	sub, _, err := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "C1", CreatedAt: t0, PeriodStart: t0})
	if err != nil {
		t.Fatal(err)
	}
	const racers = 6
	var wg sync.WaitGroup
	recorded := make(chan bool, racers)
	errs := make(chan error, racers)
	for range racers {
		wg.Go(func() {
			d := summaries.Delivery{SubscriptionID: sub.ID, Platform: "slack", Channel: "C1", Key: "period 2025-03-19T00:00:00Z",
				Body: []byte("x"), Calls: []summaries.CallVersion{{ID: 1, Version: 1}}, NextAttempt: t0, CreatedAt: t0}
			_, ok, err := db.RecordDelivery(ctx, d, nil, t0.Add(24*time.Hour))
			if err != nil {
				errs <- err
			}
			recorded <- ok
		})
	}
	wg.Wait()
	close(recorded)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	n := 0
	for ok := range recorded {
		if ok {
			n++
		}
	}
	if due, _ := db.DueDeliveries(ctx, t0); n != 1 || len(due) != 1 {
		t.Fatalf("%d of %d racing records won, %d due; want 1 and 1", n, racers, len(due))
	}
}

func testPauseSubscription(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	now := t0
	sub, _, err := db.Subscribe(ctx, summaries.Subscription{Platform: "discord", Channel: "1", CreatedAt: now, PeriodStart: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a", "b"} {
		if _, _, err := db.RecordDelivery(ctx, summaries.Delivery{SubscriptionID: sub.ID, Platform: "discord", Channel: "1", Key: k, NextAttempt: now, CreatedAt: now}, nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.QueueCalls(ctx, sub.ID, []summaries.CallVersion{{ID: 3, Version: 1}}, now); err != nil {
		t.Fatal(err)
	}
	paused, err := db.PauseSubscription(ctx, sub.ID, "channel gone")
	if err != nil || !paused {
		t.Fatalf("pause: %v %v", paused, err)
	}
	if paused, err := db.PauseSubscription(ctx, sub.ID, "channel gone"); err != nil || paused {
		t.Fatalf("a paused subscription was paused again (admins would be told twice): %v %v", paused, err)
	}
	if due, _ := db.DueDeliveries(ctx, now); len(due) != 0 {
		t.Fatalf("pending deliveries of a paused subscription must fail: %+v", due)
	}
	if q, _ := db.Queued(ctx); len(q) != 0 {
		t.Fatalf("a paused subscription's queue: %+v", q)
	}
	if st, _ := db.DeliveryStats(ctx, "discord", "1"); st.Failed != 2 || st.Pending != 0 {
		t.Fatalf("stats after pausing: %+v", st)
	}
	s, _ := db.Subscription(ctx, "discord", "1")
	if !s.Paused || s.PausedReason != "channel gone" {
		t.Fatalf("subscription: %+v", s)
	}
	// Subscribing again lifts the pause.
	s, replaced, err := db.Subscribe(ctx, summaries.Subscription{Platform: "discord", Channel: "1", CreatedAt: now, PeriodStart: now})
	if err != nil || !replaced || s.Paused || s.PausedReason != "" {
		t.Fatalf("resubscribe: %+v %v %v", s, replaced, err)
	}
}

// A delivery given up on does not count as seen by its channel.
func testGivenUp(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	now := t0
	sub, _, err := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "C9", CreatedAt: now, PeriodStart: now})
	if err != nil {
		t.Fatal(err)
	}
	d := summaries.Delivery{SubscriptionID: sub.ID, Platform: "slack", Channel: "C9", Key: "calls 5@3",
		Body: []byte(`[{"title":"Update"}]`), Calls: []summaries.CallVersion{{ID: 5, Version: 3}}, NextAttempt: now, CreatedAt: now}
	id, recorded, err := db.RecordDelivery(ctx, d, nil, time.Time{})
	if err != nil || !recorded {
		t.Fatal(recorded, err)
	}
	if v, _ := db.LastDelivered(ctx, "slack", "C9", 5); v != 3 {
		t.Fatalf("pending delivery: last delivered %d, want 3", v)
	}
	if err := db.MarkFailed(ctx, id, "channel gone", now, true); err != nil {
		t.Fatal(err)
	}
	if v, err := db.LastDelivered(ctx, "slack", "C9", 5); err != nil || v != 0 {
		t.Fatalf("after giving up: last delivered %d %v, want 0", v, err)
	}
	if due, _ := db.DueDeliveries(ctx, now.Add(time.Hour)); len(due) != 0 {
		t.Fatalf("a delivery given up on is due: %+v", due)
	}
	// Failing it again changes nothing: it is no longer pending.
	if err := db.MarkFailed(ctx, id, "again", now, false); err != nil {
		t.Fatal(err)
	}
	if st, _ := db.DeliveryStats(ctx, "slack", "C9"); st.Failed != 1 || st.Pending != 0 {
		t.Fatalf("stats: %+v", st)
	}
}

// An ingest queues what it changed for every active, unscheduled
// subscription whose leaders took part, in its own transaction: rolled
// back with it, and once however often it is announced; a source's poll
// state is saved in the same transaction.
func testAnnounce(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	all, _, _ := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "ALL", CreatedAt: t0, PeriodStart: t0})
	pair, _, _ := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "PAIR", Leaders: []string{"donald-trump", "vladimir-putin"}, CreatedAt: t0, PeriodStart: t0})
	paused, _, _ := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "PAUSED", CreatedAt: t0, PeriodStart: t0})
	if _, err := db.PauseSubscription(ctx, paused.ID, "gone"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "DAILY", Schedule: "daily 08:00 UTC", CreatedAt: t0, PeriodStart: t0}); err != nil {
		t.Fatal(err)
	}
	src, _, err := db.AddSource(ctx, summaries.Source{URL: "https://feeds.test/announce.xml", AddedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	tp, _ := saveCall(t, db, summaries.Call{Participants: []string{"donald-trump", "vladimir-putin"}, Date: day("2025-03-18")}, t0)
	tx, _ := saveCall(t, db, summaries.Call{Participants: []string{"donald-trump", "xi-jinping"}, Date: day("2025-03-19")}, t0)
	news := []summaries.CallVersion{{ID: tp, Version: 1}, {ID: tx, Version: 1}}
	// A failed ingest queues nothing and marks nothing polled.
	boom := errors.New("boom")
	if err := db.Ingest(ctx, func(itx summaries.IngestTx) error {
		if err := itx.Announce(ctx, news, t0); err != nil {
			return err
		}
		polled := src
		polled.PolledOnce = true
		if err := itx.SavePoll(ctx, polled); err != nil {
			return err
		}
		return boom
	}); !errors.Is(err, boom) {
		t.Fatalf("ingest = %v, want the error back", err)
	}
	if q, _ := db.Queued(ctx); len(q) != 0 {
		t.Fatalf("a rolled-back ingest queued %+v", q)
	}
	for range 2 {
		ingest(t, db, func(ctx context.Context, itx summaries.IngestTx) error {
			if err := itx.Announce(ctx, news, t0); err != nil {
				return err
			}
			polled := src
			polled.PolledOnce = true
			return itx.SavePoll(ctx, polled)
		})
	}
	q, err := db.Queued(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64][]int64{}
	for _, e := range q {
		got[e.SubscriptionID] = append(got[e.SubscriptionID], e.ID)
	}
	slices.Sort(got[all.ID])
	want := []int64{min(tp, tx), max(tp, tx)}
	if len(got) != 2 || !slices.Equal(got[all.ID], want) || !slices.Equal(got[pair.ID], []int64{tp}) {
		t.Errorf("queued %v; want every call for the channel of all calls, the pair's for its channel, nothing paused or scheduled", got)
	}
	srcs, err := db.Sources(ctx)
	if err != nil || len(srcs) != 1 || !srcs[0].PolledOnce {
		t.Errorf("the poll state saved with the items: %+v %v", srcs, err)
	}
}
