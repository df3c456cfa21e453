package discord

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"readout/adapters/discord/internal/fakediscord"
	"readout/bot"
)

// panickyLog is a log handler that panics on one message, as a faulty
// handler plugged in through Options.Logger might, and keeps the records
// it lets through.
type panickyLog struct {
	on      string
	mu      *sync.Mutex
	records *[]slog.Record
}

func newPanickyLog(on string) panickyLog {
	return panickyLog{on: on, mu: &sync.Mutex{}, records: new([]slog.Record)}
}

func (h panickyLog) Enabled(context.Context, slog.Level) bool { return true }
func (h panickyLog) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h panickyLog) WithGroup(string) slog.Handler            { return h }

func (h panickyLog) Handle(_ context.Context, r slog.Record) error {
	if r.Message == h.on {
		panic("log handler broke on " + r.Message)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	*h.records = append(*h.records, r)
	return nil
}

// stack returns the stack logged at ERROR with msg, and whether there was
// such a record.
func (h panickyLog) stack(msg string) (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, r := range *h.records {
		if r.Level != slog.LevelError || r.Message != msg {
			continue
		}
		stack := ""
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "stack" {
				stack = a.Value.String()
			}
			return true
		})
		return stack, true
	}
	return "", false
}

// A panic in a digest's send path comes back as an error, logged at ERROR
// with its stack, and the channel goes on working: discordgo keeps the
// route's rate-limit bucket locked while the request runs, so a panic that
// escaped the transport would leave the next send waiting for ever.
func TestSendRecoversAPanicInARequest(t *testing.T) {
	t.Parallel()
	fake := fakediscord.New(testToken)
	t.Cleanup(fake.Close)
	logs := newPanickyLog("retrying request")
	a, err := New(Options{Token: testToken, APIURL: fake.URL(), Handler: &coreLike{}, Logger: slog.New(logs)})
	if err != nil {
		t.Fatal(err)
	}
	s := a.Sender()
	fake.Fail(fakediscord.RouteChannelMessages, fakediscord.Fault{Status: http.StatusServiceUnavailable, Body: "unavailable"})
	err = s.Send(t.Context(), channelID, []bot.Message{callMessage("q")})
	if err == nil || !strings.Contains(err.Error(), "panic") {
		t.Fatalf("Send = %v, want an error telling of the panic", err)
	}
	if stack, ok := logs.stack("request panicked"); !ok || !strings.Contains(stack, "roundTrip") {
		t.Errorf("the panic was not logged at ERROR with its stack (logged: %v):\n%s", ok, stack)
	}
	if err := s.Send(t.Context(), channelID, []bot.Message{callMessage("again")}); err != nil {
		t.Errorf("Send after the panic: %v", err)
	}
}

// Send recovers on its own too, for a panic outside any request: here an
// adapter whose session is missing.
func TestSendRecoversAPanicOutsideRequests(t *testing.T) {
	t.Parallel()
	logs := newPanickyLog("")
	s := sender{&Adapter{log: slog.New(logs)}}
	err := s.Send(t.Context(), channelID, []bot.Message{callMessage("q")})
	if err == nil || !strings.Contains(err.Error(), "panic") {
		t.Fatalf("Send = %v, want an error telling of the panic", err)
	}
	if stack, ok := logs.stack("send panicked"); !ok || !strings.Contains(stack, "sender.Send") {
		t.Errorf("the panic was not logged at ERROR with its stack (logged: %v):\n%s", ok, stack)
	}
}
