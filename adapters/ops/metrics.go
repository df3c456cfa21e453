// Package ops is readout's operations listener: /healthz, /readyz and
// /metrics (Prometheus, names prefixed readout_) on the address
// http.listen names, and the wrappers that count what the core does
// without the core knowing about Prometheus.
package ops

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics holds readout's metrics in their own registry (no global
// state): what is counted, and the Go runtime and process collectors.
type Metrics struct {
	reg *prometheus.Registry

	articles       *prometheus.CounterVec
	callsCreated   prometheus.Counter
	callsUpdated   prometheus.Counter
	extraction     prometheus.Histogram
	polls          *prometheus.CounterVec
	deliveries     *prometheus.CounterVec
	questions      *prometheus.CounterVec
	answerLatency  *prometheus.HistogramVec
	rateLimitWaits *prometheus.CounterVec
	rateLimitTime  *prometheus.CounterVec
}

// Gauges are read from the store when scraped.
type Gauges struct {
	// SQLiteBytes is the database's size.
	SQLiteBytes func(context.Context) (int64, error)
	// PausedSources counts the sources paused after repeated failures.
	PausedSources func(context.Context) (int, error)
}

// scrapeTimeout bounds a gauge's look at the store.
const scrapeTimeout = 2 * time.Second

// NewMetrics registers every metric.
func NewMetrics(g Gauges) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	f := func(c prometheus.Collector) { m.reg.MustRegister(c) }
	m.articles = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "readout_articles_ingested_total",
		Help: "Articles stored new or changed (unchanged ones are not counted)."}, []string{"state"})
	m.callsCreated = prometheus.NewCounter(prometheus.CounterOpts{Name: "readout_calls_created_total", Help: "Call records created."})
	m.callsUpdated = prometheus.NewCounter(prometheus.CounterOpts{Name: "readout_calls_updated_total",
		Help: "Call records saved with a change (a new version)."})
	m.extraction = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "readout_extraction_duration_seconds",
		Help: "Time to read one article's calls.", Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14)})
	m.polls = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "readout_polls_total",
		Help: "Source polls by outcome (ok, not_modified, error)."}, []string{"outcome"})
	m.deliveries = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "readout_digest_deliveries_total",
		Help: "Digest and alert posts by platform and outcome (sent, failed)."}, []string{"platform", "outcome"})
	m.questions = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "readout_questions_answered_total",
		Help: "Questions and commands answered, by platform and intent."}, []string{"platform", "intent"})
	m.answerLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "readout_answer_duration_seconds",
		Help: "Time to answer a question, by platform.", Buckets: prometheus.ExponentialBuckets(0.001, 2, 14)}, []string{"platform"})
	m.rateLimitWaits = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "readout_rate_limit_waits_total",
		Help: "Waits a chat platform's rate limit imposed."}, []string{"platform"})
	m.rateLimitTime = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "readout_rate_limit_wait_seconds_total",
		Help: "Time the chat platforms' rate limits asked to wait."}, []string{"platform"})
	for _, c := range []prometheus.Collector{m.articles, m.callsCreated, m.callsUpdated, m.extraction, m.polls,
		m.deliveries, m.questions, m.answerLatency, m.rateLimitWaits, m.rateLimitTime} {
		f(c)
	}
	if g.SQLiteBytes != nil {
		f(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "readout_sqlite_bytes", Help: "Size of the SQLite database file."},
			func() float64 {
				ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
				defer cancel()
				n, err := g.SQLiteBytes(ctx)
				if err != nil {
					return -1
				}
				return float64(n)
			}))
	}
	if g.PausedSources != nil {
		f(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "readout_sources_paused", Help: "Sources paused after repeated failures."},
			func() float64 {
				ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
				defer cancel()
				n, err := g.PausedSources(ctx)
				if err != nil {
					return -1
				}
				return float64(n)
			}))
	}
	f(collectors.NewGoCollector())
	f(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Extracted records one article's extraction time.
func (m *Metrics) Extracted(took time.Duration) { m.extraction.Observe(took.Seconds()) }

// RateLimited records a wait a platform's rate limit imposed.
func (m *Metrics) RateLimited(platform string) func(time.Duration) {
	return func(wait time.Duration) {
		m.rateLimitWaits.WithLabelValues(platform).Inc()
		m.rateLimitTime.WithLabelValues(platform).Add(wait.Seconds())
	}
}
