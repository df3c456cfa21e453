package ingest_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"readout/bot/ingest"
	"readout/summaries"
)

// storeCoverage is several stories' articles, more than a batch a fetch.
func storeCoverage(fetches, perFetch int) [][]summaries.Article {
	out := make([][]summaries.Article, fetches)
	for f := range fetches {
		for k := range perFetch {
			out[f] = append(out[f], storyArticle((f*perFetch+k)%7, f*perFetch+k))
		}
	}
	return out
}

// A fetch prepared while the one before is stored, as the command line
// does, stores what it would have stored after it: extraction reads only
// the article, and an article stored meanwhile is still recognised when
// stored.
func TestPreparedAheadStoresAsInTurn(t *testing.T) {
	ctx := context.Background()
	cov := storeCoverage(3, 260)
	// The second fetch repeats part of the first: prepared before the
	// first is stored, they are not yet known unchanged.
	cov[1] = append(cov[1], cov[0][:50]...)
	records := func(ahead bool) ([]ingest.Stored, []summaries.Call) {
		in, db := storyIngester(t)
		var sts []ingest.Stored
		if ahead {
			next := in.Prepare(ctx, ingest.Batch{Articles: cov[0]})
			for i := range cov {
				cur := next
				if i+1 < len(cov) {
					next = in.Prepare(ctx, ingest.Batch{Articles: cov[i+1]})
				}
				st, err := cur.Store(ctx)
				if err != nil {
					t.Fatal(err)
				}
				sts = append(sts, st)
			}
		} else {
			for _, as := range cov {
				st, err := in.StoreAll(ctx, ingest.Batch{Articles: as})
				if err != nil {
					t.Fatal(err)
				}
				sts = append(sts, st)
			}
		}
		calls, err := db.Calls(ctx, summaries.CallFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range calls {
			// Stamped by the real clock.
			calls[i].FirstSeen, calls[i].LastSeen = time.Time{}, time.Time{}
		}
		return sts, calls
	}
	inTurn, want := records(false)
	ahead, got := records(true)
	if inTurn[1].Unchanged != 50 || !reflect.DeepEqual(ahead, inTurn) {
		t.Fatalf("stored ahead: %+v\nin turn: %+v", ahead, inTurn)
	}
	if len(want) == 0 || !reflect.DeepEqual(got, want) {
		t.Fatalf("%d records prepared ahead differ from the %d stored in turn", len(got), len(want))
	}
}

// A fetch whose storing is cancelled says so, with what it stored, rather
// than report the batches it got to as the whole fetch.
func TestStoreCancelledSaysSo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	in, _ := storyIngester(t)
	p := in.Prepare(ctx, ingest.Batch{Articles: storeCoverage(1, 600)[0]})
	cancel()
	st, err := p.Store(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Store after cancel = %+v, %v; want context.Canceled", st, err)
	}
}
