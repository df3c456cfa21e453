package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"readout/summaries"
)

// Lease says who holds a lease and until when.
type Lease = summaries.Lease

var _ summaries.LeaseStore = (*DB)(nil)

// TakeLease takes or renews the lease name for holder until now+ttl. It
// succeeds when the lease is free, expired, held by holder already, or
// held by a holder that dead says is gone; otherwise it returns the
// current lease and false. The check and the write are one transaction.
func (s *DB) TakeLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration, dead func(holder string) bool) (Lease, bool, error) {
	var cur Lease
	taken := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var expires string
		err := tx.QueryRowContext(ctx, `SELECT holder, expires FROM leases WHERE name = ?`, name).Scan(&cur.Holder, &expires)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			cur.Name, cur.Expires = name, parseStamp(expires)
			if cur.Holder != holder && cur.Expires.After(now) && (dead == nil || !dead(cur.Holder)) {
				return nil
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO leases(name, holder, acquired_at, expires) VALUES (?, ?, ?, ?)
			ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires = excluded.expires,
				acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END`,
			name, holder, fixed(now), fixed(now.Add(ttl)))
		if err != nil {
			return err
		}
		taken = true
		cur = Lease{Name: name, Holder: holder, Expires: now.Add(ttl)}
		return nil
	})
	if err != nil {
		return Lease{}, false, fmt.Errorf("take lease %s: %w", name, err)
	}
	return cur, taken, nil
}

// ReleaseLease gives up holder's lease, so that a process standing by
// takes it at once rather than when it expires.
func (s *DB) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM leases WHERE name = ? AND holder = ?`, name, holder); err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	return nil
}
