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

// A yes/no reads its calls brief and its latest whole: the whole one is
// the call found, even when a larger call of the same leaders on the same
// day was stored after it.
func TestYesNoShowsItsLatestCallWhole(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2025, 3, 18, 0, 0, 0, 0, time.UTC)
	pair := summaries.Call{Participants: []string{"donald-trump", "vladimir-putin"}, Date: day, Medium: summaries.Video,
		Points: []summaries.KeyPoint{{Text: "They went over the tomahawks question."}, {Text: "Trump said he had called Putin."}}}
	group := summaries.Call{Participants: []string{"donald-trump", "vladimir-putin", "volodymyr-zelensky"}, Date: day, Medium: summaries.Phone,
		Points: []summaries.KeyPoint{{Text: "The three spoke of a ceasefire."}}}
	for _, stored := range [][]summaries.Call{{pair}, {pair, group}} {
		b := storeCalls(t, stored)
		for _, q := range []string{"did trump and putin discuss tomahawks", "did trump and putin have a video call"} {
			r := b.Handle(ctx, bot.Request{Text: q})
			if r.Intent != "did" || !strings.HasPrefix(firstTitle(r), "Yes") {
				t.Fatalf("%d calls stored, %q: intent %q, %q", len(stored), q, r.Intent, firstTitle(r))
			}
			if len(r.Calls) == 0 || r.Calls[0].Summary == "" || !strings.Contains(r.Messages[0].Text, "Trump placed") {
				t.Errorf("%d calls stored, %q: the latest call is not whole (%q)", len(stored), q, r.Messages[0].Text)
			}
		}
	}
}

// storeCalls is a store holding calls, each built as given, and a bot on
// it.
func storeCalls(t *testing.T, calls []summaries.Call) core {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	err = db.Ingest(ctx, func(tx summaries.IngestTx) error {
		for _, c := range calls {
			id, err := tx.CreateCall(ctx, c)
			if err != nil {
				return err
			}
			c.ID = id
			if _, _, err := tx.SaveCall(ctx, c, c.Date); err != nil {
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
