package pgtest_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"readout/storage/postgres/pgtest"

	"github.com/jackc/pgx/v5"
)

var server *pgtest.Server

func TestMain(m *testing.M) {
	server = pgtest.New()
	code := m.Run()
	server.Stop()
	os.Exit(code)
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// The server listens on its unix socket only, and each test has a
// database of its own.
func TestSocketOnlyAndADatabaseEach(t *testing.T) {
	ctx := context.Background()
	a, b := server.Database(t), server.Database(t)
	if a == b || !strings.Contains(a, "host=%2F") {
		t.Fatalf("databases %q and %q", a, b)
	}
	ca := connect(t, a)
	var listen string
	if err := ca.QueryRow(ctx, `SHOW listen_addresses`).Scan(&listen); err != nil || listen != "" {
		t.Fatalf("listen_addresses %q %v, want none", listen, err)
	}
	if _, err := ca.Exec(ctx, `CREATE TABLE mine (x int)`); err != nil {
		t.Fatal(err)
	}
	var found bool
	if err := connect(t, b).QueryRow(ctx, `SELECT to_regclass('mine') IS NOT NULL`).Scan(&found); err != nil || found {
		t.Fatalf("another test's table is visible: %v %v", found, err)
	}
}

// A prepared database is made once and copied for each test.
func TestPreparedOnce(t *testing.T) {
	ctx := context.Background()
	prepared := 0
	prepare := func(ctx context.Context, url string) error {
		prepared++
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, `CREATE TABLE ready (x int); INSERT INTO ready VALUES (1)`)
		return err
	}
	for range 2 {
		var n int
		if err := connect(t, server.Prepared(t, prepare)).QueryRow(ctx, `SELECT COUNT(*) FROM ready`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("prepared copy: %d rows, %v", n, err)
		}
	}
	if prepared != 1 {
		t.Fatalf("prepared %d times, want once", prepared)
	}
}
