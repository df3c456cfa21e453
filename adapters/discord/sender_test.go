package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"readout/adapters/discord/internal/fakediscord"
	"readout/bot"
)

// newSender is an adapter that is never run: digests need no gateway.
func newSender(t *testing.T) (*fakediscord.Server, bot.Sender) {
	t.Helper()
	fake := fakediscord.New(testToken)
	t.Cleanup(fake.Close)
	a, err := New(Options{Token: testToken, APIURL: fake.URL(), Handler: &coreLike{},
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return fake, a.Sender()
}

// longDigest is a digest far over one Discord message: many calls, one of
// them with a very long list of points and sources.
func longDigest() []bot.Message {
	var msgs []bot.Message
	for i := range 14 {
		m := callMessage(fmt.Sprintf("digest item %d", i))
		m.Title = fmt.Sprintf("Call %d: Emmanuel Macron – Xi Jinping, %d April 2025", i, i+1)
		for j := range 12 {
			m.Points = append(m.Points, bot.Point{
				Text: fmt.Sprintf("Point %d.%d: %s", i, j, strings.Repeat("the leaders went over trade, climate and security at length ", 4)),
				URL:  fmt.Sprintf("https://news.example.org/%d/%d", i, j),
			})
		}
		msgs = append(msgs, m)
	}
	huge := callMessage("huge")
	huge.Title = "Call 99: a record with everything"
	huge.Text = strings.Repeat("A very long lead paragraph. ", 300)
	for j := range 200 {
		huge.Points = append(huge.Points, bot.Point{Text: fmt.Sprintf("Huge point %d with some detail about the call", j),
			URL: fmt.Sprintf("https://wire.example.com/h/%d", j)})
		huge.Links = append(huge.Links, bot.Link{Title: fmt.Sprintf("Coverage %d", j), URL: fmt.Sprintf("https://wire.example.com/h/%d", j)})
		huge.Fields = append(huge.Fields, bot.Field{Name: fmt.Sprintf("Field %d", j), Value: strings.Repeat("v", 300)})
	}
	return append(msgs, huge)
}

func TestLongDigestIsSplitWithinDiscordLimits(t *testing.T) {
	t.Parallel()
	fake, s := newSender(t)
	const channel = "1200000000000000400"
	digest := longDigest()
	if err := s.Send(context.Background(), channel, digest); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if s.Platform() != "discord" {
		t.Errorf("Platform() = %q", s.Platform())
	}
	posts := 0
	var titles []string
	for _, r := range fake.Requests() {
		if r.Pattern != fakediscord.RouteChannelMessages {
			continue
		}
		posts++
		if r.Status != 200 {
			t.Errorf("post %d answered %d: %s", posts, r.Status, r.Body)
		}
		m := decode[fakediscord.Message](r.Body)
		if err := fakediscord.CheckMessage(m); err != nil {
			t.Errorf("post %d is over Discord's limits: %v", posts, err)
		}
		for _, e := range m.Embeds {
			titles = append(titles, e.Title)
		}
	}
	if posts < 2 {
		t.Fatalf("%d posts; a digest this long needs several", posts)
	}
	for _, m := range digest {
		found := false
		for _, tt := range titles {
			found = found || tt == m.Title
		}
		if !found {
			t.Errorf("call %q was not posted", m.Title)
		}
	}
}

func TestRateLimitIsWaitedOutThenRetried(t *testing.T) {
	t.Parallel()
	fake, s := newSender(t)
	const wait = 400 * time.Millisecond
	fake.Fail(fakediscord.RouteChannelMessages, fakediscord.RateLimit(wait))
	if err := s.Send(context.Background(), channelID, []bot.Message{callMessage("q")}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	var got []fakediscord.Request
	for _, r := range fake.Requests() {
		if r.Pattern == fakediscord.RouteChannelMessages {
			got = append(got, r)
		}
	}
	if len(got) != 2 || got[0].Status != 429 || got[1].Status != 200 {
		t.Fatalf("posts %d, statuses %v", len(got), statuses(got))
	}
	if gap := got[1].At.Sub(got[0].At); gap < wait {
		t.Errorf("retried after %s; Discord asked for %s", gap, wait)
	}
}

func TestServerErrorsAreRetried(t *testing.T) {
	t.Parallel()
	fake, s := newSender(t)
	fake.Fail(fakediscord.RouteChannelMessages,
		fakediscord.Fault{Status: http.StatusServiceUnavailable, Body: "upstream unavailable"},
		fakediscord.Fault{Status: http.StatusBadGateway, Body: "bad gateway"})
	if err := s.Send(context.Background(), channelID, []bot.Message{callMessage("q")}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	var got []fakediscord.Request
	for _, r := range fake.Requests() {
		if r.Pattern == fakediscord.RouteChannelMessages {
			got = append(got, r)
		}
	}
	if st := statuses(got); fmt.Sprint(st) != "[503 502 200]" {
		t.Fatalf("statuses %v, want [503 502 200]", st)
	}
	if gap := got[2].At.Sub(got[1].At); gap <= got[1].At.Sub(got[0].At) {
		t.Errorf("backoff did not grow: %s then %s", got[1].At.Sub(got[0].At), gap)
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	t.Parallel()
	fake, s := newSender(t)
	fake.Fail(fakediscord.RouteChannelMessages, fakediscord.Fault{Status: 400, Body: `{"code": 50035, "message": "Invalid Form Body"}`})
	err := s.Send(context.Background(), channelID, []bot.Message{callMessage("q")})
	if err == nil || errors.Is(err, bot.ErrChannelGone) {
		t.Fatalf("Send: %v, want a plain error", err)
	}
	if n := len(fake.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

func TestUnreachableChannelIsGone(t *testing.T) {
	t.Parallel()
	fake, s := newSender(t)
	fake.Gone("1200000000000000500")
	err := s.Send(context.Background(), "1200000000000000500", []bot.Message{callMessage("q")})
	if !errors.Is(err, bot.ErrChannelGone) {
		t.Errorf("deleted channel: %v, want ErrChannelGone", err)
	}
	fake.Fail(fakediscord.RouteChannelMessages, fakediscord.Fault{Status: 403, Body: `{"code": 50001, "message": "Missing Access"}`})
	err = s.Send(context.Background(), channelID, []bot.Message{callMessage("q")})
	if !errors.Is(err, bot.ErrChannelGone) || !strings.Contains(err.Error(), "Missing Access") {
		t.Errorf("missing access: %v, want ErrChannelGone with Discord's message", err)
	}
	if err := s.Send(context.Background(), "general", nil); err == nil {
		t.Error("a channel name was accepted as a channel id")
	}
}

func TestSendGivesUpWhenTheContextEnds(t *testing.T) {
	t.Parallel()
	fake, s := newSender(t)
	fake.Fail(fakediscord.RouteChannelMessages, fakediscord.RateLimit(30*time.Second))
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		fake.Wait(ctx, route(fakediscord.RouteChannelMessages))
		cancel()
	}()
	err := s.Send(ctx, channelID, []bot.Message{callMessage("q")})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Send: %v, want context.Canceled", err)
	}
}

func statuses(rs []fakediscord.Request) []int {
	var out []int
	for _, r := range rs {
		out = append(out, r.Status)
	}
	return out
}
