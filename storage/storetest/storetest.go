// Package storetest is the contract of a readout store: what a backend
// must do, written against the store interfaces only (summaries.Store,
// summaries.SourceStore, summaries.DigestStore). Each backend runs it from
// its tests: SQLite (package storage) and PostgreSQL (storage/postgres).
package storetest

import (
	"context"
	"testing"
	"time"

	"readout/summaries"

	"github.com/jonboulle/clockwork"
)

// Backend is everything a readout store implements.
type Backend interface {
	summaries.Store
	summaries.SourceStore
	summaries.DigestStore
	summaries.LeaseStore
	// QueueCalls queues record versions for one subscription outside an
	// ingest: the suite's way to set up a queue directly.
	QueueCalls(ctx context.Context, subID int64, calls []summaries.CallVersion, at time.Time) error
}

// Opener opens an empty store whose own stamps (fetches, new calls,
// claimed events) come from clock; the store is closed when t ends. The
// clock is the suite's so that time to live and stamps can be checked.
type Opener func(t testing.TB, clock clockwork.Clock) Backend

// Run runs the whole contract against the backend open makes, each test
// on a store of its own.
func Run(t *testing.T, open Opener) {
	for _, tc := range []struct {
		name string
		fn   func(t *testing.T, open Opener)
	}{
		{"ArticleIdentity", testArticleIdentity},
		{"ArticleUnchanged", testArticleUnchanged},
		{"ArticleTextAnyBytes", testArticleTextAnyBytes},
		{"LongIdentifiers", testLongIdentifiers},
		{"LargeNumbers", testLargeNumbers},
		{"IngestRollsBackOnError", testIngestRollsBack},
		{"IngestSerialised", testIngestSerialised},
		{"StampsFromTheClock", testStampsFromTheClock},
		{"CallVersions", testCallVersions},
		{"CallFilters", testCallFilters},
		{"CallFactsRoundTrip", testCallFactsRoundTrip},
		{"BriefListings", testBriefListings},
		{"CallLeaders", testCallLeaders},
		{"Mentions", testMentions},
		{"CallArticles", testCallArticles},
		{"DeleteCallLoosensMentions", testDeleteCallLoosensMentions},
		{"SearchSummaryAndArticles", testSearch},
		{"SearchInputIsNeverSyntax", testSearchInput},
		{"ClaimEvent", testClaimEvent},
		{"ClaimEventRace", testClaimEventRace},
		{"SourcesAddResumeRemove", testSources},
		{"AddRace", testAddRace},
		{"DueSourcesOrderByTime", testDueSources},
		{"SavePoll", testSavePoll},
		{"AnnounceInTheIngest", testAnnounce},
		{"SeedSourcesOnce", testSeedSources},
		{"ChangedCalls", testChangedCalls},
		{"Subscriptions", testSubscriptions},
		{"Queue", testQueue},
		{"DeliveriesOncePerChannelAndKey", testDeliveries},
		{"DeliveryRecordedOnceUnderRace", testDeliveryRace},
		{"PauseSubscription", testPauseSubscription},
		{"GivenUpDeliveryIsNotLastDelivered", testGivenUp},
		{"Leases", testLeases},
		{"LeaseRace", testLeaseRace},
		{"ClaimDueSources", testClaimDueSources},
		{"ClaimDueSourcesRace", testClaimDueSourcesRace},
		{"ClaimDeliveries", testClaimDeliveries},
		{"ClaimDeliveriesRace", testClaimDeliveriesRace},
		{"ClaimDelivery", testClaimDelivery},
		{"QueueConsumedOnce", testQueueConsumedOnce},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open) })
	}
}

// t0 is the suite's "now": whole seconds, which every backend keeps
// exactly (PostgreSQL keeps microseconds, SQLite nanoseconds).
var t0 = time.Date(2025, 3, 19, 10, 0, 0, 0, time.UTC)

func openAt(t testing.TB, open Opener, at time.Time) (Backend, *clockwork.FakeClock) {
	t.Helper()
	clock := clockwork.NewFakeClockAt(at)
	return open(t, clock), clock
}

func day(s string) time.Time {
	d, _ := time.Parse(time.DateOnly, s)
	return d
}

func article(url, text string) summaries.Article {
	return summaries.Article{URL: url, Title: "T " + url, Outlet: "Test", Published: day("2025-03-19"), Text: text}
}

// ingest runs fn in one ingest transaction and fails t on error.
func ingest(t testing.TB, db Backend, fn func(ctx context.Context, tx summaries.IngestTx) error) {
	t.Helper()
	ctx := context.Background()
	if err := db.Ingest(ctx, func(tx summaries.IngestTx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

func putArticle(t *testing.T, db Backend, a summaries.Article) (int64, summaries.ArticleState) {
	t.Helper()
	var id int64
	var st summaries.ArticleState
	ingest(t, db, func(ctx context.Context, tx summaries.IngestTx) error {
		var err error
		id, st, err = tx.PutArticle(ctx, a, 0)
		return err
	})
	return id, st
}

// saveCall creates (id 0) or rebuilds a record as of now, as ingestion
// does, and returns its id and version.
func saveCall(t *testing.T, db Backend, c summaries.Call, now time.Time) (int64, int) {
	t.Helper()
	var version int
	ingest(t, db, func(ctx context.Context, tx summaries.IngestTx) error {
		if c.ID == 0 {
			id, err := tx.CreateCall(ctx, c)
			if err != nil {
				return err
			}
			c.ID = id
		}
		// A record's articles are those of its mentions.
		for _, a := range c.Articles {
			aid, state, err := tx.PutArticle(ctx, summaries.Article{URL: a.URL, Title: a.Title, Outlet: a.Outlet, Published: a.Published, Text: "About " + a.URL}, 0)
			if err != nil {
				return err
			}
			if state != summaries.ArticleNew {
				continue
			}
			m := summaries.Mention{Role: a.Role, Participants: c.Participants, Date: c.Date}
			if err := tx.AddMention(ctx, aid, c.ID, m, now); err != nil {
				return err
			}
		}
		v, _, err := tx.SaveCall(ctx, c, now)
		version = v
		return err
	})
	return c.ID, version
}

func callIDs(calls []summaries.Call) []int64 {
	ids := make([]int64, len(calls))
	for i, c := range calls {
		ids[i] = c.ID
	}
	return ids
}
