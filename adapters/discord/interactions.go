package discord

import (
	"context"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"readout/bot"
)

// Autocomplete must answer within Discord's 3 seconds, lookup included.
const autocompleteTimeout = 2 * time.Second

// Discord's limits on autocomplete choices.
const (
	maxChoices   = 25
	maxChoiceLen = 100
)

// onInteraction answers slash commands and autocomplete. It runs in the
// gateway's reading goroutine, so it only parses and hands the work on.
func (a *Adapter) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	a.safely("interaction", func() {
		if ic.Interaction == nil {
			return
		}
		i := ic.Interaction
		data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
		if !ok {
			return // buttons and modals: readout sends none
		}
		switch i.Type {
		case discordgo.InteractionApplicationCommandAutocomplete:
			a.spawn("autocomplete", func(ctx context.Context) { a.autocomplete(ctx, i, data) },
				func(ctx context.Context) { a.respondChoices(ctx, i, nil) })
		case discordgo.InteractionApplicationCommand:
			r := &interactionReply{i: i}
			cmd, err := parseCommand(data)
			if err != nil {
				a.log.Warn("unusable command", "err", err)
				r.ephemeral = true
				a.spawn("command", func(ctx context.Context) {
					a.finish(ctx, r, textReply("I don't know that command. Try /readout help."), true)
				}, nil)
				return
			}
			r.ephemeral = cmd.admin
			a.spawn("command", func(ctx context.Context) { a.command(ctx, r, cmd) },
				func(ctx context.Context) { a.finish(ctx, r, textReply(apology), true) })
		}
	})
}

// interactionReply tracks what has been sent for one interaction.
type interactionReply struct {
	i         *discordgo.Interaction
	ephemeral bool // the deferred response was ephemeral
	deferred  bool // the deferred response was sent
}

// command acknowledges at once, with a deferred response that admin
// commands make ephemeral from the start, then asks the core and edits the
// response with the answer.
func (a *Adapter) command(ctx context.Context, r *interactionReply, cmd command) {
	if !a.deferResponse(ctx, r) {
		return
	}
	req := bot.Request{
		Origin:  interactionOrigin(r.i),
		Text:    cmd.text,
		EventID: r.i.ID,
	}
	req.Origin.Thread = a.threadOf(ctx, r.i.GuildID, r.i.ChannelID)
	reply := a.h.Handle(ctx, req)
	if reply.Duplicate {
		a.check(r, "delete response", a.s.InteractionResponseDelete(r.i, discordgo.WithContext(ctx)))
		return
	}
	a.finish(ctx, r, Render(reply.Messages), reply.Private)
}

func (a *Adapter) deferResponse(ctx context.Context, r *interactionReply) bool {
	resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if r.ephemeral {
		resp.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	err := a.s.InteractionRespond(r.i, resp, discordgo.WithContext(ctx))
	a.check(r, "defer response", err)
	r.deferred = err == nil
	return r.deferred
}

// finish delivers an answer: the first Discord message replaces the
// deferred response, the others follow it. A private answer to a public
// deferred response cannot be made ephemeral by editing, so the public
// placeholder is deleted and the answer comes as ephemeral follow-ups.
func (a *Adapter) finish(ctx context.Context, r *interactionReply, sends []*discordgo.MessageSend, private bool) {
	if len(sends) == 0 {
		sends = textReply("Done.")
	}
	opt := discordgo.WithContext(ctx)
	if !r.deferred {
		// Nothing was sent yet (the deferral failed or never happened):
		// answer directly, with the first message only.
		data := &discordgo.InteractionResponseData{
			Content: sends[0].Content, Embeds: sends[0].Embeds, Files: sends[0].Files, AllowedMentions: noMentions(),
		}
		if private || r.ephemeral {
			data.Flags = discordgo.MessageFlagsEphemeral
		}
		a.check(r, "respond", a.s.InteractionRespond(r.i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data,
		}, opt))
		return
	}
	ephemeral := r.ephemeral
	if private && !r.ephemeral {
		if err := a.s.InteractionResponseDelete(r.i, opt); err != nil {
			a.check(r, "delete public response", err)
			return
		}
		ephemeral = true
	} else {
		first := sends[0]
		embeds := first.Embeds
		if embeds == nil {
			embeds = []*discordgo.MessageEmbed{} // null is not an empty list to Discord
		}
		edit := &discordgo.WebhookEdit{Content: &first.Content, Embeds: &embeds, Files: first.Files, AllowedMentions: noMentions()}
		if _, err := a.s.InteractionResponseEdit(r.i, edit, opt); err != nil {
			a.check(r, "edit response", err)
			return
		}
		sends = sends[1:]
	}
	for _, m := range sends {
		p := &discordgo.WebhookParams{Content: m.Content, Embeds: m.Embeds, Files: m.Files, AllowedMentions: noMentions()}
		if ephemeral {
			p.Flags = discordgo.MessageFlagsEphemeral
		}
		if _, err := a.s.FollowupMessageCreate(r.i, true, p, opt); err != nil {
			a.check(r, "follow-up", err)
			return
		}
	}
}

