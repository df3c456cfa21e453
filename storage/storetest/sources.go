package storetest

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"readout/summaries"
)

// Adding a source twice resumes it; removing it keeps the articles it
// brought.
func testSources(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	if _, _, err := db.AddSource(ctx, summaries.Source{URL: "  "}); err == nil {
		t.Error("a source without a URL was added")
	}
	src, existed, err := db.AddSource(ctx, summaries.Source{URL: "https://feeds.test/a.xml", Title: "A", Kind: "feed", AddedBy: "admin", AddedAt: t0,
		NextPoll: t0.Add(time.Hour), PolledOnce: true, ItemsSeen: 3})
	if err != nil || existed || src.ID == 0 || !src.PolledOnce || !src.NextPoll.Equal(t0.Add(time.Hour)) || !src.AddedAt.Equal(t0) ||
		src.AddedBy != "admin" || src.ItemsSeen != 3 || src.Paused || src.Builtin {
		t.Fatalf("add: %+v existed=%v err=%v", src, existed, err)
	}
	// A failing, paused source is resumed by adding it again; who added it
	// and when stays.
	src.Errors, src.Paused, src.LastError = 8, true, "HTTP 500"
	if err := db.SavePoll(ctx, src); err != nil {
		t.Fatal(err)
	}
	again, existed, err := db.AddSource(ctx, summaries.Source{URL: "https://feeds.test/a.xml", Title: "A2", Kind: "page", AddedBy: "someone else",
		AddedAt: t0.Add(time.Hour), NextPoll: t0, ItemsSeen: 2})
	if err != nil || !existed || again.ID != src.ID || again.Paused || again.Errors != 0 || again.LastError != "" || again.Title != "A2" ||
		again.Kind != "page" || again.AddedBy != "admin" || !again.AddedAt.Equal(t0) || again.PolledOnce || again.ItemsSeen != 5 || !again.NextPoll.Equal(t0) {
		t.Fatalf("re-add: %+v existed=%v err=%v", again, existed, err)
	}
	b, _, err := db.AddSource(ctx, summaries.Source{URL: "https://feeds.test/b.xml"})
	if err != nil {
		t.Fatal(err)
	}
	if all, err := db.Sources(ctx); err != nil || len(all) != 2 || all[0].ID != src.ID || all[1].ID != b.ID {
		t.Fatalf("sources, oldest first: %+v %v", all, err)
	}
	a := article("https://a.test/1", "some text")
	ingest(t, db, func(ctx context.Context, tx summaries.IngestTx) error {
		_, _, err := tx.PutArticle(ctx, a, src.ID)
		return err
	})
	removed, err := db.RemoveSource(ctx, "#"+strconv.FormatInt(src.ID, 10))
	if err != nil || removed.URL != src.URL {
		t.Fatalf("remove by id: %+v %v", removed, err)
	}
	if same, err := db.ArticleUnchanged(ctx, a); err != nil || !same {
		t.Fatalf("the article must stay: %v %v", same, err)
	}
	if _, err := db.RemoveSource(ctx, "https://feeds.test/a.xml"); !errors.Is(err, summaries.ErrNotFound) {
		t.Fatalf("removing twice: %v, want ErrNotFound", err)
	}
	if _, err := db.RemoveSource(ctx, " https://feeds.test/b.xml "); err != nil {
		t.Fatalf("remove by URL: %v", err)
	}
	if all, _ := db.Sources(ctx); len(all) != 0 {
		t.Fatalf("sources left: %+v", all)
	}
}

