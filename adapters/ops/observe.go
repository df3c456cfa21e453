package ops

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"readout/bot"
	"readout/bot/ingest"
	"readout/summaries"
	"readout/summaries/leaders"
)

// Handler counts the questions a bot.Handler answers, by platform and
// intent, and times them.
type Handler struct {
	bot.Handler
	Metrics *Metrics
	Leaders *leaders.Gazetteer
	Clock   clockwork.Clock
}

// Handle answers through the wrapped handler.
func (h Handler) Handle(ctx context.Context, req bot.Request) bot.Reply {
	began := h.Clock.Now()
	reply := h.Handler.Handle(ctx, req)
	if reply.Duplicate {
		return reply
	}
	platform := req.Origin.Platform
	h.Metrics.answerLatency.WithLabelValues(platform).Observe(h.Clock.Since(began).Seconds())
	h.Metrics.questions.WithLabelValues(platform, h.intent(req, began)).Inc()
	return reply
}

// intent names what a request asked for, as the core parses it; admin
// commands are "admin".
func (h Handler) intent(req bot.Request, now time.Time) string {
	if words := strings.Fields(req.Text); len(words) > 0 {
		switch strings.ToLower(words[0]) {
		case "source", "sources", "digest", "digests":
			return "admin"
		}
	}
	if !req.Now.IsZero() {
		now = req.Now
	}
	switch bot.ParseQuestion(req.Text, now, h.Leaders).Intent {
	case bot.IntentLatest:
		return "latest"
	case bot.IntentWhen:
		return "when"
	case bot.IntentDuration:
		return "duration"
	case bot.IntentDiscuss:
		return "discuss"
	case bot.IntentDid:
		return "did"
	case bot.IntentList:
		return "list"
	case bot.IntentHelp:
		return "help"
	}
	return "other"
}

// Sender counts the posts (digests, alerts) a bot.Sender makes.
type Sender struct {
	bot.Sender
	Metrics *Metrics
}

// Unwrap is the sender observed (see bot.OwnerOf).
func (s Sender) Unwrap() bot.Sender { return s.Sender }

// Send posts through the wrapped sender.
func (s Sender) Send(ctx context.Context, channel string, msgs []bot.Message) error {
	err := s.Sender.Send(ctx, channel, msgs)
	outcome := "sent"
	if err != nil {
		outcome = "failed"
	}
	s.Metrics.deliveries.WithLabelValues(s.Platform(), outcome).Inc()
	return err
}

// Store counts what ingest transactions store: articles new or changed,
// calls created, calls saved with a change. Only committed work counts.
type Store struct {
	summaries.Store
	Metrics *Metrics
}

// Ingest runs fn through the wrapped store, counting what it did once the
// transaction has committed.
func (s Store) Ingest(ctx context.Context, fn func(tx summaries.IngestTx) error) error {
	var tally *txTally
	err := s.Store.Ingest(ctx, func(tx summaries.IngestTx) error {
		tally = &txTally{IngestTx: tx} // a retried transaction counts afresh
		return fn(tally)
	})
	if err != nil || tally == nil {
		return err
	}
	if tally.new > 0 {
		s.Metrics.articles.WithLabelValues("new").Add(float64(tally.new))
	}
	if tally.changed > 0 {
		s.Metrics.articles.WithLabelValues("changed").Add(float64(tally.changed))
	}
	s.Metrics.callsCreated.Add(float64(tally.created))
	s.Metrics.callsUpdated.Add(float64(tally.updated))
	return nil
}

// txTally counts within one transaction, which may store a batch of
// articles.
type txTally struct {
	summaries.IngestTx
	new, changed     int
	created, updated int
}

func (t *txTally) PutArticle(ctx context.Context, a summaries.Article, sourceID int64) (int64, summaries.ArticleState, error) {
	id, state, err := t.IngestTx.PutArticle(ctx, a, sourceID)
	if err == nil {
		switch state {
		case summaries.ArticleNew:
			t.new++
		case summaries.ArticleChanged:
			t.changed++
		}
	}
	return id, state, err
}

func (t *txTally) CreateCall(ctx context.Context, c summaries.Call) (int64, error) {
	id, err := t.IngestTx.CreateCall(ctx, c)
	if err == nil {
		t.created++
	}
	return id, err
}

func (t *txTally) SaveCall(ctx context.Context, c summaries.Call, now time.Time) (int, bool, error) {
	v, changed, err := t.IngestTx.SaveCall(ctx, c, now)
	if err == nil && changed && v > 1 {
		t.updated++
	}
	return v, changed, err
}

// Fetcher counts polls by outcome.
type Fetcher struct {
	ingest.Fetcher
	Metrics *Metrics
}

// Fetch reads a source through the wrapped fetcher.
func (f Fetcher) Fetch(ctx context.Context, src string, cond ingest.Conditional) (ingest.Fetched, error) {
	res, err := f.Fetcher.Fetch(ctx, src, cond)
	switch {
	case err != nil && ctx.Err() != nil:
		// A poll cut short by a stop is no outcome.
	case err != nil:
		f.Metrics.polls.WithLabelValues("error").Inc()
	case res.NotModified:
		f.Metrics.polls.WithLabelValues("not_modified").Inc()
	default:
		f.Metrics.polls.WithLabelValues("ok").Inc()
	}
	return res, err
}

// Heartbeat is a summaries.SourceStore that notes when the poller last
// asked when to poll next: the poller does so once a cycle, so a stale
// beat means a poller that is stuck.
type Heartbeat struct {
	summaries.SourceStore
	Clock clockwork.Clock

	mu   sync.Mutex
	last time.Time
}

// NextPoll answers through the wrapped store and notes the beat.
func (h *Heartbeat) NextPoll(ctx context.Context) (time.Time, error) {
	t, err := h.SourceStore.NextPoll(ctx)
	h.mu.Lock()
	h.last = h.Clock.Now()
	h.mu.Unlock()
	return t, err
}

// Last is when the poller last went round; zero before its first cycle.
func (h *Heartbeat) Last() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.last
}
