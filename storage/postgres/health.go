package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Writable checks that a write can commit: the readiness probe's test of
// the database (a server in recovery, read-only or out of disk fails it).
func (s *DB) Writable(ctx context.Context) error {
	err := s.tx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE schema_migrations SET applied_at = applied_at WHERE version = (SELECT MAX(version) FROM schema_migrations)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}
