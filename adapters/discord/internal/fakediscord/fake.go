// Package fakediscord is a Discord stand-in for tests, written from
// Discord's documented API: the REST routes a bot uses (gateway lookup,
// application commands, interaction callbacks, webhook edits and
// follow-ups, channel messages, DM channels) and the gateway websocket
// (Hello, Identify, Ready, Heartbeat and its ACK, Resume, dispatches). It
// listens on 127.0.0.1 only, records every request and gateway command, and
// answers like Discord does: 401 without the bot token, 400 "Invalid Form
// Body" for a message over Discord's limits, 404 for unknown channels and
// interactions, and whatever faults a test queues (429s, 5xx).
package fakediscord

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Request is one REST request, or one gateway command (Method "WS", Path
// the command's name: IDENTIFY or RESUME), as the fake received it.
type Request struct {
	Method  string
	Path    string
	Pattern string // the route, such as "POST /api/v9/channels/{channel}/messages"
	Header  http.Header
	// Body is the request's JSON; for a multipart upload, its
	// payload_json part, the files being in Files.
	Body   []byte
	Files  []File
	Status int // what the fake answered
	At     time.Time
}

// Fault is a response a test queues for a route, returned instead of the
// normal one.
type Fault struct {
	Status int
	Header http.Header
	Body   string
}

// Server is a running fake Discord.
type Server struct {
	Token   string // the bot token, without "Bot "
	AppID   string
	BotID   string
	BotName string
	Guilds  []string // guilds listed in READY
	// Echo makes the fake dispatch MESSAGE_CREATE for the bot's own posts,
	// as Discord does.
	Echo bool
	// HeartbeatInterval is sent in Hello.
	HeartbeatInterval time.Duration

	srv *httptest.Server

	mu           sync.Mutex
	reqs         []Request
	keep         bool // record requests (benchmarks turn it off)
	watchers     map[*watcher]struct{}
	faults       map[string][]Fault
	gone         map[string]bool
	next         int64 // snowflake counter
	interactions map[string]*interaction
	guildOf      map[string]string // channel → guild, as events showed them
	threads      map[string]string // thread → its parent channel
	gw           gateway
}

type interaction struct {
	id, token string
	responded bool
	deleted   bool
}

type watcher struct {
	match func(Request) bool
	ch    chan Request
}

// Routes, as the fake names them in Request.Pattern and Fail.
const (
	RouteGateway         = "GET /api/v9/gateway"
	RouteGatewayBot      = "GET /api/v9/gateway/bot"
	RouteGlobalCommands  = "PUT /api/v9/applications/{app}/commands"
	RouteGuildCommands   = "PUT /api/v9/applications/{app}/guilds/{guild}/commands"
	RouteCallback        = "POST /api/v9/interactions/{id}/{token}/callback"
	RouteEditResponse    = "PATCH /api/v9/webhooks/{app}/{token}/messages/{message}"
	RouteDeleteResponse  = "DELETE /api/v9/webhooks/{app}/{token}/messages/{message}"
	RouteFollowup        = "POST /api/v9/webhooks/{app}/{token}"
	RouteChannelMessages = "POST /api/v9/channels/{channel}/messages"
	RouteDMChannel       = "POST /api/v9/users/@me/channels"
	RouteChannel         = "GET /api/v9/channels/{channel}"
)

// New starts a fake Discord on 127.0.0.1 that accepts token.
func New(token string) *Server {
	s := &Server{
		Token:             token,
		AppID:             "1100000000000000001",
		BotID:             "1100000000000000002",
		BotName:           "readout",
		Echo:              true,
		HeartbeatInterval: 41250 * time.Millisecond,
		keep:              true,
		watchers:          map[*watcher]struct{}{},
		faults:            map[string][]Fault{},
		gone:              map[string]bool{},
		next:              1300000000000000000,
		interactions:      map[string]*interaction{},
		guildOf:           map[string]string{},
		threads:           map[string]string{},
	}
	mux := http.NewServeMux()
	s.route(mux, RouteGateway, s.gatewayURL)
	s.route(mux, RouteGatewayBot, s.gatewayBot)
	s.route(mux, RouteGlobalCommands, s.putCommands)
	s.route(mux, RouteGuildCommands, s.putCommands)
	s.route(mux, RouteCallback, s.callback)
	s.route(mux, RouteEditResponse, s.editResponse)
	s.route(mux, RouteDeleteResponse, s.deleteResponse)
	s.route(mux, RouteFollowup, s.followup)
	s.route(mux, RouteChannelMessages, s.createMessage)
	s.route(mux, RouteDMChannel, s.dmChannel)
	s.route(mux, RouteChannel, s.getChannel)
	mux.HandleFunc("GET /gateway/", s.serveGateway)
	s.route(mux, "/", func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		apiError(w, http.StatusNotFound, 0, "404: Not Found")
	})
	s.srv = httptest.NewServer(mux)
	return s
}

