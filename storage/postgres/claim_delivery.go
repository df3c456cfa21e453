package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"readout/summaries"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// ClaimDelivery claims one pending delivery due at now until until (see
// summaries.DigestStore). The update's row lock makes one of two racing
// claimants find it no longer due.
func (s *DB) ClaimDelivery(ctx context.Context, id int64, now, until time.Time) (summaries.Delivery, bool, error) {
	var d summaries.Delivery
	var sub *int64
	var next, created, sent pgtype.Timestamptz
	err := s.pool.QueryRow(ctx, `UPDATE digest_deliveries SET next_attempt = $1
		WHERE id = $2 AND state = 'pending' AND (next_attempt IS NULL OR next_attempt <= $3) RETURNING `+deliveryColumns, until.UTC(), id, now.UTC()).
		Scan(&d.ID, &sub, &d.Platform, &d.Channel, &d.Key, &d.Body, &d.State, &d.Attempts, &next, &d.LastError, &created, &sent)
	if errors.Is(err, pgx.ErrNoRows) {
		return summaries.Delivery{}, false, nil
	}
	if err != nil {
		return summaries.Delivery{}, false, fmt.Errorf("claim delivery %d: %w", id, err)
	}
	if sub != nil {
		d.SubscriptionID = *sub
	}
	d.NextAttempt, d.CreatedAt, d.SentAt = fromInstant(next), fromInstant(created), fromInstant(sent)
	return d, true, nil
}
