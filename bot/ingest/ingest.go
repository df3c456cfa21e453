// Package ingest is the one path of an article into the store: a fetched
// source's articles are stored and folded into call records, by the
// command line, by "source add" and by the Poller alike. Fetching itself
// is an adapter's (adapters/feeds), reached through Fetcher.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"time"

	"github.com/jonboulle/clockwork"

	"readout/summaries"
	"readout/summaries/extract"
)

// Config wires an Ingester.
type Config struct {
	Store     summaries.Store
	Extractor *extract.Extractor
	// Sources, when set, lets StoreAll skip articles stored unchanged
	// before extracting them.
	Sources summaries.SourceStore
	// Clock stamps when mentions and versions were seen; nil means the
	// real clock.
	Clock  clockwork.Clock
	Logger *slog.Logger
	// Extracted, when set, is told how long each article's extraction
	// took (the operations metrics).
	Extracted func(took time.Duration)
}

// Ingester stores articles and keeps call records in step with them.
type Ingester struct {
	store   summaries.Store
	x       *extract.Extractor
	sources summaries.SourceStore
	clock   clockwork.Clock
	log     *slog.Logger
	timed   func(time.Duration)
	// cores are the process's cores, taken by each article extracted and
	// by each transaction storing them (storing), whatever the fetches
	// being prepared (Prepare): storing runs on one (a store has one
	// writer) and bounds how fast a fetch is stored, so extraction must
	// leave it one, and may have them all while it waits for a batch.
	cores chan struct{}
}

// New returns an Ingester.
func New(cfg Config) (*Ingester, error) {
	if cfg.Store == nil || cfg.Extractor == nil {
		return nil, errors.New("ingest: a store and an extractor are required")
	}
	in := &Ingester{store: cfg.Store, x: cfg.Extractor, sources: cfg.Sources, clock: cfg.Clock, log: cfg.Logger, timed: cfg.Extracted,
		cores: make(chan struct{}, runtime.GOMAXPROCS(0))}
	if in.clock == nil {
		in.clock = clockwork.NewRealClock()
	}
	if in.log == nil {
		in.log = slog.New(slog.DiscardHandler)
	}
	return in, nil
}

// Result says what storing one article did.
type Result struct {
	Article summaries.ArticleState
	// NewCalls and UpdatedCalls are the records created or changed, with
	// their versions after the change: what a digest announces.
	NewCalls     []summaries.CallVersion
	UpdatedCalls []summaries.CallVersion
}

// Changed lists the records created or changed, new ones first.
func (r Result) Changed() []summaries.CallVersion {
	return append(append([]summaries.CallVersion(nil), r.NewCalls...), r.UpdatedCalls...)
}

// Ingest stores an article and folds what it reports into call records,
// all in one transaction. Ingesting the same article again changes nothing;
// an edited article replaces what it said before. Nothing is announced.
func (in *Ingester) Ingest(ctx context.Context, a summaries.Article, sourceID int64) (Result, error) {
	return in.ingest(ctx, a, sourceID, false, nil)
}

// IngestNews is Ingest for news: in the same transaction, the records it
// creates or changes are queued for every new-coverage subscription they
// reach, so that an announcement is stored exactly when its article is.
func (in *Ingester) IngestNews(ctx context.Context, a summaries.Article, sourceID int64) (Result, error) {
	return in.ingest(ctx, a, sourceID, true, nil)
}

// ingest stores an article; also, when set, runs last in its transaction.
func (in *Ingester) ingest(ctx context.Context, a summaries.Article, sourceID int64, announce bool, also func(summaries.IngestTx, Result) error) (Result, error) {
	x, err := in.extract(ctx, a)
	if err != nil {
		return Result{}, err
	}
	var res Result
	err = in.store.Ingest(ctx, func(tx summaries.IngestTx) error {
		var err error
		if res, err = in.storeOne(ctx, tx, x, sourceID, announce); err != nil {
			return err
		}
		if also != nil {
			return also(tx, res)
		}
		return nil
	})
	if err != nil {
		return Result{}, fmt.Errorf("ingest %s: %w", a.URL, err)
	}
	return res, nil
}

// extracted is an article with the calls read from it, ready to store.
type extracted struct {
	a        summaries.Article
	mentions []summaries.Mention
}

