package storage

import (
	"context"
	"database/sql"
	"sync"
)

// statements are the ingest transaction's statements, each prepared once
// for the database and then once per connection (database/sql keeps them),
// instead of parsed again for every article: a fetch of thousands ran
// each of them thousands of times.
type statements struct {
	db *sql.DB
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

func (ps *statements) get(ctx context.Context, query string) (*sql.Stmt, error) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if st, ok := ps.m[query]; ok {
		return st, nil
	}
	st, err := ps.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if ps.m == nil {
		ps.m = map[string]*sql.Stmt{}
	}
	ps.m[query] = st
	return st, nil
}

func (ps *statements) close() {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	for _, st := range ps.m {
		st.Close()
	}
	ps.m = nil
}

// stmt is query, prepared, in the transaction.
func (t *ingestTx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	st, err := t.prep.get(ctx, query)
	if err != nil {
		return nil, err
	}
	return t.tx.StmtContext(ctx, st), nil
}

func (t *ingestTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (t *ingestTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (t *ingestTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, query)
	if err != nil {
		// The same query unprepared returns the same error, as a row.
		return t.tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}
