package fakediscord

import (
	"strconv"
	"time"
)

// User is a Discord user as events carry it.
type User struct {
	ID   string
	Name string
	Bot  bool
	// Permissions is the member's permission bits in the channel (guild
	// events only).
	Permissions int64
}

func (u User) object() map[string]any {
	return map[string]any{"id": u.ID, "username": u.Name, "global_name": u.Name, "discriminator": "0", "bot": u.Bot}
}

// Bot is the bot's own user.
func (s *Server) Bot() User { return User{ID: s.BotID, Name: s.BotName, Bot: true} }

// Post is a message someone writes. Guild "" makes it a DM.
type Post struct {
	Guild, Channel string
	Author         User
	Content        string
	Mentions       []User
}

// MessageCreate dispatches MESSAGE_CREATE for p and returns the message's id.
func (s *Server) MessageCreate(p Post) (string, error) {
	id := s.Snowflake()
	mentions := make([]map[string]any, len(p.Mentions))
	for i, u := range p.Mentions {
		mentions[i] = u.object()
	}
	d := map[string]any{
		"id":         id,
		"channel_id": p.Channel,
		"author":     p.Author.object(),
		"content":    p.Content,
		"timestamp":  time.Now().UTC().Format(time.RFC3339),
		"type":       0,
		"mentions":   mentions,
	}
	if p.Guild != "" {
		s.mu.Lock()
		s.guildOf[p.Channel] = p.Guild
		s.mu.Unlock()
		d["guild_id"] = p.Guild
		d["member"] = map[string]any{"roles": []string{}, "joined_at": "2024-01-01T00:00:00Z"}
	}
	return id, s.Dispatch("MESSAGE_CREATE", d)
}

// Option is an option of a command invocation: a subcommand or group with
// its own options, or a value.
type Option struct {
	Name    string
	Type    int // 1 subcommand, 2 group, 3 string
	Value   any
	Focused bool
	Options []Option
}

// Sub, Group and Str build options.
func Sub(name string, opts ...Option) Option   { return Option{Name: name, Type: 1, Options: opts} }
func Group(name string, subs ...Option) Option { return Option{Name: name, Type: 2, Options: subs} }
func Str(name, value string) Option            { return Option{Name: name, Type: 3, Value: value} }

// Typing is a string option being typed, for autocomplete.
func Typing(name, value string) Option {
	return Option{Name: name, Type: 3, Value: value, Focused: true}
}

func (o Option) object() map[string]any {
	m := map[string]any{"name": o.Name, "type": o.Type}
	if o.Value != nil {
		m["value"] = o.Value
	}
	if o.Focused {
		m["focused"] = true
	}
	if len(o.Options) > 0 {
		opts := make([]map[string]any, len(o.Options))
		for i, c := range o.Options {
			opts[i] = c.object()
		}
		m["options"] = opts
	}
	return m
}

// Invocation is a slash command someone runs. Guild "" makes it a DM.
type Invocation struct {
	Guild, Channel string
	User           User
	Command        string
	Options        []Option
	Autocomplete   bool
}

// Interaction is an interaction the fake dispatched.
type Interaction struct{ ID, Token string }

// Interact dispatches INTERACTION_CREATE for inv.
func (s *Server) Interact(inv Invocation) (Interaction, error) {
	s.mu.Lock()
	in := &interaction{id: s.snowflake()}
	in.token = "itok-" + in.id
	s.interactions[in.id] = in
	s.mu.Unlock()

	opts := make([]map[string]any, len(inv.Options))
	for i, o := range inv.Options {
		opts[i] = o.object()
	}
	typ := 2
	if inv.Autocomplete {
		typ = 4
	}
	d := map[string]any{
		"id":             in.id,
		"application_id": s.AppID,
		"type":           typ,
		"token":          in.token,
		"version":        1,
		"channel_id":     inv.Channel,
		"locale":         "en-US",
		"data":           map[string]any{"id": s.Snowflake(), "name": inv.Command, "type": 1, "options": opts},
	}
	if inv.Guild != "" {
		d["guild_id"] = inv.Guild
		d["context"] = 0
		d["member"] = map[string]any{
			"user":        inv.User.object(),
			"roles":       []string{},
			"joined_at":   "2024-01-01T00:00:00Z",
			"permissions": strconv.FormatInt(inv.User.Permissions, 10),
		}
	} else {
		d["context"] = 1
		d["user"] = inv.User.object()
	}
	return Interaction{ID: in.id, Token: in.token}, s.Dispatch("INTERACTION_CREATE", d)
}
