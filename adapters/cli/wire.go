package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/jonboulle/clockwork"

	"readout/adapters/discord"
	"readout/adapters/feeds"
	"readout/adapters/ops"
	"readout/adapters/slack"
	"readout/bot"
	"readout/bot/admin"
	"readout/bot/digest"
	"readout/bot/ingest"
	"readout/config"
	"readout/storage"
	"readout/summaries"
	"readout/summaries/extract"
	"readout/summaries/leaders"
)

// app is the wired program: every service is built here, once, on one
// clock, whichever command runs.
type app struct {
	cfg   config.Config
	log   *slog.Logger
	clock clockwork.Clock
	store store
	// file is the store when it is a SQLite file (nil on PostgreSQL): what
	// only a file can do (backup, checkpoint, its size) goes through it.
	file      *storage.DB
	g         *leaders.Gazetteer
	fetcher   *feeds.Fetcher
	ingester  *ingest.Ingester
	alerts    *digest.Alerts
	digests   *digest.Digests
	poller    *ingest.Poller
	scheduler *digest.Scheduler
	bot       *bot.Bot

	// metrics and heartbeat exist when http.listen is set: the operations
	// listener serves them.
	metrics   *ops.Metrics
	heartbeat *ops.Heartbeat
	// slackHTTP is Slack's HTTP mode handler when the operations listener
	// serves it.
	slackHTTP http.Handler

	// holder names this process in leases: the work lease, and on
	// PostgreSQL each source's.
	holder string

	// created says this command made the database file: a failed command
	// removes it again when nothing was stored.
	created bool
	// lock is the database file, held with a shared lock while the
	// command runs, so that restore can tell it is in use.
	lock *os.File
}

