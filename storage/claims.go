package storage

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"readout/summaries"
)

// ClaimDueSources leases up to limit due sources to holder (see
// summaries.SourceStore). SQLite's one writer at a time makes the pick
// and the lease one step.
func (s *DB) ClaimDueSources(ctx context.Context, holder string, now time.Time, ttl time.Duration, limit int, dead func(string) bool) ([]summaries.Source, error) {
	var out []summaries.Source
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT lease_holder FROM sources WHERE paused = 0 AND next_poll <= ? AND lease_expires > ? AND lease_holder <> ?`,
			fixed(now), fixed(now), holder)
		holders, err := collect(rows, err, scanOne[string])
		if err != nil {
			return err
		}
		gone := `[]`
		if dead != nil {
			holders = slices.DeleteFunc(holders, func(h string) bool { return !dead(h) })
			b, err := json.Marshal(holders)
			if err != nil {
				return err
			}
			gone = string(b)
		}
		out, err = querySources(ctx, tx, `UPDATE sources SET lease_holder = ?, lease_expires = ?
			WHERE id IN (SELECT id FROM sources WHERE paused = 0 AND next_poll <= ?
				AND (lease_expires <= ? OR lease_holder IN (SELECT value FROM json_each(?)))
				ORDER BY next_poll, id LIMIT ?)
			RETURNING `+sourceColumns, holder, fixed(now.Add(ttl)), fixed(now), fixed(now), gone, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim due sources: %w", err)
	}
	slices.SortFunc(out, func(a, b summaries.Source) int {
		return cmp.Or(a.NextPoll.Compare(b.NextPoll), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// ClaimDeliveries claims up to limit due deliveries until until (see
// summaries.DigestStore): their next attempt moves there.
func (s *DB) ClaimDeliveries(ctx context.Context, now, until time.Time, limit int) ([]summaries.Delivery, error) {
	var out []summaries.Delivery
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE digest_deliveries SET next_attempt = ?
			WHERE id IN (SELECT id FROM digest_deliveries WHERE state = 'pending' AND next_attempt <= ? ORDER BY id LIMIT ?)
			RETURNING `+deliveryColumns, fixed(until), fixed(now), limit)
		out, err = collect(rows, err, scanDelivery)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	slices.SortFunc(out, func(a, b summaries.Delivery) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// ReleaseDelivery gives a claimed delivery back, due at next.
func (s *DB) ReleaseDelivery(ctx context.Context, id int64, next time.Time) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE digest_deliveries SET next_attempt = ? WHERE id = ? AND state = 'pending'`, fixed(next), id); err != nil {
		return fmt.Errorf("release delivery %d: %w", id, err)
	}
	return nil
}

// errConsumed rolls a delivery back whose queue entries another delivery
// consumed first.
var errConsumed = errors.New("queue entries consumed already")

// consumeQueued removes queue entries and reports whether every one was
// still queued.
func consumeQueued(ctx context.Context, tx *sql.Tx, entries []summaries.QueuedCall) (bool, error) {
	for _, q := range entries {
		res, err := tx.ExecContext(ctx, `DELETE FROM digest_queue WHERE subscription_id = ? AND call_id = ? AND version = ?`, q.SubscriptionID, q.ID, q.Version)
		if err != nil {
			return false, fmt.Errorf("dequeue call %d@%d: %w", q.ID, q.Version, err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return false, err
		}
	}
	return true, nil
}
