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
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	const n = 230
	start := time.Date(2025, 1, 21, 0, 0, 0, 0, time.UTC)
	err = db.Ingest(ctx, func(tx summaries.IngestTx) error {
		for i := range n {
			c := summaries.Call{Participants: []string{"donald-trump", "vladimir-putin"}, Date: start.AddDate(0, 0, i), Medium: summaries.Phone}
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
	b := newCore(t, db, g, clockwork.NewFakeClockAt(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)))
	r := b.Handle(ctx, bot.Request{Text: "how many times have trump and putin spoken"})
	if r.Intent != "count" || len(r.Messages) == 0 || !strings.HasPrefix(r.Messages[0].Title, "230 calls") {
		t.Fatalf("intent %q, first line %q; want the count of all 230", r.Intent, firstTitle(r))
	}
	if len(r.Calls) == 0 || len(r.Calls) >= n {
		t.Errorf("%d records listed: a count lists the newest, up to a listing's cap", len(r.Calls))
	}
}

func firstTitle(r bot.Reply) string {
	if len(r.Messages) == 0 {
		return ""
	}
	return r.Messages[0].Title
}
