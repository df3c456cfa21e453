package storage

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"readout/summaries"
)

func TestSourcesAddResumeRemoveKeepsArticles(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	now := time.Date(2025, 3, 19, 10, 0, 0, 0, time.UTC)
	src, existed, err := db.AddSource(ctx, summaries.Source{URL: "https://feeds.test/a.xml", Title: "A", Kind: "feed", AddedAt: now, NextPoll: now.Add(time.Hour), PolledOnce: true})
	if err != nil || existed || src.ID == 0 || !src.PolledOnce || !src.NextPoll.Equal(now.Add(time.Hour)) {
		t.Fatalf("add: %+v existed=%v err=%v", src, existed, err)
	}
	// A failing, paused source is resumed by adding it again.
	src.Errors, src.Paused, src.LastError = 8, true, "HTTP 500"
	if err := db.SavePoll(ctx, src); err != nil {
		t.Fatal(err)
	}
	again, existed, err := db.AddSource(ctx, summaries.Source{URL: "https://feeds.test/a.xml", Title: "A2", Kind: "feed", NextPoll: now})
	if err != nil || !existed || again.ID != src.ID || again.Paused || again.Errors != 0 || again.LastError != "" || again.Title != "A2" {
		t.Fatalf("re-add: %+v existed=%v err=%v", again, existed, err)
	}
	if err := db.Ingest(ctx, func(tx summaries.IngestTx) error {
		_, _, err := tx.PutArticle(ctx, article("https://a.test/1", "some text"), src.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RemoveSource(ctx, "#"+strconv.FormatInt(src.ID, 10)); err != nil {
		t.Fatalf("remove by id: %v", err)
	}
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE source_id IS NULL`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the article must stay, unattached: %d %v", n, err)
	}
	if _, err := db.RemoveSource(ctx, "https://feeds.test/a.xml"); !errors.Is(err, summaries.ErrNotFound) {
		t.Fatalf("removing twice: %v, want ErrNotFound", err)
	}
}

func TestDueSourcesOrderByTimeNotText(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	base := time.Date(2025, 3, 19, 10, 0, 0, 0, time.UTC)
	// Half a second after base: as RFC 3339 with trimmed fractions it
	// would sort before base ("…00.5Z" < "…00Z").
	late := base.Add(500 * time.Millisecond)
	for _, s := range []summaries.Source{{URL: "https://x.test/never"}, {URL: "https://x.test/base", NextPoll: base}, {URL: "https://x.test/late", NextPoll: late}} {
		if _, _, err := db.AddSource(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	due, err := db.DueSources(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, s := range due {
		urls = append(urls, s.URL)
	}
	if len(urls) != 2 || urls[0] != "https://x.test/never" || urls[1] != "https://x.test/base" {
		t.Fatalf("due at base: %v", urls)
	}
	next, err := db.NextPoll(ctx)
	if err != nil || !next.Before(base) {
		t.Fatalf("a never-polled source is due at once: %v %v", next, err)
	}
}

func TestSeedSourcesOnce(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	now := time.Now()
	ok, err := db.SeedSources(ctx, []string{"https://x.test/1", "https://x.test/2"}, now)
	if err != nil || !ok {
		t.Fatalf("first seed: %v %v", ok, err)
	}
	if _, err := db.RemoveSource(ctx, "https://x.test/1"); err != nil {
		t.Fatal(err)
	}
	ok, err = db.SeedSources(ctx, []string{"https://x.test/1", "https://x.test/3"}, now)
	if err != nil || ok {
		t.Fatalf("second seed must do nothing: %v %v", ok, err)
	}
	all, _ := db.Sources(ctx)
	if len(all) != 1 || all[0].URL != "https://x.test/2" || !all[0].Builtin {
		t.Fatalf("sources after seeding twice and removing one: %+v", all)
	}
}

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
