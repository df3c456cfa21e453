package summaries

import (
	"context"
	"time"
)

// SourceStore keeps the sources readout polls and their polling state.
// SQLite implements it (package storage).
type SourceStore interface {
	// AddSource stores s, or, when a source with s.URL exists, refreshes
	// its title and kind and resumes it (errors cleared, paused lifted,
	// polled as s says: a source added again is marked polled only with
	// the items its add stores); existed reports which.
	AddSource(ctx context.Context, s Source) (stored Source, existed bool, err error)
	// RemoveSource deletes the source with that URL or "#id"; the articles
	// it brought stay. ErrNotFound when there is none.
	RemoveSource(ctx context.Context, ref string) (Source, error)
	// Sources lists every source, oldest first.
	Sources(ctx context.Context) ([]Source, error)
	// DueSources lists the sources neither paused nor polled after now.
	DueSources(ctx context.Context, now time.Time) ([]Source, error)
	// ClaimDueSources leases up to limit due sources that no other holder
	// leases to holder until now+ttl, and returns them, oldest due first:
	// processes sharing a store each poll a source once. The lease ends
	// when the poll is saved (SavePoll), or when it expires: a holder that
	// dies leaves its sources to the others then, or at once when dead
	// (which may be nil) says it is gone.
	ClaimDueSources(ctx context.Context, holder string, now time.Time, ttl time.Duration, limit int, dead func(holder string) bool) ([]Source, error)
	// NextPoll is the earliest next poll of an active source (zero: none).
	NextPoll(ctx context.Context) (time.Time, error)
	// SavePoll writes what a poll left: validators, times, counters,
	// errors and the paused flag; it ends the source's lease.
	SavePoll(ctx context.Context, s Source) error
	// ArticleUnchanged reports whether the article is stored already with
	// this very content (recognised as PutArticle does), so that a poll
	// skips it without extracting anything from it again.
	ArticleUnchanged(ctx context.Context, a Article) (bool, error)
	// SeedSources adds urls as built-in sources, once in the life of a
	// database: it reports false, adding nothing, when seeding happened
	// before (even if those sources were removed since).
	SeedSources(ctx context.Context, urls []string, now time.Time) (bool, error)
}

// Source is a feed (or page) readout follows.
type Source struct {
	ID      int64
	URL     string
	Kind    string // "feed", "page"; empty until first fetched
	Title   string
	AddedBy string
	AddedAt time.Time
	Builtin bool
	// ETag and LastModified are the validators of the last full answer.
	ETag, LastModified string
	LastSuccess        time.Time
	LastError          string
	// Errors counts consecutive failed polls.
	Errors     int
	ItemsSeen  int
	NextPoll   time.Time
	PolledOnce bool
	Paused     bool
}
