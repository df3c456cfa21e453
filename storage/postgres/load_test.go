package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"readout/storage"
	"readout/storage/postgres"

	"github.com/jackc/pgx/v5"
)

// sqliteTables opens a new SQLite database, with every migration, and
// lists its tables.
func sqliteTables(t *testing.T, path string) []string {
	t.Helper()
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables []string
	err = db.Snapshot(context.Background(), func(sn *storage.Snapshot) error {
		tables, err = sn.Tables(context.Background())
		return err
	})
	if err != nil || len(tables) < 10 {
		t.Fatalf("tables: %v %v", tables, err)
	}
	return tables
}

// Every table the SQLite migrations make is either copied by Load or
// listed as left behind, with the reason: a table another change adds
// must be placed (and its conversion written) before migrate may run.
func TestLoadPlacesEverySQLiteTable(t *testing.T) {
	tables := sqliteTables(t, filepath.Join(t.TempDir(), "r.db"))
	if bad := postgres.Unlisted(tables); len(bad) > 0 {
		t.Errorf("tables neither copied nor listed as not copied: %v", bad)
	}
	if bad := postgres.Unlisted([]string{"future_table", "call_words_data"}); len(bad) != 1 || bad[0] != "future_table" {
		t.Errorf("Unlisted(future_table, call_words_data) = %v", bad)
	}
}

// Every table of the PostgreSQL schema is either filled by Load or listed,
// and an unknown table in the SQLite file stops the copy before it writes.
func TestLoadRefusesAnUnknownTable(t *testing.T) {
	ctx := context.Background()
	url := migrated(t)
	pg := open(t, url)
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := conn.Query(ctx, `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)
	pgTables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	conn.Close(ctx)
	if err != nil || len(pgTables) < 10 {
		t.Fatalf("tables: %v %v", pgTables, err)
	}
	if bad := postgres.Unlisted(pgTables); len(bad) > 0 {
		t.Errorf("PostgreSQL tables neither filled nor listed: %v", bad)
	}

	path := filepath.Join(t.TempDir(), "r.db")
	sqliteTables(t, path)
	exec(t, path, `INSERT INTO meta(key, value) VALUES ('sources_seeded', '2025-01-02T03:04:05Z')`)
	exec(t, path, `CREATE TABLE future_table (leader TEXT, n INTEGER)`)
	if err := load(ctx, path, pg); err == nil || !strings.Contains(err.Error(), "future_table") {
		t.Fatalf("Load of a database with an unknown table: %v", err)
	}
	// Nothing was written: once the table is gone, the database is empty
	// to Load, once.
	exec(t, path, `DROP TABLE future_table`)
	if err := load(ctx, path, pg); err != nil {
		t.Fatalf("Load after the unknown table is gone: %v", err)
	}
	if err := load(ctx, path, pg); !errors.Is(err, postgres.ErrNotEmpty) {
		t.Fatalf("a second Load: %v, want ErrNotEmpty", err)
	}
}

// exec runs a statement on a SQLite file.
func exec(t *testing.T, path, stmt string) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}

func load(ctx context.Context, path string, pg *postgres.DB) error {
	src, err := storage.Open(ctx, path)
	if err != nil {
		return err
	}
	defer src.Close()
	return src.Snapshot(ctx, func(sn *storage.Snapshot) error {
		_, err := pg.Load(ctx, sn)
		return err
	})
}
