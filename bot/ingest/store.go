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
	// Undated counts the stored articles with no publication time: their
	// calls are kept undated until another article dates them.
	Undated int
}

// StoreAll stores the articles one fetch brought, for a source (0: none).
// An article that cannot be stored is logged and counted, and the others
// are still stored. Articles stored already, unchanged, are skipped before
// extraction, the costly part. each, when set, is told what every stored
// article did.
func (in *Ingester) StoreAll(ctx context.Context, articles []summaries.Article, sourceID int64, each func(summaries.Article, Result)) Stored {
	var st Stored
	for _, a := range articles {
		if in.sources != nil {
			if same, err := in.sources.ArticleUnchanged(ctx, a); err == nil && same {
				st.Unchanged++
				continue
			}
		}
		r, err := in.Ingest(ctx, a, sourceID)
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
		if a.Published.IsZero() && r.Article != summaries.ArticleUnchanged {
			st.Undated++
		}
		st.NewCalls += len(r.NewCalls)
		st.UpdatedCalls += len(r.UpdatedCalls)
		if each != nil {
			each(a, r)
		}
	}
	return st
}

// Unstored is a source's error when some of a fetch's articles could not
// be stored.
func Unstored(st Stored, of int) string {
	return fmt.Sprintf("%d of %d items could not be stored", st.Failed, of)
}
