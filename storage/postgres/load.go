package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// Source is a database Load copies from: the SQLite backend's tables, as
// its Snapshot reads them (values as SQLite keeps them: int64, float64,
// string, []byte or nil).
type Source interface {
	Tables(ctx context.Context) ([]string, error)
	Columns(ctx context.Context, table string) ([]string, error)
	Count(ctx context.Context, table string) (int64, error)
	Rows(ctx context.Context, table string, cols []string, fn func([]any) error) error
}

// TableCount is one table of a Load: its rows in the source and, once
// copied, here; Skipped says why a table was left behind.
type TableCount struct {
	Table   string
	From    int64
	To      int64
	Skipped string
}

// ErrNotEmpty refuses a Load into a database that holds data already.
var ErrNotEmpty = errors.New("the PostgreSQL database is not empty")

// copiedTables are the tables Load copies, in an order that puts every
// row after the rows it refers to.
var copiedTables = []string{
	"meta", "sources", "articles", "calls", "call_tallies", "call_people", "mentions", "call_changes", "call_versions",
	"digest_subscriptions", "digest_queue", "digest_deliveries", "digest_delivered_calls", "events_seen",
}

// leftTables are the tables of either schema that Load does not copy, and
// why. A table in neither list makes Load fail: a table a later migration
// adds must be placed in one of them.
var leftTables = map[string]string{
	"schema_migrations": "each backend's own migrations",
	"leases":            "held by running processes, taken afresh",
	"call_words":        "SQLite's full-text index, kept by trigger (PostgreSQL indexes articles.search and calls.search)",
	"call_leaders":      "SQLite's lookup table, kept from calls by trigger",
	"call_pairs":        "SQLite's lookup table, kept from calls by trigger",
}

// leftColumns are columns of copied tables left at their default: a
// source's lease belongs to a process of the old deployment.
var leftColumns = map[string]bool{"sources.lease_holder": true, "sources.lease_expires": true}

// listColumns read SQLite's encoding of a list column: a JSON array, or
// ids joined with '+'.
var listColumns = map[string]func(string) ([]string, error){
	"calls.topics":                 jsonList,
	"call_changes.changes":         jsonList,
	"digest_subscriptions.leaders": plusList,
}

func jsonList(s string) ([]string, error) {
	var v []string
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, fmt.Errorf("not a JSON list of strings: %w", err)
	}
	return nonNil(v), nil
}

func plusList(s string) ([]string, error) {
	if s == "" {
		return []string{}, nil
	}
	return strings.Split(s, "+"), nil
}

// leftReason says why a table is not copied; "" when it is not listed.
// FTS5's shadow tables (call_words_data, ...) go with their index.
func leftReason(table string) string {
	if r, ok := leftTables[table]; ok {
		return r
	}
	if strings.HasPrefix(table, "call_words_") {
		return leftTables["call_words"]
	}
	return ""
}

// Unlisted returns the tables, of those named, that Load neither copies
// nor leaves behind on purpose: Load refuses a database holding one.
func Unlisted(tables []string) []string {
	var out []string
	for _, t := range tables {
		if !slices.Contains(copiedTables, t) && leftReason(t) == "" {
			out = append(out, t)
		}
	}
	return out
}

