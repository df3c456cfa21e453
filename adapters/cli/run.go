package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"readout/adapters/console"
	"readout/adapters/ops"
	"readout/bot"
	"readout/bot/ingest"
)

// stopTimeout bounds a stop: what has not finished by then is abandoned
// (deliveries are recorded before they are sent, so they resume at the
// next start), leaving time to checkpoint within ten seconds.
const stopTimeout = 8 * time.Second

// runner is one long-running part of the bot: a chat adapter, the poller,
// the digests or their scheduler.
type runner struct {
	name string
	run  func(context.Context) error
	// connected, for a chat adapter, says it can receive events.
	connected func() bool
}

func runFlags(fs *flag.FlagSet) func(context.Context, *app, []string, Env) int {
	forceConsole := fs.Bool("console", false, "talk on the console (standard input and output) too, even with chat adapters or without a terminal")
	return func(ctx context.Context, a *app, args []string, env Env) int {
		if len(args) > 0 {
			return usageError(env, "readout run", fmt.Sprintf("unexpected argument %q", args[0]), commandUsage("run", commands()["run"]))
		}
		return a.run(ctx, *forceConsole, env)
	}
}

// run runs the bot with every enabled adapter, the poller, the digests and
// their scheduler, until ctx ends or an adapter fails.
//
// The console (where digests for "console" channels are printed too) is
// used when forced, or when no chat adapter is configured and standard
// input is a terminal; a console session ends the run at "quit" or at the
// end of its input. Otherwise standard input is never read: a service
// without a terminal (or with a chat token) runs until it is signalled.
func (a *app) run(ctx context.Context, forceConsole bool, env Env) int {
	if err := checkAdminsChannel(a.cfg.Digest.AdminsChannel); err != nil {
		fmt.Fprintln(env.Stderr, "readout:", err)
		return 2
	}
	adapters, senders, err := a.chatAdapters()
	if err != nil {
		fmt.Fprintln(env.Stderr, "readout:", err)
		return 2
	}
	useConsole := forceConsole || (len(adapters) == 0 && env.Terminal)
	if useConsole {
		senders = append(senders, a.sender(console.Sender{Out: env.Stdout}))
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
	background := []runner{{"poller", a.poller.Run, nil}, {"digests", a.digests.Run, nil}, {"scheduler", a.scheduler.Run, nil}}
	if a.cfg.HTTP.Listen != "" {
		r, err := a.opsListener(adapters)
		if err != nil {
			fmt.Fprintln(env.Stderr, "readout:", err)
			return 1
		}
		background = append(background, r)
	}
	a.log.Info("readout starting", "db", describeStore(a.cfg.Storage.Path), "adapters", len(adapters))
	var wg sync.WaitGroup
	var mu sync.Mutex
	running := map[string]bool{}
	errs := make(chan error, len(adapters)+len(background))
	start := func(r runner) {
		mu.Lock()
		running[r.name] = true
		mu.Unlock()
		wg.Go(func() {
			defer func() {
				mu.Lock()
				delete(running, r.name)
				mu.Unlock()
			}()
			// Adapters name themselves in their errors; the background
			// runners return none. What a runner says while the bot stops
			// is no failure of the run.
			err := r.run(ctx)
			switch {
			case err == nil || errors.Is(err, context.Canceled):
			case ctx.Err() != nil:
				a.log.Warn("stopped", "component", r.name, "err", err)
			default:
				errs <- err
				cancel()
			}
		})
	}
	if a.file != nil {
		// On a SQLite file, only the process holding the work lease polls
		// and delivers.
		start(runner{name: "lease", run: func(ctx context.Context) error { return a.lead(ctx, background) }})
	} else {
		// On PostgreSQL, every process does: sources are leased one poll
		// at a time, deliveries claimed one send at a time, so the
		// processes divide the work rather than repeat it.
		a.log.Info("shared database: this process polls and delivers beside any others", "holder", a.holder)
		for _, r := range background {
			start(r)
		}
	}
	code := 0
	for _, r := range adapters {
		start(r)
	}
	switch {
	case useConsole:
		if len(adapters) == 0 {
			a.log.Info("no chat token set (DISCORD_TOKEN, SLACK_BOT_TOKEN): using the console")
		}
		_, code = a.converse(ctx, env)
		cancel()
	case len(adapters) == 0:
		a.log.Info("no chat token set and no terminal: polling and posting digests until stopped (run --console talks on standard input)")
	}
	stopped := make(chan struct{})
	go func() {
		wg.Wait()
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-ctx.Done():
		a.log.Info("stopping", "within", stopTimeout.String())
		select {
		case <-stopped:
		case <-a.clock.After(stopTimeout):
			mu.Lock()
			names := slices.Sorted(maps.Keys(running))
			mu.Unlock()
			a.log.Error("stop timed out; exiting with work in flight", "within", stopTimeout.String(), "still_running", names)
			return 1
		}
	}
	a.log.Info("stopped")
	// A stopped bot leaves one self-contained file: copying it is a backup.
	if a.file != nil {
		cctx, ccancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		if err := a.file.Checkpoint(cctx); err != nil {
			a.log.Warn("checkpoint the database", "err", err)
		}
		ccancel()
	}
	close(errs)
	for err := range errs {
		fmt.Fprintln(env.Stderr, "readout:", bot.OneLine(err))
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

// pollerStuckAfter is how long the poller may go without starting a cycle
// before /readyz calls it stuck: it waits at most a minute between cycles,
// and a cycle's fetches are bounded by sources.timeout.
func (a *app) pollerStuckAfter() time.Duration {
	return 5*time.Minute + 4*time.Duration(a.cfg.Sources.Timeout)
}

// opsListener binds http.listen and returns the runner that serves
// /healthz, /readyz and /metrics there (and Slack's HTTP mode endpoints
// when that mode is on). Readiness asks the database for a write, each
// chat adapter whether it is connected, and the poller for a recent cycle.
func (a *app) opsListener(adapters []runner) (runner, error) {
	started := a.clock.Now()
	checks := []ops.Check{
		{Name: "database", Probe: a.databaseWritable},
		{Name: "poller", Probe: func(context.Context) error {
			last := a.heartbeat.Last()
			if last.IsZero() {
				last = started
			}
			if since := a.clock.Since(last); since > a.pollerStuckAfter() {
				return fmt.Errorf("no poll cycle for %s", since.Round(time.Second))
			}
			return nil
		}},
	}
	for _, r := range adapters {
		checks = append(checks, ops.Check{Name: r.name, Probe: func(context.Context) error {
			if !r.connected() {
				return errors.New("not connected")
			}
			return nil
		}})
	}
	srv := &ops.Server{Addr: a.cfg.HTTP.Listen, Metrics: a.metrics, Checks: checks, Logger: a.log.With("component", "http")}
	if a.slackHTTP != nil {
		srv.Handle("/slack/", a.slackHTTP)
	}
	ln, err := srv.Listen()
	if err != nil {
		return runner{}, err
	}
	return runner{name: "http", run: func(ctx context.Context) error { return srv.Serve(ctx, ln) }}, nil
}

// databaseWritable is the readiness probe of the database: a SQLite file
// can be opened for writing (a read-only mount or file fails here, before
// SQLite's open descriptors notice) and a write transaction commits.
func (a *app) databaseWritable(ctx context.Context) error {
	if a.file != nil {
		f, err := os.OpenFile(sqlitePath(a.cfg.Storage.Path), os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("not writable: %w", err)
		}
		f.Close()
	}
	return a.store.Writable(ctx)
}
