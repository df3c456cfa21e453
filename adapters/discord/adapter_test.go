package discord

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"readout/adapters/discord/internal/fakediscord"
	"readout/bot"
)

func TestIdentifiesWithoutPrivilegedIntents(t *testing.T) {
	t.Parallel()
	e := start(t, &coreLike{}, nil)
	r := e.wait(func(r fakediscord.Request) bool { return r.Method == "WS" && r.Path == "IDENTIFY" })
	id := decode[fakediscord.Identify](r.Body)
	want := int(discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages)
	if id.Intents != want {
		t.Errorf("intents = %d, want %d (Guilds, GuildMessages, DirectMessages)", id.Intents, want)
	}
	privileged := int(discordgo.IntentsGuildMembers | discordgo.IntentsGuildPresences | discordgo.IntentsMessageContent)
	if id.Intents&privileged != 0 {
		t.Errorf("intents %d include privileged ones", id.Intents)
	}
	if id.Shard != nil {
		t.Errorf("a single shard identified as shard %v", *id.Shard)
	}
}

func TestIdentifiesAsConfiguredShard(t *testing.T) {
	t.Parallel()
	e := start(t, &coreLike{}, func(o *Options) { o.ShardID, o.ShardCount = 1, 2 })
	r := e.wait(func(r fakediscord.Request) bool { return r.Method == "WS" && r.Path == "IDENTIFY" })
	id := decode[fakediscord.Identify](r.Body)
	if id.Shard == nil || *id.Shard != [2]int{1, 2} {
		t.Fatalf("shard = %v, want [1 2]", id.Shard)
	}
}

// registered is the part of a registered command the tests look at.
type registered struct {
	Name                     string  `json:"name"`
	DefaultMemberPermissions *string `json:"default_member_permissions"`
	Contexts                 []int   `json:"contexts"`
	Options                  []registeredOption
}

type registeredOption struct {
	Type         int    `json:"type"`
	Name         string `json:"name"`
	Required     bool   `json:"required"`
	Autocomplete bool   `json:"autocomplete"`
	Options      []registeredOption
}

func (o registeredOption) find(path ...string) *registeredOption {
	if len(path) == 0 {
		return &o
	}
	for _, c := range o.Options {
		if c.Name == path[0] {
			return c.find(path[1:]...)
		}
	}
	return nil
}

func TestRegistersCommandsToGuildsWithBulkOverwrite(t *testing.T) {
	t.Parallel()
	e := start(t, &coreLike{}, nil)
	r := e.wait(route(fakediscord.RouteGuildCommands))
	if want := "/api/v9/applications/" + e.fake.AppID + "/guilds/" + guildID + "/commands"; r.Path != want {
		t.Errorf("registered at %s, want %s", r.Path, want)
	}
	if r.Status != 200 {
		t.Errorf("registration answered %d", r.Status)
	}
	var cmds []registered
	if err := json.Unmarshal(r.Body, &cmds); err != nil {
		t.Fatal(err)
	}
	byName := map[string]registered{}
	for _, c := range cmds {
		byName[c.Name] = c
	}
	if len(cmds) != 2 || byName["readout"].Name == "" || byName["readout-admin"].Name == "" {
		t.Fatalf("registered %+v, want readout and readout-admin", cmds)
	}

	open := byName["readout"]
	if open.DefaultMemberPermissions != nil {
		t.Errorf("/readout has default_member_permissions %q; it must stay open to all", *open.DefaultMemberPermissions)
	}
	root := registeredOption{Options: open.Options}
	if o := root.find("ask", "question"); o == nil || !o.Required {
		t.Errorf("/readout ask question: missing or optional: %+v", o)
	}
	if o := root.find("latest", "leaders"); o == nil || !o.Autocomplete || o.Required {
		t.Errorf("/readout latest leaders: missing, without autocomplete or required: %+v", o)
	}
	if o := root.find("calls", "leaders"); o == nil || !o.Autocomplete || !o.Required {
		t.Errorf("/readout calls leaders: missing, without autocomplete or optional: %+v", o)
	}
	if o := root.find("calls", "period"); o == nil || !o.Autocomplete || o.Required {
		t.Errorf("/readout calls period: missing, without autocomplete or required: %+v", o)
	}

	adm := byName["readout-admin"]
	if adm.DefaultMemberPermissions == nil || *adm.DefaultMemberPermissions != "32" {
		t.Errorf("/readout-admin default_member_permissions = %v, want \"32\" (Manage Server)", adm.DefaultMemberPermissions)
	}
	if !slices.Equal(adm.Contexts, []int{0}) {
		t.Errorf("/readout-admin contexts = %v, want guilds only", adm.Contexts)
	}
	root = registeredOption{Options: adm.Options}
	for _, path := range [][]string{
		{"source", "add", "url"}, {"source", "remove", "url"}, {"source", "list"},
		{"digest", "subscribe", "leaders"}, {"digest", "subscribe", "schedule"},
		{"digest", "unsubscribe"}, {"digest", "status"},
	} {
		if root.find(path...) == nil {
			t.Errorf("/readout-admin %s is missing", strings.Join(path, " "))
		}
	}
	if o := root.find("digest", "subscribe", "leaders"); o != nil && !o.Autocomplete {
		t.Error("/readout-admin digest subscribe leaders: has no autocomplete")
	}
}

