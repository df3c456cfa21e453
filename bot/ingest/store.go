package ingest

import (
	"context"
	"fmt"

	"readout/summaries"
)

// Stored counts what storing one fetch's articles did.
type Stored struct {
	New, Changed, Unchanged int
	// Failed articles could not be stored; each was logged.
	Failed                 int
	NewCalls, UpdatedCalls int
	// Announced counts the record versions queued for digests.
	Announced int
}

func (st *Stored) add(r Result, announced bool) {
	switch r.Article {
	case summaries.ArticleNew:
		st.New++
	case summaries.ArticleChanged:
		st.Changed++
	default:
		st.Unchanged++
	}
	st.NewCalls += len(r.NewCalls)
	st.UpdatedCalls += len(r.UpdatedCalls)
	if announced {
		st.Announced += len(r.NewCalls) + len(r.UpdatedCalls)
	}
}

// Batch is what one fetch brought, to store.
type Batch struct {
	Articles []summaries.Article
	// SourceID is the source they came from (0: none).
	SourceID int64
	// News, when set, says which articles are news: what they change is
	// announced (IngestNews).
	News func(summaries.Article) bool
	// Polled, when set, gives the source's state after the fetch from what
	// storing did. It is saved in the transaction of the last article
	// stored, so that a source is marked polled exactly when its items
	// are stored: a process killed half-way leaves it to be polled again,
	// the same way.
	Polled func(Stored) summaries.Source
}

// StoreAll stores a fetch's articles. An article that cannot be stored is
// logged and counted, and the others are still stored. Articles stored
// already, unchanged, are skipped before extraction, the costly part. The
// error is that of saving the source's state.
func (in *Ingester) StoreAll(ctx context.Context, b Batch) (Stored, error) {
	var st Stored
	todo := b.Articles
	if in.sources != nil {
		todo = nil
		for _, a := range b.Articles {
			if same, err := in.sources.ArticleUnchanged(ctx, a); err == nil && same {
				st.Unchanged++
				continue
			}
			todo = append(todo, a)
		}
	}
	saved := b.Polled == nil
	for i, a := range todo {
		announce := b.News != nil && b.News(a)
		var also func(summaries.IngestTx, Result) error
		if i == len(todo)-1 && b.Polled != nil {
			also = func(tx summaries.IngestTx, r Result) error {
				final := st
				final.add(r, announce)
				return tx.SavePoll(ctx, b.Polled(final))
			}
		}
		r, err := in.ingest(ctx, a, b.SourceID, announce, also)
		if err != nil {
			st.Failed++
			in.log.Error("store article", "url", a.URL, "source", b.SourceID, "err", err)
			continue
		}
		st.add(r, announce)
		saved = saved || also != nil
	}
	if !saved {
		// Nothing to store, or the last article failed: the state goes
		// alone.
		err := in.store.Ingest(ctx, func(tx summaries.IngestTx) error { return tx.SavePoll(ctx, b.Polled(st)) })
		if err != nil {
			return st, fmt.Errorf("save poll of source %d: %w", b.SourceID, err)
		}
	}
	return st, nil
}

// Unstored is a source's error when some of a fetch's articles could not
// be stored.
func Unstored(st Stored, of int) string {
	return fmt.Sprintf("%d of %d items could not be stored", st.Failed, of)
}
