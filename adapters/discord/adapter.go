// Package discord connects readout to Discord: it answers mentions, DMs and
// the /readout slash command, runs the admin commands of /readout-admin
// through the core, and posts the core's digests to Discord channels.
//
// It holds one discordgo session with the Guilds, GuildMessages and
// DirectMessages intents and nothing privileged: Discord delivers the text
// of messages that mention the bot and of DMs without the MESSAGE_CONTENT
// intent, and slash commands need no intent at all.
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"

	"readout/bot"
)

// Platform is the name the adapter gives itself in requests and to the
// digest scheduler.
const Platform = "discord"

// intents are all readout needs; none of them is privileged.
const intents = discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages

// handlerTimeout bounds one answer. It is long because adding a source
// fetches it, and short of the 15 minutes an interaction token lives.
const handlerTimeout = 5 * time.Minute

// readyTimeout bounds the wait for the gateway's READY after connecting.
const readyTimeout = 30 * time.Second

// Options configure the adapter.
type Options struct {
	// Token is the bot token, without the "Bot " prefix. It is never logged.
	Token string
	// APIURL is where REST calls and the gateway lookup go; empty means
	// DefaultAPIURL. A proxy (such as a shared rate-limit proxy) or a test
	// server can stand in for Discord here.
	APIURL string
	// Guilds, when set, get the commands registered to them alone, which
	// takes effect at once (for testing); otherwise they are registered
	// globally.
	Guilds []string
	// ShardID and ShardCount split the bot's guilds across processes;
	// ShardCount 0 means one shard.
	ShardID, ShardCount int
	Handler             bot.Handler
	Logger              *slog.Logger
	// RateLimited, when set, is told of each wait a 429 imposes (metrics).
	RateLimited func(wait time.Duration)
}

// Adapter is a Discord bot driving a bot.Handler.
type Adapter struct {
	s       *discordgo.Session
	h       bot.Handler
	log     *slog.Logger
	guilds  []string
	shardID int
	// channels remembers each digest channel's server, for which shard
	// sends to it.
	channels channelGuilds

	// ready receives the first READY of a Run.
	ready chan *discordgo.Ready
	// kinds remembers which channels are threads.
	kinds channelKinds

	mu     sync.Mutex
	botID  string          // the bot's own user id, from READY
	appID  string          // the application id, from READY
	base   context.Context // Run's context; nil outside Run
	closed bool            // Run is shutting down: start no new work
	work   sync.WaitGroup  // answers in flight

	connected atomic.Bool // the gateway is open and READY
}

// New checks the options and builds the adapter; nothing is connected until
// Run.
func New(o Options) (*Adapter, error) {
	token := strings.TrimSpace(strings.TrimPrefix(strings.TrimLeft(o.Token, " \t\r\n"), "Bot "))
	if token == "" {
		return nil, errors.New("discord: no bot token (set DISCORD_TOKEN or discord.token_file)")
	}
	if strings.ContainsAny(token, " \t\r\n") {
		return nil, errors.New("discord: the bot token contains white space")
	}
	if o.Handler == nil {
		return nil, errors.New("discord: no handler")
	}
	apiURL := o.APIURL
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	base, err := url.Parse(apiURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" || base.RawQuery != "" {
		return nil, fmt.Errorf("discord: api_url %q is not an http(s) base URL", apiURL)
	}
	count := o.ShardCount
	if count == 0 {
		count = 1
	}
	if count < 0 || o.ShardID < 0 || o.ShardID >= count {
		return nil, fmt.Errorf("discord: shard %d of %d is out of range", o.ShardID, o.ShardCount)
	}
	for _, g := range o.Guilds {
		if !isSnowflake(g) {
			return nil, fmt.Errorf("discord: guild id %q is not a Discord id", g)
		}
	}
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}

	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("discord: new session: %w", err)
	}
	s.Identify.Intents = intents
	s.ShardID, s.ShardCount = o.ShardID, count
	// discordgo builds its URLs for discord.com when it loads; the
	// transport moves them, so that two adapters can talk to two servers.
	tr := newTransport(base, log)
	tr.onRateLimit = o.RateLimited
	s.Client = &http.Client{Transport: tr, Timeout: 2 * time.Minute}
	// The transport owns the retry policy (context-aware waits, 5xx
	// backoff); discordgo's own would retry again on top of it.
	s.ShouldRetryOnRateLimit = false
	s.MaxRestRetries = 0
	// readout keeps no cache of guilds, channels or members.
	s.StateEnabled = false
	// Handlers only filter and hand work to goroutines of their own, so
	// running them in the gateway's reading goroutine keeps events in order
	// and costs nothing.
	s.SyncEvents = true

	a := &Adapter{
		s:       s,
		h:       o.Handler,
		log:     log,
		guilds:  append([]string(nil), o.Guilds...),
		shardID: o.ShardID,
		ready:   make(chan *discordgo.Ready, 1),
	}
	s.AddHandler(a.onReady)
	s.AddHandler(func(*discordgo.Session, *discordgo.Resumed) { a.connected.Store(true) })
	s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) { a.connected.Store(false) })
	s.AddHandler(a.onMessage)
	s.AddHandler(a.onInteraction)
	return a, nil
}

