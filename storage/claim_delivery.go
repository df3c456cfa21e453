package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"readout/summaries"
)

// ClaimDelivery claims one pending delivery due at now until until (see
// summaries.DigestStore).
func (s *DB) ClaimDelivery(ctx context.Context, id int64, now, until time.Time) (summaries.Delivery, bool, error) {
	var d summaries.Delivery
	var sub sql.NullInt64
	var msgs, next, created, sent string
	err := s.db.QueryRowContext(ctx, `UPDATE digest_deliveries SET next_attempt = ?
		WHERE id = ? AND state = 'pending' AND next_attempt <= ? RETURNING `+deliveryColumns, fixed(until), id, fixed(now)).
		Scan(&d.ID, &sub, &d.Platform, &d.Channel, &d.Key, &msgs, &d.State, &d.Attempts, &next, &d.LastError, &created, &sent)
	if errors.Is(err, sql.ErrNoRows) {
		return summaries.Delivery{}, false, nil
	}
	if err != nil {
		return summaries.Delivery{}, false, fmt.Errorf("claim delivery %d: %w", id, err)
	}
	d.Body = []byte(msgs)
	d.SubscriptionID = sub.Int64
	d.NextAttempt, d.CreatedAt, d.SentAt = parseStamp(next), parseStamp(created), parseStamp(sent)
	return d, true, nil
}
