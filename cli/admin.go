package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"readout/bot"
	"readout/config"
	"readout/sources"
	"readout/storage"
	"readout/summaries/extract"
)

// newBot builds the core with its admin commands (sources and digests), so
// that "readout sources ..." and "readout digest ..." work without a
// running bot; run replaces them with ones wired to its poller and
// scheduler.
func newBot(cfg config.Config, store *storage.DB, x *extract.Extractor, log *slog.Logger) (*bot.Bot, error) {
	b, err := bot.New(bot.Config{Store: store, Extractor: x, Logger: log})
	if err != nil {
		return nil, err
	}
	admin, err := newAdmin(cfg, b, store, log, nil, nil)
	if err != nil {
		return nil, err
	}
	b.SetAdmin(admin)
	return b, nil
}

func newAdmin(cfg config.Config, b *bot.Bot, store *storage.DB, log *slog.Logger, sourcesChanged, subsChanged func()) (*bot.Admin, error) {
	return bot.NewAdmin(bot.AdminConfig{
		Bot: b, Sources: store, Digests: store,
		Fetch:                fetchOptions(cfg, log),
		PollInterval:         time.Duration(cfg.Sources.PollInterval),
		SourcesChanged:       sourcesChanged,
		SubscriptionsChanged: subsChanged,
		Logger:               log.With("part", "admin"),
	})
}

// fetchOptions are the fetcher settings of polled and chat-added sources:
// never local files, private networks only when configured.
func fetchOptions(cfg config.Config, log *slog.Logger) sources.Options {
	return sources.Options{
		AllowPrivate: cfg.Sources.AllowPrivate,
		MaxBytes:     cfg.Sources.MaxBytes,
		Timeout:      time.Duration(cfg.Sources.Timeout),
		Logger:       log.With("part", "fetch"),
	}
}

// background builds what runs beside the chat adapters: the poller, the
// digests and their scheduler. It seeds the default sources on a fresh
// database and rewires the admin commands to wake the poller and the
// scheduler when something changes.
func (a *app) background(ctx context.Context, senders map[string]bot.Sender) ([]runner, error) {
	a.seedSources(ctx)
	var list []bot.Sender
	for _, s := range senders {
		list = append(list, s)
	}
	target := strings.TrimSpace(a.cfg.Digest.AdminsChannel)
	if target != "" {
		if p, c, ok := strings.Cut(target, ":"); !ok || p == "" || c == "" {
			return nil, fmt.Errorf("config digest.admins_channel: %q is not platform:channel (e.g. slack:C0123456789)", target)
		}
	}
	alerts := &bot.Alerts{Target: target, Senders: list, Logger: a.log.With("part", "alerts")}
	digests, err := bot.NewDigests(bot.DigestConfig{Bot: a.bot, Store: a.store, Senders: list,
		BatchWindow: time.Duration(a.cfg.Digest.BatchWindow), Alerts: alerts, Logger: a.log.With("part", "digests")})
	if err != nil {
		return nil, err
	}
	poller, err := bot.NewPoller(bot.PollerConfig{
		Bot: a.bot, Store: a.store, Fetch: fetchOptions(a.cfg, a.log), Digests: digests, Alerts: alerts,
		Interval:    time.Duration(a.cfg.Sources.PollInterval),
		Concurrency: a.cfg.Sources.Concurrency, PerHost: a.cfg.Sources.PerHost,
		MaxFailures: a.cfg.Sources.MaxFailures, MaxAge: time.Duration(a.cfg.Sources.MaxAge),
		Logger: a.log.With("part", "poller"),
	})
	if err != nil {
		return nil, err
	}
	sched := bot.NewScheduler(digests)
	admin, err := newAdmin(a.cfg, a.bot, a.store, a.log, poller.Wake, sched.Wake)
	if err != nil {
		return nil, err
	}
	a.bot.SetAdmin(admin)
	return []runner{{"poller", poller.Run}, {"digests", digests.Run}, {"scheduler", sched.Run}}, nil
}

// seedSources gives a fresh database the default sources: the
// configuration's sources.defaults, else the built-in list. Once seeded,
// a database is never seeded again, so removed defaults stay removed.
func (a *app) seedSources(ctx context.Context) {
	urls := bot.DefaultSources()
	if len(a.cfg.Sources.Defaults) > 0 {
		urls = nil
		for _, raw := range a.cfg.Sources.Defaults {
			u, err := url.Parse(strings.TrimSpace(raw))
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				a.log.Error("config sources.defaults: not an http(s) URL, skipped", "url", raw)
				continue
			}
			urls = append(urls, u.String())
		}
	}
	if a.cfg.Sources.NoDefaults {
		urls = nil
	}
	seeded, err := a.store.SeedSources(ctx, urls, time.Now())
	if err != nil {
		a.log.Error("seed default sources", "err", err)
		return
	}
	if seeded {
		a.log.Info("fresh database: default sources added", "count", len(urls))
	}
}
