package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// The HTTP mode's endpoints, to enter in the Slack app's settings as
// https://your.host/slack/events (Event Subscriptions) and
// https://your.host/slack/commands (the /readout command).
const (
	EventsPath   = "/slack/events"
	CommandsPath = "/slack/commands"
)

// maxBody bounds a request body; Slack's are a few kilobytes.
const maxBody = 1 << 20

// Handler serves the HTTP mode's endpoints. Every request must carry a
// valid v0 signature made with the signing secret no more than five minutes
// ago; anything else gets 401 and is never acted on. Valid requests are
// acknowledged at once and answered in the background.
func (a *Adapter) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+EventsPath, a.serveEvents)
	mux.HandleFunc("POST "+CommandsPath, a.serveCommand)
	return a.recovering(mux)
}

// recovering answers 500 to a request whose handler panicked and logs the
// panic at ERROR with its stack; net/http alone would drop the connection
// and report it only through the server's error log.
func (a *Adapter) recovering(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				a.log.Error("request panicked", "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// verified reads the body and checks its signature, answering 401 itself
// when the check fails.
func (a *Adapter) verified(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return nil, false
	}
	err = verify(r.Header, body, a.opts.SigningSecret)
	if err != nil {
		a.log.Warn("request refused", "path", r.URL.Path, "remote", r.RemoteAddr, "reason", err)
		http.Error(w, "invalid signature", http.StatusUnauthorized)
		return nil, false
	}
	return body, true
}

func verify(h http.Header, body []byte, secret string) error {
	sv, err := slack.NewSecretsVerifier(h, secret)
	if err != nil {
		return err
	}
	if _, err := sv.Write(body); err != nil {
		return err
	}
	return sv.Ensure()
}

func (a *Adapter) serveEvents(w http.ResponseWriter, r *http.Request) {
	body, ok := a.verified(w, r)
	if !ok {
		return
	}
	var outer struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
	}
	if err := json.Unmarshal(body, &outer); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	switch outer.Type {
	case slackevents.URLVerification:
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, outer.Challenge)
		return
	case slackevents.CallbackEvent:
		ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
		if err != nil {
			// Acknowledged all the same: a retry would not parse better.
			a.log.Debug("unhandled event", "err", err)
		} else {
			a.onEventsAPI(ev, r.Header.Get("X-Slack-Retry-Num"))
		}
	case slackevents.AppRateLimited:
		a.log.Warn("Slack is rate limiting this app's events")
	}
	w.WriteHeader(http.StatusOK)
}

func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request) {
	body, ok := a.verified(w, r)
	if !ok {
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	cmd := slack.SlashCommand{
		TeamID:      form.Get("team_id"),
		ChannelID:   form.Get("channel_id"),
		UserID:      form.Get("user_id"),
		UserName:    form.Get("user_name"),
		Command:     form.Get("command"),
		Text:        form.Get("text"),
		ResponseURL: form.Get("response_url"),
		TriggerID:   form.Get("trigger_id"),
	}
	if text := a.onSlash(cmd); text != "" {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(ackMessage(text))
		return
	}
	// An empty 200 shows nothing; the answer follows through response_url.
	w.WriteHeader(http.StatusOK)
}

// ackMessage is an immediate ephemeral answer to a slash command.
func ackMessage(text string) map[string]string {
	return map[string]string{"response_type": slack.ResponseTypeEphemeral, "text": text}
}

// serveHTTP listens until ctx is done.
func (a *Adapter) serveHTTP(ctx context.Context) error {
	ln, err := net.Listen("tcp", a.opts.ListenAddr)
	if err != nil {
		return fmt.Errorf("slack: listen on %s: %w", a.opts.ListenAddr, err)
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	a.log.Info("listening for the Events API", "addr", ln.Addr().String(), "events", EventsPath, "commands", CommandsPath)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.connected.Store(true)
	select {
	case err := <-errc:
		return fmt.Errorf("slack: serve: %w", err)
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("slack: shutdown: %w", err)
	}
	return nil
}
