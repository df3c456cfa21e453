// Package bot is readout's platform-neutral core: it turns questions into
// answers from the store, runs admin commands, ingests coverage and
// prepares digests. Adapters (Discord, Slack, the console) translate
// platform events into Requests and render the Messages it returns.
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"readout/summaries"
	"readout/summaries/leaders"
)

// Config wires a Bot.
type Config struct {
	Store     summaries.Store
	Extractor *summaries.Extractor
	// Now is the bot's clock; nil means time.Now.
	Now    func() time.Time
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
	store summaries.Store
	x     *summaries.Extractor
	g     *leaders.Gazetteer
	now   func() time.Time
	log   *slog.Logger
	admin AdminCommands
	convs conversations
	typos nameIndex
}

var _ Handler = (*Bot)(nil)

// New returns a Bot.
func New(cfg Config) (*Bot, error) {
	if cfg.Store == nil || cfg.Extractor == nil {
		return nil, errors.New("bot: a store and an extractor are required")
	}
	b := &Bot{store: cfg.Store, x: cfg.Extractor, g: cfg.Extractor.Gazetteer(), now: cfg.Now, log: cfg.Logger, admin: cfg.Admin}
	if b.now == nil {
		b.now = time.Now
	}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	return b, nil
}

// SetAdmin installs the admin commands after construction, for wiring
// where they need the bot themselves.
func (b *Bot) SetAdmin(a AdminCommands) { b.admin = a }

// Gazetteer returns the leaders the bot knows.
func (b *Bot) Gazetteer() *leaders.Gazetteer { return b.g }

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
		now = b.now()
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
		name := b.g.Name(id)
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

// View turns a call record into its JSON contract form.
func (b *Bot) View(c summaries.Call) CallView {
	v := CallView{ID: c.ID, Date: c.Date.Format(time.DateOnly), Medium: string(c.Medium), Topics: c.Topics, Summary: c.Summary()}
	for _, p := range c.Participants {
		v.Participants = append(v.Participants, b.g.Name(p))
	}
	if c.DurationMinutes > 0 {
		d := c.DurationMinutes
		v.DurationMinutes = &d
	}
	if c.Initiator != "" {
		n := b.g.Name(c.Initiator)
		v.Initiator = &n
	}
	if v.Topics == nil {
		v.Topics = []string{}
	}
	v.Articles = []ArticleView{}
	for _, a := range c.Articles {
		pub := ""
		if !a.Published.IsZero() {
			pub = a.Published.UTC().Format(time.RFC3339)
		}
		v.Articles = append(v.Articles, ArticleView{URL: a.URL, Title: a.Title, Outlet: a.Outlet, Published: pub})
	}
	return v
}

// names joins leaders' short names: "Trump and Putin", "Macron, Starmer and Merz".
func (b *Bot) names(ids []string) string {
	var ns []string
	for _, id := range ids {
		ns = append(ns, b.shortName(id))
	}
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return ns[0]
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " and " + ns[len(ns)-1]
}

func (b *Bot) shortName(id string) string {
	l, ok := b.g.Leader(id)
	if !ok {
		return id
	}
	parts := strings.Fields(l.Name)
	if len(parts) < 2 {
		return l.Name
	}
	if l.FamilyFirst {
		return parts[0]
	}
	// A one-word name the gazetteer knows ("Lula", "Erdogan") is what
	// coverage calls the leader.
	for _, n := range l.Names {
		if r, _ := utf8.DecodeRuneInString(n); len(n) >= 3 && !strings.Contains(n, " ") && unicode.IsUpper(r) && n != strings.ToUpper(n) && strings.Contains(l.Name, n) {
			return n
		}
	}
	// "Ursula von der Leyen" is "von der Leyen".
	for i, p := range parts[1:] {
		if p == strings.ToLower(p) {
			return strings.Join(parts[i+1:], " ")
		}
	}
	return parts[len(parts)-1]
}

func fmtDay(t time.Time) string { return t.Format("2 January 2006") }

func fmtMinutes(m int) string {
	h, mm := m/60, m%60
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", mm)
	case mm == 0 && h == 1:
		return "1 hour"
	case mm == 0:
		return fmt.Sprintf("%d hours", h)
	default:
		return fmt.Sprintf("%d h %d min", h, mm)
	}
}
