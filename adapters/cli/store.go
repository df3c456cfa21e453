package cli

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/jonboulle/clockwork"

	"readout/storage"
	"readout/storage/postgres"
	"readout/summaries"
)

// store is what the commands need of a database, whichever backend keeps
// it: the core's store interfaces, the work lease, and the readiness
// probe's write.
type store interface {
	summaries.Store
	summaries.SourceStore
	summaries.DigestStore
	summaries.LeaseStore
	// Writable checks that a write can commit.
	Writable(ctx context.Context) error
}

var (
	_ store = (*storage.DB)(nil)
	_ store = (*postgres.DB)(nil)
)

// isPostgres reports whether a database named on the command line or in
// the configuration is a PostgreSQL URL rather than a SQLite file.
func isPostgres(target string) bool {
	t := strings.ToLower(strings.TrimSpace(target))
	return strings.HasPrefix(t, "postgres://") || strings.HasPrefix(t, "postgresql://")
}

// sqlitePath is the file a SQLite target names: a plain path, or one
// written "sqlite:PATH".
func sqlitePath(target string) string {
	return strings.TrimPrefix(target, "sqlite:")
}

// openStore opens the database target names: a postgres:// or
// postgresql:// URL is a PostgreSQL database, anything else a SQLite file
// (the file is returned too, for what only a file can do: backups,
// checkpoints, its size). The error never quotes a password.
func openStore(ctx context.Context, target string, clock clockwork.Clock) (store, *storage.DB, error) {
	if isPostgres(target) {
		db, err := postgres.Open(ctx, strings.TrimSpace(target), postgres.WithClock(clock))
		if err != nil {
			return nil, nil, err
		}
		return db, nil, nil
	}
	db, err := storage.Open(ctx, sqlitePath(target), storage.WithClock(clock))
	if err != nil {
		return nil, nil, err
	}
	return db, db, nil
}

// describeStore names a database for logs and messages: a file by its
// path, a PostgreSQL URL with any password in it (in the user part or as
// a password= parameter) blanked out.
func describeStore(target string) string {
	if !isPostgres(target) {
		return sqlitePath(target)
	}
	u, err := url.Parse(strings.TrimSpace(target))
	if err != nil {
		return "postgres (a malformed URL)"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// errFileOnly refuses, on PostgreSQL, what only a SQLite file can do.
func errFileOnly(what, instead string) error {
	return fmt.Errorf("%s works on a SQLite database file; this database is PostgreSQL: %s", what, instead)
}