func TestRegistersGloballyWithoutGuilds(t *testing.T) {
	t.Parallel()
	e := start(t, &coreLike{}, func(o *Options) { o.Guilds = nil })
	r := e.wait(route(fakediscord.RouteGlobalCommands))
	if want := "/api/v9/applications/" + e.fake.AppID + "/commands"; r.Path != want {
		t.Errorf("registered at %s, want %s", r.Path, want)
	}
	for _, r := range e.fake.Requests() {
		if r.Pattern == fakediscord.RouteGuildCommands {
			t.Errorf("registered to a guild as well: %s", r.Path)
		}
	}
}

func TestSlashCommandDefersThenEditsWithTheAnswer(t *testing.T) {
	t.Parallel()
	h := &coreLike{gate: make(chan struct{})}
	e := start(t, h, nil)
	in := e.interact(fakediscord.Invocation{
		Guild: guildID, User: member, Command: "readout",
		Options: []fakediscord.Option{fakediscord.Sub("latest", fakediscord.Str("leaders", "trump, putin"))},
	})

	// The core is still thinking: the deferred response must come first.
	cb := e.wait(about(in, fakediscord.RouteCallback))
	resp := decode[fakediscord.InteractionResponse](cb.Body)
	if resp.Type != 5 {
		t.Fatalf("first response type %d, want 5 (deferred)", resp.Type)
	}
	if resp.Data != nil && resp.Data.Flags&64 != 0 {
		t.Error("the deferred answer to /readout is ephemeral; it should be public")
	}
	close(h.gate)

	edit := e.wait(about(in, fakediscord.RouteEditResponse))
	if edit.Status != 200 || !strings.HasSuffix(edit.Path, "/messages/@original") {
		t.Fatalf("edit %s answered %d", edit.Path, edit.Status)
	}
	m := decode[fakediscord.Message](edit.Body)
	if len(m.Embeds) != 1 {
		t.Fatalf("edit has %d embeds, want 1", len(m.Embeds))
	}
	emb := m.Embeds[0]
	want := callMessage("latest trump putin call")
	if emb.Title != want.Title {
		t.Errorf("embed title %q, want %q", emb.Title, want.Title)
	}
	if !strings.Contains(emb.Description, "prisoner exchange") || !strings.Contains(emb.Description, "https://wire.example.com/b/2") {
		t.Errorf("embed description lacks the key points and their sources:\n%s", emb.Description)
	}
	fields := map[string]string{}
	for _, f := range emb.Fields {
		fields[f.Name] = f.Value
	}
	if fields["Duration"] != "about 2 h" || fields["Initiator"] != "Donald Trump" {
		t.Errorf("fields %v lack duration and initiator", fields)
	}
	if !strings.Contains(fields["Sources"], "[Readout of the call](https://wire.example.com/b/2)") {
		t.Errorf("sources field %q", fields["Sources"])
	}
	if emb.Footer == nil || emb.Footer.Text != want.Footer || emb.Timestamp != "2025-03-19T08:10:00Z" {
		t.Errorf("footer %+v, timestamp %q", emb.Footer, emb.Timestamp)
	}

	reqs := h.requests()
	if len(reqs) != 1 {
		t.Fatalf("handler got %d requests", len(reqs))
	}
	got := reqs[0]
	wantOrigin := bot.Origin{Platform: "discord", Workspace: guildID, Channel: channelID,
		User: member.ID, UserName: member.Name}
	if got.Text != "latest trump putin call" || got.Origin != wantOrigin || got.EventID != in.ID {
		t.Errorf("request %+v, want text %q, origin %+v", got, "latest trump putin call", wantOrigin)
	}
}

