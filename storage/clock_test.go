package storage

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"readout/summaries"

	"github.com/jonboulle/clockwork"
)

// What the database stamps on its own comes from the clock it was given.
func TestWithClockStampsRecords(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2031, 4, 5, 6, 7, 8, 0, time.UTC)
	clock := clockwork.NewFakeClockAt(at)
	db, err := Open(ctx, filepath.Join(t.TempDir(), "readout.db"), WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	var applied string
	if err := db.db.QueryRowContext(ctx, `SELECT MIN(applied_at) FROM schema_migrations`).Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if got := parseStamp(applied); !got.Equal(at) {
		t.Errorf("migration applied at %v, want %v", got, at)
	}

	var callID int64
	err = db.Ingest(ctx, func(tx summaries.IngestTx) error {
		if _, _, err := tx.PutArticle(ctx, article("https://a.test/clock", "Two leaders spoke by phone."), 0); err != nil {
			return err
		}
		callID, err = tx.CreateCall(ctx, summaries.Call{Participants: []string{"a", "b"}, Date: day("2031-04-04")})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var fetched string
	if err := db.db.QueryRowContext(ctx, `SELECT fetched_at FROM articles WHERE url = ?`, "https://a.test/clock").Scan(&fetched); err != nil {
		t.Fatal(err)
	}
	if got := parseStamp(fetched); !got.Equal(at) {
		t.Errorf("article fetched at %v, want %v", got, at)
	}
	var first string
	if err := db.db.QueryRowContext(ctx, `SELECT first_seen FROM calls WHERE id = ?`, callID).Scan(&first); err != nil {
		t.Fatal(err)
	}
	if got := parseStamp(first); !got.Equal(at) {
		t.Errorf("call first seen %v, want %v", got, at)
	}

	// An event claimed now is still claimed a minute later, and free again
	// once its time to live has passed on the database's clock.
	if ok, err := db.ClaimEvent(ctx, "ev", time.Hour); !ok || err != nil {
		t.Fatalf("first claim = %v, %v", ok, err)
	}
	clock.Advance(time.Minute)
	if ok, _ := db.ClaimEvent(ctx, "ev", time.Hour); ok {
		t.Error("a claim within its time to live succeeded")
	}
	clock.Advance(2 * time.Hour)
	if ok, _ := db.ClaimEvent(ctx, "ev", time.Hour); !ok {
		t.Error("a claim past its time to live failed")
	}
}
