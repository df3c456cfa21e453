package summaries

import (
	"context"
	"errors"
	"time"
)

// Store is what the core needs from storage. SQLite implements it
// (package storage); any other backend implements the same.
type Store interface {
	// Ingest runs fn in one transaction: an article and everything derived
	// from it are stored together or not at all.
	Ingest(ctx context.Context, fn func(tx IngestTx) error) error

	// Calls lists call records, newest first.
	Calls(ctx context.Context, f CallFilter) ([]Call, error)
	// CountCalls counts the calls Calls lists, ignoring f.Limit, without
	// reading their records.
	CountCalls(ctx context.Context, f CallFilter) (int, error)
	// SearchCalls finds calls whose summaries or articles match words.
	SearchCalls(ctx context.Context, words string, f CallFilter) ([]Call, error)
	// CallLeaders lists the leader IDs that appear in any call.
	CallLeaders(ctx context.Context) ([]string, error)
	// CallArticles lists the articles of records by id, as each record's
	// Articles: what a brief listing (CallFilter.Brief) leaves out.
	CallArticles(ctx context.Context, ids []int64) (map[int64][]ArticleRef, error)
	// CallsByID returns the current records with those ids that exist,
	// whole, newest first (DigestStore says the same of it).
	CallsByID(ctx context.Context, ids []int64) ([]Call, error)

	// ClaimEvent records a platform event id; it reports false when the id
	// was claimed before (within ttl), so the event is a retry.
	ClaimEvent(ctx context.Context, id string, ttl time.Duration) (bool, error)

	Close() error
}

// CallFilter narrows a call listing. Zero values mean no restriction.
type CallFilter struct {
	Leaders []string   // every one of them took part
	AnyOf   [][]string // from each set, one of them took part
	From    time.Time  // on or after this day
	To      time.Time  // before this day
	Medium  Medium
	Limit   int
	// Undated includes the calls no article dates yet (listed last);
	// answers leave them out, so that one is never "the latest".
	Undated bool
	// Brief lists records with only what a store keeps beside them
	// (participants, date, medium, length in minutes and whether it is a
	// lower bound, who placed the call, topics, when seen, version; no key
	// points, evidence or articles): enough to chart or count a long
	// listing without reading every record whole.
	Brief bool
	// Timeline lists records with their id, participants, date, medium
	// and length in minutes alone: what a timeline draws and a count
	// dates. A store may give more (as Brief does); Brief wins over it.
	Timeline bool
}

// IngestTx is the storage side of ingesting one article.
type IngestTx interface {
	// PutArticle stores an article, recognised by canonical URL, then
	// feed GUID, then content hash.
	PutArticle(ctx context.Context, a Article, sourceID int64) (id int64, state ArticleState, err error)
	// MentionCalls returns the calls an article's stored mentions point to.
	MentionCalls(ctx context.Context, articleID int64) ([]int64, error)
	DeleteMentions(ctx context.Context, articleID int64) error
	// CallsNear returns the calls a mention of people may be (SameCall),
	// dated within [from, to], without their articles (see CallArticles):
	// for one or two people, the calls of exactly them; for more (a
	// conference, matched by most of its members), those with any of them.
	CallsNear(ctx context.Context, people []string, from, to time.Time) ([]Call, error)
	CreateCall(ctx context.Context, c Call) (int64, error)
	// AddMention stores a mention; callID 0 leaves it unattached.
	AddMention(ctx context.Context, articleID, callID int64, m Mention, now time.Time) error
	// LooseMentions returns unattached mentions dated within [from, to].
	LooseMentions(ctx context.Context, from, to time.Time) ([]LooseMention, error)
	AttachMention(ctx context.Context, mentionID, callID int64) error
	// MoveMentions gives every mention of call from to call to: an
	// undated record absorbed once an article dates its call.
	MoveMentions(ctx context.Context, from, to int64) error
	// CallArticles lists a record's articles (ArticleList of its
	// mentions), which CallsNear leaves out.
	CallArticles(ctx context.Context, callID int64) ([]ArticleRef, error)
	// CallMentions returns every mention of a call with its article.
	CallMentions(ctx context.Context, callID int64) ([]Attributed, error)
	// SaveCall writes a rebuilt record. When it differs from the stored
	// one, the version grows and the change is kept; changed reports that.
	// The record's articles are those of its mentions (c.Articles is not
	// stored): they changed when this transaction's mentions changed the
	// set of articles or their roles.
	SaveCall(ctx context.Context, c Call, now time.Time) (version int, changed bool, err error)
	// CallTally returns a record as stored and the tally it was built
	// from (SaveTally); a nil tally when none was kept.
	CallTally(ctx context.Context, id int64) (Call, *Tally, error)
	// SaveTally keeps the tally a record was just built from; nil keeps
	// none.
	SaveTally(ctx context.Context, id int64, t *Tally) error
	// DeleteCall removes a record no article reports any more.
	DeleteCall(ctx context.Context, id int64) error
	// Announce queues record versions for the next new-coverage post of
	// every active subscription whose leaders all took part. Written in
	// the transaction that made the versions, an announcement is stored
	// exactly when its cause is: a crash loses none and queues none twice.
	Announce(ctx context.Context, calls []CallVersion, at time.Time) error
	// SavePoll writes a source's polling state (see SourceStore.SavePoll)
	// with the items the poll stored: a source is marked polled exactly
	// when they are.
	SavePoll(ctx context.Context, src Source) error
}

// LooseMention is a stored mention not yet attached to a call.
type LooseMention struct {
	ID int64
	Mention
}

// ArticleState says what storing an article did.
type ArticleState int

const (
	ArticleNew ArticleState = iota + 1
	ArticleChanged
	ArticleUnchanged
)

// ErrNotFound is returned when a stored thing does not exist.
var ErrNotFound = errors.New("not found")

// CallVersion names one version of a record.
type CallVersion struct {
	ID      int64
	Version int
}