// extract reads an article's calls, reported ones first, so that recalled
// ones can attach to a record this very article creates.
func (in *Ingester) extract(ctx context.Context, a summaries.Article) (x extracted, err error) {
	// No article may bring the process down: a poller ingests whatever a
	// feed serves.
	defer func() {
		if r := recover(); r != nil {
			in.log.Error("ingest panic", "url", a.URL, "panic", r, "stack", string(debug.Stack()))
			x, err = extracted{}, fmt.Errorf("ingest %s: internal error: %v", a.URL, r)
		}
	}()
	if extract.Oversized(a) {
		in.log.Warn("item longer than extraction reads: the whole text is stored, calls are looked for in its first part only",
			"url", a.URL, "text_bytes", len(a.Text), "title_bytes", len(a.Title),
			"read_text_bytes", extract.MaxItemBytes, "read_title_bytes", extract.MaxTitleBytes)
	}
	began := in.clock.Now()
	mentions, err := in.x.ExtractContext(ctx, a)
	if err != nil {
		return extracted{}, err
	}
	if in.timed != nil {
		in.timed(in.clock.Since(began))
	}
	sort.SliceStable(mentions, func(i, j int) bool {
		return mentions[i].Role == summaries.Reported && mentions[j].Role != summaries.Reported
	})
	return extracted{a: a, mentions: mentions}, nil
}

// storeOne stores an extracted article in tx and folds what it reports
// into call records.
func (in *Ingester) storeOne(ctx context.Context, tx summaries.IngestTx, x extracted, sourceID int64, announce bool) (res Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			in.log.Error("ingest panic", "url", x.a.URL, "panic", r, "stack", string(debug.Stack()))
			res, err = Result{}, fmt.Errorf("ingest %s: internal error: %v", x.a.URL, r)
		}
	}()
	a, mentions := x.a, x.mentions
	now := in.clock.Now()
	id, state, err := tx.PutArticle(ctx, a, sourceID)
	if err != nil {
		return Result{}, err
	}
	res.Article = state
	if state == summaries.ArticleUnchanged {
		return res, nil
	}
	// The records an edited article's mentions were in, which its new
	// mentions may leave; a new article has none.
	var touched []int64
	if state == summaries.ArticleChanged {
		if touched, err = tx.MentionCalls(ctx, id); err != nil {
			return Result{}, err
		}
		if err := tx.DeleteMentions(ctx, id); err != nil {
			return Result{}, err
		}
	}
	created := map[int64]bool{}
	// The mentions this article adds to records it did not create: a
	// new article's fold into their tallies.
	added := map[int64][]summaries.Attributed{}
	rebuild := map[int64]bool{}
	for _, m := range mentions {
		callID, err := matchCall(ctx, tx, m, a.Published)
		if err != nil {
			return Result{}, err
		}
		if callID == 0 && m.Role == summaries.Reported {
			stub := summaries.Stub(m)
			if callID, err = tx.CreateCall(ctx, stub); err != nil {
				return Result{}, err
			}
			created[callID] = true
			stub.ID = callID
			if err := attachLoose(ctx, tx, stub); err != nil {
				return Result{}, err
			}
		}
		if err := tx.AddMention(ctx, id, callID, m, now); err != nil {
			return Result{}, err
		}
		if callID != 0 && m.Role == summaries.Reported && !m.Date.IsZero() {
			absorbed, err := absorbUndated(ctx, tx, callID, m)
			if err != nil {
				return Result{}, err
			}
			if len(absorbed) > 0 {
				// Mentions moved in are not in its tally: built whole.
				rebuild[callID] = true
				touched = append(touched, absorbed...)
			}
		}
		if callID != 0 {
			touched = append(touched, callID)
			added[callID] = append(added[callID], attribute(a, m, now))
		}
	}
	done := map[int64]bool{}
	for _, callID := range touched {
		if done[callID] {
			continue
		}
		done[callID] = true
		var c summaries.Call
		var tally *summaries.Tally
		if state == summaries.ArticleNew && !created[callID] && !rebuild[callID] {
			if c, tally, err = fold(ctx, tx, callID, added[callID]); err != nil {
				return Result{}, err
			}
		}
		if tally == nil {
			ms, err := tx.CallMentions(ctx, callID)
			if err != nil {
				return Result{}, err
			}
			c, tally = summaries.BuildTally(ms)
		}
		if len(c.Participants) == 0 {
			// No article reports this call any more.
			if err := tx.DeleteCall(ctx, callID); err != nil {
				return Result{}, err
			}
			continue
		}
		c.ID = callID
		version, changed, err := tx.SaveCall(ctx, c, now)
		if err != nil {
			return Result{}, err
		}
		if tally.Added < tallyFrom {
			// Rebuilt from its few mentions, a record is cheap; its tally
			// would take more room than they do.
			tally = nil
		}
		if err := tx.SaveTally(ctx, callID, tally); err != nil {
			return Result{}, err
		}
		switch {
		case created[callID]:
			res.NewCalls = append(res.NewCalls, summaries.CallVersion{ID: callID, Version: 1})
		case changed:
			res.UpdatedCalls = append(res.UpdatedCalls, summaries.CallVersion{ID: callID, Version: version})
		}
	}
	if announce {
		if err := tx.Announce(ctx, res.Changed(), now); err != nil {
			return Result{}, err
		}
	}
	return res, nil
}

// tallyFrom is how many mentions a record has before its tally is kept
// (fold): a record of fewer is built from them.
const tallyFrom = 8

