package ingest

import (
	"context"
	"fmt"
	"runtime"
	"sync"

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
	// storing did. It is saved in the transaction of the last batch
	// stored, so that a source is marked polled exactly when its items
	// are stored: a process killed half-way leaves it to be polled again,
	// the same way.
	Polled func(Stored) summaries.Source
}

// batchSize is how many articles one transaction stores. A transaction
// costs its commit and the statements' setup whatever it holds, so a
// fetch of thousands is stored in few; yet each stays short enough that
// a reader or another writer waits for one no longer than for a few
// hundred articles.
const batchSize = 256

// StoreAll stores a fetch's articles, a batch of them a transaction, each
// batch all or nothing: a process killed half-way leaves whole batches
// stored, with what they announced, and the source to be polled again.
// Articles are extracted on every core, a batch ahead of storing. An
// article that cannot be stored is logged and counted, and the others are
// still stored: a batch that fails is stored again one article a
// transaction. Articles stored already, unchanged, are skipped before
// extraction, the costly part. The error is that of saving the source's
// state.
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
	announce := func(a summaries.Article) bool { return b.News != nil && b.News(a) }
	saved := b.Polled == nil
	// The next batch is extracted while one is stored: storing keeps one
	// core busy, extraction the others.
	type batch struct {
		start int
		out   []extraction
	}
	batches := make(chan batch, 1)
	go func() {
		defer close(batches)
		for start := 0; start < len(todo); start += batchSize {
			batches <- batch{start, in.extractAll(ctx, todo[start:min(start+batchSize, len(todo))])}
		}
	}()
	for bt := range batches {
		last := bt.start+batchSize >= len(todo)
		var xs []extracted
		for i, x := range bt.out {
			if x.err != nil {
				st.Failed++
				in.log.Error("store article", "url", todo[bt.start+i].URL, "source", b.SourceID, "err", x.err)
				continue
			}
			xs = append(xs, x.extracted)
		}
		var results []Result
		err := in.store.Ingest(ctx, func(tx summaries.IngestTx) error {
			results = results[:0]
			for _, x := range xs {
				r, err := in.storeOne(ctx, tx, x, b.SourceID, announce(x.a))
				if err != nil {
					return fmt.Errorf("ingest %s: %w", x.a.URL, err)
				}
				results = append(results, r)
			}
			if !last || b.Polled == nil {
				return nil
			}
			final := st
			for i, r := range results {
				final.add(r, announce(xs[i].a))
			}
			return tx.SavePoll(ctx, b.Polled(final))
		})
		if err == nil {
			for i, r := range results {
				st.add(r, announce(xs[i].a))
			}
			saved = saved || last
			continue
		}
		in.log.Warn("store batch", "articles", len(xs), "source", b.SourceID, "err", err)
		saved = in.storeEach(ctx, b, xs, last, &st) || saved
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

// storeEach stores a batch that failed one article a transaction, so that
// one article that cannot be stored costs only itself; the source's state
// goes with the last article of the fetch. It reports whether the state
// was saved.
func (in *Ingester) storeEach(ctx context.Context, b Batch, xs []extracted, last bool, st *Stored) bool {
	saved := false
	for i, x := range xs {
		announce := b.News != nil && b.News(x.a)
		var res Result
		err := in.store.Ingest(ctx, func(tx summaries.IngestTx) error {
			var err error
			if res, err = in.storeOne(ctx, tx, x, b.SourceID, announce); err != nil {
				return err
			}
			if !last || i < len(xs)-1 || b.Polled == nil {
				return nil
			}
			final := *st
			final.add(res, announce)
			return tx.SavePoll(ctx, b.Polled(final))
		})
		if err != nil {
			st.Failed++
			in.log.Error("store article", "url", x.a.URL, "source", b.SourceID, "err", err)
			continue
		}
		st.add(res, announce)
		saved = saved || (last && i == len(xs)-1 && b.Polled != nil)
	}
	return saved
}

// extraction is an article's extraction or why it failed.
type extraction struct {
	extracted
	err error
}

// extractAll extracts articles on every core, in their order.
func (in *Ingester) extractAll(ctx context.Context, as []summaries.Article) []extraction {
	out := make([]extraction, len(as))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(as)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i].extracted, out[i].err = in.extract(ctx, as[i])
			}
		}()
	}
	for i := range as {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// Unstored is a source's error when some of a fetch's articles could not
// be stored.
func Unstored(st Stored, of int) string {
	return fmt.Sprintf("%d of %d items could not be stored", st.Failed, of)
}
