package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"readout/summaries"
)

// Bench measures what readout asks of a store most: ingesting an article
// (one transaction of the shape bot/ingest gives it) and answering a
// question (a leader's latest calls; a word search), on the same
// generated coverage whatever the backend.
func Bench(b *testing.B, open Opener) {
	b.Run("Ingest", func(b *testing.B) { benchIngest(b, open) })
	b.Run("AskLeader", func(b *testing.B) {
		db := coverage(b, open)
		ctx := context.Background()
		for i := 0; b.Loop(); i++ {
			calls, err := db.Calls(ctx, summaries.CallFilter{Leaders: []string{benchLeader(i)}, Limit: 10})
			if err != nil || len(calls) == 0 {
				b.Fatalf("calls: %d %v", len(calls), err)
			}
		}
	})
	b.Run("AskSearch", func(b *testing.B) {
		db := coverage(b, open)
		ctx := context.Background()
		for i := 0; b.Loop(); i++ {
			calls, err := db.SearchCalls(ctx, fmt.Sprintf("truce round%d", i%50), summaries.CallFilter{Limit: 10})
			if err != nil || len(calls) == 0 {
				b.Fatalf("search: %d %v", len(calls), err)
			}
		}
	})
}

const benchLeaders = 20

func benchLeader(i int) string { return fmt.Sprintf("leader-%02d", i%benchLeaders) }

// benchIngest stores one new article a transaction: the article, a new
// record, its mention, the record rebuilt and saved.
func benchIngest(b *testing.B, open Opener) {
	db, _ := openAt(b, open, t0)
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		err := db.Ingest(ctx, func(tx summaries.IngestTx) error {
			return ingestOne(ctx, tx, i)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func ingestOne(ctx context.Context, tx summaries.IngestTx, i int) error {
	people := []string{benchLeader(i), benchLeader(i + 1)}
	date := day("2025-01-01").AddDate(0, 0, i%365)
	a := summaries.Article{URL: fmt.Sprintf("https://bench.test/%d", i), Title: fmt.Sprintf("Leaders talk, round%d", i%50),
		Outlet: "Bench", Published: date.Add(9 * time.Hour),
		Text: fmt.Sprintf("The two leaders spoke by phone about a truce and trade, round%d of their talks. ", i%50) +
			"They agreed to keep in touch and asked their ministers to meet within the month."}
	aid, _, err := tx.PutArticle(ctx, a, 0)
	if err != nil {
		return err
	}
	if _, err := tx.CallsNear(ctx, people, date.AddDate(0, 0, -3), date.AddDate(0, 0, 3)); err != nil {
		return err
	}
	m := summaries.Mention{Role: summaries.Reported, Participants: people, Date: date, Medium: summaries.Phone,
		Candidates: []summaries.Candidate{{Text: "They agreed to keep in touch.", Weight: 1}}}
	c := summaries.Call{Participants: people, Date: date, Medium: summaries.Phone}
	id, err := tx.CreateCall(ctx, c)
	if err != nil {
		return err
	}
	if err := tx.AddMention(ctx, aid, id, m, t0); err != nil {
		return err
	}
	if _, err := tx.CallMentions(ctx, id); err != nil {
		return err
	}
	c.ID = id
	c.Points = []summaries.KeyPoint{{Text: "They agreed to keep in touch.", URL: a.URL}}
	c.Articles = []summaries.ArticleRef{{URL: a.URL, Title: a.Title, Outlet: a.Outlet, Published: a.Published, Role: summaries.Reported}}
	_, _, err = tx.SaveCall(ctx, c, t0)
	return err
}

// coverage opens a store holding 2,000 calls of 20 leaders over a year,
// each with its article.
func coverage(b *testing.B, open Opener) Backend {
	b.Helper()
	db, _ := openAt(b, open, t0)
	ctx := context.Background()
	err := db.Ingest(ctx, func(tx summaries.IngestTx) error {
		for i := range 2000 {
			if err := ingestOne(ctx, tx, i); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return db
}
