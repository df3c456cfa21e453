package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// Snapshot is a consistent view of every table of the database, for
// copying it elsewhere (readout migrate): what it reads is the database as
// it was when the snapshot began, whatever a running bot writes meanwhile.
type Snapshot struct {
	tx *sql.Tx
	z  *codec
}

// Snapshot runs fn in a read transaction. A read-only transaction begins
// DEFERRED (the driver's immediate mode is for writers), so it takes no
// write lock: a bot on the same file goes on writing while the copy reads.
func (s *DB) Snapshot(ctx context.Context, fn func(*Snapshot) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	// WAL fixes the view at the first read.
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master`).Scan(&n); err != nil {
		return errors.Join(fmt.Errorf("snapshot: %w", err), tx.Rollback())
	}
	err = fn(&Snapshot{tx: tx, z: s.z})
	return errors.Join(err, tx.Rollback())
}

// Tables lists every table in the database, SQLite's own (sqlite_*)
// aside: the full-text tables and their shadow tables included, so that
// a copier decides about each.
func (sn *Snapshot) Tables(ctx context.Context) ([]string, error) {
	rows, err := sn.tx.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	return collect(rows, err, func(r rowScanner) (string, error) {
		var name string
		return name, r.Scan(&name)
	})
}

// Columns lists a table's columns in their order.
func (sn *Snapshot) Columns(ctx context.Context, table string) ([]string, error) {
	rows, err := sn.tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
	cols, err := collect(rows, err, func(r rowScanner) (string, error) {
		var name string
		return name, r.Scan(&name)
	})
	if err == nil && len(cols) == 0 {
		err = fmt.Errorf("no table %s", table)
	}
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	return cols, nil
}

// Count is the number of rows of a table.
func (sn *Snapshot) Count(ctx context.Context, table string) (int64, error) {
	var n int64
	if err := sn.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quoteName(table)).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s: %w", table, err)
	}
	return n, nil
}

// Rows calls fn with each row of a table (the columns named), values as
// SQLite keeps them: int64, float64, string, []byte or nil. fn must not
// keep the slice.
func (sn *Snapshot) Rows(ctx context.Context, table string, cols []string, fn func([]any) error) error {
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteName(c)
	}
	rows, err := sn.tx.QueryContext(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM `+quoteName(table))
	if err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	defer rows.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read %s: %w", table, err)
		}
		for i, c := range cols {
			if packedColumns[table+"."+c] {
				if vals[i], err = sn.plain(vals[i]); err != nil {
					return fmt.Errorf("read %s.%s: %w", table, c, err)
				}
			}
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", table, err)
	}
	return nil
}

// packedColumns hold JSON this backend keeps packed (codec): a copy
// reads them as the JSON they are.
var packedColumns = map[string]bool{
	"calls.record": true, "call_versions.record": true, "mentions.facts": true, "call_tallies.tally": true,
}

// plain is a packed column's value as JSON text.
func (sn *Snapshot) plain(v any) (any, error) {
	var b []byte
	switch v := v.(type) {
	case []byte:
		b = v
	case string:
		b = []byte(v)
	default:
		return v, nil
	}
	js, err := sn.z.unpack(b)
	if err != nil {
		return nil, err
	}
	return string(js), nil
}

// quoteName quotes an identifier read from the schema.
func quoteName(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
