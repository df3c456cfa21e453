package discord

import (
	"context"
	"strings"

	"github.com/bwmarrin/discordgo"

	"readout/bot"
)

// onMessage answers a message that mentions the bot in a guild channel, or
// any message in a DM, with a reply to it. It runs in the gateway's reading
// goroutine, so it only filters and hands the work on.
func (a *Adapter) onMessage(_ *discordgo.Session, mc *discordgo.MessageCreate) {
	a.safely("message", func() {
		m := mc.Message
		me := a.me()
		// Discord echoes the bot's own posts (answers, digests) back;
		// other bots and webhooks are ignored too, so that no two bots can
		// keep each other talking.
		if m == nil || m.Author == nil || me == "" || m.Author.ID == me || m.Author.Bot || m.WebhookID != "" {
			return
		}
		if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
			return
		}
		dm := m.GuildID == ""
		if !dm && !mentions(m, me) {
			return
		}
		text := stripMention(m.Content, me)
		if text == "" {
			text = "help"
		}
		req := bot.Request{
			Origin: bot.Origin{
				Platform:  Platform,
				Workspace: m.GuildID,
				Channel:   m.ChannelID,
				User:      m.Author.ID,
				UserName:  displayName(m.Author),
				DM:        dm,
				// A message carries no permissions: admin commands go
				// through /readout-admin, where Discord supplies them.
				Admin: false,
			},
			Text:    text,
			EventID: m.ID,
		}
		if m.Member != nil && m.Member.Nick != "" {
			req.Origin.UserName = m.Member.Nick
		}
		a.spawn("message", func(ctx context.Context) { a.answer(ctx, m, req) },
			func(ctx context.Context) { a.post(ctx, m, textReply(apology), false) })
	})
}

func (a *Adapter) answer(ctx context.Context, m *discordgo.Message, req bot.Request) {
	req.Origin.Thread = a.threadOf(ctx, m.GuildID, m.ChannelID)
	reply := a.h.Handle(ctx, req)
	if reply.Duplicate {
		return
	}
	a.post(ctx, m, Render(reply.Messages), reply.Private)
}

// post replies to m. A private answer to a guild message goes to the
// author's DMs, the only place Discord offers to show a message to one
// member; if that fails (DMs closed), it is posted as an ordinary reply.
func (a *Adapter) post(ctx context.Context, m *discordgo.Message, sends []*discordgo.MessageSend, private bool) {
	if len(sends) == 0 {
		return
	}
	opt := discordgo.WithContext(ctx)
	channel := m.ChannelID
	if private && m.GuildID != "" {
		ch, err := a.s.UserChannelCreate(m.Author.ID, opt)
		if err != nil {
			a.log.Warn("open DM for a private answer; answering in the channel", "user", m.Author.ID, "err", err)
		} else {
			channel = ch.ID
		}
	}
	if channel == m.ChannelID {
		keep := false // a reply to a deleted message is still worth posting
		sends[0].Reference = &discordgo.MessageReference{
			MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &keep,
		}
	}
	for _, s := range sends {
		if _, err := a.s.ChannelMessageSendComplex(channel, s, opt); err != nil {
			a.log.Error("post answer", "channel", channel, "message", m.ID, "err", err)
			return
		}
	}
}

func mentions(m *discordgo.Message, me string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == me {
			return true
		}
	}
	return false
}

// stripMention removes the bot's mentions (<@id> and the older <@!id>) and
// tidies the space they leave.
func stripMention(content, me string) string {
	content = strings.ReplaceAll(content, "<@"+me+">", " ")
	content = strings.ReplaceAll(content, "<@!"+me+">", " ")
	return strings.Join(strings.Fields(content), " ")
}