// Load copies src into this database, which must hold no data yet, in one
// transaction: every row keeps its id, the id sequences then continue
// after the largest, and each table's rows are counted on both sides
// before the transaction commits. Leases are not copied.
func (s *DB) Load(ctx context.Context, src Source) ([]TableCount, error) {
	srcTables, err := src.Tables(ctx)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if bad := Unlisted(srcTables); len(bad) > 0 {
		return nil, fmt.Errorf("load: the SQLite database has tables this readout cannot copy: %s", strings.Join(bad, ", "))
	}
	var out []TableCount
	err = s.tx(ctx, func(tx pgx.Tx) error {
		pgTables, err := collect(ctx, tx, scanOne[string], `SELECT table_name FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
		if err != nil {
			return err
		}
		if bad := Unlisted(pgTables); len(bad) > 0 {
			return fmt.Errorf("the PostgreSQL database has tables this readout cannot fill: %s", strings.Join(bad, ", "))
		}
		for _, t := range copiedTables {
			if !slices.Contains(pgTables, t) || !slices.Contains(srcTables, t) {
				return fmt.Errorf("table %s is missing from one of the databases", t)
			}
		}
		// Another migrate, or a readout already using the database, waits
		// here or makes the check below fail.
		if _, err := tx.Exec(ctx, `LOCK TABLE `+strings.Join(copiedTables, ", ")+` IN EXCLUSIVE MODE`); err != nil {
			return err
		}
		for _, t := range copiedTables {
			var n int64
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM `+pgx.Identifier{t}.Sanitize()).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return fmt.Errorf("%w (table %s holds %d rows): migrate copies into an empty database only", ErrNotEmpty, t, n)
			}
		}
		for _, t := range copiedTables {
			c, err := loadTable(ctx, tx, src, t)
			if err != nil {
				return fmt.Errorf("table %s: %w", t, err)
			}
			out = append(out, c)
		}
		for _, t := range srcTables {
			if !slices.Contains(copiedTables, t) && !strings.Contains(t, "_fts_") {
				out = append(out, TableCount{Table: t, Skipped: leftReason(t)})
			}
		}
		return resetSequences(ctx, tx)
	})
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	return out, nil
}

// pgColumn is a column of this database's table, as the catalog names it.
type pgColumn struct {
	name, dataType string
	generated      bool
}

func loadTable(ctx context.Context, tx pgx.Tx, src Source, table string) (TableCount, error) {
	count := TableCount{Table: table}
	srcCols, err := src.Columns(ctx, table)
	if err != nil {
		return count, err
	}
	pgCols, err := collect(ctx, tx, func(r pgx.Row) (pgColumn, error) {
		var c pgColumn
		return c, r.Scan(&c.name, &c.dataType, &c.generated)
	}, `SELECT column_name, data_type, is_generated = 'ALWAYS' FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, table)
	if err != nil {
		return count, err
	}
	var cols []string
	var convs []func(any) (any, error)
	for _, name := range srcCols {
		key := table + "." + name
		if leftColumns[key] {
			continue
		}
		i := slices.IndexFunc(pgCols, func(c pgColumn) bool { return c.name == name })
		if i < 0 || pgCols[i].generated {
			return count, fmt.Errorf("column %s has no counterpart in PostgreSQL", name)
		}
		conv, err := converter(key, pgCols[i].dataType)
		if err != nil {
			return count, err
		}
		cols = append(cols, name)
		convs = append(convs, conv)
	}
	for _, c := range pgCols {
		if !c.generated && !leftColumns[table+"."+c.name] && !slices.Contains(cols, c.name) {
			return count, fmt.Errorf("column %s has no counterpart in SQLite", c.name)
		}
	}
	if count.From, err = src.Count(ctx, table); err != nil {
		return count, err
	}
	feed := newRowFeed(ctx, src, table, cols, convs)
	n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, feed)
	if err = errors.Join(err, feed.stop()); err != nil {
		return count, err
	}
	if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM `+pgx.Identifier{table}.Sanitize()).Scan(&count.To); err != nil {
		return count, err
	}
	if count.To != count.From || n != count.From {
		return count, fmt.Errorf("copied %d rows of %d (%d counted after)", n, count.From, count.To)
	}
	return count, nil
}

