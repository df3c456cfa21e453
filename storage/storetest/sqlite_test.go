package storetest_test

import (
	"context"
	"path/filepath"
	"testing"

	"readout/storage"
	"readout/storage/storetest"

	"github.com/jonboulle/clockwork"
)

// The contract on SQLite, a file in the test's folder.
func TestSQLite(t *testing.T) { storetest.Run(t, openSQLite) }

func openSQLite(t testing.TB, clock clockwork.Clock) storetest.Backend {
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "readout.db"), storage.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func BenchmarkSQLite(b *testing.B) { storetest.Bench(b, openSQLite) }