// Run connects to the gateway, registers the commands (shard 0 only, one
// bulk overwrite per guild or globally, so stale commands disappear) and
// serves until ctx is done; then it waits for answers in flight, which see
// ctx's cancellation, and disconnects. It returns nil after a shutdown
// asked by ctx. Run is called once.
func (a *Adapter) Run(ctx context.Context) error {
	a.mu.Lock()
	if a.base != nil || a.closed {
		a.mu.Unlock()
		return errors.New("discord: Run called twice")
	}
	a.base = ctx
	a.mu.Unlock()

	a.log.Info("connecting", "shard", a.shardID, "shards", a.s.ShardCount)
	if err := a.s.Open(); err != nil {
		a.shutdown()
		return fmt.Errorf("discord: open gateway: %w", err)
	}
	defer func() {
		a.connected.Store(false)
		a.shutdown()
		if err := a.s.Close(); err != nil {
			a.log.Warn("close gateway", "err", err)
		}
	}()

	var r *discordgo.Ready
	select {
	case r = <-a.ready:
	case <-ctx.Done():
		return nil
	case <-time.After(readyTimeout):
		return fmt.Errorf("discord: no READY from the gateway within %s", readyTimeout)
	}
	a.log.Info("connected", "user", r.User.Username, "guilds", len(r.Guilds))

	if a.shardID == 0 {
		if err := a.register(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
	}
	<-ctx.Done()
	a.log.Info("shutting down")
	return nil
}

// Connected reports whether the gateway is open and has said READY (or
// resumed) since it last dropped: the readiness probe's question.
func (a *Adapter) Connected() bool { return a.connected.Load() }

// shutdown stops new work and waits for answers in flight.
func (a *Adapter) shutdown() {
	a.mu.Lock()
	a.closed = true
	a.mu.Unlock()
	a.work.Wait()
}

// register bulk-overwrites the commands where the options say.
func (a *Adapter) register(ctx context.Context) error {
	appID := a.app()
	cmds := commands()
	targets := a.guilds
	if len(targets) == 0 {
		targets = []string{""} // global
	}
	for _, g := range targets {
		if _, err := a.s.ApplicationCommandBulkOverwrite(appID, g, cmds, discordgo.WithContext(ctx)); err != nil {
			where := "globally"
			if g != "" {
				where = "in guild " + g
			}
			return fmt.Errorf("discord: register commands %s: %w", where, err)
		}
	}
	a.log.Info("commands registered", "guilds", len(a.guilds), "global", len(a.guilds) == 0)
	return nil
}

func (a *Adapter) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	a.safely("ready", func() {
		if r.User == nil || r.Application == nil {
			a.log.Error("READY without user or application")
			return
		}
		a.mu.Lock()
		a.botID, a.appID = r.User.ID, r.Application.ID
		a.mu.Unlock()
		a.connected.Store(true)
		select {
		case a.ready <- r:
		default: // a later READY (new session after a failed resume)
		}
	})
}

func (a *Adapter) me() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.botID
}

func (a *Adapter) app() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.appID
}

// spawn runs fn in its own goroutine with a context bounded by Run's, unless
// the adapter is not running. A panic in fn is recovered and logged, and
// apologize (when set) tells the user.
func (a *Adapter) spawn(what string, fn func(ctx context.Context), apologize func(ctx context.Context)) {
	a.mu.Lock()
	if a.base == nil || a.closed {
		a.mu.Unlock()
		return
	}
	base := a.base
	a.work.Add(1)
	a.mu.Unlock()
	go func() {
		defer a.work.Done()
		ctx, cancel := context.WithTimeout(base, handlerTimeout)
		defer cancel()
		defer func() {
			if p := recover(); p != nil {
				a.log.Error("panic while answering", "what", what, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if apologize != nil {
					a.safely(what+" apology", func() { apologize(ctx) })
				}
			}
		}()
		fn(ctx)
	}()
}

// safely runs fn, recovering and logging a panic: the gateway's reading
// goroutine runs the event handlers and must never die.
func (a *Adapter) safely(what string, fn func()) {
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("panic", "what", what, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
	}()
	fn()
}

// apology is what a user reads when answering failed.
const apology = "Sorry, something went wrong while answering. Please try again later."

func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
