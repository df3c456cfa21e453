// Package slack connects readout to Slack workspaces: it answers mentions,
// direct messages and the /readout slash command through the platform-
// neutral core (bot.Handler), and posts digests to channels (bot.Sender).
//
// Two connection modes are supported: Socket Mode (the default: an outbound
// websocket, no public URL needed) and the HTTP Events API (a listener whose
// every request must carry a valid v0 signature). Inside this package the
// identifier slack refers to github.com/slack-go/slack.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/slack-go/slack"

	"readout/bot"
)

// DefaultAPIURL is Slack's Web API.
const DefaultAPIURL = "https://slack.com/api/"

const (
	ModeSocket = "socket"
	ModeHTTP   = "http"

	defaultListen = ":3000"
	// maxJobs bounds the answers being worked on at once; an event beyond
	// it is acknowledged and dropped with a warning rather than queued
	// without limit.
	maxJobs = 64
	// jobTimeout bounds one answer, from the core's work to the last post.
	jobTimeout = 2 * time.Minute
	// drainTimeout is how long Run waits for answers in progress when it
	// is stopped.
	drainTimeout = 6 * time.Second // within the ten seconds a stop may take
)

// Options configures an Adapter. Tokens and the signing secret are never
// logged nor included in errors.
type Options struct {
	BotToken      string // xoxb-...: the Bot User OAuth Token
	AppToken      string // xapp-...: the app-level token, Socket Mode only
	SigningSecret string // HTTP mode only
	Mode          string // "socket" (default) or "http"
	ListenAddr    string // HTTP mode listen address; default ":3000"
	APIURL        string // default DefaultAPIURL; proxies and test servers
	// AdminUsers are Slack user ids (U...) allowed to run admin commands
	// besides the workspace's admins and owners.
	AdminUsers []string
	Handler    bot.Handler
	Logger     *slog.Logger
	// Clock times the user cache and event-id memory; nil means the real
	// clock.
	Clock clockwork.Clock
	// Shared, in HTTP mode, says another listener serves Handler (the
	// operations listener): Run then listens on nothing itself.
	Shared bool
	// RateLimited, when set, is told of each wait a 429 imposes (metrics).
	RateLimited func(wait time.Duration)
}

// Adapter is one connection to Slack. Create it with New, then call Run.
type Adapter struct {
	opts   Options
	log    *slog.Logger
	api    *slack.Client
	apiURL *url.URL
	// hc posts to response_url, which slack-go's client does not cover.
	hc     *http.Client
	admins map[string]bool
	users  *userCache
	seen   *recentIDs

	slots chan struct{}
	wg    sync.WaitGroup
	// life is the parent of every answer's context; Run cancels it once
	// the answers in progress have had drainTimeout to finish.
	life context.Context
	stop context.CancelFunc

	mu        sync.Mutex
	botUserID string

	connected atomic.Bool // socket open, or HTTP endpoints served
}

// Connected reports whether the adapter can receive events: the Socket
// Mode connection is open, or the HTTP endpoints are being served.
func (a *Adapter) Connected() bool { return a.connected.Load() }

// New checks the options and builds an adapter. It refuses malformed or
// swapped tokens with an error naming the variable to fix: slack-go would
// otherwise retry them silently for minutes.
func New(o Options) (*Adapter, error) {
	if o.Handler == nil {
		return nil, errors.New("slack: no handler")
	}
	clock := o.Clock
	if clock == nil {
		clock = clockwork.NewRealClock()
	}
	o.BotToken = strings.TrimSpace(o.BotToken)
	o.AppToken = strings.TrimSpace(o.AppToken)
	o.SigningSecret = strings.TrimSpace(o.SigningSecret)
	if err := checkToken("SLACK_BOT_TOKEN", o.BotToken, "xoxb-"); err != nil {
		return nil, err
	}
	switch o.Mode = strings.ToLower(strings.TrimSpace(o.Mode)); o.Mode {
	case "", ModeSocket:
		o.Mode = ModeSocket
		if err := checkToken("SLACK_APP_TOKEN", o.AppToken, "xapp-"); err != nil {
			return nil, err
		}
	case ModeHTTP:
		if o.SigningSecret == "" {
			return nil, errors.New("slack: SLACK_SIGNING_SECRET is empty: HTTP mode verifies every request with the app's signing secret")
		}
		if o.ListenAddr == "" {
			o.ListenAddr = defaultListen
		}
	default:
		return nil, fmt.Errorf("slack: unknown mode %q (want %q or %q)", o.Mode, ModeSocket, ModeHTTP)
	}
	apiURL, err := parseAPIURL(o.APIURL)
	if err != nil {
		return nil, err
	}
	o.APIURL = apiURL.String()

	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("platform", "slack")

	admins := make(map[string]bool, len(o.AdminUsers))
	for _, u := range o.AdminUsers {
		if u = strings.TrimSpace(u); u != "" {
			admins[u] = true
		}
	}

	hc := &http.Client{Timeout: 30 * time.Second}
	clientOpts := []slack.Option{
		slack.OptionAPIURL(o.APIURL),
		slack.OptionHTTPClient(hc),
		slack.OptionLog(debugLog{log}),
	}
	if o.AppToken != "" {
		clientOpts = append(clientOpts, slack.OptionAppLevelToken(o.AppToken))
	}
	life, stop := context.WithCancel(context.Background())
	return &Adapter{
		opts:   o,
		log:    log,
		api:    slack.New(o.BotToken, clientOpts...),
		apiURL: apiURL,
		hc:     hc,
		admins: admins,
		users:  newUserCache(clock, userTTL, maxUsers),
		seen:   newRecentIDs(clock, maxEventIDs, eventIDTTL),
		slots:  make(chan struct{}, maxJobs),
		life:   life,
		stop:   stop,
	}, nil
}

