package storage

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"readout/summaries"
)

func openTemp(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "readout.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func day(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

func TestOpenMigratesOnceAndReopens(t *testing.T) {
	db, path := openTemp(t)
	ctx := context.Background()
	v, err := db.SchemaVersion(ctx)
	if err != nil || v < 1 {
		t.Fatalf("schema version %d, %v", v, err)
	}
	var mode string
	if err := db.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal mode %q, %v", mode, err)
	}
	db.Close()
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer again.Close()
	if v2, _ := again.SchemaVersion(ctx); v2 != v {
		t.Fatalf("reopen changed schema version %d -> %d", v, v2)
	}
}

func TestOpenFailsClearly(t *testing.T) {
	_, err := Open(context.Background(), filepath.Join(t.TempDir(), "missing-dir", "x.db"))
	if err == nil {
		t.Fatal("opening a database in a missing folder must fail")
	}
}

func article(url, text string) summaries.Article {
	return summaries.Article{URL: url, Title: "T " + url, Outlet: "Test", Published: day("2025-03-19"), Text: text}
}

func TestCallLifecycleVersionsAndSearch(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	c := summaries.Call{Participants: []string{"donald-trump", "vladimir-putin"}, Date: day("2025-03-18"), Medium: summaries.Phone,
		Points: []summaries.KeyPoint{{Text: "They agreed an energy truce.", URL: "https://a.test/3"}}}
	var id int64
	err := db.Ingest(ctx, func(tx summaries.IngestTx) error {
		var err error
		if id, err = tx.CreateCall(ctx, c); err != nil {
			return err
		}
		c.ID = id
		v, changed, err := tx.SaveCall(ctx, c, time.Now())
		if err != nil || !changed || v != 1 {
			t.Errorf("first save: v%d changed=%v err=%v", v, changed, err)
		}
		if v, changed, _ := tx.SaveCall(ctx, c, time.Now()); changed || v != 1 {
			t.Errorf("unchanged save: v%d changed=%v", v, changed)
		}
		c.DurationMinutes = 90
		if v, changed, _ := tx.SaveCall(ctx, c, time.Now()); !changed || v != 2 {
			t.Errorf("changed save: v%d changed=%v", v, changed)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	calls, err := db.Calls(ctx, summaries.CallFilter{Leaders: []string{"vladimir-putin"}})
	if err != nil || len(calls) != 1 || calls[0].Version != 2 || calls[0].DurationMinutes != 90 {
		t.Fatalf("calls = %+v, %v", calls, err)
	}
	var changes string
	db.db.QueryRow("SELECT changes FROM call_changes WHERE call_id = ? AND version = 2", id).Scan(&changes)
	if changes != `["duration"]` {
		t.Fatalf("change kept as %q", changes)
	}
	if got, _ := db.Calls(ctx, summaries.CallFilter{Leaders: []string{"xi-jinping"}}); len(got) != 0 {
		t.Fatalf("filter by another leader returned %d calls", len(got))
	}
	if got, _ := db.Calls(ctx, summaries.CallFilter{To: day("2025-03-18")}); len(got) != 0 {
		t.Fatal("To must exclude the day itself")
	}
	found, err := db.SearchCalls(ctx, "energy truce", summaries.CallFilter{})
	if err != nil || len(found) != 1 {
		t.Fatalf("search = %d, %v", len(found), err)
	}
	// User input never becomes FTS syntax.
	for _, q := range []string{`"`, `AND OR NOT`, `*`, `energy" OR "x`, `NEAR(`, ``} {
		if _, err := db.SearchCalls(ctx, q, summaries.CallFilter{}); err != nil {
			t.Errorf("search %q: %v", q, err)
		}
	}
}

func TestCallColumnsFollowTheRecord(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	c := summaries.Call{Participants: []string{"donald-trump", "xi-jinping"}, Date: day("2025-06-05"), Medium: summaries.Phone,
		DurationMinutes: 90, Initiator: "donald-trump", Topics: []string{"trade"}}
	err := db.Ingest(ctx, func(tx summaries.IngestTx) error {
		id, err := tx.CreateCall(ctx, c)
		c.ID = id
		if err == nil {
			_, _, err = tx.SaveCall(ctx, c, time.Now())
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var minutes int
	var initiator, topics string
	if err := db.db.QueryRow("SELECT duration_minutes, initiator, topics FROM calls WHERE id = ?", c.ID).Scan(&minutes, &initiator, &topics); err != nil {
		t.Fatal(err)
	}
	if minutes != 90 || initiator != "donald-trump" || topics != `["trade"]` {
		t.Fatalf("columns: %d %q %q", minutes, initiator, topics)
	}
}
