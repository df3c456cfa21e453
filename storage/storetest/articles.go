package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"readout/summaries"
)

// An article is recognised by canonical URL, then feed GUID, then content
// hash; an edit keeps its identity.
func testArticleIdentity(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	a := article("https://a.test/1", "first text")
	a.GUID = "guid-1"
	id1, st := putArticle(t, db, a)
	if st != summaries.ArticleNew || id1 == 0 {
		t.Fatalf("first put: id %d state %v", id1, st)
	}
	if id, st := putArticle(t, db, a); st != summaries.ArticleUnchanged || id != id1 {
		t.Fatalf("same article again: id %d state %v", id, st)
	}
	a.Text = "edited text"
	if id, st := putArticle(t, db, a); st != summaries.ArticleChanged || id != id1 {
		t.Fatalf("edited article: id %d state %v, want id %d changed", id, st, id1)
	}
	// Same GUID under another URL (a feed that changed its links) is the same item.
	moved := a
	moved.URL = "https://a.test/1?moved"
	if id, st := putArticle(t, db, moved); id != id1 || st != summaries.ArticleUnchanged {
		t.Fatalf("same guid: id %d state %v", id, st)
	}
	// Same content under another URL and no GUID (a syndicated copy) is the same item.
	copyA := article("https://mirror.test/x", "edited text")
	copyA.Title = moved.Title
	if id, st := putArticle(t, db, copyA); id != id1 || st != summaries.ArticleUnchanged {
		t.Fatalf("same content hash: id %d state %v, want %d", id, st, id1)
	}
	// Another article is another row.
	if id, st := putArticle(t, db, article("https://a.test/2", "other text")); id == id1 || st != summaries.ArticleNew {
		t.Fatalf("another article: id %d state %v", id, st)
	}
}

// ArticleUnchanged recognises an article as PutArticle does, without
// storing anything.
func testArticleUnchanged(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	a := article("https://a.test/1", "first text")
	a.GUID = "tag:a.test,2025:1"
	if same, err := db.ArticleUnchanged(ctx, a); err != nil || same {
		t.Fatalf("unknown article: %v %v", same, err)
	}
	if same, _ := db.ArticleUnchanged(ctx, a); same {
		t.Fatal("asking stored the article")
	}
	putArticle(t, db, a)
	moved := a
	moved.URL = "https://a.test/moved" // same guid, same content
	edited := a
	edited.Text = "second text"
	copied := a
	copied.URL, copied.GUID = "https://mirror.test/1", "" // same content
	other := article("https://a.test/2", "another story")
	for _, tc := range []struct {
		a    summaries.Article
		want bool
	}{{a, true}, {moved, true}, {edited, false}, {copied, true}, {other, false}} {
		if same, err := db.ArticleUnchanged(ctx, tc.a); err != nil || same != tc.want {
			t.Errorf("%s %q: unchanged %v, want %v (%v)", tc.a.URL, tc.a.Text, same, tc.want, err)
		}
	}
}

// Whatever bytes a page had, storing it works and a re-fetch of the same
// page is recognised: nothing a feed sends makes ingestion fail.
func testArticleTextAnyBytes(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	a := article("https://a.test/odd", "a NUL \x00 byte, a broken \xff\xfe sequence and Ünïcödé")
	a.Title = "title \x00 with \xc3 bytes"
	id, st := putArticle(t, db, a)
	if st != summaries.ArticleNew {
		t.Fatalf("odd bytes: state %v", st)
	}
	if again, st := putArticle(t, db, a); again != id || st != summaries.ArticleUnchanged {
		t.Fatalf("odd bytes again: id %d state %v", again, st)
	}
	if same, err := db.ArticleUnchanged(ctx, a); err != nil || !same {
		t.Fatalf("odd bytes unchanged: %v %v", same, err)
	}
	// What extraction took from such a text goes into mentions and records.
	odd := "said \x00 it \xff"
	m := summaries.Mention{Role: summaries.Reported, Participants: []string{"a", "b"}, Date: day("2025-03-18"), Sentence: odd}
	c := summaries.Call{Participants: m.Participants, Date: m.Date, Points: []summaries.KeyPoint{{Text: odd, URL: a.URL}}}
	ingest(t, db, func(ctx context.Context, tx summaries.IngestTx) error {
		var err error
		if c.ID, err = tx.CreateCall(ctx, c); err != nil {
			return err
		}
		if err := tx.AddMention(ctx, id, c.ID, m, t0); err != nil {
			return err
		}
		_, _, err = tx.SaveCall(ctx, c, t0)
		return err
	})
	if got, err := db.SearchCalls(ctx, "said", summaries.CallFilter{}); err != nil || len(got) != 1 || len(got[0].Points) != 1 {
		t.Fatalf("a record with odd bytes: %+v %v", got, err)
	}
}

