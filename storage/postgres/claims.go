package postgres

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"readout/summaries"

	"github.com/jackc/pgx/v5"
)

// ClaimDueSources leases up to limit due sources to holder (see
// summaries.SourceStore). Rows another process is claiming at this very
// moment are skipped, not waited for: several processes claim at once
// without queueing behind each other.
func (s *DB) ClaimDueSources(ctx context.Context, holder string, now time.Time, ttl time.Duration, limit int, dead func(string) bool) ([]summaries.Source, error) {
	gone := []string{}
	if dead != nil {
		holders, err := collect(ctx, s.pool, scanOne[string], `SELECT DISTINCT lease_holder FROM sources
			WHERE NOT paused AND (next_poll IS NULL OR next_poll <= $1) AND lease_expires > $1 AND lease_holder <> $2`, now.UTC(), clean(holder))
		if err != nil {
			return nil, fmt.Errorf("claim due sources: %w", err)
		}
		for _, h := range holders {
			if dead(h) {
				gone = append(gone, h)
			}
		}
	}
	out, err := querySources(ctx, s.pool, `UPDATE sources SET lease_holder = $1, lease_expires = $2
		WHERE id IN (SELECT id FROM sources
			WHERE NOT paused AND (next_poll IS NULL OR next_poll <= $3) AND (lease_expires IS NULL OR lease_expires <= $3 OR lease_holder = ANY($5))
			ORDER BY next_poll NULLS FIRST, id LIMIT $4 FOR UPDATE SKIP LOCKED)
		RETURNING `+sourceColumns, clean(holder), now.Add(ttl).UTC(), now.UTC(), limit, gone)
	if err != nil {
		return nil, fmt.Errorf("claim due sources: %w", err)
	}
	// Never polled (no next poll) first, as the pick ordered them.
	slices.SortFunc(out, func(a, b summaries.Source) int {
		return cmp.Or(a.NextPoll.Compare(b.NextPoll), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// ClaimDeliveries claims up to limit due deliveries until until (see
// summaries.DigestStore): their next attempt moves there, and rows being
// claimed by another process are skipped.
func (s *DB) ClaimDeliveries(ctx context.Context, now, until time.Time, limit int) ([]summaries.Delivery, error) {
	out, err := collect(ctx, s.pool, scanDelivery, `UPDATE digest_deliveries SET next_attempt = $1
		WHERE id IN (SELECT id FROM digest_deliveries WHERE state = 'pending' AND (next_attempt IS NULL OR next_attempt <= $2)
			ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
		RETURNING `+deliveryColumns, until.UTC(), now.UTC(), limit)
	if err != nil {
		return nil, fmt.Errorf("claim deliveries: %w", err)
	}
	slices.SortFunc(out, func(a, b summaries.Delivery) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// ReleaseDelivery gives a claimed delivery back, due at next.
func (s *DB) ReleaseDelivery(ctx context.Context, id int64, next time.Time) error {
	if _, err := s.pool.Exec(ctx, `UPDATE digest_deliveries SET next_attempt = $1 WHERE id = $2 AND state = 'pending'`, instant(next), id); err != nil {
		return fmt.Errorf("release delivery %d: %w", id, err)
	}
	return nil
}

// errConsumed rolls a delivery back whose queue entries another delivery
// consumed first.
var errConsumed = errors.New("queue entries consumed already")

// consumeQueued removes queue entries and reports whether every one was
// still queued. A row another transaction is consuming is waited for, and
// then found gone: of two deliveries racing for one entry, one wins.
func consumeQueued(ctx context.Context, tx pgx.Tx, entries []summaries.QueuedCall) (bool, error) {
	for _, q := range entries {
		tag, err := tx.Exec(ctx, `DELETE FROM digest_queue WHERE subscription_id = $1 AND call_id = $2 AND version = $3`, q.SubscriptionID, q.ID, q.Version)
		if err != nil {
			return false, fmt.Errorf("dequeue call %d@%d: %w", q.ID, q.Version, err)
		}
		if tag.RowsAffected() == 0 {
			return false, nil
		}
	}
	return true, nil
}
