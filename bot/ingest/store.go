package ingest

import (
	"context"
	"fmt"
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

// total counts the articles accounted for.
func (st Stored) total() int { return st.New + st.Changed + st.Unchanged + st.Failed }

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

// StoreAll stores a fetch's articles: Prepare, then Store.
func (in *Ingester) StoreAll(ctx context.Context, b Batch) (Stored, error) {
	return in.Prepare(ctx, b).Store(ctx)
}

// Prepared is a fetch's articles being made ready to store (Prepare): each
// checked against the store and extracted, a batch ahead of storing.
type Prepared struct {
	in      *Ingester
	b       Batch
	batches chan prepared
	cancel  context.CancelFunc
}

// prepared is a batch of a fetch's articles, ready to store.
type prepared struct {
	// start is the batch's first article in the fetch.
	start int
	out   []extraction
	last  bool
}

// Prepare starts making a fetch's articles ready to store, in the
// background: articles stored already, unchanged, are told apart, and the
// others extracted, the costly part, on the cores storing leaves free.
// Preparing the next fetch while one is stored keeps them busy. Store must
// be called, or ctx cancelled, for the work to end.
func (in *Ingester) Prepare(ctx context.Context, b Batch) *Prepared {
	ctx, cancel := context.WithCancel(ctx)
	p := &Prepared{in: in, b: b, batches: make(chan prepared, 1), cancel: cancel}
	go p.prepare(ctx)
	return p
}

func (p *Prepared) prepare(ctx context.Context) {
	defer close(p.batches)
	n := len(p.b.Articles)
	// A fetch of nothing still has its last (empty) batch: the source's
	// state is saved with it.
	for start := 0; start < n || start == 0; start += batchSize {
		end := min(start+batchSize, n)
		bt := prepared{start: start, out: p.in.prepareAll(ctx, p.b.Articles[start:end]), last: end == n}
		if ctx.Err() != nil {
			// Its articles' extraction was cut short.
			return
		}
		select {
		case p.batches <- bt:
		case <-ctx.Done():
			return
		}
	}
}

// Store stores the prepared articles, a batch a transaction, each batch
// all or nothing: a process killed half-way leaves whole batches stored,
// with what they announced, and the source to be polled again. An article
// that cannot be stored is logged and counted, and the others are still
// stored: a batch that fails is stored again one article a transaction.
// The error is that of saving the source's state, or why storing stopped
// before the last batch.
func (p *Prepared) Store(ctx context.Context) (Stored, error) {
	defer p.cancel()
	in, b := p.in, p.b
	var st Stored
	announce := func(a summaries.Article) bool { return b.News != nil && b.News(a) }
	saved, done := b.Polled == nil, false
	var xs []extracted
	var results []Result
	for bt := range p.batches {
		done = bt.last
		xs = xs[:0]
		for i, x := range bt.out {
			switch {
			case x.err != nil:
				st.Failed++
				in.log.Error("store article", "url", b.Articles[bt.start+i].URL, "source", b.SourceID, "err", x.err)
			case x.unchanged:
				st.Unchanged++
			default:
				xs = append(xs, x.extracted)
			}
		}
		if len(xs) == 0 {
			// Nothing to store: the state goes alone (below).
			continue
		}
		err := in.store.Ingest(ctx, func(tx summaries.IngestTx) error {
			defer in.storing()()
			results = results[:0]
			for _, x := range xs {
				r, err := in.storeOne(ctx, tx, x, b.SourceID, announce(x.a))
				if err != nil {
					return fmt.Errorf("ingest %s: %w", x.a.URL, err)
				}
				results = append(results, r)
			}
			if !bt.last || b.Polled == nil {
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
			saved = saved || bt.last
			continue
		}
		in.log.Warn("store batch", "articles", len(xs), "source", b.SourceID, "err", err)
		saved = in.storeEach(ctx, b, xs, bt.last, &st) || saved
	}
	if !done || ctx.Err() != nil {
		return st, fmt.Errorf("store source %d: stopped after %d of %d articles: %w", b.SourceID, st.total(), len(b.Articles), context.Cause(ctx))
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
			defer in.storing()()
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

// storing takes a core for a transaction that holds the store's writer,
// and returns its release: extraction has every core while storing waits
// for a batch (or for the writer), and leaves it one while it stores.
func (in *Ingester) storing() func() {
	in.cores <- struct{}{}
	return func() { <-in.cores }
}

// extraction is an article ready to store, or why it is not: stored
// already unchanged, or its extraction failed.
type extraction struct {
	extracted
	unchanged bool
	err       error
}

// prepareAll makes articles ready to store, in their order, on the cores
// storing leaves free.
func (in *Ingester) prepareAll(ctx context.Context, as []summaries.Article) []extraction {
	out := make([]extraction, len(as))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(cap(in.cores), len(as)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = in.prepareOne(ctx, as[i])
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

// prepareOne makes an article ready to store. Articles stored already,
// unchanged, are told apart before extraction, the costly part.
func (in *Ingester) prepareOne(ctx context.Context, a summaries.Article) extraction {
	if in.sources != nil {
		if same, err := in.sources.ArticleUnchanged(ctx, a); err == nil && same {
			return extraction{unchanged: true}
		}
	}
	// A core an article, taken for its extraction only (the check above
	// waits on the store, not a core): storing waits for one no longer
	// than an article's extraction.
	in.cores <- struct{}{}
	x, err := in.extract(ctx, a)
	<-in.cores
	return extraction{extracted: x, err: err}
}

// Unstored is a source's error when some of a fetch's articles could not
// be stored.
func Unstored(st Stored, of int) string {
	return fmt.Sprintf("%d of %d items could not be stored", st.Failed, of)
}