// URL is the fake's base URL, to be given as the adapter's API URL.
func (s *Server) URL() string { return s.srv.URL }

// Close stops the fake and drops any gateway connection.
func (s *Server) Close() {
	s.Drop()
	s.srv.Close()
}

// Record turns the request log on or off (benchmarks turn it off; watchers
// are served either way).
func (s *Server) Record(on bool) {
	s.mu.Lock()
	s.keep = on
	s.mu.Unlock()
}

// Fail queues faults for a route (one of the Route constants): the next
// requests to it get them, in order, instead of the normal answer.
func (s *Server) Fail(pattern string, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[pattern] = append(s.faults[pattern], faults...)
}

// RateLimit is the 429 Discord sends, with the wait both in the Retry-After
// header and the body's retry_after.
func RateLimit(wait time.Duration) Fault {
	secs := strconv.FormatFloat(wait.Seconds(), 'f', -1, 64)
	return Fault{
		Status: http.StatusTooManyRequests,
		Header: http.Header{"Retry-After": {secs}, "X-Ratelimit-Scope": {"user"}},
		Body:   `{"message": "You are being rate limited.", "retry_after": ` + secs + `, "global": false}`,
	}
}

// Gone makes posts to a channel fail as Discord does for a deleted one.
func (s *Server) Gone(channel string) {
	s.mu.Lock()
	s.gone[channel] = true
	s.mu.Unlock()
}

// Requests returns what the fake has received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Wait returns the first request, received or to come, that match accepts.
func (s *Server) Wait(ctx context.Context, match func(Request) bool) (Request, error) {
	s.mu.Lock()
	for _, r := range s.reqs {
		if match(r) {
			s.mu.Unlock()
			return r, nil
		}
	}
	w := &watcher{match: match, ch: make(chan Request, 1)}
	s.watchers[w] = struct{}{}
	s.mu.Unlock()
	defer s.unwatch(w)
	select {
	case r := <-w.ch:
		return r, nil
	case <-ctx.Done():
		return Request{}, fmt.Errorf("fakediscord: no matching request: %w", ctx.Err())
	}
}

// Watch delivers every request from now on that match accepts; stop ends
// it. The channel holds up to 1024 requests; more are dropped.
func (s *Server) Watch(match func(Request) bool) (requests <-chan Request, stop func()) {
	w := &watcher{match: match, ch: make(chan Request, 1024)}
	s.mu.Lock()
	s.watchers[w] = struct{}{}
	s.mu.Unlock()
	return w.ch, func() { s.unwatch(w) }
}

func (s *Server) unwatch(w *watcher) {
	s.mu.Lock()
	delete(s.watchers, w)
	s.mu.Unlock()
}

// record logs r and hands it to the watchers that want it.
func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.keep {
		s.reqs = append(s.reqs, r)
	}
	for w := range s.watchers {
		if w.match(r) {
			select {
			case w.ch <- r:
			default:
			}
		}
	}
}

// Snowflake returns a fresh Discord id.
func (s *Server) Snowflake() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snowflake()
}

func (s *Server) snowflake() string {
	s.next++
	return strconv.FormatInt(s.next, 10)
}

type handler func(w http.ResponseWriter, r *http.Request, body []byte)

