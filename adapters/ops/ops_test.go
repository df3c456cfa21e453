package ops

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"readout/bot"
	"readout/summaries/leaders"
)

func serve(t *testing.T, s *Server) string {
	t.Helper()
	s.Addr = "127.0.0.1:0"
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	ln, err := s.Listen()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

func fetch(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// A check that never answers fails after probeTimeout instead of holding
// /readyz; the others are still reported.
func TestReadyBoundsASlowCheck(t *testing.T) {
	hang := make(chan struct{})
	defer close(hang)
	base := serve(t, &Server{Checks: []Check{
		{Name: "stuck", Probe: func(context.Context) error { <-hang; return nil }},
		{Name: "fine", Probe: func(context.Context) error { return nil }},
		{Name: "down", Probe: func(context.Context) error { return errors.New("not connected") }},
	}})
	code, body := fetch(t, base+"/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, `"stuck":"no answer within 2s"`) ||
		!strings.Contains(body, `"fine":"ok"`) || !strings.Contains(body, `"down":"not connected"`) {
		t.Fatalf("/readyz: %d %s", code, body)
	}
}

// Slack's HTTP mode endpoints share the listener when both are on.
func TestSharedRoutes(t *testing.T) {
	s := &Server{}
	s.Handle("/slack/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "slack "+r.URL.Path) }))
	base := serve(t, s)
	if code, body := fetch(t, base+"/slack/events"); code != 200 || body != "slack /slack/events" {
		t.Fatalf("shared route: %d %q", code, body)
	}
	if code, _ := fetch(t, base+"/healthz"); code != 200 {
		t.Fatalf("/healthz: %d", code)
	}
}

type answerer struct{ clock *clockwork.FakeClock }

func (a answerer) Handle(context.Context, bot.Request) bot.Reply {
	a.clock.Advance(30 * time.Millisecond)
	return bot.Reply{}
}
func (answerer) LeaderNames(context.Context, string) []string { return nil }

// Questions are counted by platform and intent, and timed on the clock.
func TestQuestionsCountedByPlatformAndIntent(t *testing.T) {
	g, err := leaders.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	clock := clockwork.NewFakeClock()
	m := NewMetrics(Gauges{})
	h := Handler{Handler: answerer{clock}, Metrics: m, Leaders: g, Clock: clock}
	for _, q := range []string{"latest trump putin call", "how long was the last trump putin call", "sources list"} {
		h.Handle(context.Background(), bot.Request{Origin: bot.Origin{Platform: "slack"}, Text: q})
	}
	base := serve(t, &Server{Metrics: m})
	_, body := fetch(t, base+"/metrics")
	for _, want := range []string{
		`readout_questions_answered_total{intent="latest",platform="slack"} 1`,
		`readout_questions_answered_total{intent="duration",platform="slack"} 1`,
		`readout_questions_answered_total{intent="admin",platform="slack"} 1`,
		`readout_answer_duration_seconds_sum{platform="slack"} 0.09`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
