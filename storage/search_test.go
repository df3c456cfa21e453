package storage

import (
	"context"
	"slices"
	"testing"
	"time"

	"readout/summaries"
)

// indexedKeys compares call_words' rows with the keys the stored calls,
// mentions and articles give: one row per reported mention of a call and
// one per call summary, each under its call's current day.
func indexedKeys(t *testing.T, db *DB) {
	t.Helper()
	keys := func(q string) []int64 {
		rows, err := db.db.Query(q)
		got, err := collect(rows, err, scanOne[int64])
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		return got
	}
	have := keys(`SELECT rowid FROM call_words`)
	want := keys(`SELECT ((5373485 - CAST(julianday(c.date) AS INTEGER)) << 33) | m.id FROM mentions m JOIN calls c ON c.id = m.call_id WHERE m.role = 'reported'
		UNION ALL SELECT ((5373485 - CAST(julianday(date) AS INTEGER)) << 33) | (1 << 32) | id FROM calls WHERE summary <> ''`)
	if !slices.Equal(have, want) {
		t.Fatalf("call_words holds rows %v, want %v", have, want)
	}
}

// The index follows every writer: a record re-dated or joined by a
// leader, an article edited,
// mentions moved to another record and deleted, records deleted. A search
// after each change finds what the store holds, newest first.
func TestCallWordsFollowEveryWriter(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	pair := []string{"donald-trump", "vladimir-putin"}
	var a, b summaries.Call
	var articleA int64
	step := func(name string, fn func(tx summaries.IngestTx) error) {
		t.Helper()
		if err := db.Ingest(ctx, fn); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		indexedKeys(t, db)
	}
	search := func(words string, want ...int64) {
		t.Helper()
		for _, f := range []summaries.CallFilter{{}, {Limit: 1}, {Leaders: []string{"donald-trump"}, Limit: 5}} {
			got, err := db.SearchCalls(ctx, words, f)
			if err != nil {
				t.Fatal(err)
			}
			w := want
			if f.Limit == 1 && len(w) > 1 {
				w = w[:1]
			}
			if !slices.Equal(idsOf(got), w) {
				t.Errorf("SearchCalls(%q, %+v) = %v, want %v", words, f, idsOf(got), w)
			}
		}
	}
	newCall := func(tx summaries.IngestTx, date, url, text string) (summaries.Call, int64, error) {
		c := summaries.Call{Participants: pair, Date: day(date), Medium: summaries.Phone, Points: []summaries.KeyPoint{{Text: "They spoke of " + url + "."}}}
		id, err := tx.CreateCall(ctx, c)
		if err != nil {
			return c, 0, err
		}
		c.ID = id
		aid, _, err := tx.PutArticle(ctx, summaries.Article{URL: url, Title: "Leaders spoke", Published: c.Date, Text: text}, 0)
		if err != nil {
			return c, 0, err
		}
		if err := tx.AddMention(ctx, aid, id, summaries.Mention{Role: summaries.Reported, Participants: pair, Date: c.Date}, now); err != nil {
			return c, 0, err
		}
		_, _, err = tx.SaveCall(ctx, c, now)
		return c, aid, err
	}
	step("two calls", func(tx summaries.IngestTx) (err error) {
		if a, articleA, err = newCall(tx, "2025-03-18", "https://a.test/1", "They discussed grain corridors."); err != nil {
			return err
		}
		b, _, err = newCall(tx, "2025-05-19", "https://a.test/2", "They discussed drones.")
		return err
	})
	search("discussed", b.ID, a.ID)
	search("grain", a.ID)
	search("spoke", b.ID, a.ID) // titles and summaries are searched too

	step("re-dated", func(tx summaries.IngestTx) error {
		a.Date = day("2025-08-01")
		_, _, err := tx.SaveCall(ctx, a, now)
		return err
	})
	search("discussed", a.ID, b.ID)
	search("grain", a.ID)

	step("joined", func(tx summaries.IngestTx) error {
		a.Participants = []string{"donald-trump", "vladimir-putin", "xi-jinping"}
		_, _, err := tx.SaveCall(ctx, a, now)
		return err
	})
	for _, f := range []summaries.CallFilter{{Leaders: []string{"xi-jinping"}}, {AnyOf: [][]string{{"emmanuel-macron", "xi-jinping"}, {"vladimir-putin"}}}} {
		if got, err := db.SearchCalls(ctx, "discussed", f); err != nil || !slices.Equal(idsOf(got), []int64{a.ID}) {
			t.Errorf("after a leader joined, SearchCalls(discussed, %+v) = %v, %v", f, idsOf(got), err)
		}
	}
	if got, _ := db.SearchCalls(ctx, "discussed", summaries.CallFilter{Leaders: []string{"emmanuel-macron"}}); len(got) != 0 {
		t.Errorf("a leader of no call finds %v", idsOf(got))
	}

	step("edited", func(tx summaries.IngestTx) error {
		_, _, err := tx.PutArticle(ctx, summaries.Article{URL: "https://a.test/1", Title: "Leaders spoke", Text: "They discussed tariffs."}, 0)
		return err
	})
	search("grain")
	search("tariffs", a.ID)

	step("merged", func(tx summaries.IngestTx) error {
		if err := tx.MoveMentions(ctx, b.ID, a.ID); err != nil {
			return err
		}
		return tx.DeleteCall(ctx, b.ID)
	})
	search("drones", a.ID)
	search("discussed", a.ID)

	step("unreported", func(tx summaries.IngestTx) error {
		return tx.DeleteMentions(ctx, articleA)
	})
	search("tariffs")
	search("drones", a.ID)

	step("deleted", func(tx summaries.IngestTx) error {
		return tx.DeleteCall(ctx, a.ID)
	})
	search("drones")
}

