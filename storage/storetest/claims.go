package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"readout/summaries"
)

// A due source is leased to one holder until the lease expires or the
// poll is saved; paused and not yet due sources are never claimed.
func testClaimDueSources(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	ttl := 10 * time.Minute
	add := func(url string, next time.Time, paused bool) summaries.Source {
		t.Helper()
		s, _, err := db.AddSource(ctx, summaries.Source{URL: url, AddedAt: t0, NextPoll: next})
		if err != nil {
			t.Fatal(err)
		}
		if paused {
			s.Paused = true
			if err := db.SavePoll(ctx, s); err != nil {
				t.Fatal(err)
			}
		}
		return s
	}
	urls := func(srcs []summaries.Source, err error) []string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range srcs {
			out = append(out, s.URL)
		}
		return out
	}
	add("https://feeds.test/later", t0.Add(time.Hour), false)
	b := add("https://feeds.test/due", t0.Add(-time.Hour), false)
	add("https://feeds.test/never", time.Time{}, false)
	add("https://feeds.test/paused", t0.Add(-2*time.Hour), true)

	if got := urls(db.ClaimDueSources(ctx, "p1", t0, ttl, 1, nil)); !slices.Equal(got, []string{"https://feeds.test/never"}) {
		t.Fatalf("p1 claimed %v, want the never polled source first", got)
	}
	if got := urls(db.ClaimDueSources(ctx, "p2", t0, ttl, 10, nil)); !slices.Equal(got, []string{"https://feeds.test/due"}) {
		t.Fatalf("p2 claimed %v, want only the due source p1 does not hold", got)
	}
	if got := urls(db.ClaimDueSources(ctx, "p1", t0.Add(time.Minute), ttl, 10, nil)); len(got) != 0 {
		t.Fatalf("p1 claimed %v while everything due is leased", got)
	}
	// A saved poll ends its lease: due again at once, it is claimed again.
	b.NextPoll = t0
	if err := db.SavePoll(ctx, b); err != nil {
		t.Fatal(err)
	}
	if got := urls(db.ClaimDueSources(ctx, "p3", t0.Add(2*time.Minute), ttl, 10, nil)); !slices.Equal(got, []string{"https://feeds.test/due"}) {
		t.Fatalf("after its poll was saved, p3 claimed %v", got)
	}
	// p1 died holding "never": past its lease, another takes it over.
	if got := urls(db.ClaimDueSources(ctx, "p2", t0.Add(ttl-time.Second), ttl, 10, nil)); len(got) != 0 {
		t.Fatalf("p2 claimed %v before p1's lease expired", got)
	}
	if got := urls(db.ClaimDueSources(ctx, "p2", t0.Add(ttl), ttl, 10, nil)); !slices.Equal(got, []string{"https://feeds.test/never"}) {
		t.Fatalf("p2 claimed %v when p1's lease expired, want the source p1 held", got)
	}
	// A holder known dead loses its leases at once: p3 holds "due" until
	// +12m.
	if got := urls(db.ClaimDueSources(ctx, "p5", t0.Add(11*time.Minute), ttl, 10, func(h string) bool { return h == "p1" })); len(got) != 0 {
		t.Fatalf("p5 claimed %v from live holders", got)
	}
	if got := urls(db.ClaimDueSources(ctx, "p5", t0.Add(11*time.Minute), ttl, 10, func(h string) bool { return h == "p3" })); !slices.Equal(got, []string{"https://feeds.test/due"}) {
		t.Fatalf("p5 claimed %v, want the source of p3, known dead", got)
	}
	// Two hours on, every lease has run out and every source is due, the
	// never polled first; a claimed source is the source as stored.
	all, err := db.ClaimDueSources(ctx, "p4", t0.Add(2*time.Hour), ttl, 10, nil)
	if got := urls(all, err); !slices.Equal(got, []string{"https://feeds.test/never", "https://feeds.test/due", "https://feeds.test/later"}) {
		t.Fatalf("claim at +2h: %v", got)
	}
	if later := all[2]; !later.NextPoll.Equal(t0.Add(time.Hour)) || !later.AddedAt.Equal(t0) || later.Paused {
		t.Fatalf("claimed %+v", later)
	}
}