func testIngestRollsBack(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	boom := errors.New("boom")
	a := article("https://a.test/2", "text")
	var callID int64
	err := db.Ingest(ctx, func(tx summaries.IngestTx) error {
		if _, _, err := tx.PutArticle(ctx, a, 0); err != nil {
			return err
		}
		id, err := tx.CreateCall(ctx, summaries.Call{Participants: []string{"a", "b"}, Date: day("2025-03-18")})
		if err != nil {
			return err
		}
		callID = id
		if _, _, err := tx.SaveCall(ctx, summaries.Call{ID: id, Participants: []string{"a", "b"}, Date: day("2025-03-18")}, t0); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the error fn returned", err)
	}
	if same, err := db.ArticleUnchanged(ctx, a); err != nil || same {
		t.Fatalf("a failed ingest left its article behind: %v %v", same, err)
	}
	if calls, err := db.Calls(ctx, summaries.CallFilter{}); err != nil || len(calls) != 0 {
		t.Fatalf("a failed ingest left calls behind: %+v %v", calls, err)
	}
	if _, err := db.CallAt(ctx, callID, 1); !errors.Is(err, summaries.ErrNotFound) {
		t.Fatalf("a failed ingest left a version behind: %v", err)
	}
}

// Articles of one call ingested at once make one record: an ingest
// transaction that finds no record near a mention and creates one is never
// interleaved with another doing the same.
func testIngestSerialised(t *testing.T, open Opener) {
	db, _ := openAt(t, open, t0)
	ctx := context.Background()
	people := []string{"donald-trump", "vladimir-putin"}
	date := day("2025-03-18")
	const articles = 6
	var wg sync.WaitGroup
	errs := make(chan error, articles)
	for i := range articles {
		wg.Go(func() {
			errs <- db.Ingest(ctx, func(tx summaries.IngestTx) error {
				a := article(fmt.Sprintf("https://a.test/race/%d", i), fmt.Sprintf("report %d of the call", i))
				aid, _, err := tx.PutArticle(ctx, a, 0)
				if err != nil {
					return err
				}
				near, err := tx.CallsNear(ctx, people, date, date)
				if err != nil {
					return err
				}
				c := summaries.Call{Participants: people, Date: date}
				if len(near) > 0 {
					c = near[0]
				} else if c.ID, err = tx.CreateCall(ctx, c); err != nil {
					return err
				}
				m := summaries.Mention{Role: summaries.Reported, Participants: people, Date: date}
				if err := tx.AddMention(ctx, aid, c.ID, m, t0); err != nil {
					return err
				}
				c.Articles = append(c.Articles, summaries.ArticleRef{URL: a.URL})
				_, _, err = tx.SaveCall(ctx, c, t0)
				return err
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	calls, err := db.Calls(ctx, summaries.CallFilter{})
	if err != nil || len(calls) != 1 {
		t.Fatalf("%d records of one call, want 1 (%v)", len(calls), err)
	}
	if len(calls[0].Articles) != articles || calls[0].Version != articles {
		t.Fatalf("the record has %d articles at version %d, want %d and %d", len(calls[0].Articles), calls[0].Version, articles, articles)
	}
}

// What the store stamps on its own (a new record's first sighting) comes
// from its clock; what the caller stamps (a mention, a save) from the
// caller.
func testStampsFromTheClock(t *testing.T, open Opener) {
	at := t0.Add(3*24*time.Hour + 7*time.Second)
	db, _ := openAt(t, open, at)
	ctx := context.Background()
	later := at.Add(time.Hour)
	var callID int64
	ingest(t, db, func(ctx context.Context, tx summaries.IngestTx) error {
		aid, _, err := tx.PutArticle(ctx, article("https://a.test/clock", "Two leaders spoke by phone."), 0)
		if err != nil {
			return err
		}
		c := summaries.Call{Participants: []string{"a", "b"}, Date: day("2025-03-18")}
		if callID, err = tx.CreateCall(ctx, c); err != nil {
			return err
		}
		if err := tx.AddMention(ctx, aid, callID, summaries.Mention{Role: summaries.Reported, Participants: c.Participants, Date: c.Date}, later); err != nil {
			return err
		}
		ms, err := tx.CallMentions(ctx, callID)
		if err != nil {
			return err
		}
		if len(ms) != 1 || !ms[0].Seen.Equal(later) {
			t.Errorf("mention seen %+v, want %v", ms, later)
		}
		c.ID = callID
		_, _, err = tx.SaveCall(ctx, c, later)
		return err
	})
	calls, err := db.CallsByID(ctx, []int64{callID})
	if err != nil || len(calls) != 1 {
		t.Fatalf("calls by id: %+v %v", calls, err)
	}
	if !calls[0].FirstSeen.Equal(at) || !calls[0].LastSeen.Equal(later) {
		t.Errorf("call seen %v .. %v, want %v .. %v", calls[0].FirstSeen, calls[0].LastSeen, at, later)
	}
}
