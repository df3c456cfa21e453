package postgres_test

import (
	"context"
	"os"
	"testing"

	"readout/storage/postgres"
	"readout/storage/postgres/pgtest"
	"readout/storage/storetest"

	"github.com/jonboulle/clockwork"
)

// server is this test binary's throwaway PostgreSQL, started by the first
// test that asks for a database.
var server *pgtest.Server

func TestMain(m *testing.M) {
	server = pgtest.New()
	code := m.Run()
	server.Stop()
	os.Exit(code)
}

// migrated returns the URL of a database of t's own with readout's schema.
func migrated(t testing.TB) string {
	t.Helper()
	return server.Prepared(t, func(ctx context.Context, url string) error {
		db, err := postgres.Open(ctx, url)
		if err != nil {
			return err
		}
		return db.Close()
	})
}

func open(t testing.TB, url string, opts ...postgres.Option) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The contract on PostgreSQL, a fresh database per test.
func TestContract(t *testing.T) { storetest.Run(t, openContract) }

func BenchmarkPostgres(b *testing.B) { storetest.Bench(b, openContract) }

func openContract(t testing.TB, clock clockwork.Clock) storetest.Backend {
	return open(t, migrated(t), postgres.WithClock(clock))
}