func TestAskCommandPassesTheQuestion(t *testing.T) {
	t.Parallel()
	h := &coreLike{}
	e := start(t, h, nil)
	in := e.interact(fakediscord.Invocation{
		Guild: guildID, User: member, Command: "readout",
		Options: []fakediscord.Option{fakediscord.Sub("ask", fakediscord.Str("question", "  when did Macron last call Xi? "))},
	})
	e.wait(about(in, fakediscord.RouteEditResponse))
	if r := h.requests(); len(r) != 1 || r[0].Text != "when did Macron last call Xi?" {
		t.Fatalf("requests %+v", r)
	}
}

func TestAdminCommandFromAManager(t *testing.T) {
	t.Parallel()
	for _, who := range []fakediscord.User{manager, owner} {
		h := &coreLike{}
		e := start(t, h, nil)
		in := e.interact(fakediscord.Invocation{
			Guild: guildID, User: who, Command: "readout-admin",
			Options: []fakediscord.Option{fakediscord.Group("source",
				fakediscord.Sub("add", fakediscord.Str("url", "https://feeds.example.net/world.xml")))},
		})
		cb := decode[fakediscord.InteractionResponse](e.wait(about(in, fakediscord.RouteCallback)).Body)
		if cb.Type != 5 || cb.Data == nil || cb.Data.Flags != 64 {
			t.Errorf("%s: first response %+v, want deferred with flags 64", who.Name, cb)
		}
		edit := e.wait(about(in, fakediscord.RouteEditResponse))
		if m := decode[fakediscord.Message](edit.Body); len(m.Embeds) != 1 || m.Embeds[0].Title != "Source added" {
			t.Errorf("%s: edit %s", who.Name, edit.Body)
		}
		reqs := h.requests()
		if len(reqs) != 1 || !reqs[0].Origin.Admin || reqs[0].Text != "source add https://feeds.example.net/world.xml" {
			t.Errorf("%s: requests %+v", who.Name, reqs)
		}
		if s := h.store(); !slices.Equal(s, []string{"https://feeds.example.net/world.xml"}) {
			t.Errorf("%s: store %v", who.Name, s)
		}
	}
}

func TestAdminCommandFromANonAdminIsRefusedPrivately(t *testing.T) {
	t.Parallel()
	h := &coreLike{}
	e := start(t, h, nil)
	in := e.interact(fakediscord.Invocation{
		Guild: guildID, User: member, Command: "readout-admin",
		Options: []fakediscord.Option{fakediscord.Group("source",
			fakediscord.Sub("add", fakediscord.Str("url", "https://feeds.example.net/world.xml")))},
	})
	cb := decode[fakediscord.InteractionResponse](e.wait(about(in, fakediscord.RouteCallback)).Body)
	if cb.Type != 5 || cb.Data == nil || cb.Data.Flags != 64 {
		t.Errorf("first response %+v, want deferred with flags 64", cb)
	}
	edit := decode[fakediscord.Message](e.wait(about(in, fakediscord.RouteEditResponse)).Body)
	if len(edit.Embeds) != 1 || edit.Embeds[0].Title != "Not allowed" {
		t.Errorf("refusal %+v", edit)
	}
	for _, r := range h.requests() {
		if r.Origin.Admin {
			t.Errorf("the core was asked to run %q as an admin", r.Text)
		}
	}
	if s := h.store(); len(s) != 0 {
		t.Errorf("the store changed: %v", s)
	}
	e.idle()
	for _, r := range e.fake.Requests() {
		if r.Pattern == fakediscord.RouteFollowup || r.Pattern == fakediscord.RouteChannelMessages {
			t.Errorf("refusal also posted publicly: %s %s", r.Method, r.Path)
		}
	}
}

