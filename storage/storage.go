// Package storage keeps readout's records in SQLite (modernc.org/sqlite,
// no cgo), behind the narrow interface the core owns (summaries.Store). A
// PostgreSQL backend for deployments that outgrow one machine would be a
// sibling package implementing the same interface.
package storage

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"readout/summaries"

	"github.com/jonboulle/clockwork"
	"modernc.org/sqlite" // also registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a readout database.
type DB struct {
	db    *sql.DB
	clock clockwork.Clock
	z     *codec
	prep  *statements
}

// Option configures Open.
type Option func(*DB)

// WithClock sets the clock that stamps what the database records on its
// own (article fetches, new calls, claimed events, migrations); the real
// clock by default.
func WithClock(c clockwork.Clock) Option {
	return func(s *DB) { s.clock = c }
}

var _ summaries.Store = (*DB)(nil)

// Open opens (creating if needed) the database at path and brings its
// schema up to date. WAL lets readers work while ingestion writes; the busy
// timeout makes concurrent writers wait instead of failing.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	s := &DB{db: db, clock: clockwork.NewRealClock(), z: &codec{}, prep: &statements{db: db}}
	for _, o := range opts {
		o(s)
	}
	if err := s.useWAL(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := s.refuseNewer(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// useWAL switches the database to write-ahead logging, which persists in
// the file. Switching takes an exclusive lock, and SQLite refuses it at
// once, without waiting out the busy timeout, while another process is
// creating the same new database (1 of 30 concurrent opens failed so):
// those refusals are retried for as long as the busy timeout. The waits
// are the driver's, in wall time like the busy timeout, not the
// database's clock, which tests stop.
func (s *DB) useWAL(ctx context.Context) error {
	deadline := time.Now().Add(10 * time.Second)
	for wait := time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		var mode string
		err := s.db.QueryRowContext(ctx, `PRAGMA journal_mode=WAL`).Scan(&mode)
		if err == nil {
			return nil
		}
		var se *sqlite.Error
		if !errors.As(err, &se) || se.Code()&0xff != sqlite3.SQLITE_BUSY || time.Now().After(deadline) {
			return fmt.Errorf("write-ahead log: %w", err)
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Close closes the database.
func (s *DB) Close() error {
	s.prep.close()
	return s.db.Close()
}

// migrate applies the embedded migrations not yet applied, each in its own
// transaction, in file-name order. Any number of processes may migrate a
// database at once.
func (s *DB) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
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
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if n > 0 {
			// Applied: no write lock taken, the common case.
			continue
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		// The transaction begins IMMEDIATE (the _txlock of Open), taking
		// the write lock before it reads: the "applied already?" check and
		// the migration are one step, whoever else opens the database now.
		err = s.tx(ctx, func(tx *sql.Tx) error {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("%s: %w", base, err)
			}
			if step := goStep(version); step != nil {
				if err := step(ctx, tx, s.z); err != nil {
					return fmt.Errorf("%s: %w", base, err)
				}
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)`, version, stamp(s.clock.Now()))
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	}
	return nil
}

// goStep is the part of a migration SQL cannot take, run in its
// transaction after its SQL; nil for most.
func goStep(version int) func(context.Context, *sql.Tx, *codec) error {
	if version == 13 {
		return readAtLeast
	}
	return nil
}

// readAtLeast sets calls.duration_at_least from the records (migration
// 0013): most are stored deflated, which SQL cannot read.
func readAtLeast(ctx context.Context, tx *sql.Tx, z *codec) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, record FROM calls WHERE version > 0`)
	ids, err := collect(rows, err, func(rows rowScanner) (int64, error) {
		var id int64
		var rec []byte
		if err := rows.Scan(&id, &rec); err != nil {
			return 0, err
		}
		var c struct {
			AtLeast bool `json:"duration_at_least"`
		}
		if err := z.decode(rec, &c); err != nil {
			return 0, fmt.Errorf("call %d: %w", id, err)
		}
		if !c.AtLeast {
			return 0, nil
		}
		return id, nil
	})
	if err != nil {
		return err
	}
	for _, id := range ids {
		if id == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE calls SET duration_at_least = 1 WHERE id = ?`, id); err != nil {
			return err
		}
	}
	return nil
}

// SchemaVersion returns the latest applied migration.
func (s *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v)
	return int(v.Int64), err
}

func (s *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func parseStamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func dayString(t time.Time) string { return t.UTC().Format(time.DateOnly) }

// collect reads every row of a query with scan, then closes the rows: the
// one loop every listing shares.
func collect[T any](rows *sql.Rows, err error, scan func(rowScanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// upsert finds a row by the id that lookup selects: when there is none it
// inserts one, else it updates the one found. It returns the row's id and
// whether it existed.
func upsert(lookup *sql.Row, insert func() (sql.Result, error), update func(id int64) error) (int64, bool, error) {
	var id int64
	err := lookup.Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := insert()
		if err != nil {
			return 0, false, err
		}
		id, err = res.LastInsertId()
		return id, false, err
	case err != nil:
		return 0, false, err
	}
	return id, true, update(id)
}

// scanOne reads a row of one column.
func scanOne[T any](rows rowScanner) (T, error) {
	var v T
	err := rows.Scan(&v)
	return v, err
}

// latestMigration is the newest schema version this build knows.
func latestMigration() (int, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return 0, err
	}
	latest := 0
	for _, name := range names {
		num, _, _ := strings.Cut(strings.TrimPrefix(name, "migrations/"), "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			return 0, fmt.Errorf("bad migration name %s", name)
		}
		latest = max(latest, v)
	}
	return latest, nil
}

// refuseNewer stops a build from running on a database a newer build has
// migrated: the older code would misread the newer schema.
func (s *DB) refuseNewer(ctx context.Context) error {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&n); err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	if n == 0 {
		return nil
	}
	have, err := s.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	known, err := latestMigration()
	if err != nil {
		return fmt.Errorf("schema version: %w", err)
	}
	if have > known {
		return fmt.Errorf("database schema version %d is newer than this readout knows (%d): run the readout that wrote it, or restore a backup taken before the upgrade", have, known)
	}
	return nil
}

// Checkpoint copies the write-ahead log into the database and truncates
// it, so that a stopped bot leaves one self-contained file.
func (s *DB) Checkpoint(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}

// Backup writes a consistent copy of the database to path (which must not
// exist) with VACUUM INTO: one read transaction, so writers carry on and
// the copy holds exactly what was committed when it started.
func (s *DB) Backup(ctx context.Context, path string) error {
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// Empty reports whether no table holds a row besides the schema's own
// bookkeeping (full-text indexes' shadow tables are not "table"s here):
// a database a command created and then failed to use.
func (s *DB) Empty(ctx context.Context) (bool, error) {
	rs, err := s.db.QueryContext(ctx, `SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'`)
	tables, err := collect(rs, err, scanOne[string])
	if err != nil {
		return false, fmt.Errorf("empty: %w", err)
	}
	for _, t := range tables {
		var one int
		err := s.db.QueryRowContext(ctx, `SELECT 1 FROM "`+strings.ReplaceAll(t, `"`, `""`)+`" LIMIT 1`).Scan(&one)
		if err == nil {
			return false, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return false, fmt.Errorf("empty: %s: %w", t, err)
		}
	}
	return true, nil
}

// Size is the database's size in bytes (pages in use and free), without
// its write-ahead log.
func (s *DB) Size(ctx context.Context) (int64, error) {
	var pages, size int64
	if err := s.db.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		return 0, fmt.Errorf("size: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&size); err != nil {
		return 0, fmt.Errorf("size: %w", err)
	}
	return pages * size, nil
}

// Writable checks that a write can commit: the readiness probe's test of
// the database (a read-only file or a full disk fails it).
func (s *DB) Writable(ctx context.Context) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE schema_migrations SET applied_at = applied_at WHERE version = (SELECT MAX(version) FROM schema_migrations)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

// Verify checks, without changing it, that the file at path is a sound
// readout database this build can open: the test restore runs on a backup.
func Verify(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return fmt.Errorf("verify %s: %w", path, err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("verify %s: %w", path, err)
	}
	if res != "ok" {
		return fmt.Errorf("verify %s: integrity check: %s", path, res)
	}
	s := &DB{db: db}
	if err := s.refuseNewer(ctx); err != nil {
		return fmt.Errorf("verify %s: %w", path, err)
	}
	if v, err := s.SchemaVersion(ctx); err != nil || v == 0 {
		return fmt.Errorf("verify %s: not a readout database", path)
	}
	return nil
}
