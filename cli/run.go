package cli

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"readout/adapters/console"
	"readout/adapters/discord"
	"readout/adapters/slack"
	"readout/bot"
)

// runner is one long-running part of the bot: a chat adapter, the poller,
// the digests or their scheduler.
type runner struct {
	name string
	run  func(context.Context) error
}

// adapters builds the chat adapters the configuration enables, and the
// senders that deliver digests through them.
func (a *app) adapters() ([]runner, map[string]bot.Sender, error) {
	var runners []runner
	senders := map[string]bot.Sender{}
	if tok := string(a.cfg.Discord.Token); tok != "" {
		d, err := discord.New(discord.Options{
			Token:      tok,
			APIURL:     a.cfg.Discord.APIURL,
			Guilds:     a.cfg.Discord.Guilds,
			ShardID:    a.cfg.Discord.ShardID,
			ShardCount: a.cfg.Discord.ShardCount,
			Handler:    a.bot,
			Logger:     a.log.With("adapter", "discord"),
		})
		if err != nil {
			return nil, nil, fmt.Errorf("discord: %w", err)
		}
		runners = append(runners, runner{"discord", d.Run})
		senders["discord"] = d.Sender()
	}
	if tok := string(a.cfg.Slack.BotToken); tok != "" {
		s, err := slack.New(slack.Options{
			BotToken:      tok,
			AppToken:      string(a.cfg.Slack.AppToken),
			SigningSecret: string(a.cfg.Slack.SigningSecret),
			Mode:          a.cfg.Slack.Mode,
			ListenAddr:    a.cfg.Slack.Listen,
			APIURL:        a.cfg.Slack.APIURL,
			AdminUsers:    a.cfg.Slack.Admins,
			Handler:       a.bot,
			Logger:        a.log.With("adapter", "slack"),
		})
		if err != nil {
			return nil, nil, fmt.Errorf("slack: %w", err)
		}
		runners = append(runners, runner{"slack", s.Run})
		senders["slack"] = s.Sender()
	}
	return runners, senders, nil
}

// run runs the bot with every enabled adapter, the poller, the digests and
// their scheduler, until ctx ends or an adapter fails. With no chat adapter
// configured it talks on the console, where digests for "console" channels
// are printed too: "quit" stops it; input that ends (a service started
// without a terminal) leaves it polling until it is signalled to stop.
func (a *app) run(ctx context.Context, env Env) int {
	adapters, senders, err := a.adapters()
	if err != nil {
		fmt.Fprintln(env.Stderr, "readout:", err)
		return 2
	}
	useConsole := len(adapters) == 0
	if useConsole {
		senders["console"] = console.Sender{Out: env.Stdout}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	background, err := a.background(ctx, senders)
	if err != nil {
		fmt.Fprintln(env.Stderr, "readout:", err)
		return 2
	}
	a.log.Info("readout starting", "db", a.cfg.Storage.Path, "adapters", len(adapters))
	var wg sync.WaitGroup
	errs := make(chan error, len(adapters)+len(background))
	start := func(r runner) {
		wg.Go(func() {
			if err := r.run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				errs <- fmt.Errorf("%s: %w", r.name, err)
				cancel()
			}
		})
	}
	for _, r := range background {
		start(r)
	}
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