// Input that would be FTS syntax, or that the tokenizer cuts into more
// than one token, is searched as words: never an error.
func TestSearchWordsAreNeverPhrases(t *testing.T) {
	db, _ := openTemp(t)
	seedCalls(t, db, 3)
	for _, q := range []string{`"grain"`, `grain*`, `NEAR(grain drones)`, `grain-drones`, `𞤀𞤁 grain`, `e` + "\u0301" + `grain`, `½ ²`} {
		if _, err := db.SearchCalls(context.Background(), q, summaries.CallFilter{}); err != nil {
			t.Errorf("SearchCalls(%q): %v", q, err)
		}
	}
}

// A database written before migration 0011 has its calls' words indexed
// by it: searches find what they found in articles_fts and calls_fts.
func TestMigrationIndexesExistingWords(t *testing.T) {
	db, path := openTemp(t)
	all := seedCalls(t, db, 30)
	ctx := context.Background()
	// Back to before 0011: the old indexes (empty, as 0011 drops them
	// unread), call_words gone.
	_, err := db.db.ExecContext(ctx, `DROP TABLE call_words; DROP INDEX mentions_call_of;
		CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id');
		CREATE VIRTUAL TABLE calls_fts USING fts5(summary, content='calls', content_rowid='id');
		CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN SELECT 1; END;
		CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN SELECT 1; END;
		CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN SELECT 1; END;
		CREATE TRIGGER calls_ai AFTER INSERT ON calls BEGIN SELECT 1; END;
		CREATE TRIGGER calls_ad AFTER DELETE ON calls BEGIN SELECT 1; END;
		CREATE TRIGGER calls_au AFTER UPDATE ON calls BEGIN SELECT 1; END;
		DELETE FROM schema_migrations WHERE version = 11`)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"call_words_mention_ai", "call_words_mention_ad", "call_words_mention_au", "call_words_call_ai", "call_words_call_au", "call_words_call_bd", "call_words_article_au"} {
		if _, err := db.db.ExecContext(ctx, `DROP TRIGGER `+name); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	indexedKeys(t, again)
	for _, word := range []string{"grain", "point 7"} {
		match := func(c summaries.Call) bool {
			if word == "point 7" {
				return c.Points[0].Text == "Point 7."
			}
			i := slices.IndexFunc(all, func(x summaries.Call) bool { return x.ID == c.ID })
			return i%3 == 0
		}
		for _, f := range []summaries.CallFilter{{}, {Leaders: []string{all[0].Participants[0]}}} {
			got, err := again.SearchCalls(ctx, word, f)
			if err != nil {
				t.Fatal(err)
			}
			if w := want(all, f, match); !slices.Equal(idsOf(got), w) || len(w) == 0 && f.Leaders == nil {
				t.Errorf("after the migration, SearchCalls(%q, %+v) = %v, want %v", word, f, idsOf(got), w)
			}
		}
	}
}
