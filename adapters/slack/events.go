package slack

import (
	"context"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"readout/bot"
)

// target says where an answer goes.
type target struct {
	channel string
	user    string
	thread  string // thread_ts to answer in; empty for the channel itself
	dm      bool
	// slash marks a slash command, answered through responseURL when it
	// can be.
	slash       bool
	responseURL string
}

// busyText is the immediate answer to a slash command that cannot be worked
// on now.
const busyText = "readout is busy right now; please try again in a minute."

const sorryText = "Sorry, something went wrong while answering. Please try again later."

// onEventsAPI handles one Events API callback, from either connection mode.
// It never blocks on the core: the caller acknowledges Slack right after.
func (a *Adapter) onEventsAPI(ev slackevents.EventsAPIEvent, retry string) {
	if ev.Type != slackevents.CallbackEvent {
		return
	}
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok {
		return
	}
	var req bot.Request
	var t target
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		// A mention in a DM also arrives as message.im: answer that one.
		if e.BotID != "" || e.User == "" || e.Edited != nil || isDM(e.Channel) {
			return
		}
		thread := e.ThreadTimeStamp
		if thread == "" {
			thread = e.TimeStamp
		}
		// The answer goes to the mention's thread, or starts one under
		// it: that thread is the conversation follow-ups continue.
		req = bot.Request{Origin: bot.Origin{Workspace: ev.TeamID, Channel: e.Channel, User: e.User, Thread: thread}, Text: e.Text}
		t = target{channel: e.Channel, user: e.User, thread: thread}
	case *slackevents.MessageEvent:
		// Edits, deletions, joins and every bot's posts (ours included)
		// come with a subtype or a bot id.
		if e.ChannelType != "im" || e.SubType != "" || e.BotID != "" || e.User == "" {
			return
		}
		req = bot.Request{Origin: bot.Origin{Workspace: ev.TeamID, Channel: e.Channel, User: e.User, DM: true, Thread: e.ThreadTimeStamp}, Text: e.Text}
		t = target{channel: e.Channel, user: e.User, thread: e.ThreadTimeStamp, dm: true}
	default:
		return
	}
	if a.seen.repeat(cb.EventID) {
		a.log.Debug("event delivered again; ignored", "event_id", cb.EventID, "retry", retry)
		return
	}
	req.EventID = cb.EventID
	if !a.dispatch(req, t) {
		a.log.Warn("too busy; event dropped", "event_id", cb.EventID)
	}
}

// onSlash handles a slash command and returns the text of an immediate
// ephemeral answer, empty when the real answer follows.
func (a *Adapter) onSlash(cmd slack.SlashCommand) string {
	if cmd.UserID == "" || cmd.ChannelID == "" {
		return ""
	}
	req := bot.Request{
		Origin: bot.Origin{
			Workspace: cmd.TeamID,
			Channel:   cmd.ChannelID,
			User:      cmd.UserID,
			UserName:  cmd.UserName,
			DM:        isDM(cmd.ChannelID),
		},
		Text: slashText(cmd.Text),
	}
	// A slash command has no event id, but its trigger id is unique to the
	// invocation, which is what a redelivered envelope repeats.
	if cmd.TriggerID != "" {
		req.EventID = "slash:" + cmd.TriggerID
		if a.seen.repeat(req.EventID) {
			return ""
		}
	}
	t := target{channel: cmd.ChannelID, user: cmd.UserID, dm: req.Origin.DM, slash: true}
	if a.responseURLAllowed(cmd.ResponseURL) {
		t.responseURL = cmd.ResponseURL
	} else if cmd.ResponseURL != "" {
		a.log.Warn("ignoring a response_url outside Slack", "channel", cmd.ChannelID)
	}
	if !a.dispatch(req, t) {
		a.log.Warn("too busy; slash command refused", "channel", cmd.ChannelID)
		return busyText
	}
	return ""
}

// dispatch answers in the background, at most maxJobs at once. It reports
// false when the adapter is saturated.
func (a *Adapter) dispatch(req bot.Request, t target) bool {
	select {
	case a.slots <- struct{}{}:
	default:
		return false
	}
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		defer func() { <-a.slots }()
		ctx, cancel := context.WithTimeout(a.life, jobTimeout)
		defer cancel()
		a.answer(ctx, req, t)
	}()
	return true
}

// answer asks the core and delivers its reply. A panic anywhere in it is
// logged and apologised for: no handler can take the process down.
func (a *Adapter) answer(ctx context.Context, req bot.Request, t target) {
	defer func() {
		if r := recover(); r != nil {
			a.log.Error("answer panicked", "panic", r, "channel", t.channel, "stack", string(debug.Stack()))
			a.apologise(ctx, t)
		}
	}()
	req.Origin.Platform = "slack"
	if !t.slash {
		req.Text = plainText(req.Text, a.botUser(ctx))
	}
	if strings.TrimSpace(req.Text) == "" {
		req.Text = "help"
	}
	name, admin := a.whois(ctx, req.Origin.User)
	if name != "" {
		req.Origin.UserName = name
	}
	req.Origin.Admin = admin

	reply := a.opts.Handler.Handle(ctx, req)
	if reply.Duplicate {
		a.log.Debug("the core has answered this event already", "event_id", req.EventID)
		return
	}
	if err := a.deliver(ctx, reply, t); err != nil {
		a.log.Warn("cannot deliver the answer", "channel", t.channel, "err", err)
	}
}

