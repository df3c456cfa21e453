package discord

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"readout/adapters/discord/internal/fakediscord"
	"readout/bot"
)

// Connected is true once the gateway said READY and turns false when the
// connection to Discord is lost (here: the fake server goes away), which
// is what the readiness probe reports.
func TestConnectedFollowsTheGateway(t *testing.T) {
	e := start(t, &coreLike{}, nil)
	if !e.a.Connected() {
		t.Fatal("not connected after READY")
	}
	e.fake.Close()
	deadline := time.Now().Add(10 * time.Second)
	for e.a.Connected() {
		if time.Now().After(deadline) {
			t.Fatal("still connected 10 s after the gateway went away")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Each rate-limit wait taken is reported to Options.RateLimited, with the
// wait Discord asked for: the metrics count them.
func TestRateLimitWaitsAreReported(t *testing.T) {
	fake := fakediscord.New(testToken)
	t.Cleanup(fake.Close)
	var mu sync.Mutex
	var waits []time.Duration
	a, err := New(Options{Token: testToken, APIURL: fake.URL(), Handler: &coreLike{}, Logger: slog.New(slog.DiscardHandler),
		RateLimited: func(d time.Duration) {
			mu.Lock()
			waits = append(waits, d)
			mu.Unlock()
		}})
	if err != nil {
		t.Fatal(err)
	}
	const wait = 200 * time.Millisecond
	fake.Fail(fakediscord.RouteChannelMessages, fakediscord.RateLimit(wait))
	if err := a.Sender().Send(context.Background(), channelID, []bot.Message{callMessage("q")}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(waits) != 1 || waits[0] != wait {
		t.Fatalf("reported waits %v, want one of %s", waits, wait)
	}
}
