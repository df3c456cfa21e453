// Package bot is readout's platform-neutral chat core: it turns questions
// into answers from the store and hands admin commands to bot/admin.
// Adapters (Discord, Slack, the console) translate platform events into
// Requests and render the Messages it returns; bot/digest and bot/ingest
// build on its messages.
package bot

import (
	"context"
	"errors"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/jonboulle/clockwork"

	"readout/summaries"
	"readout/summaries/leaders"
)

// Config wires a Bot.
type Config struct {
	Store   summaries.Store
	Leaders *leaders.Gazetteer
	// Clock answers "now" for questions that do not fix it; nil means the
	// real clock.
	Clock  clockwork.Clock
	Logger *slog.Logger
	// Admin runs admin commands; nil answers that none are available.
	Admin AdminCommands
}

// AdminCommands runs the admin grammar (sources and digests). The core
// checks the requester is an admin before calling it.
type AdminCommands interface {
	Run(ctx context.Context, origin Origin, args []string) (Reply, error)
}

// Bot is the core.
type Bot struct {
	Writer
	store summaries.Store
	clock clockwork.Clock
	log   *slog.Logger
	admin AdminCommands
	convs conversations
	typos nameIndex
	cues  cueCache
}

var _ Handler = (*Bot)(nil)

// New returns a Bot.
func New(cfg Config) (*Bot, error) {
	if cfg.Store == nil || cfg.Leaders == nil {
		return nil, errors.New("bot: a store and a gazetteer are required")
	}
	b := &Bot{Writer: NewWriter(cfg.Leaders), store: cfg.Store, clock: cfg.Clock, log: cfg.Logger, admin: cfg.Admin}
	if b.clock == nil {
		b.clock = clockwork.NewRealClock()
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	return b, nil
}

// eventTTL is how long an event id is remembered: longer than any
// platform's retry window.
const eventTTL = time.Hour

// Handle answers a request. It never panics: a failure is logged and
// answered with an apology.
func (b *Bot) Handle(ctx context.Context, req Request) (reply Reply) {
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("handler panic", "panic", r, "stack", string(debug.Stack()))
			reply = Reply{Messages: []Message{{Title: "Sorry, something went wrong", Text: "I could not answer that. The error has been logged."}}, Private: true, Failed: true}
		}
	}()
	if req.EventID != "" {
		fresh, err := b.store.ClaimEvent(ctx, req.Origin.Platform+":"+req.EventID, eventTTL)
		if err != nil {
			b.log.Error("claim event", "event", req.EventID, "err", err)
		} else if !fresh {
			return Reply{Duplicate: true}
		}
	}
	now := req.Now
	if now.IsZero() {
		now = b.clock.Now()
	}
	text := strings.TrimSpace(req.Text)
	if args := strings.Fields(text); len(args) > 0 && isAdminVerb(args[0]) {
		return b.runAdmin(ctx, req.Origin, args)
	}
	reply, err := b.answer(ctx, &req.Origin, text, now)
	if err != nil {
		b.log.Error("answer", "question", text, "err", err)
		return Reply{Messages: []Message{{Title: "Sorry, I could not look that up", Text: "The store did not answer; please try again shortly."}}, Private: true, Failed: true}
	}
	return reply
}

func isAdminVerb(w string) bool {
	w = strings.ToLower(w)
	return w == "source" || w == "sources" || w == "digest" || w == "digests"
}

func (b *Bot) runAdmin(ctx context.Context, o Origin, args []string) Reply {
	if !o.Admin {
		b.log.Info("admin command refused", "platform", o.Platform, "user", o.User, "command", args[0])
		return Reply{Messages: []Message{{Title: "Admins only", Text: "Only server or workspace admins can manage sources and digests. Nothing was changed."}}, Private: true, Failed: true}
	}
	if b.admin == nil {
		return Reply{Messages: []Message{{Title: "Not available", Text: "Source and digest commands are not enabled in this deployment."}}, Private: true, Failed: true}
	}
	reply, err := b.admin.Run(ctx, o, args)
	if err != nil {
		return Reply{Messages: []Message{{Title: "Command failed", Text: err.Error()}}, Private: true, Failed: true}
	}
	reply.Private = true
	return reply
}

// LeaderNames lists leaders with calls in the store whose names start with
// prefix (any word of the name), for autocomplete.
func (b *Bot) LeaderNames(ctx context.Context, prefix string) []string {
	ids, err := b.store.CallLeaders(ctx)
	if err != nil {
		b.log.Error("leader names", "err", err)
		return nil
	}
	prefix = leaders.Normalize(prefix)
	var out []string
	for _, id := range ids {
		name := b.Gazetteer().Name(id)
		norm := leaders.Normalize(name)
		ok := prefix == "" || strings.HasPrefix(norm, prefix)
		for _, w := range strings.Fields(norm) {
			ok = ok || strings.HasPrefix(w, prefix)
		}
		if ok {
			out = append(out, name)
		}
		if len(out) == 25 {
			break
		}
	}
	return out
}