func TestAdminCommandsInTheCoreGrammar(t *testing.T) {
	t.Parallel()
	h := &coreLike{}
	e := start(t, h, nil)
	cases := []struct {
		opts []fakediscord.Option
		want string
	}{
		{[]fakediscord.Option{fakediscord.Group("digest", fakediscord.Sub("subscribe",
			fakediscord.Str("leaders", "trump, putin"), fakediscord.Str("schedule", "daily  08:00 Europe/Paris")))},
			"digest subscribe leaders=trump,putin schedule=daily 08:00 Europe/Paris"},
		{[]fakediscord.Option{fakediscord.Group("digest", fakediscord.Sub("subscribe"))}, "digest subscribe"},
		{[]fakediscord.Option{fakediscord.Group("digest", fakediscord.Sub("unsubscribe"))}, "digest unsubscribe"},
		{[]fakediscord.Option{fakediscord.Group("digest", fakediscord.Sub("status"))}, "digest status"},
		{[]fakediscord.Option{fakediscord.Group("source", fakediscord.Sub("list"))}, "source list"},
		{[]fakediscord.Option{fakediscord.Group("source", fakediscord.Sub("remove",
			fakediscord.Str("url", "https://feeds.example.net/world.xml")))}, "source remove https://feeds.example.net/world.xml"},
	}
	for _, c := range cases {
		in := e.interact(fakediscord.Invocation{Guild: guildID, User: manager, Command: "readout-admin", Options: c.opts})
		e.wait(about(in, fakediscord.RouteEditResponse))
	}
	reqs := h.requests()
	var texts []string
	for _, r := range reqs {
		texts = append(texts, r.Text)
	}
	for _, c := range cases {
		if !slices.Contains(texts, c.want) {
			t.Errorf("no request %q among %q", c.want, texts)
		}
	}
}

func TestPrivateAnswerToAPublicCommandIsEphemeral(t *testing.T) {
	t.Parallel()
	h := &coreLike{}
	e := start(t, h, nil)
	// An admin command typed as a question: the core refuses it privately,
	// but the deferred response was public.
	in := e.interact(fakediscord.Invocation{
		Guild: guildID, User: member, Command: "readout",
		Options: []fakediscord.Option{fakediscord.Sub("ask", fakediscord.Str("question", "source add https://x.example.com/feed"))},
	})
	del := e.wait(about(in, fakediscord.RouteDeleteResponse))
	if !strings.HasSuffix(del.Path, "/messages/@original") {
		t.Errorf("deleted %s", del.Path)
	}
	f := decode[fakediscord.Message](e.wait(about(in, fakediscord.RouteFollowup)).Body)
	if f.Flags != 64 || len(f.Embeds) != 1 || f.Embeds[0].Title != "Not allowed" {
		t.Errorf("follow-up %+v, want the ephemeral refusal", f)
	}
	e.idle()
	for _, r := range e.fake.Requests() {
		if about(in, fakediscord.RouteEditResponse)(r) {
			t.Errorf("the public response was edited with a private answer")
		}
	}
	if s := h.store(); len(s) != 0 {
		t.Errorf("the store changed: %v", s)
	}
}

