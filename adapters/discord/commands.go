package discord

import (
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// The two top-level commands. Discord's default_member_permissions applies
// to a whole top-level command, so the admin subcommands have their own,
// hidden from members without Manage Server; the core checks again on every
// call from the permissions the interaction carries.
const (
	cmdReadout = "readout"
	cmdAdmin   = "readout-admin"
)

// adminPermissions are the member permissions that make an admin.
const adminPermissions = discordgo.PermissionAdministrator | discordgo.PermissionManageGuild

// commands are registered with one bulk overwrite at start.
func commands() []*discordgo.ApplicationCommand {
	manageGuild := int64(discordgo.PermissionManageGuild)
	guildOnly := []discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	everywhere := []discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
	noDM := false

	str := func(name, desc string, required, autocomplete bool) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc,
			Required: required, Autocomplete: autocomplete, MaxLength: 500,
		}
	}
	sub := func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: name, Description: desc, Options: opts,
		}
	}
	group := func(name, desc string, subs ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionSubCommandGroup, Name: name, Description: desc, Options: subs,
		}
	}

	return []*discordgo.ApplicationCommand{
		{
			Name:        cmdReadout,
			Type:        discordgo.ChatApplicationCommand,
			Description: "Calls between national leaders, as the news reports them",
			Contexts:    &everywhere,
			Options: []*discordgo.ApplicationCommandOption{
				sub("ask", "Ask a question about leaders' calls",
					str("question", "For example: when did Macron last call Xi?", true, false)),
				sub("latest", "The latest call, between these leaders if given",
					str("leaders", "One or more leaders, comma-separated; empty for any", false, true)),
				sub("calls", "Every call of a leader or a pair, newest first, with a timeline",
					str("leaders", "One or more leaders, comma-separated", true, true),
					str("period", "For example: this year, 2025, since January, between May and July", false, true)),
				sub("help", "What readout can answer"),
			},
		},
		{
			Name:                     cmdAdmin,
			Type:                     discordgo.ChatApplicationCommand,
			Description:              "Manage readout's sources and this channel's digest",
			DefaultMemberPermissions: &manageGuild,
			DMPermission:             &noDM,
			Contexts:                 &guildOnly,
			Options: []*discordgo.ApplicationCommandOption{
				group("source", "News sources",
					sub("add", "Add a feed or page (it is fetched now)", str("url", "Feed or page URL", true, false)),
					sub("remove", "Remove a source", str("url", "Feed or page URL", true, false)),
					sub("list", "List the sources"),
				),
				group("digest", "This channel's digest",
					sub("subscribe", "Post a digest of new calls in this channel",
						str("leaders", "Only calls with these leaders, comma-separated", false, true),
						str("schedule", "daily 08:00 Europe/Paris, weekly mon 09:00, or cron MIN HOUR DOM MON DOW", false, false)),
					sub("unsubscribe", "Stop this channel's digest"),
					sub("status", "Show this channel's digest"),
				),
			},
		},
	}
}

// command is a slash command turned into the core's text grammar.
type command struct {
	text  string
	admin bool // from /readout-admin: every response is ephemeral
}

// parseCommand maps an invocation to the core's grammar: "/readout ask
// question:Q" is Q, "/readout latest leaders:L" is "latest L call",
// "/readout-admin source add url:X" is "source add X", and so on.
func parseCommand(d discordgo.ApplicationCommandInteractionData) (command, error) {
	if len(d.Options) != 1 {
		return command{}, fmt.Errorf("/%s: expected one subcommand, got %d", d.Name, len(d.Options))
	}
	o := d.Options[0]
	switch d.Name {
	case cmdReadout:
		switch o.Name {
		case "ask":
			q := optString(o, "question")
			if q == "" {
				return command{}, errors.New("/readout ask: the question is empty")
			}
			return command{text: q}, nil
		case "latest":
			l := strings.Join(splitLeaders(optString(o, "leaders")), " ")
			if l == "" {
				return command{text: "latest call"}, nil
			}
			return command{text: "latest " + l + " call"}, nil
		case "calls":
			l := strings.Join(splitLeaders(optString(o, "leaders")), " ")
			if l == "" {
				return command{}, errors.New("/readout calls: no leaders given")
			}
			return command{text: "list all " + l + " calls" + periodPhrase(optString(o, "period"))}, nil
		case "help":
			return command{text: "help"}, nil
		}
	case cmdAdmin:
		if len(o.Options) != 1 {
			return command{}, fmt.Errorf("/%s %s: expected one subcommand", d.Name, o.Name)
		}
		s := o.Options[0]
		switch o.Name + " " + s.Name {
		case "source add", "source remove":
			u := optString(s, "url")
			if u == "" {
				return command{}, fmt.Errorf("/%s %s %s: no url", d.Name, o.Name, s.Name)
			}
			return command{text: o.Name + " " + s.Name + " " + u, admin: true}, nil
		case "source list", "digest unsubscribe", "digest status":
			return command{text: o.Name + " " + s.Name, admin: true}, nil
		case "digest subscribe":
			text := "digest subscribe"
			if l := splitLeaders(optString(s, "leaders")); len(l) > 0 {
				text += " leaders=" + strings.Join(l, ",")
			}
			// schedule= takes the rest of the line, so it comes last.
			if sc := strings.Join(strings.Fields(optString(s, "schedule")), " "); sc != "" {
				text += " schedule=" + sc
			}
			return command{text: text, admin: true}, nil
		}
	}
	return command{}, fmt.Errorf("unknown command /%s %s", d.Name, o.Name)
}

// periodPhrase makes a period option follow "calls": a bare year, month
// or day ("2025", "March", "18 March 2025") reads "in 2025"; a phrase
// ("this year", "since January") stands as typed.
func periodPhrase(p string) string {
	p = strings.Join(strings.Fields(p), " ")
	if p == "" {
		return ""
	}
	first := strings.ToLower(strings.Fields(p)[0])
	if first[0] >= '0' && first[0] <= '9' {
		return " in " + p
	}
	for _, m := range periodMonths {
		if strings.HasPrefix(m, first) && len(first) >= 3 {
			return " in " + p
		}
	}
	return " " + p
}

var periodMonths = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// periodChoices are offered while a period is typed.
var periodChoices = []string{"this year", "last year", "this month", "last month", "the past week", "since January", "2026", "2025", "2024"}

// optString is the named string option of o, trimmed; "" when absent.
func optString(o *discordgo.ApplicationCommandInteractionDataOption, name string) string {
	opt := o.GetOption(name)
	if opt == nil {
		return ""
	}
	s, _ := opt.Value.(string)
	return strings.TrimSpace(s)
}

// splitLeaders splits a comma-separated list of leaders and drops blanks.
// Inner spaces are collapsed: a leader may be named in full ("Xi Jinping").
func splitLeaders(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// focused finds the option being typed in an autocomplete interaction.
func focused(opts []*discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range opts {
		if o.Focused {
			return o
		}
		if f := focused(o.Options); f != nil {
			return f
		}
	}
	return nil
}

// isAdmin says whether the member may run admin commands. In DMs there is no
// member, and no admin.
func isAdmin(m *discordgo.Member) bool {
	return m != nil && m.Permissions&adminPermissions != 0
}
