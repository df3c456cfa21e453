package storage

import (
	"context"
	"testing"
	"time"
)

func TestLeaseHeldRenewedExpiredTakenOver(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	ttl := 30 * time.Second
	take := func(holder string, at time.Time, dead func(string) bool) (Lease, bool) {
		t.Helper()
		l, ok, err := db.TakeLease(ctx, "work", holder, at, ttl, dead)
		if err != nil {
			t.Fatal(err)
		}
		return l, ok
	}
	if _, ok := take("a", now, nil); !ok {
		t.Fatal("a free lease was not taken")
	}
	if l, ok := take("b", now.Add(10*time.Second), nil); ok || l.Holder != "a" || !l.Expires.Equal(now.Add(ttl)) {
		t.Fatalf("b took a's live lease: %+v %v", l, ok)
	}
	if _, ok := take("a", now.Add(20*time.Second), nil); !ok {
		t.Fatal("a could not renew")
	}
	// Renewed at +20s: still a's at +40s, gone at +50s.
	if _, ok := take("b", now.Add(40*time.Second), nil); ok {
		t.Fatal("b took a renewed lease")
	}
	if l, ok := take("b", now.Add(50*time.Second), nil); !ok || l.Holder != "b" {
		t.Fatalf("b did not take an expired lease: %+v", l)
	}
	if _, ok := take("a", now.Add(51*time.Second), nil); ok {
		t.Fatal("a renewed a lease it had lost")
	}
	// A holder known dead loses its lease at once.
	if _, ok := take("c", now.Add(52*time.Second), func(h string) bool { return h == "b" }); !ok {
		t.Fatal("c did not take a dead holder's lease")
	}
	if err := db.ReleaseLease(ctx, "work", "b"); err != nil {
		t.Fatal(err)
	}
	if _, ok := take("d", now.Add(53*time.Second), nil); ok {
		t.Fatal("b's release freed c's lease")
	}
	if err := db.ReleaseLease(ctx, "work", "c"); err != nil {
		t.Fatal(err)
	}
	if _, ok := take("d", now.Add(54*time.Second), nil); !ok {
		t.Fatal("a released lease was not free")
	}
}
