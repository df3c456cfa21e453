// Package postgres keeps readout's records in PostgreSQL, for deployments
// that outgrow one machine: several readout processes share one database.
// It implements the same store interfaces as the SQLite backend (package
// storage), with the same meaning; the contract suite in storage/storetest
// runs against both.
//
// It talks to the server through pgx's own interface and a pgxpool.Pool
// rather than database/sql: native arrays (text[] for leaders, = ANY for id
// lists), one pinned connection for the migration lock, and no database/sql
// driver registered at start-up.
//
// Where PostgreSQL cannot keep what SQLite keeps, it differs on purpose:
// instants are kept to the microsecond (SQLite keeps nanoseconds); NUL
// bytes and invalid UTF-8 in text are dropped or replaced on the way in
// (an article's identity is its hash of what was fetched, so a re-fetch is
// still recognised); search folds accents only where the unaccent
// extension could be installed (it ships with PostgreSQL's contrib and is
// trusted, so a database owner may install it). The pool takes its size
// from the URL (pool_max_conns=N); pgx's default is the larger of 4 and
// the number of CPUs.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"readout/summaries"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jonboulle/clockwork"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock is the advisory lock key that serialises migrations when
// several processes open one database at once.
const migrationLock int64 = 0x7265_6164_6f75_74 // "readout"

// DB is a readout database on a PostgreSQL server.
type DB struct {
	pool  *pgxpool.Pool
	clock clockwork.Clock
}

var (
	_ summaries.Store       = (*DB)(nil)
	_ summaries.SourceStore = (*DB)(nil)
	_ summaries.DigestStore = (*DB)(nil)
)

// Option configures Open.
type Option func(*DB)

// WithClock sets the clock that stamps what the database records on its
// own (article fetches, new calls, claimed events, migrations); the real
// clock by default.
func WithClock(c clockwork.Clock) Option {
	return func(s *DB) { s.clock = c }
}

// Open connects to the database named by url (postgres://user@host/db or
// any form pgx accepts) and brings its schema up to date.
func Open(ctx context.Context, url string, opts ...Option) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The parse error may quote the URL, password included.
		return nil, errors.New("open postgres: malformed connection URL")
	}
	where := cfg.ConnConfig.Host + "/" + cfg.ConnConfig.Database
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", where, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s: %w", where, err)
	}
	s := &DB{pool: pool, clock: clockwork.NewRealClock()}
	for _, o := range opts {
		o(s)
	}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s: %w", where, err)
	}
	return s, nil
}

// Close closes every connection.
func (s *DB) Close() error {
	s.pool.Close()
	return nil
}

// migrate applies the embedded migrations not yet applied, each in its own
// transaction, in file-name order, holding an advisory lock so that
// processes starting together migrate one after the other.
func (s *DB) migrate(ctx context.Context) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)

	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		num, _, _ := strings.Cut(base, "_")
		version, err := strconv.Atoi(num)
		if err != nil {
			return fmt.Errorf("migrate: bad migration name %s", base)
		}
		var applied bool
		if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, version).Scan(&applied); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if applied {
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			// No arguments: the simple protocol runs the file's statements.
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return fmt.Errorf("%s: %w", base, err)
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES ($1, $2)`, version, s.clock.Now().UTC())
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	return nil
}

// SchemaVersion returns the latest applied migration.
func (s *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v *int
	if err := s.pool.QueryRow(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil || v == nil {
		return 0, err
	}
	return *v, nil
}

func (s *DB) tx(ctx context.Context, fn func(pgx.Tx) error) error {
	return pgx.BeginFunc(ctx, s.pool, fn)
}

// queryer is what a pool and a transaction share for reading.
type queryer interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// execer is what a pool and a transaction share for writing.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// collect reads every row of a query with scan: the one loop every listing
// shares.
func collect[T any](ctx context.Context, q queryer, scan func(pgx.Row) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (T, error) { return scan(r) })
}

// scanOne reads a row of one column.
func scanOne[T any](r pgx.Row) (T, error) {
	var v T
	err := r.Scan(&v)
	return v, err
}

// instant is a time for a timestamptz column: NULL for the zero time, as
// SQLite keeps an empty text. PostgreSQL keeps microseconds.
func instant(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// fromInstant reads a nullable timestamptz as UTC (zero for NULL).
func fromInstant(t pgtype.Timestamptz) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

func dayString(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// clean makes a string storable in a text column: PostgreSQL refuses NUL
// bytes and invalid UTF-8, which SQLite keeps as given. Identity is
// unaffected: an article's hash is taken from what was fetched.
func clean(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// nonNil keeps a list column NOT NULL: pgx sends a nil slice as NULL.
func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