func TestSlashCommandInADMIsNeverAdmin(t *testing.T) {
	t.Parallel()
	h := &coreLike{}
	e := start(t, h, nil)
	in := e.interact(fakediscord.Invocation{
		User: owner, Command: "readout-admin",
		Options: []fakediscord.Option{fakediscord.Group("source", fakediscord.Sub("list"))},
	})
	e.wait(about(in, fakediscord.RouteEditResponse))
	r := h.requests()
	if len(r) != 1 || r[0].Origin.Admin || !r[0].Origin.DM || r[0].Origin.Workspace != "" || r[0].Origin.User != owner.ID {
		t.Fatalf("requests %+v", r)
	}
}

func TestAutocompletesLeaderNames(t *testing.T) {
	t.Parallel()
	e := start(t, &coreLike{}, nil)
	in := e.interact(fakediscord.Invocation{
		Guild: guildID, User: member, Command: "readout", Autocomplete: true,
		Options: []fakediscord.Option{fakediscord.Sub("latest", fakediscord.Typing("leaders", "Donald Trump, v"))},
	})
	cb := decode[fakediscord.InteractionResponse](e.wait(about(in, fakediscord.RouteCallback)).Body)
	if cb.Type != 8 || cb.Data == nil {
		t.Fatalf("response %+v, want type 8 with choices", cb)
	}
	var got []string
	for _, c := range cb.Data.Choices {
		got = append(got, c.Name)
		if c.Value != c.Name {
			t.Errorf("choice %q has value %v", c.Name, c.Value)
		}
	}
	if want := []string{"Donald Trump,Vladimir Putin", "Donald Trump,Volodymyr Zelensky"}; !slices.Equal(got, want) {
		t.Errorf("choices %q, want %q", got, want)
	}
}

func TestAutocompletesPeriods(t *testing.T) {
	t.Parallel()
	e := start(t, &coreLike{}, nil)
	in := e.interact(fakediscord.Invocation{
		Guild: guildID, User: member, Command: "readout", Autocomplete: true,
		Options: []fakediscord.Option{fakediscord.Sub("calls", fakediscord.Str("leaders", "Putin"), fakediscord.Typing("period", "last"))},
	})
	cb := decode[fakediscord.InteractionResponse](e.wait(about(in, fakediscord.RouteCallback)).Body)
	if cb.Type != 8 || cb.Data == nil {
		t.Fatalf("response %+v, want type 8 with choices", cb)
	}
	var got []string
	for _, c := range cb.Data.Choices {
		got = append(got, c.Name)
	}
	if want := []string{"last", "last year", "last month"}; !slices.Equal(got, want) {
		t.Errorf("choices %v, want %v", got, want)
	}
}

func TestUnknownCommandGetsAnEphemeralAnswer(t *testing.T) {
	t.Parallel()
	h := &coreLike{}
	e := start(t, h, nil)
	in := e.interact(fakediscord.Invocation{Guild: guildID, User: member, Command: "readout",
		Options: []fakediscord.Option{fakediscord.Sub("dance")}})
	cb := decode[fakediscord.InteractionResponse](e.wait(about(in, fakediscord.RouteCallback)).Body)
	if cb.Type != 4 || cb.Data == nil || cb.Data.Flags != 64 || !strings.Contains(cb.Data.Content, "/readout help") {
		t.Errorf("response %+v", cb)
	}
	if len(h.requests()) != 0 {
		t.Error("an unknown command reached the core")
	}
}

func TestMentionGetsAReply(t *testing.T) {
	t.Parallel()
	h := &coreLike{}
	e := start(t, h, nil)
	id := e.mention("latest   trump putin call")
	r := e.wait(replyTo(id))
	if r.Status != 200 || r.Path != "/api/v9/channels/"+channelID+"/messages" {
		t.Fatalf("reply %s answered %d", r.Path, r.Status)
	}
	m := decode[fakediscord.Message](r.Body)
	if len(m.Embeds) != 1 || m.Embeds[0].Title != callMessage("").Title {
		t.Errorf("reply %s", r.Body)
	}
	reqs := h.requests()
	want := bot.Origin{Platform: "discord", Workspace: guildID, Channel: channelID, User: member.ID, UserName: member.Name}
	if len(reqs) != 1 || reqs[0].Text != "latest trump putin call" || reqs[0].Origin != want || reqs[0].EventID != id {
		t.Errorf("requests %+v", reqs)
	}
}