// checkToken says which variable holds a wrong token and what it holds
// instead, without ever showing the token.
func checkToken(name, token, want string) error {
	if token == "" {
		return fmt.Errorf("slack: %s is empty: it needs a token starting with %s", name, want)
	}
	if strings.HasPrefix(token, want) {
		return nil
	}
	kind := "not a Slack token"
	for prefix, k := range map[string]string{
		"xoxb-": "a bot token (xoxb-)",
		"xapp-": "an app-level token (xapp-)",
		"xoxp-": "a user token (xoxp-)",
		"xoxe":  "a refresh or configuration token (xoxe)",
	} {
		if strings.HasPrefix(token, prefix) {
			kind = k
		}
	}
	hint := ""
	if (want == "xoxb-" && strings.HasPrefix(token, "xapp-")) || (want == "xapp-" && strings.HasPrefix(token, "xoxb-")) {
		hint = "; are SLACK_BOT_TOKEN and SLACK_APP_TOKEN swapped?"
	}
	return fmt.Errorf("slack: %s must start with %s but holds %s%s", name, want, kind, hint)
}

func parseAPIURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) == "" {
		raw = DefaultAPIURL
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("slack: api url %q: %w", raw, err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("slack: api url %q: want an absolute http(s) URL such as %s", raw, DefaultAPIURL)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

// Run connects to Slack and answers until ctx is done; then it lets the
// answers in progress finish (for a few seconds at most) and returns nil.
// It returns an error at once when Slack rejects a token.
func (a *Adapter) Run(ctx context.Context) error {
	defer a.drain()
	if err := a.checkBotToken(ctx); err != nil {
		return err
	}
	defer a.connected.Store(false)
	if a.opts.Mode == ModeHTTP && a.opts.Shared {
		a.connected.Store(true)
		a.log.Info("serving the Events API on the shared listener", "events", EventsPath, "commands", CommandsPath)
		<-ctx.Done()
		return nil
	}
	if a.opts.Mode == ModeHTTP {
		return a.serveHTTP(ctx)
	}
	return a.runSocket(ctx)
}

// checkBotToken asks Slack who the bot is: a rejected token stops the start
// with a clear message; an unreachable Slack only delays learning the bot's
// user id, which mention parsing can do without.
func (a *Adapter) checkBotToken(ctx context.Context) error {
	var res *slack.AuthTestResponse
	err := a.withRetry(ctx, "auth.test", func(ctx context.Context) error {
		var err error
		res, err = a.api.AuthTestContext(ctx)
		return err
	})
	if apiErr, ok := errors.AsType[slack.SlackErrorResponse](err); ok {
		return fmt.Errorf("slack: SLACK_BOT_TOKEN rejected by Slack (auth.test): %s", apiErr.Err)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		a.log.Warn("cannot check the bot token yet", "err", err)
		return nil
	}
	a.mu.Lock()
	a.botUserID = res.UserID
	a.mu.Unlock()
	a.log.Info("signed in", "bot_user", res.UserID, "team", res.TeamID, "team_name", res.Team)
	return nil
}

// botUser returns the bot's user id, asking Slack the first time it is
// needed when Run could not.
func (a *Adapter) botUser(ctx context.Context) string {
	a.mu.Lock()
	id := a.botUserID
	a.mu.Unlock()
	if id != "" {
		return id
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	res, err := a.api.AuthTestContext(ctx)
	if err != nil {
		a.log.Debug("auth.test failed", "err", err)
		return ""
	}
	a.mu.Lock()
	a.botUserID = res.UserID
	a.mu.Unlock()
	return res.UserID
}

// drain waits a little for the answers in progress, then cancels the rest.
func (a *Adapter) drain() {
	done := make(chan struct{})
	go func() {
		a.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(drainTimeout):
		a.log.Warn("stopping with answers still in progress")
	}
	a.stop()
}

// debugLog sends slack-go's own log lines (debug only) to the logger
// instead of stderr.
type debugLog struct{ log *slog.Logger }

func (d debugLog) Output(_ int, s string) error {
	d.log.Debug(strings.TrimSpace(s), "component", "slack-go")
	return nil
}
