package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"readout/adapters/discord/internal/fakediscord"
)

const (
	testToken = "MTIz.fake-bot-token.s3cret"
	guildID   = "1200000000000000001"
	channelID = "1200000000000000002"
)

var (
	member = fakediscord.User{ID: "1200000000000000010", Name: "ana",
		Permissions: discordgo.PermissionViewChannel | discordgo.PermissionSendMessages}
	manager = fakediscord.User{ID: "1200000000000000011", Name: "mod",
		Permissions: discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionManageGuild}
	owner = fakediscord.User{ID: "1200000000000000012", Name: "owner", Permissions: discordgo.PermissionAdministrator}
)

// env is a running adapter connected to a fake Discord.
type env struct {
	t    testing.TB
	fake *fakediscord.Server
	a    *Adapter
	h    *coreLike
	logs *syncBuffer
}

// start runs an adapter against a fresh fake Discord and waits until its
// commands are registered. Everything stops at the end of the test, and
// the logs are checked for secrets.
func start(t testing.TB, h *coreLike, edit func(*Options)) *env {
	t.Helper()
	fake := fakediscord.New(testToken)
	fake.Guilds = []string{guildID}
	t.Cleanup(fake.Close)

	logs := &syncBuffer{}
	o := Options{
		Token:   testToken,
		APIURL:  fake.URL(),
		Guilds:  []string{guildID},
		Handler: h,
		Logger:  slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if edit != nil {
		edit(&o)
	}
	a, err := New(o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("Run did not return after its context ended")
		}
		out := logs.String()
		if strings.Contains(out, testToken) || strings.Contains(out, "itok-") {
			t.Errorf("a secret reached the logs:\n%s", out)
		}
		if t.Failed() {
			t.Logf("adapter logs:\n%s", out)
		}
	})
	e := &env{t: t, fake: fake, a: a, h: h, logs: logs}
	if o.ShardID == 0 {
		e.wait(func(r fakediscord.Request) bool {
			return r.Pattern == fakediscord.RouteGuildCommands || r.Pattern == fakediscord.RouteGlobalCommands
		})
	} else {
		e.wait(func(r fakediscord.Request) bool { return r.Method == "WS" && r.Path == "IDENTIFY" })
	}
	return e
}

// wait returns the first request that match accepts, failing the test
// after a generous delay.
func (e *env) wait(match func(fakediscord.Request) bool) fakediscord.Request {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	r, err := e.fake.Wait(ctx, match)
	if err != nil {
		e.t.Fatalf("%v", err)
	}
	return r
}

// idle waits until the adapter has no answer in flight.
func (e *env) idle() {
	e.a.work.Wait()
}

func (e *env) mention(text string) string {
	e.t.Helper()
	id, err := e.fake.MessageCreate(fakediscord.Post{
		Guild: guildID, Channel: channelID, Author: member,
		Content: "<@" + e.fake.BotID + "> " + text, Mentions: []fakediscord.User{e.fake.Bot()},
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) interact(inv fakediscord.Invocation) fakediscord.Interaction {
	e.t.Helper()
	if inv.Channel == "" {
		inv.Channel = channelID
	}
	in, err := e.fake.Interact(inv)
	if err != nil {
		e.t.Fatal(err)
	}
	return in
}

func route(pattern string) func(fakediscord.Request) bool {
	return func(r fakediscord.Request) bool { return r.Pattern == pattern }
}

// replyTo matches the post that replies to message id.
func replyTo(id string) func(fakediscord.Request) bool {
	return func(r fakediscord.Request) bool {
		if r.Pattern != fakediscord.RouteChannelMessages {
			return false
		}
		m := decode[fakediscord.Message](r.Body)
		return m.Reference != nil && m.Reference.MessageID == id
	}
}

// about matches a request on interaction in's callback or webhook routes.
func about(in fakediscord.Interaction, pattern string) func(fakediscord.Request) bool {
	return func(r fakediscord.Request) bool {
		return r.Pattern == pattern && strings.Contains(r.Path, "/"+in.Token)
	}
}

func decode[T any](body []byte) T {
	var v T
	json.Unmarshal(body, &v)
	return v
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
