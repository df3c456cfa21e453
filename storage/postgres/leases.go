package postgres

import (
	"context"
	"fmt"
	"time"

	"readout/summaries"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

var _ summaries.LeaseStore = (*DB)(nil)

// TakeLease takes or renews the lease name for holder until now+ttl (see
// summaries.LeaseStore). The lease's row is locked while the holder is
// judged, so that two processes never both take it.
func (s *DB) TakeLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration, dead func(holder string) bool) (summaries.Lease, bool, error) {
	var cur summaries.Lease
	taken := false
	err := s.tx(ctx, func(tx pgx.Tx) error {
		// A row to lock, even for a lease never taken: it starts expired.
		if _, err := tx.Exec(ctx, `INSERT INTO leases(name, holder, acquired_at, expires) VALUES ($1, '', $2, '-infinity') ON CONFLICT (name) DO NOTHING`,
			clean(name), now.UTC()); err != nil {
			return err
		}
		var expires pgtype.Timestamptz
		if err := tx.QueryRow(ctx, `SELECT holder, expires FROM leases WHERE name = $1 FOR UPDATE`, clean(name)).Scan(&cur.Holder, &expires); err != nil {
			return err
		}
		if expires.InfinityModifier == pgtype.Finite {
			cur.Name, cur.Expires = name, fromInstant(expires)
		}
		if cur.Holder != "" && cur.Holder != holder && cur.Expires.After(now) && (dead == nil || !dead(cur.Holder)) {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE leases SET holder = $2, expires = $3,
				acquired_at = CASE WHEN holder = $2 THEN acquired_at ELSE $4 END WHERE name = $1`,
			clean(name), clean(holder), now.Add(ttl).UTC(), now.UTC()); err != nil {
			return err
		}
		taken = true
		cur = summaries.Lease{Name: name, Holder: holder, Expires: now.Add(ttl)}
		return nil
	})
	if err != nil {
		return summaries.Lease{}, false, fmt.Errorf("take lease %s: %w", name, err)
	}
	return cur, taken, nil
}

// ReleaseLease gives up holder's lease.
func (s *DB) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM leases WHERE name = $1 AND holder = $2`, clean(name), clean(holder)); err != nil {
		return fmt.Errorf("release lease %s: %w", name, err)
	}
	return nil
}
