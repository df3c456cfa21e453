package slack

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"readout/adapters/internal/fakeslack"
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
// with its stack, and the sender goes on working: the digest service runs
// Send outside any recover, where the panic would end the process.
func TestSendRecoversAPanic(t *testing.T) {
	fs := newFake(t)
	logs := newPanickyLog("rate limited")
	a, err := New(Options{BotToken: fakeslack.BotToken, AppToken: fakeslack.AppToken, APIURL: fs.APIURL(),
		Handler: newTestCore(), Logger: slog.New(logs)})
	if err != nil {
		t.Fatal(err)
	}
	s := a.Sender()
	fs.FailNext("chat.postMessage", fakeslack.Failure{Status: 429, RetryAfter: "1"})
	err = s.Send(testCtx(t), "C1", []bot.Message{callMessage("Trump", "Putin")})
	if err == nil || !strings.Contains(err.Error(), "panic") {
		t.Fatalf("Send = %v, want an error telling of the panic", err)
	}
	if stack, ok := logs.stack("send panicked"); !ok || !strings.Contains(stack, "withRetry") {
		t.Errorf("the panic was not logged at ERROR with its stack (logged: %v):\n%s", ok, stack)
	}
	if err := s.Send(testCtx(t), "C1", []bot.Message{callMessage("Macron", "Xi")}); err != nil {
		t.Errorf("Send after the panic: %v", err)
	}
}

// A panic while serving an HTTP-mode request is answered 500 and logged at
// ERROR with its stack.
func TestHTTPRecoversAPanic(t *testing.T) {
	fs := newFake(t)
	logs := newPanickyLog("request refused")
	a, err := New(Options{BotToken: fakeslack.BotToken, SigningSecret: testSecret, Mode: ModeHTTP, APIURL: fs.APIURL(),
		Handler: newTestCore(), Logger: slog.New(logs)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	resp, err := http.Post(srv.URL+EventsPath, "application/json", strings.NewReader(`{"type":"url_verification","challenge":"c"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", resp.StatusCode)
	}
	if stack, ok := logs.stack("request panicked"); !ok || !strings.Contains(stack, "verified") {
		t.Errorf("the panic was not logged at ERROR with its stack (logged: %v):\n%s", ok, stack)
	}
}
