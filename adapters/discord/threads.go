package discord

import (
	"context"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// A thread is one conversation for everyone in it, so the core is told
// when a question comes from one. Neither a message nor an interaction
// says so in what discordgo decodes, and the adapter keeps no state cache:
// the channel is looked up once and its kind remembered, since a channel
// never changes between thread and not.

// threadLookupTimeout bounds the lookup: without it the answer still comes,
// only as a conversation of the asker's own.
const threadLookupTimeout = 5 * time.Second

// maxKnownChannels bounds the memory of channel kinds; past it, the
// memory starts again.
const maxKnownChannels = 10000

// channelKinds remembers which channels are threads. Its zero value is
// ready to use.
type channelKinds struct {
	mu     sync.Mutex
	thread map[string]bool
}

func (k *channelKinds) get(channel string) (thread, known bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	thread, known = k.thread[channel]
	return thread, known
}

func (k *channelKinds) put(channel string, thread bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.thread == nil || len(k.thread) >= maxKnownChannels {
		k.thread = map[string]bool{}
	}
	k.thread[channel] = thread
}

// threadOf returns channel when it is a thread of a guild, else "".
func (a *Adapter) threadOf(ctx context.Context, guild, channel string) string {
	if guild == "" || channel == "" {
		return ""
	}
	thread, known := a.kinds.get(channel)
	if !known {
		lctx, cancel := context.WithTimeout(ctx, threadLookupTimeout)
		ch, err := a.s.Channel(channel, discordgo.WithContext(lctx))
		cancel()
		if err != nil || ch == nil {
			a.log.Warn("cannot tell whether the channel is a thread", "channel", channel, "err", err)
			return ""
		}
		thread = ch.IsThread()
		a.kinds.put(channel, thread)
	}
	if thread {
		return channel
	}
	return ""
}