// Holders racing for many due sources, a few at a time, claim each
// exactly once.
func testClaimDueSourcesRace(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	const sources, holders = 60, 6
	for i := range sources {
		if _, _, err := db.AddSource(ctx, summaries.Source{URL: fmt.Sprintf("https://feeds.test/%d.xml", i), AddedAt: t0}); err != nil {
			t.Fatal(err)
		}
	}
	claimOnce(t, sources, holders, func(w int) ([]int64, error) {
		got, err := db.ClaimDueSources(ctx, fmt.Sprintf("p%d", w), t0, time.Minute, 3, nil)
		ids := make([]int64, len(got))
		for i, s := range got {
			ids[i] = s.ID
		}
		return ids, err
	})
}

// A due delivery is claimed by one caller until the claim runs out;
// settled, it is never claimed again.
func testClaimDeliveries(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	sub, _, err := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "C1", CreatedAt: t0, PeriodStart: t0})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i, at := range []time.Time{t0, t0, t0, t0.Add(time.Hour)} {
		id, ok, err := db.RecordDelivery(ctx, summaries.Delivery{SubscriptionID: sub.ID, Platform: "slack", Channel: "C1",
			Key: fmt.Sprintf("calls %d@1", i), Body: []byte("x"), NextAttempt: at, CreatedAt: t0}, nil, time.Time{})
		if err != nil || !ok {
			t.Fatalf("record %d: %v %v", i, ok, err)
		}
		ids = append(ids, id)
	}
	claim := func(at time.Time, limit int) []int64 {
		t.Helper()
		got, err := db.ClaimDeliveries(ctx, at, at.Add(time.Minute), limit)
		if err != nil {
			t.Fatal(err)
		}
		out := []int64{}
		for _, d := range got {
			if d.State != summaries.DeliveryPending || string(d.Body) != "x" || d.Channel != "C1" || d.SubscriptionID != sub.ID {
				t.Fatalf("claimed %+v", d)
			}
			out = append(out, d.ID)
		}
		return out
	}
	if got := claim(t0, 2); !slices.Equal(got, ids[:2]) {
		t.Fatalf("first claim %v, want the oldest two %v", got, ids[:2])
	}
	if got := claim(t0, 10); !slices.Equal(got, ids[2:3]) {
		t.Fatalf("second claim %v, want the one left due %v", got, ids[2:3])
	}
	if got := claim(t0.Add(30*time.Second), 10); len(got) != 0 {
		t.Fatalf("claimed again within the claims: %v", got)
	}
	if err := db.MarkSent(ctx, ids[0], t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkFailed(ctx, ids[1], "HTTP 500", t0.Add(10*time.Minute), false); err != nil {
		t.Fatal(err)
	}
	// Past the claims: the unsettled one (its claimant died) is claimed
	// again; the sent one never, the failed one at its retry.
	if got := claim(t0.Add(time.Minute), 10); !slices.Equal(got, ids[2:3]) {
		t.Fatalf("after the claims ran out: %v, want %v", got, ids[2:3])
	}
	if got := claim(t0.Add(2*time.Hour), 10); !slices.Equal(got, []int64{ids[1], ids[2], ids[3]}) {
		t.Fatalf("two hours on: %v, want %v", got, []int64{ids[1], ids[2], ids[3]})
	}
	if next, err := db.NextAttempt(ctx); err != nil || !next.Equal(t0.Add(2*time.Hour+time.Minute)) {
		t.Fatalf("next attempt %v %v: a claimed delivery is next due when its claim runs out", next, err)
	}
	// A sender that stops gives its claim back: due at once, untried.
	at := t0.Add(2*time.Hour + time.Second)
	if err := db.ReleaseDelivery(ctx, ids[3], at); err != nil {
		t.Fatal(err)
	}
	back, err := db.ClaimDeliveries(ctx, at, at.Add(time.Minute), 10)
	if err != nil || len(back) != 1 || back[0].ID != ids[3] || back[0].Attempts != 0 {
		t.Fatalf("after the release: %+v %v, want delivery %d untried", back, err, ids[3])
	}
	// A settled delivery is not brought back by a release.
	if err := db.ReleaseDelivery(ctx, ids[0], at); err != nil {
		t.Fatal(err)
	}
	if again, _ := db.ClaimDeliveries(ctx, at, at.Add(time.Minute), 10); len(again) != 0 {
		t.Fatalf("released a sent delivery: %+v", again)
	}
}