func TestIgnoresOwnAndUnaddressedMessages(t *testing.T) {
	t.Parallel()
	h := &coreLike{}
	e := start(t, h, nil)
	// The fake echoes the bot's reply back as Discord does; the bot's own
	// post mentioning itself, another bot's mention and a message for
	// someone else must all be ignored too.
	first := e.mention("latest trump putin call")
	e.wait(replyTo(first))
	bot2 := fakediscord.User{ID: "1200000000000000099", Name: "otherbot", Bot: true}
	for _, p := range []fakediscord.Post{
		{Guild: guildID, Channel: channelID, Author: e.fake.Bot(), Content: "<@" + e.fake.BotID + "> hello me", Mentions: []fakediscord.User{e.fake.Bot()}},
		{Guild: guildID, Channel: channelID, Author: bot2, Content: "<@" + e.fake.BotID + "> hello", Mentions: []fakediscord.User{e.fake.Bot()}},
		{Guild: guildID, Channel: channelID, Author: member, Content: "latest trump putin call"},
	} {
		if _, err := e.fake.MessageCreate(p); err != nil {
			t.Fatal(err)
		}
	}
	// Events are filtered in order: once this one is answered and nothing
	// is in flight, the ones before it were handled.
	last := e.mention("help")
	e.wait(replyTo(last))
	e.idle()
	if n := len(h.requests()); n != 2 {
		t.Errorf("the core got %d requests, want 2: %+v", n, h.requests())
	}
	posts := 0
	for _, r := range e.fake.Requests() {
		if r.Pattern == fakediscord.RouteChannelMessages {
			posts++
		}
	}
	if posts != 2 {
		t.Errorf("%d posts, want 2", posts)
	}
}

func TestDirectMessageGetsAReply(t *testing.T) {
	t.Parallel()
	h := &coreLike{}
	e := start(t, h, nil)
	dm := "1200000000000000300"
	id, err := e.fake.MessageCreate(fakediscord.Post{Channel: dm, Author: member, Content: "latest macron xi call"})
	if err != nil {
		t.Fatal(err)
	}
	r := e.wait(replyTo(id))
	if r.Path != "/api/v9/channels/"+dm+"/messages" {
		t.Errorf("replied in %s", r.Path)
	}
	reqs := h.requests()
	if len(reqs) != 1 || reqs[0].Text != "latest macron xi call" || !reqs[0].Origin.DM || reqs[0].Origin.Workspace != "" || reqs[0].Origin.Admin {
		t.Errorf("requests %+v", reqs)
	}
}

func TestPrivateAnswerToAMentionGoesToDMs(t *testing.T) {
	t.Parallel()
	h := &coreLike{}
	e := start(t, h, nil)
	e.mention("source add https://x.example.com/feed")
	r := e.wait(func(r fakediscord.Request) bool {
		return r.Pattern == fakediscord.RouteChannelMessages && r.Path == "/api/v9/channels/"+fakediscord.DMChannel(member.ID)+"/messages"
	})
	if m := decode[fakediscord.Message](r.Body); len(m.Embeds) != 1 || m.Embeds[0].Title != "Not allowed" || m.Reference != nil {
		t.Errorf("DM %s", r.Body)
	}
	e.idle()
	for _, r := range e.fake.Requests() {
		if r.Path == "/api/v9/channels/"+channelID+"/messages" {
			t.Error("the private answer was posted in the channel")
		}
	}
	if reqs := h.requests(); len(reqs) != 1 || reqs[0].Origin.Admin {
		t.Errorf("requests %+v", reqs)
	}
}