// converter turns a SQLite value into one for a column of type dataType.
func converter(key, dataType string) (func(any) (any, error), error) {
	switch dataType {
	case "bigint", "integer", "smallint":
		return func(v any) (any, error) {
			if v == nil {
				return nil, nil
			}
			if n, ok := v.(int64); ok {
				return n, nil
			}
			return nil, fmt.Errorf("%s: %T is not an integer", key, v)
		}, nil
	case "boolean":
		return func(v any) (any, error) {
			if n, ok := v.(int64); ok {
				return n != 0, nil
			}
			return nil, fmt.Errorf("%s: %T is not a 0 or 1", key, v)
		}, nil
	case "text":
		return func(v any) (any, error) {
			s, ok, err := text(key, v)
			if !ok {
				return nil, err
			}
			return clean(s), nil
		}, nil
	case "json", "jsonb":
		return func(v any) (any, error) {
			s, ok, err := text(key, v)
			if !ok {
				return nil, err
			}
			return s, nil
		}, nil
	case "bytea":
		return func(v any) (any, error) {
			s, ok, err := text(key, v)
			if !ok {
				return nil, err
			}
			return []byte(s), nil
		}, nil
	case "timestamp with time zone":
		return func(v any) (any, error) {
			s, ok, err := text(key, v)
			if !ok || s == "" {
				return nil, err // SQLite keeps no time as '', PostgreSQL as NULL
			}
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			return t.UTC(), nil
		}, nil
	case "date":
		return func(v any) (any, error) {
			s, ok, err := text(key, v)
			if !ok {
				return nil, err
			}
			t, err := time.Parse(time.DateOnly, s)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			return pgtype.Date{Time: t, Valid: true}, nil
		}, nil
	case "ARRAY":
		list, ok := listColumns[key]
		if !ok {
			return nil, fmt.Errorf("list column %s: its SQLite encoding is not known", key)
		}
		return func(v any) (any, error) {
			s, ok, err := text(key, v)
			if !ok {
				return nil, err
			}
			l, err := list(s)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			return l, nil
		}, nil
	}
	return nil, fmt.Errorf("column %s: type %s is not known to migrate", key, dataType)
}

// text reads a SQLite text value; ok is false for NULL (err nil) and for
// a value that is not text (err set).
func text(key string, v any) (s string, ok bool, err error) {
	switch v := v.(type) {
	case nil:
		return "", false, nil
	case string:
		return v, true, nil
	case []byte:
		return string(v), true, nil
	}
	return "", false, fmt.Errorf("%s: %T is not text", key, v)
}

// resetSequences moves every identity column's sequence past the largest
// id copied, so that the next row inserted gets a new id.
func resetSequences(ctx context.Context, tx pgx.Tx) error {
	type identity struct{ table, column string }
	ids, err := collect(ctx, tx, func(r pgx.Row) (identity, error) {
		var i identity
		return i, r.Scan(&i.table, &i.column)
	}, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`)
	if err != nil {
		return err
	}
	for _, id := range ids {
		t, c := pgx.Identifier{id.table}.Sanitize(), pgx.Identifier{id.column}.Sanitize()
		if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(`+c+`) FROM `+t+`), 0) + 1, false)`,
			t, id.column); err != nil {
			return fmt.Errorf("reset the sequence of %s.%s: %w", id.table, id.column, err)
		}
	}
	return nil
}

// rowFeed streams a table's rows from the source to CopyFrom: the source
// reads in its own goroutine, one converted row at a time.
type rowFeed struct {
	rows   chan []any
	cur    []any
	done   chan error
	cancel context.CancelFunc
	err    error
	ended  bool
}

func newRowFeed(ctx context.Context, src Source, table string, cols []string, convs []func(any) (any, error)) *rowFeed {
	ctx, cancel := context.WithCancel(ctx)
	f := &rowFeed{rows: make(chan []any, 64), done: make(chan error, 1), cancel: cancel}
	go func() {
		err := src.Rows(ctx, table, cols, func(vals []any) error {
			row := make([]any, len(vals))
			for i, v := range vals {
				var err error
				if row[i], err = convs[i](v); err != nil {
					return err
				}
			}
			select {
			case f.rows <- row:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		close(f.rows)
		f.done <- err
	}()
	return f
}

func (f *rowFeed) Next() bool {
	row, ok := <-f.rows
	if !ok {
		f.ended = true
		f.err = <-f.done
		return false
	}
	f.cur = row
	return true
}

func (f *rowFeed) Values() ([]any, error) { return f.cur, nil }

func (f *rowFeed) Err() error { return f.err }

// stop ends the reading goroutine, if CopyFrom gave up before the end,
// and returns the source's error.
func (f *rowFeed) stop() error {
	f.cancel()
	if f.ended {
		return f.err
	}
	for range f.rows {
	}
	if err := <-f.done; !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}
