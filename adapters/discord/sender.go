package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"

	"github.com/bwmarrin/discordgo"

	"readout/bot"
)

// Sender returns the adapter's bot.Sender, through which the core delivers
// digests to Discord channels. It needs no gateway connection: it works
// before Run and after it. With several shards it is a bot.ChannelOwner:
// it posts to its shard's servers' channels only.
func (a *Adapter) Sender() bot.Sender {
	if a.s.ShardCount > 1 {
		return shardedSender{sender{a}}
	}
	return sender{a}
}

type sender struct{ a *Adapter }

func (sender) Platform() string { return Platform }

// Send posts msgs to the channel as embeds, split within Discord's limits.
// When Discord says the channel is gone or closed to the bot (404 Unknown
// Channel, 403 Missing Access or Missing Permissions), the error wraps
// bot.ErrChannelGone. A panic while rendering or posting is logged and
// returned as an error: digests and alerts are sent outside the core's
// recover, where it would end the process.
func (s sender) Send(ctx context.Context, channel string, msgs []bot.Message) (err error) {
	defer func() {
		if p := recover(); p != nil {
			s.a.log.Error("send panicked", "channel", channel, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			err = fmt.Errorf("discord: send to channel %s: panic: %v", channel, p)
		}
	}()
	if !isSnowflake(channel) {
		return fmt.Errorf("discord: send to %q: not a channel id", channel)
	}
	for i, m := range Render(msgs) {
		if _, err := s.a.s.ChannelMessageSendComplex(channel, m, discordgo.WithContext(ctx)); err != nil {
			var re *discordgo.RESTError
			if errors.As(err, &re) && re.Response != nil &&
				(re.Response.StatusCode == http.StatusForbidden || re.Response.StatusCode == http.StatusNotFound) {
				return fmt.Errorf("discord: send to channel %s: %w: %w", channel, bot.ErrChannelGone, err)
			}
			return fmt.Errorf("discord: send to channel %s (message %d): %w", channel, i+1, err)
		}
	}
	return nil
}
