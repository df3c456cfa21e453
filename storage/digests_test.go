package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"readout/summaries"
)

// saveCall creates (id 0) or rebuilds a record as of now, as ingestion does.
func saveCall(t *testing.T, db *DB, c summaries.Call, now time.Time) (int64, int) {
	t.Helper()
	ctx := context.Background()
	var version int
	err := db.Ingest(ctx, func(tx summaries.IngestTx) error {
		if c.ID == 0 {
			id, err := tx.CreateCall(ctx, c)
			if err != nil {
				return err
			}
			c.ID = id
		}
		v, _, err := tx.SaveCall(ctx, c, now)
		version = v
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID, version
}

func TestCallVersionsKeptAndChangedCalls(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	t0 := time.Date(2025, 3, 19, 10, 0, 0, 0, time.UTC)
	c := summaries.Call{Participants: []string{"donald-trump", "vladimir-putin"}, Date: day("2025-03-18"), Medium: summaries.Phone}
	id, v := saveCall(t, db, c, t0)
	if v != 1 {
		t.Fatalf("first build is version %d", v)
	}
	c.ID, c.DurationMinutes = id, 90
	if _, v := saveCall(t, db, c, t0.Add(90*time.Minute+500*time.Millisecond)); v != 2 {
		t.Fatalf("second build is version %d", v)
	}
	old, err := db.CallAt(ctx, id, 1)
	if err != nil || old.DurationMinutes != 0 || old.Version != 1 {
		t.Fatalf("version 1: %+v %v", old, err)
	}
	cur, err := db.CallAt(ctx, id, 2)
	if err != nil || cur.DurationMinutes != 90 {
		t.Fatalf("version 2: %+v %v", cur, err)
	}
	if _, err := db.CallAt(ctx, id, 3); !errors.Is(err, summaries.ErrNotFound) {
		t.Fatalf("version 3: %v", err)
	}
	cases := []struct {
		from, to time.Time
		want     int
		new      bool
	}{
		{t0, t0.Add(time.Hour), 1, true},
		{t0.Add(time.Minute), t0.Add(90 * time.Minute), 0, false},
		// The bound is exact below the second: the update was at +90m0.5s.
		{t0.Add(time.Minute), t0.Add(90*time.Minute + 400*time.Millisecond), 0, false},
		{t0.Add(time.Minute), t0.Add(90*time.Minute + 600*time.Millisecond), 1, false},
		{t0, t0.Add(24 * time.Hour), 1, true},
	}
	for _, tc := range cases {
		got, err := db.ChangedCalls(ctx, tc.from, tc.to)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tc.want || (tc.want == 1 && (got[0].New != tc.new || got[0].Call.ID != id)) {
			t.Errorf("ChangedCalls(%s, %s) = %+v, want %d (new %v)", tc.from.Format(time.TimeOnly), tc.to.Format(time.StampMilli), got, tc.want, tc.new)
		}
	}
}

func TestDeliveriesOncePerChannelAndKey(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	now := time.Date(2025, 3, 19, 10, 0, 0, 0, time.UTC)
	sub, replaced, err := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "C1", Leaders: []string{"donald-trump"}, CreatedAt: now, PeriodStart: now})
	if err != nil || replaced || sub.ID == 0 || len(sub.Leaders) != 1 {
		t.Fatalf("subscribe: %+v %v %v", sub, replaced, err)
	}
	if err := db.QueueCalls(ctx, sub.ID, []summaries.CallVersion{{ID: 7, Version: 1}, {ID: 7, Version: 2}}, now); err != nil {
		t.Fatal(err)
	}
	queued, err := db.Queued(ctx)
	if err != nil || len(queued) != 2 {
		t.Fatalf("queued: %+v %v", queued, err)
	}
	d := summaries.Delivery{SubscriptionID: sub.ID, Platform: "slack", Channel: "C1", Key: "calls 7@2",
		Body: []byte(`[{"title":"New call"}]`), Calls: []summaries.CallVersion{{ID: 7, Version: 2}}, NextAttempt: now, CreatedAt: now}
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
	// The first delivery was failed by the unsubscribe; a new one is due.
	d.Key = "calls 8@1"
	if _, recorded, err := db.RecordDelivery(ctx, d, nil, now.Add(time.Hour)); err != nil || !recorded {
		t.Fatal(recorded, err)
	}
	due, err := db.DueDeliveries(ctx, now)
	if err != nil || len(due) != 1 || due[0].Key != "calls 8@1" || string(due[0].Body) != `[{"title":"New call"}]` {
		t.Fatalf("due: %+v %v", due, err)
	}
	if s, _ := db.Subscription(ctx, "slack", "C1"); !s.PeriodStart.Equal(now.Add(time.Hour)) {
		t.Fatalf("period start not advanced: %v", s.PeriodStart)
	}
	if err := db.MarkFailed(ctx, due[0].ID, "timeout", now.Add(time.Minute), false); err != nil {
		t.Fatal(err)
	}
	if due, _ := db.DueDeliveries(ctx, now); len(due) != 0 {
		t.Fatalf("a retry is not due before its time: %+v", due)
	}
	if next, _ := db.NextAttempt(ctx); !next.Equal(now.Add(time.Minute)) {
		t.Fatalf("next attempt %v", next)
	}
	if err := db.MarkSent(ctx, due0(t, db, now.Add(time.Minute)).ID, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	st, err := db.DeliveryStats(ctx, "slack", "C1")
	if err != nil || st.Sent != 1 || st.Failed != 1 || st.Pending != 0 || !st.LastSent.Equal(now.Add(time.Minute)) {
		t.Fatalf("stats: %+v %v", st, err)
	}
}

func due0(t *testing.T, db *DB, now time.Time) summaries.Delivery {
	t.Helper()
	due, err := db.DueDeliveries(context.Background(), now)
	if err != nil || len(due) != 1 {
		t.Fatalf("due at %v: %+v %v", now, due, err)
	}
	if due[0].Attempts != 1 {
		t.Fatalf("attempts %d after one failure", due[0].Attempts)
	}
	return due[0]
}

func TestPauseSubscriptionOnceFailsPending(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	now := time.Now()
	sub, _, err := db.Subscribe(ctx, summaries.Subscription{Platform: "discord", Channel: "1", CreatedAt: now, PeriodStart: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"a", "b"} {
		if _, _, err := db.RecordDelivery(ctx, summaries.Delivery{SubscriptionID: sub.ID, Platform: "discord", Channel: "1", Key: k, NextAttempt: now, CreatedAt: now}, nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	paused, err := db.PauseSubscription(ctx, sub.ID, "channel gone")
	if err != nil || !paused {
		t.Fatalf("pause: %v %v", paused, err)
	}
	if paused, _ := db.PauseSubscription(ctx, sub.ID, "channel gone"); paused {
		t.Fatal("a paused subscription was paused again: admins would be told twice")
	}
	if due, _ := db.DueDeliveries(ctx, now); len(due) != 0 {
		t.Fatalf("pending deliveries of a paused subscription must fail: %+v", due)
	}
	s, _ := db.Subscription(ctx, "discord", "1")
	if !s.Paused || s.PausedReason != "channel gone" {
		t.Fatalf("subscription: %+v", s)
	}
	// Subscribing again lifts the pause.
	s, replaced, err := db.Subscribe(ctx, summaries.Subscription{Platform: "discord", Channel: "1", CreatedAt: now, PeriodStart: now})
	if err != nil || !replaced || s.Paused {
		t.Fatalf("resubscribe: %+v %v %v", s, replaced, err)
	}
}

// A delivery given up on does not count as seen by its channel.
func TestGivenUpDeliveryIsNotLastDelivered(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	now := time.Date(2025, 3, 19, 10, 0, 0, 0, time.UTC)
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
}
