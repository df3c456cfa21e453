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

// StoreAll stores the articles one fetch brought, for a source (0: none).
// An article that cannot be stored is logged and counted, and the others
// are still stored. Articles stored already, unchanged, are skipped before
// extraction, the costly part. The articles for which news (when set)
// says so are stored with IngestNews: what they change is announced.
func (in *Ingester) StoreAll(ctx context.Context, articles []summaries.Article, sourceID int64, news func(summaries.Article) bool) Stored {
	var st Stored
	for _, a := range articles {
		if in.sources != nil {
			if same, err := in.sources.ArticleUnchanged(ctx, a); err == nil && same {
				st.Unchanged++
				continue
			}
		}
		announce := news != nil && news(a)
		r, err := in.ingest(ctx, a, sourceID, announce)
		if err != nil {
			st.Failed++
			in.log.Error("store article", "url", a.URL, "source", sourceID, "err", err)
			continue
		}
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
		if announce {
			st.Announced += len(r.NewCalls) + len(r.UpdatedCalls)
		}
	}
	return st
}

// Unstored is a source's error when some of a fetch's articles could not
// be stored.
func Unstored(st Stored, of int) string {
	return fmt.Sprintf("%d of %d items could not be stored", st.Failed, of)
}
