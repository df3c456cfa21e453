package postgres_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"readout/summaries"

	"github.com/jackc/pgx/v5"
)

// The columns queries and reports read follow the record, and each
// version keeps the names of the parts that changed.
func TestCallColumnsFollowTheRecord(t *testing.T) {
	url := migrated(t)
	db := open(t, url)
	ctx := context.Background()
	c := summaries.Call{Participants: []string{"donald-trump", "xi-jinping"}, Date: time.Date(2025, 6, 5, 0, 0, 0, 0, time.UTC), Medium: summaries.Phone,
		DurationMinutes: 90, Initiator: "donald-trump", Topics: []string{"trade"}}
	err := db.Ingest(ctx, func(tx summaries.IngestTx) error {
		id, err := tx.CreateCall(ctx, c)
		if err != nil {
			return err
		}
		c.ID = id
		if _, _, err := tx.SaveCall(ctx, c, time.Now()); err != nil {
			return err
		}
		c.DurationMinutes, c.Topics = 0, []string{"trade", "Taiwan"}
		_, _, err = tx.SaveCall(ctx, c, time.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var minutes *int
	var people, initiator, date string
	var topics, v1, v2 []string
	err = conn.QueryRow(ctx, `SELECT people, date::text, duration_minutes, initiator, topics FROM calls WHERE id = $1`, c.ID).Scan(&people, &date, &minutes, &initiator, &topics)
	if err != nil {
		t.Fatal(err)
	}
	if people != "donald-trump+xi-jinping" || date != "2025-06-05" || minutes != nil || initiator != "donald-trump" || !slices.Equal(topics, []string{"trade", "Taiwan"}) {
		t.Fatalf("columns: %q %q %v %q %v", people, date, minutes, initiator, topics)
	}
	if err := conn.QueryRow(ctx, `SELECT (SELECT changes FROM call_changes WHERE call_id = $1 AND version = 1),
		(SELECT changes FROM call_changes WHERE call_id = $1 AND version = 2)`, c.ID).Scan(&v1, &v2); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(v1, []string{"new"}) || !slices.Equal(v2, []string{"duration", "topics"}) {
		t.Fatalf("changes kept: v1 %v, v2 %v", v1, v2)
	}
}
