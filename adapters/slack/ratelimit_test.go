package slack

import (
	"sync"
	"testing"
	"time"

	"readout/adapters/internal/fakeslack"
	"readout/bot"
)

// Each rate-limit wait taken is reported to Options.RateLimited: the
// metrics count them.
func TestRateLimitWaitsAreReported(t *testing.T) {
	fs := newFake(t)
	var mu sync.Mutex
	var waits []time.Duration
	a, err := New(Options{BotToken: fakeslack.BotToken, AppToken: fakeslack.AppToken, APIURL: fs.APIURL(), Handler: newTestCore(),
		Logger: testLogger(t), RateLimited: func(d time.Duration) {
			mu.Lock()
			waits = append(waits, d)
			mu.Unlock()
		}})
	if err != nil {
		t.Fatal(err)
	}
	fs.FailNext("chat.postMessage", fakeslack.Failure{Status: 429, RetryAfter: "1"})
	if err := a.Sender().Send(testCtx(t), "C1", []bot.Message{callMessage("Trump", "Putin")}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(waits) != 1 || waits[0] != time.Second {
		t.Fatalf("reported waits %v, want one of 1s", waits)
	}
}
