package storetest

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"readout/summaries"
)

// A lease is held until it expires, renewed by its holder, taken over
// when it expires or its holder is known dead, and freed by a release.
func testLeases(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	ttl := 30 * time.Second
	take := func(holder string, at time.Time, dead func(string) bool) (summaries.Lease, bool) {
		t.Helper()
		l, ok, err := db.TakeLease(ctx, "work", holder, at, ttl, dead)
		if err != nil {
			t.Fatal(err)
		}
		return l, ok
	}
	if _, ok := take("a", t0, nil); !ok {
		t.Fatal("a free lease was not taken")
	}
	if l, ok := take("b", t0.Add(10*time.Second), nil); ok || l.Holder != "a" || !l.Expires.Equal(t0.Add(ttl)) {
		t.Fatalf("b took a's live lease: %+v %v", l, ok)
	}
	if _, ok := take("a", t0.Add(20*time.Second), nil); !ok {
		t.Fatal("a could not renew")
	}
	if _, ok := take("b", t0.Add(40*time.Second), nil); ok {
		t.Fatal("b took a renewed lease")
	}
	if l, ok := take("b", t0.Add(50*time.Second), nil); !ok || l.Holder != "b" {
		t.Fatalf("b did not take an expired lease: %+v", l)
	}
	if _, ok := take("a", t0.Add(51*time.Second), nil); ok {
		t.Fatal("a renewed a lease it had lost")
	}
	if _, ok := take("c", t0.Add(52*time.Second), func(h string) bool { return h == "b" }); !ok {
		t.Fatal("c did not take a dead holder's lease")
	}
	if err := db.ReleaseLease(ctx, "work", "b"); err != nil {
		t.Fatal(err)
	}
	if _, ok := take("d", t0.Add(53*time.Second), nil); ok {
		t.Fatal("b's release freed c's lease")
	}
	if err := db.ReleaseLease(ctx, "work", "c"); err != nil {
		t.Fatal(err)
	}
	if _, ok := take("d", t0.Add(54*time.Second), nil); !ok {
		t.Fatal("a released lease was not free")
	}
	// Another name is another lease.
	if _, ok := take("a", t0.Add(55*time.Second), nil); ok {
		t.Fatal("a took d's lease")
	}
	if _, ok, err := db.TakeLease(ctx, "other", "a", t0.Add(55*time.Second), ttl, nil); err != nil || !ok {
		t.Fatalf("a free lease of another name: %v %v", ok, err)
	}
}

// Holders racing for a free lease: one wins.
func testLeaseRace(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	const racers = 8
	var won atomic.Int32
	var wg sync.WaitGroup
	for i := range racers {
		wg.Go(func() {
			_, ok, err := db.TakeLease(ctx, "work", string(rune('a'+i)), t0, time.Minute, nil)
			if err != nil {
				t.Error(err)
			}
			if ok {
				won.Add(1)
			}
		})
	}
	wg.Wait()
	if n := won.Load(); n != 1 {
		t.Fatalf("%d of %d racers took one lease, want 1", n, racers)
	}
}