// route wraps a REST handler with what every route shares: reading and
// recording the request, the bot token check and queued faults.
func (s *Server) route(mux *http.ServeMux, pattern string, h handler) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, MaxUpload+1<<20))
		rec := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		var files []File
		defer func() {
			s.record(Request{
				Method: r.Method, Path: r.URL.Path, Pattern: pattern, Header: r.Header.Clone(),
				Body: body, Files: files, Status: rec.status, At: time.Now(),
			})
		}()
		if isMultipart(r.Header.Get("Content-Type")) {
			payload, fs, err := readMultipart(r.Header.Get("Content-Type"), body)
			if err != nil {
				apiError(rec, http.StatusBadRequest, 50035, "Invalid Form Body: "+err.Error())
				return
			}
			body, files = payload, fs
		}
		// Interaction callbacks and webhooks authenticate with their
		// token; everything else needs the bot's.
		webhook := strings.HasPrefix(r.URL.Path, "/api/v9/interactions/") || strings.HasPrefix(r.URL.Path, "/api/v9/webhooks/")
		if !webhook && r.Header.Get("Authorization") != "Bot "+s.Token {
			apiError(rec, http.StatusUnauthorized, 0, "401: Unauthorized")
			return
		}
		if f, ok := s.fault(pattern); ok {
			for k, v := range f.Header {
				rec.Header()[k] = v
			}
			rec.Header().Set("Content-Type", "application/json")
			rec.WriteHeader(f.Status)
			io.WriteString(rec, f.Body)
			return
		}
		if err := checkAttachments(pattern, body, files); err != nil {
			apiError(rec, http.StatusBadRequest, 50035, "Invalid Form Body: "+err.Error())
			return
		}
		h(rec, r, body)
	})
}

func (s *Server) fault(pattern string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.faults[pattern]
	if len(q) == 0 {
		return Fault{}, false
	}
	s.faults[pattern] = q[1:]
	return q[0], true
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// apiError answers as Discord does: a JSON body with a code and a message.
func apiError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"code": code, "message": msg})
}

func (s *Server) gatewayURL(w http.ResponseWriter, _ *http.Request, _ []byte) {
	writeJSON(w, http.StatusOK, map[string]any{"url": s.wsURL()})
}

