package storage

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
)

// Issue 15 item 4: any number of processes may open a new database at
// once. Each Open has its own connections, as a process does.
func TestOpenNewDatabaseConcurrently(t *testing.T) {
	for round := range 5 {
		path := filepath.Join(t.TempDir(), "new.db")
		var wg sync.WaitGroup
		errs := make(chan error, 30)
		for range 30 {
			wg.Go(func() {
				db, err := Open(context.Background(), path)
				if err != nil {
					errs <- err
					return
				}
				if v, err := db.SchemaVersion(context.Background()); err != nil || v < 5 {
					t.Errorf("schema version %d, %v", v, err)
				}
				db.Close()
			})
		}
		wg.Wait()
		close(errs)
		failed := 0
		var first error
		for err := range errs {
			if first == nil {
				first = err
			}
			failed++
		}
		if failed > 0 {
			t.Fatalf("round %d: %d of 30 opens of a new database failed; first: %v", round, failed, first)
		}
	}
}
