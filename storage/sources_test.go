package storage

import (
	"context"
	"strings"
	"testing"

	"readout/summaries"
)

func TestArticleUnchangedAndGUIDLookupUsesAnIndex(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	a := article("https://a.test/1", "first text")
	a.GUID = "tag:a.test,2025:1"
	if same, err := db.ArticleUnchanged(ctx, a); err != nil || same {
		t.Fatalf("unknown article: %v %v", same, err)
	}
	if err := db.Ingest(ctx, func(tx summaries.IngestTx) error { _, _, err := tx.PutArticle(ctx, a, 0); return err }); err != nil {
		t.Fatal(err)
	}
	moved := a
	moved.URL = "https://a.test/moved" // same guid, same content
	edited := a
	edited.Text = "second text"
	for _, tc := range []struct {
		a    summaries.Article
		want bool
	}{{a, true}, {moved, true}, {edited, false}} {
		if same, err := db.ArticleUnchanged(ctx, tc.a); err != nil || same != tc.want {
			t.Errorf("%s %q: unchanged %v, want %v (%v)", tc.a.URL, tc.a.Text, same, tc.want, err)
		}
	}
	// Every polled item is looked up by guid: never a table scan.
	rows, err := db.db.QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT id, hash FROM articles WHERE guid = ? ORDER BY id LIMIT 1`, "x")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if len(plan) == 0 || !strings.Contains(strings.Join(plan, "; "), "INDEX") {
		t.Fatalf("guid lookup plan: %v", plan)
	}
}
