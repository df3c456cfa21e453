package postgres_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"readout/storage/postgres"

	"github.com/jackc/pgx/v5"
	"github.com/jonboulle/clockwork"
)

// Processes starting together on an empty database migrate it once: the
// advisory lock makes the others wait and then find it done.
func TestOpenMigratesOnceConcurrently(t *testing.T) {
	url := server.Database(t)
	ctx := context.Background()
	at := time.Date(2031, 4, 5, 6, 7, 8, 0, time.UTC)
	const processes = 4
	dbs := make([]*postgres.DB, processes)
	errs := make([]error, processes)
	var wg sync.WaitGroup
	for i := range processes {
		wg.Go(func() { dbs[i], errs[i] = postgres.Open(ctx, url, postgres.WithClock(clockwork.NewFakeClockAt(at))) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("open %d: %v", i, err)
		}
		t.Cleanup(func() { dbs[i].Close() })
	}
	v, err := dbs[0].SchemaVersion(ctx)
	if err != nil || v < 1 {
		t.Fatalf("schema version %d, %v", v, err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	var applied time.Time
	if err := conn.QueryRow(ctx, `SELECT COUNT(*), MIN(applied_at) FROM schema_migrations`).Scan(&n, &applied); err != nil {
		t.Fatal(err)
	}
	// Versions may leave gaps: every file is one migration.
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	if n != len(files) || !applied.Equal(at) {
		t.Fatalf("%d migrations recorded (want %d), applied at %v (want the clock's %v)", n, len(files), applied, at)
	}
	again := open(t, url)
	if v2, _ := again.SchemaVersion(ctx); v2 != v {
		t.Fatalf("reopening changed the schema version %d -> %d", v, v2)
	}
}

// A bad address fails at Open, saying where, and never shows a password.
func TestOpenFailsClearly(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := postgres.Open(ctx, "postgres://u:s3cret@%zz/db"); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("malformed URL: %v", err)
	}
	_, err := postgres.Open(ctx, "postgres://u:s3cret@/db?host="+t.TempDir())
	if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "/db") {
		t.Errorf("no server there: %v", err)
	}
}

// Search reads the GIN indexes rather than every article.
func TestSearchUsesTheIndexes(t *testing.T) {
	url := migrated(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// The tables are empty: tell the planner scans are dear, as they are
	// on a real deployment's tables.
	if _, err := conn.Exec(ctx, `SET enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`SELECT id FROM articles WHERE search @@ plainto_tsquery('readout', 'energy truce')`,
		`SELECT id FROM calls WHERE search @@ plainto_tsquery('readout', 'energy truce')`,
		`SELECT id FROM articles WHERE md5(guid) = md5('x') AND guid = 'x' AND guid <> '' ORDER BY id LIMIT 1`,
		`SELECT id FROM articles WHERE md5(url) = md5('x') AND url = 'x'`,
		`SELECT id FROM sources WHERE md5(url) = md5('x') AND url = 'x'`,
	} {
		rows, err := conn.Query(ctx, `EXPLAIN `+q)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(strings.Join(plan, "\n"), "Index") {
			t.Errorf("%s:\n%s", q, strings.Join(plan, "\n"))
		}
	}
}