// attribute is a mention as CallMentions returns it once stored.
func attribute(a summaries.Article, m summaries.Mention, now time.Time) summaries.Attributed {
	return summaries.Attributed{Mention: m, Seen: now.UTC(),
		Article: summaries.ArticleRef{URL: a.URL, Title: a.Title, Outlet: a.Outlet, Published: a.Published.UTC(), Role: m.Role}}
}

// fold adds a new article's mentions of a record to the tally kept with
// it: the record Build would give from all its mentions, at a cost that
// does not grow with them. A nil tally says the record must be built from
// all its mentions: none was kept, or the article sorts before one of
// them.
func fold(ctx context.Context, tx summaries.IngestTx, callID int64, ms []summaries.Attributed) (summaries.Call, *summaries.Tally, error) {
	_, tally, err := tx.CallTally(ctx, callID)
	if err != nil || tally == nil {
		return summaries.Call{}, nil, err
	}
	for _, m := range ms {
		if !tally.Add(m) {
			return summaries.Call{}, nil, nil
		}
	}
	return tally.Call(), tally, nil
}

// matchCall finds the record a mention belongs to, preferring the same day.
func matchCall(ctx context.Context, tx summaries.IngestTx, m summaries.Mention, published time.Time) (int64, error) {
	if m.Date.IsZero() {
		return onlyOnMonthDay(ctx, tx, m)
	}
	cands, err := tx.CallsNear(ctx, m.Participants, m.Date.AddDate(0, 0, -1), m.Date.AddDate(0, 0, 1))
	if err != nil {
		return 0, err
	}
	var best int64
	var bestGap time.Duration = -1
	for _, c := range cands {
		if summaries.SameCallNeedsArticles(c, m, published) {
			if c.Articles, err = tx.CallArticles(ctx, c.ID); err != nil {
				return 0, err
			}
		}
		if !summaries.SameCall(c, m, published) {
			continue
		}
		gap := c.Date.Sub(m.Date)
		if gap < 0 {
			gap = -gap
		}
		if bestGap < 0 || gap < bestGap {
			best, bestGap = c.ID, gap
		}
	}
	return best, nil
}

// attachLoose gives a new record the earlier mentions of it that arrived
// before any article reported it.
func attachLoose(ctx context.Context, tx summaries.IngestTx, c summaries.Call) error {
	loose, err := tx.LooseMentions(ctx, c.Date.AddDate(0, 0, -1), c.Date.AddDate(0, 0, 1))
	if err != nil {
		return err
	}
	for _, lm := range loose {
		if summaries.SameCall(c, lm.Mention, time.Time{}) {
			if err := tx.AttachMention(ctx, lm.ID, c.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// Every date a record can hold: the range to search for a pair's calls on
// a day of the year in any year.
var (
	firstDay = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
)

// onlyOnMonthDay is the one dated record of an undated mention's people on
// the day of the year it names, or 0: with none or several (the pair spoke
// on July 3 in two years) nothing says which call it is.
func onlyOnMonthDay(ctx context.Context, tx summaries.IngestTx, m summaries.Mention) (int64, error) {
	if m.MonthDay == "" {
		return 0, nil
	}
	cands, err := tx.CallsNear(ctx, m.Participants, firstDay, lastDay)
	if err != nil {
		return 0, err
	}
	var found int64
	for _, c := range cands {
		if !summaries.OnMonthDay(c, m) {
			continue
		}
		if found != 0 {
			return 0, nil
		}
		found = c.ID
	}
	return found, nil
}

// absorbUndated moves into a dated record the undated records of its
// people whose articles give its day of the year, when it is the only
// record of those people on that day in any year. It returns the records
// it emptied, to be rebuilt (and so removed) with the others touched.
func absorbUndated(ctx context.Context, tx summaries.IngestTx, callID int64, m summaries.Mention) ([]int64, error) {
	undated, err := tx.CallsNear(ctx, m.Participants, time.Time{}, time.Time{})
	if err != nil || len(undated) == 0 {
		return nil, err
	}
	probe := summaries.Mention{Participants: m.Participants, MonthDay: m.Date.Format("01-02")}
	if only, err := onlyOnMonthDay(ctx, tx, probe); err != nil || only != callID {
		return nil, err
	}
	var absorbed []int64
	for _, u := range undated {
		if !u.Date.IsZero() || u.ID == callID {
			continue
		}
		ms, err := tx.CallMentions(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		dated := summaries.Call{Participants: m.Participants, Date: m.Date}
		if !slices.ContainsFunc(ms, func(a summaries.Attributed) bool { return summaries.OnMonthDay(dated, a.Mention) }) {
			continue
		}
		if err := tx.MoveMentions(ctx, u.ID, callID); err != nil {
			return nil, err
		}
		absorbed = append(absorbed, u.ID)
	}
	return absorbed, nil
}
