package bot_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"readout/bot"
	"readout/storage"
	"readout/summaries"
	"readout/summaries/leaders"
)

// A count past what a listing holds is the store's count, not the
// listing's length.
func TestCountBeyondTheListing(t *testing.T) {
	const n = 230
	b := dailyCalls(t, n)
	ctx := context.Background()
	r := b.Handle(ctx, bot.Request{Text: "how many times have trump and putin spoken"})
	if r.Intent != "count" || len(r.Messages) == 0 || !strings.HasPrefix(r.Messages[0].Title, "230 calls") {
		t.Fatalf("intent %q, first line %q; want the count of all 230", r.Intent, firstTitle(r))
	}
	if len(r.Calls) == 0 || len(r.Calls) >= n {
		t.Errorf("%d records listed: a count lists the newest, up to a listing's cap", len(r.Calls))
	}
}

// A list of free words alone has no timeline: it reads one call past the
// 25 it shows, and says there are more.
func TestListOfWordsAloneShowsTheNewest(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		n     int
		title string
	}{{30, "More than 25 calls about sanctions; the 25 newest"}, {20, "20 calls about sanctions, newest first"}} {
		b := dailyCalls(t, tc.n)
		r := b.Handle(ctx, bot.Request{Text: "calls about sanctions"})
		if r.Intent != "list" || firstTitle(r) != tc.title {
			t.Errorf("%d calls: intent %q, first line %q; want %q", tc.n, r.Intent, firstTitle(r), tc.title)
		}
		if want := min(tc.n, 25); len(r.Calls) != want {
			t.Errorf("%d calls: %d records listed, want %d", tc.n, len(r.Calls), want)
		}
	}
}

// dailyCalls is a store of n Trump–Putin calls on consecutive days from 21
// January 2025, each summed up as about sanctions, and a bot on it.
func dailyCalls(t *testing.T, n int) core {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	start := time.Date(2025, 1, 21, 0, 0, 0, 0, time.UTC)
	err = db.Ingest(ctx, func(tx summaries.IngestTx) error {
		for i := range n {
			c := summaries.Call{Participants: []string{"donald-trump", "vladimir-putin"}, Date: start.AddDate(0, 0, i), Medium: summaries.Phone,
				Points: []summaries.KeyPoint{{Text: "They discussed sanctions."}}}
			id, err := tx.CreateCall(ctx, c)
			if err != nil {
				return err
			}
			c.ID = id
			if _, _, err := tx.SaveCall(ctx, c, start); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return newCore(t, db, g, clockwork.NewFakeClockAt(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
}

func firstTitle(r bot.Reply) string {
	if len(r.Messages) == 0 {
		return ""
	}
	return r.Messages[0].Title
}