func TestPanickingHandlerGetsAnApology(t *testing.T) {
	t.Parallel()
	h := &coreLike{}
	e := start(t, h, nil)
	id := e.mention("boom")
	m := decode[fakediscord.Message](e.wait(replyTo(id)).Body)
	if !strings.Contains(m.Content, "Sorry") {
		t.Errorf("reply to a panic: %+v", m)
	}
	in := e.interact(fakediscord.Invocation{Guild: guildID, User: member, Command: "readout",
		Options: []fakediscord.Option{fakediscord.Sub("ask", fakediscord.Str("question", "boom"))}})
	f := decode[fakediscord.Message](e.wait(about(in, fakediscord.RouteFollowup)).Body)
	if !strings.Contains(f.Content, "Sorry") || f.Flags != 64 {
		t.Errorf("follow-up after a panic: %+v", f)
	}
	// Still alive and answering.
	id = e.mention("latest trump putin call")
	if m := decode[fakediscord.Message](e.wait(replyTo(id)).Body); len(m.Embeds) != 1 {
		t.Errorf("answer after the panics: %+v", m)
	}
	if !strings.Contains(e.logs.String(), "the handler fell over") {
		t.Error("the panic was not logged")
	}
}

func TestResumesAfterTheSocketDrops(t *testing.T) {
	t.Parallel()
	h := &coreLike{}
	e := start(t, h, nil)
	id := e.mention("latest trump putin call")
	e.wait(replyTo(id))
	session := e.fake.Session()

	e.fake.Drop()
	// Sent while the bot is away: Discord replays it on resume.
	missed := e.mention("latest macron xi call")
	rs := e.wait(func(r fakediscord.Request) bool { return r.Method == "WS" && r.Path == "RESUME" })
	resume := decode[fakediscord.Resume](rs.Body)
	if resume.SessionID != session || resume.Seq == 0 || resume.Token != "Bot "+testToken {
		t.Errorf("resume %+v, want session %s and a sequence", resume, session)
	}
	e.wait(replyTo(missed))
	after := e.mention("help")
	e.wait(replyTo(after))
	for _, r := range e.fake.Requests() {
		if r.Method == "WS" && r.Path == "IDENTIFY" && r.At.After(rs.At) {
			t.Error("the bot identified anew instead of resuming")
		}
	}
	if s := e.fake.Session(); s != session {
		t.Errorf("session changed from %s to %s", session, s)
	}
}

func TestLongAnswersAreSplitAcrossMessages(t *testing.T) {
	t.Parallel()
	e := start(t, &coreLike{}, nil)
	in := e.interact(fakediscord.Invocation{Guild: guildID, User: member, Command: "readout",
		Options: []fakediscord.Option{fakediscord.Sub("ask", fakediscord.Str("question", "everything"))}})
	id := e.mention("everything")
	e.wait(about(in, fakediscord.RouteEditResponse))
	e.wait(replyTo(id))
	e.idle()

	want := len(Render(longDigest()))
	var edits, followups, posts, referenced int
	for _, r := range e.fake.Requests() {
		m := decode[fakediscord.Message](r.Body)
		switch r.Pattern {
		case fakediscord.RouteEditResponse:
			edits++
		case fakediscord.RouteFollowup:
			followups++
			if m.Flags != 0 {
				t.Errorf("follow-up of a public answer has flags %d", m.Flags)
			}
		case fakediscord.RouteChannelMessages:
			posts++
			if m.Reference != nil && m.Reference.MessageID == id {
				referenced++
			}
		default:
			continue
		}
		if r.Status != 200 && r.Status != 204 {
			t.Errorf("%s answered %d: %s", r.Pattern, r.Status, r.Body)
		}
		if err := fakediscord.CheckMessage(m); err != nil {
			t.Errorf("%s over Discord's limits: %v", r.Pattern, err)
		}
	}
	if want < 2 || edits != 1 || followups != want-1 || posts != want || referenced != 1 {
		t.Errorf("%d Discord messages: %d edits, %d follow-ups, %d posts (%d replying)", want, edits, followups, posts, referenced)
	}
}
