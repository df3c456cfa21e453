package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"readout/bot"
	"readout/bot/digest"
	"readout/summaries"
)

// PollerConfig wires a Poller. Zero numbers take the defaults noted.
type PollerConfig struct {
	Ingester *Ingester
	Store    summaries.SourceStore
	// Fetcher reads the sources; it must refuse local files, which a
	// polled source never is.
	Fetcher Fetcher
	// Digests is told what each poll created or changed; nil announces
	// nothing.
	Digests *digest.Digests
	Alerts  *digest.Alerts
	Clock   clockwork.Clock
	// Interval between polls of a source (default 15m).
	Interval time.Duration
	// Concurrency bounds the sources polled at once (default 8); PerHost
	// bounds those of one host (default 2).
	Concurrency, PerHost int
	// MaxFailures pauses a source after that many failed polls in a row
	// (default 8).
	MaxFailures int
	// MaxAge: items published longer ago are stored but not announced
	// (default 72h).
	MaxAge time.Duration
	// Holder names this poller in source leases, unique among the
	// processes sharing the store (default: a random name).
	Holder string
	// Lease is how long a source being polled is kept from other pollers
	// (default 5m); it must outlast a poll.
	Lease time.Duration
	// Gone, when set, tells a holder that is known to be gone (a process
	// of this host that no longer runs): its sources are taken at once.
	Gone   func(holder string) bool
	Logger *slog.Logger
}

// Poller polls the sources that are due.
type Poller struct {
	cfg    PollerConfig
	clock  clockwork.Clock
	log    *slog.Logger
	alerts *digest.Alerts
	wake   chan struct{}

	mu    sync.Mutex
	hosts map[string]chan struct{}
}

// maxBackoff caps the wait after repeated failures.
const maxBackoff = 24 * time.Hour

// NewPoller returns a Poller.
func NewPoller(cfg PollerConfig) (*Poller, error) {
	if cfg.Ingester == nil || cfg.Store == nil || cfg.Fetcher == nil {
		return nil, errors.New("poller: an ingester, a source store and a fetcher are required")
	}
	if cfg.Interval <= 0 {
		cfg.Interval = 15 * time.Minute
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 8
	}
	if cfg.PerHost <= 0 {
		cfg.PerHost = 2
	}
	if cfg.MaxFailures <= 0 {
		cfg.MaxFailures = 8
	}
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = 72 * time.Hour
	}
	if cfg.Clock == nil {
		cfg.Clock = clockwork.NewRealClock()
	}
	if cfg.Holder == "" {
		cfg.Holder = fmt.Sprintf("poller-%016x", rand.Uint64())
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 5 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Alerts == nil {
		cfg.Alerts = &digest.Alerts{Logger: cfg.Logger}
	}
	return &Poller{cfg: cfg, clock: cfg.Clock, log: cfg.Logger, alerts: cfg.Alerts,
		wake: make(chan struct{}, 1), hosts: map[string]chan struct{}{}}, nil
}

// Wake makes Run look for due sources now (a source was just added).
func (p *Poller) Wake() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Run polls due sources until ctx ends. It never sleeps longer than a
// minute, so that sources added from another process are picked up.
func (p *Poller) Run(ctx context.Context) error {
	for {
		if _, err := p.PollDue(ctx); err != nil && ctx.Err() == nil {
			p.log.Error("poll", "err", err)
		}
		wait := time.Minute
		next, err := p.cfg.Store.NextPoll(ctx)
		if err != nil && ctx.Err() == nil {
			p.log.Error("next poll", "err", err)
		} else if !next.IsZero() {
			wait = min(max(next.Sub(p.clock.Now()), time.Second), time.Minute)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-p.wake:
		case <-p.clock.After(wait):
		}
	}
}

// PollStats counts what one cycle did.
type PollStats struct {
	Polled, NotModified, Failed, Paused int
	NewItems                            int
	Announced                           int
}

func (s *PollStats) add(o PollStats) {
	s.Polled += o.Polled
	s.NotModified += o.NotModified
	s.Failed += o.Failed
	s.Paused += o.Paused
	s.NewItems += o.NewItems
	s.Announced += o.Announced
}

// PollDue polls every source that is due, at most Concurrency at once and
// PerHost per host, and waits for all of them. Sources are leased a batch
// at a time, so that processes sharing the store divide them: each takes
// what no other holds, and comes back for more while some are due.
func (p *Poller) PollDue(ctx context.Context) (PollStats, error) {
	var stats PollStats
	// A source whose poll could not be saved stays due: it waits for the
	// next cycle rather than being polled again in this one.
	seen := map[int64]bool{}
	for ctx.Err() == nil {
		claimed, err := p.cfg.Store.ClaimDueSources(ctx, p.cfg.Holder, p.clock.Now(), p.cfg.Lease, 2*p.cfg.Concurrency, p.cfg.Gone)
		if err != nil {
			return stats, fmt.Errorf("due sources: %w", err)
		}
		batch := claimed[:0]
		for _, src := range claimed {
			if !seen[src.ID] {
				seen[src.ID] = true
				batch = append(batch, src)
			}
		}
		if len(batch) == 0 {
			break
		}
		stats.add(p.pollBatch(ctx, batch))
	}
	return stats, ctx.Err()
}

