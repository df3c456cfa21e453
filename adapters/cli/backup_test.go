package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"readout/storage"
	"readout/summaries"
)

func filler(i int) summaries.Article {
	return summaries.Article{URL: fmt.Sprintf("https://wire.example/note-%d", i), Title: fmt.Sprintf("Markets note %d", i),
		Published: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute),
		Text:      strings.Repeat(fmt.Sprintf("Note %d: shares moved little as traders waited for data. ", i), 20)}
}

// A backup taken while another process keeps ingesting opens, passes the
// integrity check and holds every article committed before it started.
func TestBackupDuringIngest(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	writer, err := storage.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	ctx, stop := context.WithCancel(context.Background())
	var mu sync.Mutex
	committed := 0
	first := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		for i := 0; ctx.Err() == nil; i++ {
			err := writer.Ingest(ctx, func(tx summaries.IngestTx) error {
				_, _, err := tx.PutArticle(ctx, filler(i), 0)
				return err
			})
			if err != nil {
				if ctx.Err() != nil {
					break
				}
				done <- err
				return
			}
			mu.Lock()
			committed = i + 1
			mu.Unlock()
			if i == 20 {
				close(first)
			}
		}
		done <- nil
	}()
	<-first
	mu.Lock()
	before := committed
	mu.Unlock()
	backup := filepath.Join(dir, "backup.db")
	r := runCLI(t, nil, "", "--db", db, "backup", backup)
	mu.Lock()
	after := committed
	mu.Unlock()
	stop()
	if err := <-done; err != nil {
		t.Fatalf("ingest: %v", err)
	}
	if r.code != 0 || !strings.Contains(r.stdout, "backed up") {
		t.Fatalf("backup: %+v", r)
	}
	t.Logf("%d articles committed before the backup, %d when it ended", before, after)
	if err := storage.Verify(context.Background(), backup); err != nil {
		t.Fatalf("backup: %v", err)
	}
	copied, err := storage.Open(context.Background(), backup)
	if err != nil {
		t.Fatal(err)
	}
	defer copied.Close()
	for i := range before {
		if ok, err := copied.ArticleUnchanged(context.Background(), filler(i)); err != nil || !ok {
			t.Fatalf("article %d committed before the backup is missing from it (%v)", i, err)
		}
	}
	// A second backup to the same file is refused, not overwritten.
	if r := runCLI(t, nil, "", "--db", db, "backup", backup); r.code != 1 || !strings.Contains(r.stderr, "exists") {
		t.Fatalf("backup over a file: %+v", r)
	}
}

// restore puts a backup in place of the database, refuses while the
// database is open, and refuses what is not a sound readout database.
func TestRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	if r := runCLI(t, nil, "", "--db", db, "ingest", sampleFeed(t)); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	backup := filepath.Join(dir, "backup.db")
	if r := runCLI(t, nil, "", "--db", db, "backup", backup); r.code != 0 {
		t.Fatalf("backup: %+v", r)
	}
	// Later work that the restore undoes.
	if r := runCLI(t, map[string]string{"READOUT_SOURCES_ALLOW_PRIVATE": "true"}, "", "--db", db, "sources", "add", loopbackFeed(t)); r.code != 0 {
		t.Fatalf("sources add: %+v", r)
	}

	// In use: a running readout holds the database.
	cfg, err := configFor(db)
	if err != nil {
		t.Fatal(err)
	}
	a, err := open(context.Background(), cfg, discardLog())
	if err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, nil, "", "--db", db, "restore", backup)
	a.close(false)
	if r.code != 1 || !strings.Contains(r.stderr, "in use") {
		t.Fatalf("restore over a database in use: %+v", r)
	}

	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte("not a database at all, just words"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, nil, "", "--db", db, "restore", junk); r.code != 1 {
		t.Fatalf("restore of junk: %+v", r)
	}
	if r := runCLI(t, nil, "", "--db", db, "restore", filepath.Join(dir, "missing.db")); r.code != 1 {
		t.Fatalf("restore of a missing file: %+v", r)
	}

	if r := runCLI(t, nil, "", "--db", db, "restore", backup); r.code != 0 || !strings.Contains(r.stdout, "restored") {
		t.Fatalf("restore: %+v", r)
	}
	if r := runCLI(t, nil, "", "--db", db, "sources", "list"); !strings.Contains(r.stdout, "Sources (0)") {
		t.Fatalf("after restore the source added later must be gone: %+v", r)
	}
	if r := runCLI(t, nil, "", "--db", db, "calls"); r.code != 0 || !strings.Contains(r.stdout, "Lula and Xi") {
		t.Fatalf("after restore the calls must be back: %+v", r)
	}
}
