package cli

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"

	"readout/adapters/console"
	"readout/bot/ingest"
)

// runner is one long-running part of the bot: a chat adapter, the poller,
// the digests or their scheduler.
type runner struct {
	name string
	run  func(context.Context) error
}

// run runs the bot with every enabled adapter, the poller, the digests and
// their scheduler, until ctx ends or an adapter fails. With no chat adapter
// configured it talks on the console, where digests for "console" channels
// are printed too: "quit" stops it; input that ends (a service started
// without a terminal) leaves it polling until it is signalled to stop.
func (a *app) run(ctx context.Context, env Env) int {
	if err := checkAdminsChannel(a.cfg.Digest.AdminsChannel); err != nil {
		fmt.Fprintln(env.Stderr, "readout:", err)
		return 2
	}
	adapters, senders, err := a.chatAdapters()
	if err != nil {
		fmt.Fprintln(env.Stderr, "readout:", err)
		return 2
	}
	useConsole := len(adapters) == 0
	if useConsole {
		senders = append(senders, console.Sender{Out: env.Stdout})
	}
	// The adapters exist only now, for they need the core: their senders
	// join the digests and alerts before anything runs.
	for _, s := range senders {
		a.digests.AddSender(s)
	}
	a.alerts.Senders = senders
	a.seedSources(ctx)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	background := []runner{{"poller", a.poller.Run}, {"digests", a.digests.Run}, {"scheduler", a.scheduler.Run}}
	a.log.Info("readout starting", "db", a.cfg.Storage.Path, "adapters", len(adapters))
	var wg sync.WaitGroup
	errs := make(chan error, len(adapters)+len(background))
	start := func(r runner) {
		wg.Go(func() {
			// Adapters name themselves in their errors; the background
			// runners return none.
			if err := r.run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				errs <- err
				cancel()
			}
		})
	}
	// Only the process holding the work lease polls and delivers.
	start(runner{"lease", func(ctx context.Context) error { return a.lead(ctx, background) }})
	code := 0
	if useConsole {
		a.log.Info("no chat token set (DISCORD_TOKEN, SLACK_BOT_TOKEN): using the console")
		var quit bool
		quit, code = a.converse(ctx, env)
		if !quit && code == 0 && ctx.Err() == nil {
			a.log.Info("console input closed: still polling and posting digests until stopped")
			<-ctx.Done()
		}
		cancel()
	} else {
		for _, r := range adapters {
			start(r)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		fmt.Fprintln(env.Stderr, "readout:", err)
		code = 1
	}
	return code
}

// checkAdminsChannel checks digest.admins_channel, where alerts go.
func checkAdminsChannel(target string) error {
	target = strings.TrimSpace(target)
	if target == "" {
		return nil
	}
	if p, c, ok := strings.Cut(target, ":"); !ok || p == "" || c == "" {
		return fmt.Errorf("config digest.admins_channel: %q is not platform:channel (e.g. slack:C0123456789)", target)
	}
	return nil
}

// seedSources gives a fresh database the default sources: the
// configuration's sources.defaults, else the built-in list. Once seeded,
// a database is never seeded again, so removed defaults stay removed.
func (a *app) seedSources(ctx context.Context) {
	urls := ingest.DefaultSources()
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
	seeded, err := a.store.SeedSources(ctx, urls, a.clock.Now())
	if err != nil {
		a.log.Error("seed default sources", "err", err)
		return
	}
	if seeded {
		a.log.Info("fresh database: default sources added", "count", len(urls))
	}
}
