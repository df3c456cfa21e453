package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"

	"github.com/bwmarrin/discordgo"

	"readout/bot"
)

// ShardOf is the shard that holds a server (guild) among count, as the
// gateway divides them: (guild_id >> 22) % count. A channel outside any
// server (a DM) is shard 0's, where Discord sends DMs.
func ShardOf(guild string, count int) int {
	id, err := strconv.ParseUint(guild, 10, 64)
	if err != nil || count <= 1 {
		return 0
	}
	return int((id >> 22) % uint64(count))
}

// shardedSender is the Sender of one shard of several: it posts to the
// channels of its shard's servers only (bot.ChannelOwner).
type shardedSender struct{ sender }

var _ bot.ChannelOwner = shardedSender{}

// Owns reports whether a channel's server is this shard's. A channel's
// server is asked of Discord once (GET /channels/{id}) and remembered: a
// channel never moves. A channel Discord says is gone or closed to the
// bot is shard 0's, which then finds it gone and pauses its subscription.
func (s shardedSender) Owns(ctx context.Context, channel string) (bool, error) {
	guild, err := s.a.channels.of(ctx, s.a.s, channel)
	if err != nil {
		return false, err
	}
	return ShardOf(guild, s.a.s.ShardCount) == s.a.shardID, nil
}

// channelGuilds remembers the server of each channel looked up.
type channelGuilds struct {
	mu sync.Mutex
	m  map[string]string
}

func (c *channelGuilds) of(ctx context.Context, s *discordgo.Session, channel string) (string, error) {
	c.mu.Lock()
	g, ok := c.m[channel]
	c.mu.Unlock()
	if ok {
		return g, nil
	}
	if !isSnowflake(channel) {
		return "", nil // Send refuses it, on shard 0
	}
	ch, err := s.Channel(channel, discordgo.WithContext(ctx))
	guild := ""
	if err == nil {
		guild = ch.GuildID
	} else if re, ok := errors.AsType[*discordgo.RESTError](err); !ok || re.Response == nil ||
		(re.Response.StatusCode != http.StatusForbidden && re.Response.StatusCode != http.StatusNotFound) {
		return "", fmt.Errorf("discord: look up channel %s: %w", channel, err)
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]string{}
	}
	c.m[channel] = guild
	c.mu.Unlock()
	return guild, nil
}