// Due sources are ordered by time, never-polled first; paused ones wait.
func testDueSources(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	if next, err := db.NextPoll(ctx); err != nil || !next.IsZero() {
		t.Fatalf("no sources: next poll %v %v, want zero", next, err)
	}
	// Half a second after t0: as RFC 3339 with trimmed fractions it would
	// sort before t0 ("…00.5Z" < "…00Z").
	late := t0.Add(500 * time.Millisecond)
	for _, s := range []summaries.Source{
		{URL: "https://x.test/late", NextPoll: late},
		{URL: "https://x.test/base", NextPoll: t0},
		{URL: "https://x.test/early", NextPoll: t0.Add(-time.Hour)},
		{URL: "https://x.test/paused", NextPoll: t0.Add(-2 * time.Hour), Paused: true},
	} {
		if _, _, err := db.AddSource(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	if next, err := db.NextPoll(ctx); err != nil || !next.Equal(t0.Add(-time.Hour)) {
		t.Fatalf("next poll %v %v, want the earliest active one", next, err)
	}
	if _, _, err := db.AddSource(ctx, summaries.Source{URL: "https://x.test/never"}); err != nil {
		t.Fatal(err)
	}
	due, err := db.DueSources(ctx, t0)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, s := range due {
		urls = append(urls, s.URL)
	}
	if want := []string{"https://x.test/never", "https://x.test/early", "https://x.test/base"}; !slices.Equal(urls, want) {
		t.Fatalf("due at t0: %v, want %v", urls, want)
	}
	next, err := db.NextPoll(ctx)
	if err != nil || next.IsZero() || !next.Before(t0.Add(-time.Hour)) {
		t.Fatalf("a never-polled source is due at once: %v %v", next, err)
	}
}

// SavePoll writes the whole polling state and resurrects nothing.
func testSavePoll(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	src, _, err := db.AddSource(ctx, summaries.Source{URL: "https://x.test/f", AddedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	src.Kind, src.Title, src.ETag, src.LastModified = "feed", "F", `"abc"`, "Wed, 19 Mar 2025 09:00:00 GMT"
	src.LastSuccess, src.NextPoll, src.LastError = t0.Add(time.Minute+250*time.Millisecond), t0.Add(time.Hour), "timeout"
	src.Errors, src.ItemsSeen, src.PolledOnce, src.Paused = 2, 40, true, true
	if err := db.SavePoll(ctx, src); err != nil {
		t.Fatal(err)
	}
	all, err := db.Sources(ctx)
	if err != nil || len(all) != 1 || all[0] != src {
		t.Fatalf("saved poll came back as %+v %v, want %+v", all, err, src)
	}
	if due, _ := db.DueSources(ctx, t0.Add(24*time.Hour)); len(due) != 0 {
		t.Fatalf("a paused source is due: %+v", due)
	}
	if _, err := db.RemoveSource(ctx, src.URL); err != nil {
		t.Fatal(err)
	}
	if err := db.SavePoll(ctx, src); err != nil {
		t.Fatal(err)
	}
	if all, _ := db.Sources(ctx); len(all) != 0 {
		t.Fatalf("a removed source came back: %+v", all)
	}
}

func testSeedSources(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	if _, _, err := db.AddSource(ctx, summaries.Source{URL: "https://x.test/2", AddedBy: "admin"}); err != nil {
		t.Fatal(err)
	}
	ok, err := db.SeedSources(ctx, []string{"https://x.test/1", "https://x.test/2"}, t0)
	if err != nil || !ok {
		t.Fatalf("first seed: %v %v", ok, err)
	}
	if _, err := db.RemoveSource(ctx, "https://x.test/1"); err != nil {
		t.Fatal(err)
	}
	ok, err = db.SeedSources(ctx, []string{"https://x.test/1", "https://x.test/3"}, t0)
	if err != nil || ok {
		t.Fatalf("second seed must do nothing: %v %v", ok, err)
	}
	all, _ := db.Sources(ctx)
	// The source added by hand stays as it was.
	if len(all) != 1 || all[0].URL != "https://x.test/2" || all[0].Builtin || all[0].AddedBy != "admin" {
		t.Fatalf("sources after seeding twice and removing one: %+v", all)
	}
	db2, _ := openAt(t, open, t0)
	if ok, err := db2.SeedSources(ctx, []string{"https://x.test/1"}, t0); err != nil || !ok {
		t.Fatalf("seeding a new database: %v %v", ok, err)
	}
	all, _ = db2.Sources(ctx)
	if len(all) != 1 || !all[0].Builtin || all[0].AddedBy != "readout" || !all[0].AddedAt.Equal(t0) {
		t.Fatalf("seeded source: %+v", all)
	}
}

// Processes adding one source, or subscribing one channel, at once make
// one row: one of them creates it, the others find it.
func testAddRace(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	const racers = 6
	type result struct {
		id    int64
		found bool
		err   error
	}
	race := func(fn func() (int64, bool, error)) {
		t.Helper()
		results := make(chan result, racers)
		var wg sync.WaitGroup
		for range racers {
			wg.Go(func() {
				id, found, err := fn()
				results <- result{id, found, err}
			})
		}
		wg.Wait()
		close(results)
		created, ids := 0, map[int64]bool{}
		for r := range results {
			if r.err != nil {
				t.Fatal(r.err)
			}
			if !r.found {
				created++
			}
			ids[r.id] = true
		}
		if created != 1 || len(ids) != 1 {
			t.Fatalf("%d of %d racers created, %d rows; want 1 and 1", created, racers, len(ids))
		}
	}
	race(func() (int64, bool, error) {
		s, existed, err := db.AddSource(ctx, summaries.Source{URL: "https://x.test/race", AddedAt: t0})
		return s.ID, existed, err
	})
	race(func() (int64, bool, error) {
		s, replaced, err := db.Subscribe(ctx, summaries.Subscription{Platform: "slack", Channel: "C1", CreatedAt: t0, PeriodStart: t0})
		return s.ID, replaced, err
	})
}
