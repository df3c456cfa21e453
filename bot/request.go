package bot

import (
	"context"
	"errors"
	"time"
)

// Origin says where a request came from. Adapters fill it from the
// platform's event; Admin is decided by the adapter from the platform's
// permissions (Discord: Administrator or Manage Server; Slack: workspace
// admins and owners plus the configured allowlist) and checked by the core
// before any admin command runs.
type Origin struct {
	Platform  string `json:"platform"`  // "discord", "slack", "console", "cli"
	Workspace string `json:"workspace"` // Discord guild or Slack team; empty in DMs
	Channel   string `json:"channel"`
	User      string `json:"user"`
	UserName  string `json:"user_name,omitempty"`
	Admin     bool   `json:"admin"`
	DM        bool   `json:"dm"`

	// Thread is the thread the message was posted in, if any: a
	// conversation of its own, shared by everyone in it.
	Thread string `json:"thread,omitempty"`
}

// Request is one thing a user said to the bot: a question ("latest trump
// putin call"), "help", or an admin command. Admin commands are text too, so
// that every adapter and the CLI share one grammar:
//
//	source add URL
//	source remove URL
//	source list
//	digest subscribe [leaders=trump,putin] [schedule=daily 08:00 Europe/Paris]
//	digest unsubscribe
//	digest status
//
// schedule= takes the rest of the line: "daily HH:MM [TZ]", "weekly DAY
// HH:MM [TZ]" or "cron MIN HOUR DOM MON DOW [TZ]".
type Request struct {
	Origin Origin
	Text   string
	// Now fixes the clock for the answer; zero means the bot's clock.
	Now time.Time
	// EventID, when set, is the platform's id for the event behind the
	// request (Slack's event_id). The core remembers it for an hour, across
	// restarts, and answers a repeat with a Duplicate reply, so that a
	// platform's retries never produce a second post.
	EventID string
}

// Reply is the bot's answer to a request.
type Reply struct {
	Messages []Message `json:"messages"`
	// Private asks the adapter to show the reply only to the requester
	// (admin acknowledgements, refusals and errors).
	Private bool `json:"private,omitempty"`
	// Calls are the call records the answer is about, best first; the CLI's
	// JSON output carries them.
	Calls []CallView `json:"calls,omitempty"`
	// Duplicate says the request's EventID was seen before: post nothing.
	Duplicate bool `json:"duplicate,omitempty"`
	// Failed says the request was refused or could not be carried out; the
	// messages say why. The command line turns it into its exit code.
	Failed bool `json:"failed,omitempty"`
	// Intent is the kind of question the answer took it for ("latest",
	// "count", "compare", …); empty for admin commands.
	Intent string `json:"intent,omitempty"`
	// ReadAs says how an ambiguous question was read ("Reading 'Putin' as
	// Vladimir Putin, 'this year' as 2026"); empty when it was plain.
	ReadAs string `json:"read_as,omitempty"`

	// Asked is the reading behind the answer, follow-ups resolved.
	Asked Question `json:"-"`
}

// Handler is what adapters drive. *Bot implements it; it never returns an
// error because every failure is answered in words.
type Handler interface {
	Handle(ctx context.Context, req Request) Reply
	// LeaderNames lists leaders with calls in the store whose names start
	// with prefix, for autocomplete.
	LeaderNames(ctx context.Context, prefix string) []string
}

// Sender posts messages to a channel of one platform; adapters provide it so
// that the core can deliver digests.
type Sender interface {
	Platform() string
	Send(ctx context.Context, channel string, msgs []Message) error
}

// ErrChannelGone is returned (wrapped) by a Sender when the bot can no
// longer post to a channel (deleted, bot removed, no permission): the core
// pauses that channel's subscription instead of retrying.
var ErrChannelGone = errors.New("channel no longer reachable")