func newLogger(c config.Log, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// open opens the store and builds the services. Nothing runs yet: run
// starts the long-running ones.
func open(ctx context.Context, cfg config.Config, log *slog.Logger) (*app, error) {
	g, err := leaders.Builtin()
	if err != nil {
		return nil, err
	}
	for id, names := range cfg.Leaders.Aliases {
		if err := g.AddAliases(id, names...); err != nil {
			return nil, fmt.Errorf("config leaders.aliases: %w", err)
		}
	}
	clock := clockwork.NewRealClock()
	created := false
	if !isPostgres(cfg.Storage.Path) {
		_, statErr := os.Stat(sqlitePath(cfg.Storage.Path))
		created = errors.Is(statErr, os.ErrNotExist)
	}
	store, file, err := openStore(ctx, cfg.Storage.Path, clock)
	if err != nil {
		if created {
			removeDB(sqlitePath(cfg.Storage.Path))
		}
		return nil, err
	}
	a := &app{cfg: cfg, log: log, clock: clock, store: store, file: file, g: g, created: created, holder: processID()}
	if file != nil {
		if a.lock, err = os.Open(sqlitePath(cfg.Storage.Path)); err == nil {
			err = lockFile(a.lock, false)
		}
	}
	if err == nil {
		err = a.build()
	}
	if err != nil {
		a.close(true)
		return nil, err
	}
	return a, nil
}

// removeDB removes a database file and its companions.
func removeDB(path string) {
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
}

func (a *app) build() error {
	cfg, store := a.cfg, a.store
	component := func(name string) *slog.Logger { return a.log.With("component", name) }
	// Polled and chat-added sources are never local files, and reach
	// private networks only when configured; the command line's ingest
	// reads files through FetchLocal.
	a.fetcher = feeds.New(feeds.Options{
		AllowPrivate: cfg.Sources.AllowPrivate,
		MaxBytes:     cfg.Sources.MaxBytes,
		Timeout:      time.Duration(cfg.Sources.Timeout),
		Logger:       component("fetch"),
	})
	// With the operations listener on, the core is observed through the
	// interfaces it already takes: the store, the fetcher, the handler and
	// the senders are wrapped here; only the extraction time needs a hook.
	var ingestStore summaries.Store = store
	var pollStore summaries.SourceStore = store
	var pollFetcher ingest.Fetcher = a.fetcher
	var extracted func(time.Duration)
	if cfg.HTTP.Listen != "" {
		gauges := ops.Gauges{PausedSources: a.pausedSources}
		if a.file != nil {
			gauges.SQLiteBytes = a.file.Size
		}
		a.metrics = ops.NewMetrics(gauges)
		a.heartbeat = &ops.Heartbeat{SourceStore: store, Clock: a.clock}
		ingestStore = ops.Store{Store: store, Metrics: a.metrics}
		pollStore = a.heartbeat
		pollFetcher = ops.Fetcher{Fetcher: a.fetcher, Metrics: a.metrics}
		extracted = a.metrics.Extracted
	}
	var err error
	a.ingester, err = ingest.New(ingest.Config{Store: ingestStore, Sources: store, Extractor: extract.NewExtractor(a.g),
		Clock: a.clock, Logger: component("ingest"), Extracted: extracted})
	if err != nil {
		return err
	}
	// The admins' channel is checked by run, the only command that posts.
	a.alerts = &digest.Alerts{Target: strings.TrimSpace(cfg.Digest.AdminsChannel), Logger: component("alerts")}
	a.digests, err = digest.NewDigests(digest.DigestConfig{Leaders: a.g, Store: store, Clock: a.clock,
		BatchWindow: time.Duration(cfg.Digest.BatchWindow), Alerts: a.alerts, Logger: component("digests")})
	if err != nil {
		return err
	}
	a.poller, err = ingest.NewPoller(ingest.PollerConfig{
		Ingester: a.ingester, Store: pollStore, Fetcher: pollFetcher, Digests: a.digests, Alerts: a.alerts, Clock: a.clock,
		Interval:    time.Duration(cfg.Sources.PollInterval),
		Concurrency: cfg.Sources.Concurrency, PerHost: cfg.Sources.PerHost,
		MaxFailures: cfg.Sources.MaxFailures, MaxAge: time.Duration(cfg.Sources.MaxAge),
		Holder: a.holder, Lease: time.Duration(cfg.Sources.Lease), Gone: holderGone,
		Logger: component("poller"),
	})
	if err != nil {
		return err
	}
	a.scheduler = digest.NewScheduler(a.digests)
	// A change made from the command line reaches a running bot at its
	// next look at the store; within run, waking the poller and the
	// scheduler makes it act at once.
	adm, err := admin.New(admin.Config{
		Ingester: a.ingester, Leaders: a.g, Sources: store, Digests: store, Fetcher: a.fetcher, Clock: a.clock,
		PollInterval:         time.Duration(cfg.Sources.PollInterval),
		SourcesChanged:       a.poller.Wake,
		SubscriptionsChanged: a.scheduler.Wake,
		Logger:               component("admin"),
	})
	if err != nil {
		return err
	}
	a.bot, err = bot.New(bot.Config{Store: store, Leaders: a.g, Clock: a.clock, Admin: adm, Logger: component("bot")})
	return err
}

// handler is the core as the chat adapters and the console see it:
// observed when metrics are on.
func (a *app) handler() bot.Handler {
	if a.metrics == nil {
		return a.bot
	}
	return ops.Handler{Handler: a.bot, Metrics: a.metrics, Leaders: a.g, Clock: a.clock}
}

// sender is s, observed when metrics are on.
func (a *app) sender(s bot.Sender) bot.Sender {
	if a.metrics == nil {
		return s
	}
	return ops.Sender{Sender: s, Metrics: a.metrics}
}

func (a *app) pausedSources(ctx context.Context) (int, error) {
	all, err := a.store.Sources(ctx)
	n := 0
	for _, s := range all {
		if s.Paused {
			n++
		}
	}
	return n, err
}

func (a *app) rateLimited(platform string) func(time.Duration) {
	if a.metrics == nil {
		return nil
	}
	return a.metrics.RateLimited(platform)
}

// close closes the store. After a failed command, a
// database the command created and left empty is removed: a typo must not
// leave a readout.db behind.
func (a *app) close(failed bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	remove := false
	if failed && a.created && a.file != nil {
		empty, err := a.file.Empty(ctx)
		remove = err == nil && empty
	}
	if err := a.store.Close(); err != nil {
		a.log.Error("close store", "err", err)
	}
	if a.lock != nil {
		a.lock.Close()
	}
	if remove {
		removeDB(sqlitePath(a.cfg.Storage.Path))
	}
}

// chatAdapters builds the chat adapters the configuration enables, and
// the senders that deliver digests and alerts through them.
func (a *app) chatAdapters() ([]runner, []bot.Sender, error) {
	var runners []runner
	var senders []bot.Sender
	if tok := string(a.cfg.Discord.Token); tok != "" {
		d, err := discord.New(discord.Options{
			Token:       tok,
			APIURL:      a.cfg.Discord.APIURL,
			Guilds:      a.cfg.Discord.Guilds,
			ShardID:     a.cfg.Discord.ShardID,
			ShardCount:  a.cfg.Discord.ShardCount,
			Handler:     a.handler(),
			Logger:      a.log.With("component", "discord"),
			RateLimited: a.rateLimited("discord"),
		})
		if err != nil {
			return nil, nil, err
		}
		runners = append(runners, runner{"discord", d.Run, d.Connected})
		senders = append(senders, a.sender(d.Sender()))
	}
	if tok := string(a.cfg.Slack.BotToken); tok != "" {
		// Slack's HTTP mode and the operations listener share one port
		// when both are on.
		shared := a.cfg.Slack.Mode == slack.ModeHTTP && a.cfg.HTTP.Listen != ""
		s, err := slack.New(slack.Options{
			BotToken:      tok,
			AppToken:      string(a.cfg.Slack.AppToken),
			SigningSecret: string(a.cfg.Slack.SigningSecret),
			Mode:          a.cfg.Slack.Mode,
			ListenAddr:    a.cfg.Slack.Listen,
			APIURL:        a.cfg.Slack.APIURL,
			AdminUsers:    a.cfg.Slack.Admins,
			Handler:       a.handler(),
			Logger:        a.log.With("component", "slack"),
			Clock:         a.clock,
			Shared:        shared,
			RateLimited:   a.rateLimited("slack"),
		})
		if err != nil {
			return nil, nil, err
		}
		if shared {
			a.slackHTTP = s.Handler()
		}
		runners = append(runners, runner{"slack", s.Run, s.Connected})
		senders = append(senders, a.sender(s.Sender()))
	}
	return runners, senders, nil
}