// Senders racing for due deliveries, one at a time, claim each once.
func testClaimDeliveriesRace(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	sub, _, err := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "C1", CreatedAt: t0, PeriodStart: t0})
	if err != nil {
		t.Fatal(err)
	}
	const deliveries, senders = 30, 6
	for i := range deliveries {
		if _, _, err := db.RecordDelivery(ctx, summaries.Delivery{SubscriptionID: sub.ID, Platform: "slack", Channel: "C1",
			Key: fmt.Sprintf("calls %d@1", i), Body: []byte("x"), NextAttempt: t0, CreatedAt: t0}, nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	claimOnce(t, deliveries, senders, func(int) ([]int64, error) {
		got, err := db.ClaimDeliveries(ctx, t0, t0.Add(time.Minute), 1)
		ids := make([]int64, len(got))
		for i, d := range got {
			ids[i] = d.ID
		}
		return ids, err
	})
}

// Two posts built from one queue, racing (each process read the queue
// before the other recorded): the first to consume an entry records its
// post; the other records nothing and leaves its other entries queued.
func testQueueConsumedOnce(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	sub, _, err := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "C1", CreatedAt: t0, PeriodStart: t0})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.QueueCalls(ctx, sub.ID, []summaries.CallVersion{{ID: 1, Version: 1}, {ID: 2, Version: 1}, {ID: 3, Version: 1}}, t0); err != nil {
		t.Fatal(err)
	}
	q, err := db.Queued(ctx)
	if err != nil || len(q) != 3 {
		t.Fatalf("queued %v %v", q, err)
	}
	post := func(key string, consumed []summaries.QueuedCall) bool {
		t.Helper()
		var cvs []summaries.CallVersion
		for _, e := range consumed {
			cvs = append(cvs, e.CallVersion)
		}
		_, ok, err := db.RecordDelivery(ctx, summaries.Delivery{SubscriptionID: sub.ID, Platform: "slack", Channel: "C1", Key: key,
			Body: []byte("x"), Calls: cvs, NextAttempt: t0, CreatedAt: t0}, consumed, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !post("calls 1@1 2@1", q[:2]) {
		t.Fatal("the first post was not recorded")
	}
	if post("calls 2@1 3@1", q[1:]) {
		t.Fatal("a post of an entry consumed already was recorded: call 2 would be announced twice")
	}
	if left, err := db.Queued(ctx); err != nil || len(left) != 1 || left[0].ID != 3 {
		t.Fatalf("left queued %+v %v, want call 3 alone", left, err)
	}
	if v, _ := db.LastDelivered(ctx, "slack", "C1", 3); v != 0 {
		t.Fatalf("call 3 counted delivered (%d) by a post never recorded", v)
	}
	// Racing posts of one queue, under different keys: one is recorded.
	if err := db.QueueCalls(ctx, sub.ID, []summaries.CallVersion{{ID: 4, Version: 1}}, t0); err != nil {
		t.Fatal(err)
	}
	q, _ = db.Queued(ctx)
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := range 6 {
		wg.Go(func() {
			_, ok, err := db.RecordDelivery(ctx, summaries.Delivery{SubscriptionID: sub.ID, Platform: "slack", Channel: "C1",
				Key: fmt.Sprintf("race %d", i), Body: []byte("x"), NextAttempt: t0, CreatedAt: t0}, q, time.Time{})
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				won++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if won != 1 {
		t.Fatalf("%d racing posts of one queue recorded, want 1", won)
	}
}

// claimOnce runs workers that each claim until claim gives nothing, and
// checks that every one of n things was claimed exactly once.
func claimOnce(t *testing.T, n, workers int, claim func(worker int) ([]int64, error)) {
	t.Helper()
	var mu sync.Mutex
	claims := map[int64]int{}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				got, err := claim(w)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, id := range got {
					claims[id]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(claims) != n {
		t.Fatalf("%d of %d claimed", len(claims), n)
	}
	for id, k := range claims {
		if k != 1 {
			t.Fatalf("id %d claimed %d times", id, k)
		}
	}
}