func (s *Server) gatewayBot(w http.ResponseWriter, _ *http.Request, _ []byte) {
	writeJSON(w, http.StatusOK, map[string]any{
		"url": s.wsURL(), "shards": 1,
		"session_start_limit": map[string]any{"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
	})
}

func (s *Server) wsURL() string { return "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway" }

func (s *Server) putCommands(w http.ResponseWriter, r *http.Request, body []byte) {
	var cmds []map[string]any
	if err := json.Unmarshal(body, &cmds); err != nil {
		apiError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	if r.PathValue("app") != s.AppID {
		apiError(w, http.StatusForbidden, 50001, "Missing Access")
		return
	}
	for _, c := range cmds {
		c["id"] = s.Snowflake()
		c["application_id"] = s.AppID
		if g := r.PathValue("guild"); g != "" {
			c["guild_id"] = g
		}
		c["version"] = c["id"]
	}
	writeJSON(w, http.StatusOK, cmds)
}

// InteractionResponse is an interaction callback's body.
type InteractionResponse struct {
	Type int `json:"type"`
	Data *struct {
		Message
		Choices []struct {
			Name  string `json:"name"`
			Value any    `json:"value"`
		} `json:"choices"`
	} `json:"data"`
}

func (s *Server) callback(w http.ResponseWriter, r *http.Request, body []byte) {
	var resp InteractionResponse
	if err := json.Unmarshal(body, &resp); err != nil {
		apiError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return
	}
	s.mu.Lock()
	in := s.interactions[r.PathValue("id")]
	ok := in != nil && in.token == r.PathValue("token")
	already := ok && in.responded
	if ok && !already {
		in.responded = true
	}
	s.mu.Unlock()
	switch {
	case !ok:
		apiError(w, http.StatusNotFound, 10062, "Unknown interaction")
		return
	case already:
		apiError(w, http.StatusBadRequest, 40060, "Interaction has already been acknowledged.")
		return
	}
	if resp.Type == 4 && resp.Data != nil {
		if err := CheckMessage(resp.Data.Message); err != nil {
			apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+err.Error())
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// responded finds the interaction behind a webhook token, which must have
// been acknowledged before its response can be edited.
func (s *Server) responded(app, token string) bool {
	if app != s.AppID {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, in := range s.interactions {
		if in.token == token {
			return in.responded
		}
	}
	return false
}

func (s *Server) editResponse(w http.ResponseWriter, r *http.Request, body []byte) {
	if !s.responded(r.PathValue("app"), r.PathValue("token")) {
		apiError(w, http.StatusNotFound, 10015, "Unknown Webhook")
		return
	}
	m, ok := decodeMessage(w, body)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, s.messageObject("", m))
}

func (s *Server) deleteResponse(w http.ResponseWriter, r *http.Request, _ []byte) {
	if !s.responded(r.PathValue("app"), r.PathValue("token")) {
		apiError(w, http.StatusNotFound, 10015, "Unknown Webhook")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) followup(w http.ResponseWriter, r *http.Request, body []byte) {
	if !s.responded(r.PathValue("app"), r.PathValue("token")) {
		apiError(w, http.StatusNotFound, 10015, "Unknown Webhook")
		return
	}
	m, ok := decodeMessage(w, body)
	if !ok {
		return
	}
	if r.URL.Query().Get("wait") != "true" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	writeJSON(w, http.StatusOK, s.messageObject("", m))
}

func (s *Server) createMessage(w http.ResponseWriter, r *http.Request, body []byte) {
	ch := r.PathValue("channel")
	s.mu.Lock()
	gone := s.gone[ch]
	s.mu.Unlock()
	if gone {
		apiError(w, http.StatusNotFound, 10003, "Unknown Channel")
		return
	}
	m, ok := decodeMessage(w, body)
	if !ok {
		return
	}
	obj := s.messageObject(ch, m)
	writeJSON(w, http.StatusOK, obj)
	if s.Echo {
		s.Dispatch("MESSAGE_CREATE", obj)
	}
}

func (s *Server) dmChannel(w http.ResponseWriter, _ *http.Request, body []byte) {
	var req struct {
		RecipientID string `json:"recipient_id"`
	}
	if json.Unmarshal(body, &req) != nil || req.RecipientID == "" {
		apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": DMChannel(req.RecipientID), "type": 1,
		"recipients": []map[string]any{{"id": req.RecipientID, "username": "user"}},
	})
}

// Channel makes channel a text channel of guild.
func (s *Server) Channel(guild, channel string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.guildOf[channel] = guild
}

// Thread makes channel a public thread of parent, in guild.
func (s *Server) Thread(guild, channel, parent string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.threads[channel] = parent
	s.guildOf[channel] = guild
}

// getChannel answers a channel lookup: a public thread (type 11) for the
// channels Thread made, a text channel (type 0) for the others.
func (s *Server) getChannel(w http.ResponseWriter, r *http.Request, _ []byte) {
	ch := r.PathValue("channel")
	s.mu.Lock()
	gone, parent, guild := s.gone[ch], s.threads[ch], s.guildOf[ch]
	s.mu.Unlock()
	if gone {
		apiError(w, http.StatusNotFound, 10003, "Unknown Channel")
		return
	}
	obj := map[string]any{"id": ch, "type": 0, "name": "general"}
	if parent != "" {
		obj["type"], obj["parent_id"], obj["name"] = 11, parent, "thread"
	}
	if guild != "" {
		obj["guild_id"] = guild
	}
	writeJSON(w, http.StatusOK, obj)
}

// DMChannel is the id of the fake's DM channel with a user.
func DMChannel(user string) string { return "9" + user }

// messageObject is the message Discord returns for a post by the bot.
func (s *Server) messageObject(channel string, m Message) map[string]any {
	s.mu.Lock()
	guild := s.guildOf[channel]
	s.mu.Unlock()
	obj := map[string]any{
		"id":         s.Snowflake(),
		"channel_id": channel,
		"type":       0,
		"content":    m.Content,
		"embeds":     m.Embeds,
		"author":     map[string]any{"id": s.BotID, "username": s.BotName, "bot": true},
		"timestamp":  time.Now().UTC().Format(time.RFC3339),
		"mentions":   []any{},
	}
	if guild != "" {
		obj["guild_id"] = guild
	}
	if m.Reference != nil {
		obj["type"] = 19
		obj["message_reference"] = m.Reference
	}
	return obj
}

// decodeMessage reads a message body and checks it against Discord's
// limits, answering the error Discord would when it fails either.
func decodeMessage(w http.ResponseWriter, body []byte) (Message, bool) {
	var m Message
	if err := json.Unmarshal(body, &m); err != nil {
		apiError(w, http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
		return m, false
	}
	if err := CheckMessage(m); err != nil {
		apiError(w, http.StatusBadRequest, 50035, "Invalid Form Body: "+err.Error())
		return m, false
	}
	return m, true
}