// apologise tells the user, privately, that their answer failed.
func (a *Adapter) apologise(ctx context.Context, t target) {
	defer func() {
		if r := recover(); r != nil {
			a.log.Error("apology panicked", "panic", r)
		}
	}()
	reply := bot.Reply{Private: true, Messages: []bot.Message{{Text: sorryText}}}
	if err := a.deliver(ctx, reply, t); err != nil {
		a.log.Warn("cannot deliver the apology", "channel", t.channel, "err", err)
	}
}

// deliver posts a reply: public answers to the channel or thread (through
// response_url for slash commands), private ones as ephemeral messages, and
// in a DM simply to the DM. When the first way fails, the rest of the reply
// goes the second way.
func (a *Adapter) deliver(ctx context.Context, reply bot.Reply, t target) error {
	type way func(Post) error
	toChannel := func(p Post) error { return a.postMessage(ctx, t.channel, t.thread, p) }
	ephemeral := func(p Post) error { return a.postEphemeral(ctx, t.channel, t.user, t.thread, p) }
	viaURL := func(kind string) way {
		return func(p Post) error { return a.respond(ctx, t.responseURL, kind, p) }
	}

	var ways []way
	switch {
	case t.dm && !t.slash:
		ways = []way{toChannel}
	case reply.Private:
		ways = []way{ephemeral}
		if t.responseURL != "" {
			// chat.postEphemeral fails where the bot is not a member (DMs
			// between people, channels it was not invited to).
			ways = append(ways, viaURL(slack.ResponseTypeEphemeral))
		}
	case t.responseURL != "":
		ways = []way{viaURL(slack.ResponseTypeInChannel), toChannel}
	default:
		ways = []way{toChannel}
	}

	for _, m := range reply.Messages {
		for _, p := range Render(m) {
			for {
				err := ways[0](p)
				if err == nil {
					break
				}
				if len(ways) == 1 {
					return err
				}
				a.log.Debug("trying the next way to answer", "err", err)
				ways = ways[1:]
			}
		}
		// A picture goes beside a public answer, in its channel and
		// thread; an ephemeral answer cannot carry a file. The text has
		// answered already, so a failed upload is only logged.
		if m.Image != nil && !reply.Private {
			if err := a.upload(ctx, t.channel, t.thread, m); err != nil {
				a.log.Warn("cannot upload the answer's chart", "channel", t.channel, "err", err)
			}
		}
	}
	return nil
}

// slashText maps "/readout ..." onto the core's grammar: "ask Q" is the
// question Q, a bare command is help, anything else ("latest trump putin",
// "source add URL", "digest status") passes as typed.
func slashText(text string) string {
	text = strings.TrimSpace(plainText(text, ""))
	word, rest, _ := strings.Cut(text, " ")
	switch strings.ToLower(word) {
	case "", "help":
		return "help"
	case "ask":
		if rest = strings.TrimSpace(rest); rest == "" {
			return "help"
		}
		return rest
	}
	return text
}

// slackMarkup matches Slack's <...> markup in message text: user and
// channel references, special mentions and links.
var slackMarkup = regexp.MustCompile(`<([^<>]*)>`)

// plainText turns message text as Slack sends it into what the user typed:
// the bot's own mention removed, links unwrapped to their URL (so "source
// add" gets the URL), other references to a readable name, and the HTML
// escapes undone.
func plainText(text, botUserID string) string {
	text = slackMarkup.ReplaceAllStringFunc(text, func(m string) string {
		inner := m[1 : len(m)-1]
		ref, label, _ := strings.Cut(inner, "|")
		switch {
		case strings.HasPrefix(ref, "@"):
			if botUserID != "" && ref[1:] == botUserID {
				return ""
			}
			if label != "" {
				return "@" + label
			}
			return ref
		case strings.HasPrefix(ref, "#"):
			if label != "" {
				return "#" + label
			}
			return ref
		case strings.HasPrefix(ref, "!"):
			if label != "" {
				return label
			}
			name, _, _ := strings.Cut(ref[1:], "^")
			return "@" + name
		default:
			return ref
		}
	})
	text = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(text)
	// Without the bot's id, a mention leading the text is taken to be the
	// bot's: app_mention events start with it.
	if botUserID == "" {
		text = strings.TrimSpace(text)
		if strings.HasPrefix(text, "@U") || strings.HasPrefix(text, "@W") {
			_, text, _ = strings.Cut(text, " ")
		}
	}
	return strings.Join(strings.Fields(text), " ")
}

// isDM reports whether a channel id is a direct message: Slack gives DMs
// ids starting with D.
func isDM(channel string) bool { return strings.HasPrefix(channel, "D") }
