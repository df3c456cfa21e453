package discord

import (
	"context"
	"testing"
	"time"

	"readout/adapters/discord/internal/fakediscord"
	"readout/bot"
)

// BenchmarkMentionToReply measures an answer's whole path on loopback:
// the fake dispatches MESSAGE_CREATE over the gateway, discordgo decodes
// it, the adapter asks the handler (which answers at once) and renders the
// answer, and the reply's POST reaches the fake. What the adapter adds to
// the core's own time is at most this.
func BenchmarkMentionToReply(b *testing.B) {
	e := start(b, &coreLike{}, nil)
	e.fake.Record(false)
	replies, stop := e.fake.Watch(route(fakediscord.RouteChannelMessages))
	defer stop()
	for b.Loop() {
		e.mention("latest trump putin call")
		awaitReply(b, replies)
	}
}

// BenchmarkSlashCommandToAnswer is the same for /readout: the deferred
// response, then the edit carrying the answer.
func BenchmarkSlashCommandToAnswer(b *testing.B) {
	e := start(b, &coreLike{}, nil)
	e.fake.Record(false)
	edits, stop := e.fake.Watch(route(fakediscord.RouteEditResponse))
	defer stop()
	inv := fakediscord.Invocation{Guild: guildID, User: member, Command: "readout",
		Options: []fakediscord.Option{fakediscord.Sub("latest", fakediscord.Str("leaders", "trump,putin"))}}
	for b.Loop() {
		e.interact(inv)
		awaitReply(b, edits)
	}
}

func awaitReply(b *testing.B, ch <-chan fakediscord.Request) {
	select {
	case r := <-ch:
		if r.Status != 200 {
			b.Fatalf("reply answered %d", r.Status)
		}
	case <-time.After(10 * time.Second):
		b.Fatal("no reply")
	}
}

func BenchmarkRenderAnswer(b *testing.B) {
	msgs := []bot.Message{callMessage("latest trump putin call")}
	for b.Loop() {
		Render(msgs)
	}
}

func BenchmarkRenderLongDigest(b *testing.B) {
	msgs := longDigest()
	for b.Loop() {
		Render(msgs)
	}
}

// BenchmarkSendDigest posts a one-call digest through the sender: REST
// alone, no gateway.
func BenchmarkSendDigest(b *testing.B) {
	fake := fakediscord.New(testToken)
	defer fake.Close()
	fake.Echo = false
	fake.Record(false)
	a, err := New(Options{Token: testToken, APIURL: fake.URL(), Handler: &coreLike{}})
	if err != nil {
		b.Fatal(err)
	}
	s := a.Sender()
	msgs := []bot.Message{callMessage("digest")}
	ctx := context.Background()
	for b.Loop() {
		if err := s.Send(ctx, channelID, msgs); err != nil {
			b.Fatal(err)
		}
	}
}
