package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"readout/summaries"
)

// Identifiers come from the outside and have no length limit: a tracking
// URL, a feed's GUID, a platform's event id, the key of a digest naming a
// busy day's calls. Each is stored and recognised whatever its length
// (PostgreSQL cannot index a text of more than about 2.7 kB as it is).
func testLongIdentifiers(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	long := func(prefix string) string { return prefix + noise(prefix, 9000) }

	a := article(long("https://a.test/?utm="), "a long address")
	a.GUID = long("tag:a.test,2025:")
	id, st := putArticle(t, db, a)
	if st != summaries.ArticleNew {
		t.Fatalf("long URL: state %v", st)
	}
	if again, st := putArticle(t, db, a); again != id || st != summaries.ArticleUnchanged {
		t.Fatalf("long URL again: id %d state %v", again, st)
	}
	moved := a
	moved.URL, moved.Text = long("https://b.test/?utm="), "edited"
	if again, st := putArticle(t, db, moved); again != id || st != summaries.ArticleChanged {
		t.Fatalf("long GUID under another URL: id %d state %v, want %d changed", again, st, id)
	}

	src, _, err := db.AddSource(ctx, summaries.Source{URL: long("https://feeds.test/?q=")})
	if err != nil {
		t.Fatalf("long source URL: %v", err)
	}
	if again, existed, err := db.AddSource(ctx, summaries.Source{URL: src.URL}); err != nil || !existed || again.ID != src.ID {
		t.Fatalf("long source URL again: %+v %v %v", again, existed, err)
	}
	if _, err := db.RemoveSource(ctx, src.URL); err != nil {
		t.Fatalf("remove a long source URL: %v", err)
	}

	ev := long("slack:")
	if ok, err := db.ClaimEvent(ctx, ev, time.Hour); !ok || err != nil {
		t.Fatalf("long event id: %v %v", ok, err)
	}
	if ok, err := db.ClaimEvent(ctx, ev, time.Hour); ok || err != nil {
		t.Fatalf("long event id again: %v %v", ok, err)
	}

	sub, _, err := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "C1", CreatedAt: t0, PeriodStart: t0})
	if err != nil {
		t.Fatal(err)
	}
	d := summaries.Delivery{SubscriptionID: sub.ID, Platform: "slack", Channel: "C1", Key: long("calls "), NextAttempt: t0, CreatedAt: t0}
	if _, recorded, err := db.RecordDelivery(ctx, d, nil, time.Time{}); err != nil || !recorded {
		t.Fatalf("long delivery key: %v %v", recorded, err)
	}
	if _, recorded, err := db.RecordDelivery(ctx, d, nil, time.Time{}); err != nil || recorded {
		t.Fatalf("long delivery key again: %v %v", recorded, err)
	}
}

// noise is n characters that do not compress (as a real tracking URL does
// not), drawn from seed.
func noise(seed string, n int) string {
	var b strings.Builder
	sum := sha256.Sum256([]byte(seed))
	for b.Len() < n {
		b.WriteString(hex.EncodeToString(sum[:]))
		sum = sha256.Sum256(sum[:])
	}
	return b.String()[:n]
}

// Counters and lengths are Go ints: whatever an article claims or a
// source counts is stored as it is.
func testLargeNumbers(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	const big = 1 << 40
	id, _ := saveCall(t, db, summaries.Call{Participants: []string{"a", "b"}, Date: day("2025-03-18"), DurationMinutes: big}, t0)
	if calls, err := db.CallsByID(ctx, []int64{id}); err != nil || len(calls) != 1 || calls[0].DurationMinutes != big {
		t.Fatalf("a long call: %+v %v", calls, err)
	}
	src, _, err := db.AddSource(ctx, summaries.Source{URL: "https://x.test/big"})
	if err != nil {
		t.Fatal(err)
	}
	src.ItemsSeen, src.Errors = big, big
	if err := db.SavePoll(ctx, src); err != nil {
		t.Fatal(err)
	}
	if all, err := db.Sources(ctx); err != nil || len(all) != 1 || all[0].ItemsSeen != big || all[0].Errors != big {
		t.Fatalf("large counters: %+v %v", all, err)
	}
}
