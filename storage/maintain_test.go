package storage

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// A database a newer readout migrated is refused, with what to do.
func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	known, err := latestMigration()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES (?, '')`, known+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "newer than this readout knows") || !strings.Contains(err.Error(), "restore a backup") {
		t.Fatalf("open a newer database: %v", err)
	}
	if err := Verify(ctx, path); err == nil {
		t.Fatal("Verify accepted a newer database")
	}
}

// Empty sees a fresh database as empty and one with a source as not.
func TestEmpty(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if empty, err := s.Empty(ctx); err != nil || !empty {
		t.Fatalf("fresh database: empty=%v %v", empty, err)
	}
	if _, err := s.SeedSources(ctx, []string{"https://wire.example/feed.xml"}, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if empty, err := s.Empty(ctx); err != nil || empty {
		t.Fatalf("database with a source: empty=%v %v", empty, err)
	}
}
