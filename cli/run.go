package cli

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"readout/adapters/discord"
	"readout/adapters/slack"
	"readout/bot"
)

// runner is one long-running part of the bot: a chat adapter.
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

// run runs the bot with every enabled adapter until ctx ends or one of
// them fails; with no chat adapter configured it talks on the console.
func (a *app) run(ctx context.Context, env Env) int {
	runners, _, err := a.adapters()
	if err != nil {
		fmt.Fprintln(env.Stderr, "readout:", err)
		return 2
	}
	a.log.Info("readout starting", "db", a.cfg.Storage.Path, "adapters", len(runners))
	if len(runners) == 0 {
		a.log.Info("no chat token set (DISCORD_TOKEN, SLACK_BOT_TOKEN): using the console")
		return a.chat(ctx, env)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, len(runners))
	for _, r := range runners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				errs <- fmt.Errorf("%s: %w", r.name, err)
				cancel()
			}
		}()
	}
	wg.Wait()
	close(errs)
	code := 0
	for err := range errs {
		fmt.Fprintln(env.Stderr, "readout:", err)
		code = 1
	}
	return code
}