// check logs a failed call about an interaction. Errors from the HTTP
// client quote the URL, which holds the interaction's token: it is masked.
func (a *Adapter) check(r *interactionReply, what string, err error) {
	if err == nil {
		return
	}
	msg := err.Error()
	if r.i.Token != "" {
		msg = strings.ReplaceAll(msg, r.i.Token, ":token")
	}
	a.log.Error("interaction "+what+" failed", "interaction", r.i.ID, "err", msg)
}

// autocomplete offers leader names for the "leaders" option. The option
// holds a comma-separated list, so the last item is completed and the
// earlier ones are kept.
func (a *Adapter) autocomplete(ctx context.Context, i *discordgo.Interaction, d discordgo.ApplicationCommandInteractionData) {
	f := focused(d.Options)
	if f != nil && f.Name == "period" {
		typed, _ := f.Value.(string)
		a.respondChoices(ctx, i, periodOptions(typed))
		return
	}
	if f == nil || f.Name != "leaders" {
		a.respondChoices(ctx, i, nil)
		return
	}
	typed, _ := f.Value.(string)
	done, prefix := "", strings.TrimSpace(typed)
	if k := strings.LastIndexByte(typed, ','); k >= 0 {
		done = strings.Join(splitLeaders(typed[:k]), ",")
		prefix = strings.TrimSpace(typed[k+1:])
	}
	chosen := map[string]bool{}
	for _, l := range splitLeaders(done) {
		chosen[strings.ToLower(l)] = true
	}
	lctx, cancel := context.WithTimeout(ctx, autocompleteTimeout)
	names := a.h.LeaderNames(lctx, prefix)
	cancel()

	var choices []*discordgo.ApplicationCommandOptionChoice
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" || chosen[strings.ToLower(n)] {
			continue
		}
		v := n
		if done != "" {
			v = done + "," + n
		}
		if bot.UTF16Len(v) > maxChoiceLen {
			continue
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: v, Value: v})
		if len(choices) == maxChoices {
			break
		}
	}
	a.respondChoices(ctx, i, choices)
}

// periodOptions offers the common periods that start like typed, and
// typed itself, so that any period the core reads can be given.
func periodOptions(typed string) []*discordgo.ApplicationCommandOptionChoice {
	typed = strings.Join(strings.Fields(typed), " ")
	var out []*discordgo.ApplicationCommandOptionChoice
	if typed != "" && bot.UTF16Len(typed) <= maxChoiceLen {
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: typed, Value: typed})
	}
	low := strings.ToLower(typed)
	for _, p := range periodChoices {
		if p != typed && strings.HasPrefix(strings.ToLower(p), low) {
			out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: p, Value: p})
		}
	}
	return out
}

func (a *Adapter) respondChoices(ctx context.Context, i *discordgo.Interaction, choices []*discordgo.ApplicationCommandOptionChoice) {
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	err := a.s.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}, discordgo.WithContext(ctx))
	a.check(&interactionReply{i: i}, "autocomplete", err)
}

// interactionOrigin says who invoked a command, and where. Admin comes from
// the member's permissions in this channel as Discord computed them; in DMs
// there is no member and no admin.
func interactionOrigin(i *discordgo.Interaction) bot.Origin {
	o := bot.Origin{
		Platform:  Platform,
		Workspace: i.GuildID,
		Channel:   i.ChannelID,
		DM:        i.GuildID == "",
		Admin:     isAdmin(i.Member),
	}
	u := i.User
	if i.Member != nil && i.Member.User != nil {
		u = i.Member.User
	}
	if u != nil {
		o.User, o.UserName = u.ID, displayName(u)
	}
	if i.Member != nil && i.Member.Nick != "" {
		o.UserName = i.Member.Nick
	}
	return o
}

func displayName(u *discordgo.User) string {
	if u.GlobalName != "" {
		return u.GlobalName
	}
	return u.Username
}

// textReply is a plain-text Discord message, for the adapter's own words.
func textReply(s string) []*discordgo.MessageSend {
	return []*discordgo.MessageSend{{Content: s, AllowedMentions: noMentions()}}
}
