package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"readout/summaries"
)

// One delivery is claimed by id only while pending and due, by one of
// several racing claimants, and is then not due before the claim ends.
func testClaimDelivery(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	sub, _, err := db.Subscribe(ctx, summaries.Subscription{Platform: "discord", Channel: "42", CreatedAt: t0, PeriodStart: t0})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i, at := range []time.Time{t0, t0.Add(time.Hour)} {
		id, ok, err := db.RecordDelivery(ctx, summaries.Delivery{SubscriptionID: sub.ID, Platform: "discord", Channel: "42",
			Key: fmt.Sprintf("calls %d@1", i), Body: []byte("x"), NextAttempt: at, CreatedAt: t0}, nil, time.Time{})
		if err != nil || !ok {
			t.Fatalf("record %d: %v %v", i, ok, err)
		}
		ids = append(ids, id)
	}
	if _, ok, err := db.ClaimDelivery(ctx, ids[1], t0, t0.Add(time.Minute)); err != nil || ok {
		t.Fatalf("claimed a delivery not yet due: %v %v", ok, err)
	}
	if _, ok, err := db.ClaimDelivery(ctx, ids[0]+ids[1], t0, t0.Add(time.Minute)); err != nil || ok {
		t.Fatalf("claimed a delivery that does not exist: %v %v", ok, err)
	}
	var won atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			d, ok, err := db.ClaimDelivery(ctx, ids[0], t0, t0.Add(time.Minute))
			if err != nil {
				t.Error(err)
				return
			}
			if ok {
				won.Add(1)
				if d.ID != ids[0] || d.Channel != "42" || string(d.Body) != "x" || d.SubscriptionID != sub.ID || d.State != summaries.DeliveryPending {
					t.Errorf("claimed %+v", d)
				}
			}
		})
	}
	wg.Wait()
	if won.Load() != 1 {
		t.Fatalf("%d claimants took one delivery", won.Load())
	}
	if due, err := db.ClaimDeliveries(ctx, t0.Add(30*time.Second), t0.Add(2*time.Minute), 10); err != nil || len(due) != 0 {
		t.Fatalf("due within the claim: %v %v", due, err)
	}
	if err := db.MarkSent(ctx, ids[0], t0.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.ClaimDelivery(ctx, ids[0], t0.Add(time.Hour), t0.Add(time.Hour+time.Minute)); err != nil || ok {
		t.Fatalf("claimed a sent delivery: %v %v", ok, err)
	}
}