// pollBatch polls sources, at most Concurrency at once and PerHost per
// host, and waits for all of them.
func (p *Poller) pollBatch(ctx context.Context, due []summaries.Source) PollStats {
	var (
		stats PollStats
		smu   sync.Mutex
		wg    sync.WaitGroup
		slots = make(chan struct{}, p.cfg.Concurrency)
	)
	for _, src := range due {
		host := p.hostSlots(src.URL)
		wg.Go(func() {
			// The host first: a goroutine waiting for a busy host must not
			// hold one of the global slots meanwhile.
			if !acquire(ctx, host) {
				return
			}
			defer func() { <-host }()
			if !acquire(ctx, slots) {
				return
			}
			defer func() { <-slots }()
			st := p.poll(ctx, src)
			smu.Lock()
			stats.add(st)
			smu.Unlock()
		})
	}
	wg.Wait()
	return stats
}

func acquire(ctx context.Context, slots chan struct{}) bool {
	select {
	case slots <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

// hostSlots returns the semaphore of a source's host, shared by every
// cycle so that politeness holds across them.
func (p *Poller) hostSlots(raw string) chan struct{} {
	host := raw
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		host = strings.ToLower(u.Host)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.hosts[host]
	if !ok {
		s = make(chan struct{}, p.cfg.PerHost)
		p.hosts[host] = s
	}
	return s
}

// poll fetches one source, stores its items and saves its state.
func (p *Poller) poll(ctx context.Context, src summaries.Source) PollStats {
	st := PollStats{Polled: 1}
	res, err := p.cfg.Fetcher.Fetch(ctx, src.URL, Conditional{ETag: src.ETag, LastModified: src.LastModified})
	if ctx.Err() != nil {
		// Shutting down: not the source's fault.
		return PollStats{}
	}
	now := p.clock.Now()
	if err != nil {
		st.Failed = 1
		if p.failed(ctx, &src, err, now) {
			st.Paused = 1
		}
		return st
	}
	src.LastSuccess = now
	src.Errors = 0
	src.NextPoll = now.Add(p.spread(p.cfg.Interval))
	if res.NotModified {
		st.NotModified = 1
		if err := p.cfg.Store.SavePoll(ctx, src); err != nil && ctx.Err() == nil {
			p.log.Error("save poll", "source", src.URL, "err", err)
		}
	} else {
		if res.Kind != "" {
			src.Kind = string(res.Kind)
		}
		if res.Title != "" {
			src.Title = res.Title
		}
		// The first poll of a source stores what it holds without
		// announcing it: that is its past, not news.
		announce := src.PolledOnce && p.cfg.Digests != nil
		stored, err := p.cfg.Ingester.StoreAll(ctx, Batch{Articles: res.Articles, SourceID: src.ID,
			News: func(a summaries.Article) bool { return announce && p.fresh(a, now) },
			Polled: func(stored Stored) summaries.Source {
				s := src
				s.ItemsSeen += stored.New
				s.PolledOnce = true
				s.LastError = ""
				if stored.Failed > 0 {
					s.LastError = Unstored(stored, len(res.Articles))
				} else {
					// Only a feed stored whole is "seen": with items left
					// over, the next poll must fetch it again rather than
					// get a 304.
					s.ETag, s.LastModified = res.ETag, res.LastModified
				}
				return s
			}})
		if err != nil && ctx.Err() == nil {
			p.log.Error("save poll", "source", src.URL, "err", err)
		}
		st.Announced = stored.Announced
		if stored.Announced > 0 {
			p.cfg.Digests.Wake()
		}
		st.NewItems = stored.New
	}
	p.log.Debug("polled", "source", src.URL, "not_modified", res.NotModified, "items", len(res.Articles), "new", st.NewItems)
	return st
}

// fresh reports whether an item is recent enough to announce. An undated
// item is taken as fresh: it is new to us, and old items are mostly dated.
func (p *Poller) fresh(a summaries.Article, now time.Time) bool {
	return a.Published.IsZero() || now.Sub(a.Published) <= p.cfg.MaxAge
}

// failed records a failed poll: the next one backs off exponentially, and
// after MaxFailures in a row the source is paused and the admins told,
// once (a paused source is not polled again until re-added). It reports
// whether the source was paused.
func (p *Poller) failed(ctx context.Context, src *summaries.Source, err error, now time.Time) bool {
	src.Errors++
	src.LastError = bot.OneLine(err)
	src.NextPoll = now.Add(digest.Jitter(digest.Backoff(p.cfg.Interval, maxBackoff, src.Errors)))
	paused := src.Errors >= p.cfg.MaxFailures && !src.Paused
	src.Paused = src.Paused || paused
	p.log.Warn("poll failed", "source", src.URL, "errors", src.Errors, "next_poll", src.NextPoll, "paused", src.Paused, "err", src.LastError)
	if err := p.cfg.Store.SavePoll(ctx, *src); err != nil && ctx.Err() == nil {
		p.log.Error("save poll", "source", src.URL, "err", err)
	}
	if paused {
		p.alerts.Tell(ctx, bot.Message{
			Title: "Source paused",
			Text: fmt.Sprintf("%s failed %d times in a row and is no longer polled. Last error: %s. Add it again (source add %s) to resume it.",
				src.URL, src.Errors, src.LastError, src.URL),
		})
	}
	return paused
}

// spread varies an interval by ±10%, so that sources added together drift
// apart instead of being polled in one burst forever.
func (p *Poller) spread(d time.Duration) time.Duration {
	return time.Duration(float64(d) * (0.9 + 0.2*rand.Float64()))
}
