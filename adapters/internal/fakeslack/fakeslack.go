// Package fakeslack is a Slack stand-in on 127.0.0.1 for tests: the Web API
// methods readout uses, slash-command response URLs, and the Socket Mode
// websocket (hello, events_api and slash_commands envelopes, acks,
// disconnect, pings). Real slack-go clients talk to it through
// slack.OptionAPIURL(s.APIURL()).
//
// It records every call, checks every posted message against Block Kit's
// limits (answering invalid_blocks, as Slack does, when one is broken), and
// can be told to fail: rate limits with Retry-After, Web API errors, gone
// channels.
package fakeslack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
)

// Defaults for the identities the fake knows.
const (
	BotToken  = "xoxb-fake-bot-token"
	AppToken  = "xapp-fake-app-token"
	TeamID    = "T0FAKE"
	BotUserID = "U0BOT"
	BotID     = "B0BOT"
	AppID     = "A0APP"
)

// Call is one request the fake received.
type Call struct {
	Method string     // "chat.postMessage", "response_url", ...
	Form   url.Values // form-encoded Web API calls
	JSON   []byte     // JSON bodies (response_url, apps.connections.open)
	Path   string
	At     time.Time
	// Failed says the fake answered with an error or a rate limit.
	Failed bool
}

// Failure is a scripted answer to the next call of a method.
type Failure struct {
	Status     int    // HTTP status; 0 means 200 with Error
	RetryAfter string // Retry-After header, for 429
	Error      string // Web API error code, such as "channel_not_found"
}

// Server is the fake Slack.
type Server struct {
	srv *httptest.Server
	// PingInterval is how often the websocket pings the client; slack-go
	// drops a connection that goes 30 s without one.
	PingInterval time.Duration

	upgrader websocket.Upgrader

	mu         sync.Mutex
	calls      []Call
	users      map[string]slack.User
	failures   map[string][]Failure
	gone       map[string]string // channel → error
	conns      []*wsConn
	connTotal  int
	acks       map[string]json.RawMessage
	violations []string
	seq        int
	changed    chan struct{}

	uploads     map[string]*Upload
	uploadOrder []string
}

type wsConn struct {
	mu   sync.Mutex // serialises writes; control frames need none
	c    *websocket.Conn
	done chan struct{}
}

func (c *wsConn) writeJSON(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_ = c.c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.c.WriteJSON(v)
}

// New starts a fake Slack on 127.0.0.1. Close it when done.
func New() *Server {
	s := &Server{
		PingInterval: 500 * time.Millisecond,
		users:        make(map[string]slack.User),
		failures:     make(map[string][]Failure),
		gone:         make(map[string]string),
		acks:         make(map[string]json.RawMessage),
		changed:      make(chan struct{}),
		uploads:      make(map[string]*Upload),
	}
	s.upgrader = websocket.Upgrader{
		// slack-go dials with this Origin; a real browser would not.
		CheckOrigin: func(r *http.Request) bool { return r.Header.Get("Origin") == "https://api.slack.com" },
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/{method}", s.serveAPI)
	mux.HandleFunc("POST /response/{id}", s.serveResponseURL)
	mux.HandleFunc("POST /upload/{id}", s.serveUpload)
	mux.HandleFunc("GET /ws", s.serveWS)
	s.srv = httptest.NewServer(mux)
	return s
}

// Close drops every connection and stops the server.
func (s *Server) Close() {
	s.DropConnections()
	s.srv.Close()
}

// URL is the server's base URL, http://127.0.0.1:port.
func (s *Server) URL() string { return s.srv.URL }

// APIURL is what slack.OptionAPIURL wants.
func (s *Server) APIURL() string { return s.srv.URL + "/api/" }

// ResponseURL is a slash command's response_url on the fake.
func (s *Server) ResponseURL(id string) string { return s.srv.URL + "/response/" + id }

// AddUser makes users.info know a user.
func (s *Server) AddUser(u slack.User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = u
}

// FailNext queues failures for the next calls of method ("response_url"
// for response URLs), one call each.
func (s *Server) FailNext(method string, f ...Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failures[method] = append(s.failures[method], f...)
}

// SetChannelError makes every post to channel fail with a Web API error.
func (s *Server) SetChannelError(channel, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gone[channel] = code
}

// Calls returns the calls of a method so far ("" for all of them).
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// Violations lists the Block Kit limits broken by posted messages.
func (s *Server) Violations() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.violations...)
}

// Connections is how many websocket connections were ever opened.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connTotal
}

// WaitCalls waits for n successful calls of method and returns them.
func (s *Server) WaitCalls(ctx context.Context, method string, n int) ([]Call, error) {
	var out []Call
	err := s.wait(ctx, func() bool {
		out = out[:0]
		for _, c := range s.calls {
			if c.Method == method && !c.Failed {
				out = append(out, c)
			}
		}
		return len(out) >= n
	})
	if err != nil {
		return out, fmt.Errorf("waiting for %d %s calls, have %d: %w", n, method, len(out), err)
	}
	return out, nil
}

// WaitConnections waits until n websocket connections were opened and one
// is live.
func (s *Server) WaitConnections(ctx context.Context, n int) error {
	return s.wait(ctx, func() bool { return s.connTotal >= n && len(s.conns) > 0 })
}

// WaitAck waits for the client to acknowledge an envelope and returns the
// ack's payload (null when it had none).
func (s *Server) WaitAck(ctx context.Context, envelopeID string) (json.RawMessage, error) {
	var p json.RawMessage
	err := s.wait(ctx, func() bool {
		var ok bool
		p, ok = s.acks[envelopeID]
		return ok
	})
	if err != nil {
		return nil, fmt.Errorf("waiting for the ack of %s: %w", envelopeID, err)
	}
	return p, nil
}

// wait calls cond under the lock each time something changes.
func (s *Server) wait(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ok := cond()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}

// notify wakes the waiters; call with s.mu held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

func (s *Server) record(c Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, c)
	s.notify()
}

// nextFailure pops the failure queued for method, if any.
func (s *Server) nextFailure(method string) (Failure, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.failures[method]
	if len(q) == 0 {
		return Failure{}, false
	}
	s.failures[method] = q[1:]
	return q[0], true
}

func (s *Server) nextTS() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return fmt.Sprintf("1700000000.%06d", s.seq)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func apiError(w http.ResponseWriter, code string) {
	writeJSON(w, map[string]any{"ok": false, "error": code})
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	call := Call{Method: method, Path: r.URL.Path, At: time.Now()}
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		call.JSON, _ = io.ReadAll(r.Body)
	} else {
		_ = r.ParseForm()
		call.Form = r.PostForm
		if t := r.PostForm.Get("token"); t != "" {
			token = t
		}
	}

	if f, ok := s.nextFailure(method); ok {
		call.Failed = true
		s.record(call)
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		if f.Status != 0 {
			w.WriteHeader(f.Status)
			return
		}
		apiError(w, f.Error)
		return
	}

	want := BotToken
	if method == "apps.connections.open" {
		want = AppToken
	}
	if token != want {
		call.Failed = true
		s.record(call)
		if token == BotToken || token == AppToken {
			apiError(w, "not_allowed_token_type")
		} else {
			apiError(w, "invalid_auth")
		}
		return
	}

	resp, failed := s.answerAPI(method, call.Form)
	call.Failed = failed
	s.record(call)
	writeJSON(w, resp)
}

// answerAPI is the fake's Web API proper; failed says it answered ok=false.
func (s *Server) answerAPI(method string, form url.Values) (map[string]any, bool) {
	fail := func(code string) (map[string]any, bool) {
		return map[string]any{"ok": false, "error": code}, true
	}
	switch method {
	case "auth.test":
		return map[string]any{"ok": true, "url": "https://fake.slack.com/", "team": "Fake Team", "user": "readout",
			"team_id": TeamID, "user_id": BotUserID, "bot_id": BotID}, false
	case "apps.connections.open":
		ws := "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/ws?ticket=" + s.nextTS()
		return map[string]any{"ok": true, "url": ws}, false
	case "chat.postMessage", "chat.postEphemeral":
		channel := form.Get("channel")
		if channel == "" {
			return fail("channel_not_found")
		}
		s.mu.Lock()
		code := s.gone[channel]
		s.mu.Unlock()
		if code != "" {
			return fail(code)
		}
		if method == "chat.postEphemeral" && form.Get("user") == "" {
			return fail("user_not_found")
		}
		if problems := s.checkMessage(method, form.Get("blocks"), form.Get("text")); len(problems) > 0 {
			return fail("invalid_blocks")
		}
		ts := s.nextTS()
		if method == "chat.postEphemeral" {
			return map[string]any{"ok": true, "message_ts": ts}, false
		}
		return map[string]any{"ok": true, "channel": channel, "ts": ts}, false
	case "files.getUploadURLExternal":
		return s.getUploadURL(form)
	case "files.completeUploadExternal":
		return s.completeUpload(form)
	case "users.info":
		s.mu.Lock()
		u, ok := s.users[form.Get("user")]
		s.mu.Unlock()
		if !ok {
			return fail("user_not_found")
		}
		return map[string]any{"ok": true, "user": u}, false
	}
	return fail("unknown_method")
}

// checkMessage records the limits a message breaks.
func (s *Server) checkMessage(method, blocks, text string) []string {
	problems := CheckBlocks(blocks)
	if strings.TrimSpace(text) == "" {
		problems = append(problems, "no fallback text")
	}
	if len(problems) > 0 {
		s.mu.Lock()
		for _, p := range problems {
			s.violations = append(s.violations, method+": "+p)
		}
		s.mu.Unlock()
	}
	return problems
}

func (s *Server) serveResponseURL(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	call := Call{Method: "response_url", Path: r.URL.Path, JSON: body, At: time.Now()}
	if f, ok := s.nextFailure("response_url"); ok {
		call.Failed = true
		s.record(call)
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		status := f.Status
		if status == 0 {
			status = http.StatusNotFound // what an expired response_url gets
		}
		w.WriteHeader(status)
		return
	}
	var msg struct {
		Text   string          `json:"text"`
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(body, &msg); err != nil || s.checkMessage("response_url", string(msg.Blocks), msg.Text) != nil {
		call.Failed = true
		s.record(call)
		http.Error(w, "invalid_blocks", http.StatusBadRequest)
		return
	}
	s.record(call)
	_, _ = io.WriteString(w, "ok")
}

// CheckBlocks lists the Block Kit limits a message's blocks (as JSON)
// break: 50 blocks; headers of plain text up to 150 characters; sections
// with text up to 3,000 characters and up to 10 fields of 2,000; context
// blocks of up to 10 elements; 12,000 characters of text in all, below the
// point where Slack answers msg_blocks_too_long; no empty text.
func CheckBlocks(blocksJSON string) []string {
	if blocksJSON == "" || blocksJSON == "null" {
		return nil
	}
	type text struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	var blocks []struct {
		Type     string `json:"type"`
		Text     *text  `json:"text"`
		Fields   []text `json:"fields"`
		Elements []text `json:"elements"`
	}
	if err := json.Unmarshal([]byte(blocksJSON), &blocks); err != nil {
		return []string{"blocks are not JSON: " + err.Error()}
	}
	var problems []string
	bad := func(i int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("block %d: ", i)+fmt.Sprintf(format, args...))
	}
	if len(blocks) > 50 {
		problems = append(problems, fmt.Sprintf("%d blocks, over 50", len(blocks)))
	}
	total := 0
	checkText := func(i int, what string, t text, limit int) {
		n := utf16Len(t.Text)
		total += n
		switch {
		case t.Text == "":
			bad(i, "empty %s", what)
		case n > limit:
			bad(i, "%s of %d characters, over %d", what, n, limit)
		}
		if t.Type != "plain_text" && t.Type != "mrkdwn" {
			bad(i, "%s of type %q", what, t.Type)
		}
	}
	for i, b := range blocks {
		switch b.Type {
		case "header":
			if b.Text == nil || b.Text.Type != "plain_text" {
				bad(i, "header without plain text")
				continue
			}
			checkText(i, "header", *b.Text, 150)
		case "section":
			if b.Text == nil && len(b.Fields) == 0 {
				bad(i, "section without text or fields")
			}
			if b.Text != nil {
				checkText(i, "section text", *b.Text, 3000)
			}
			if len(b.Fields) > 10 {
				bad(i, "%d fields, over 10", len(b.Fields))
			}
			for _, f := range b.Fields {
				checkText(i, "field", f, 2000)
			}
		case "context":
			if len(b.Elements) == 0 || len(b.Elements) > 10 {
				bad(i, "%d context elements, want 1 to 10", len(b.Elements))
			}
			for _, e := range b.Elements {
				checkText(i, "context element", e, 3000)
			}
		case "divider":
		default:
			bad(i, "unexpected block type %q", b.Type)
		}
	}
	if total > 12000 {
		problems = append(problems, fmt.Sprintf("%d characters of text in all, over 12000", total))
	}
	return problems
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// serveWS is the Socket Mode endpoint: hello, pings, and acks read back.
func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	c, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	conn := &wsConn{c: c, done: make(chan struct{})}
	hello := map[string]any{
		"type":            "hello",
		"num_connections": 1,
		"debug_info":      map[string]any{"host": "fakeslack", "approximate_connection_time": 3600},
		"connection_info": map[string]any{"app_id": AppID},
	}
	if err := conn.writeJSON(hello); err != nil {
		_ = c.Close()
		return
	}
	s.mu.Lock()
	s.conns = append(s.conns, conn)
	s.connTotal++
	interval := s.PingInterval
	s.notify()
	s.mu.Unlock()

	go func() {
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-conn.done:
				return
			case <-t.C:
				if err := c.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second)); err != nil {
					return
				}
			}
		}
	}()

	defer func() {
		close(conn.done)
		_ = c.Close()
		s.mu.Lock()
		for i, x := range s.conns {
			if x == conn {
				s.conns = append(s.conns[:i], s.conns[i+1:]...)
				break
			}
		}
		s.notify()
		s.mu.Unlock()
	}()
	for {
		_, data, err := c.ReadMessage()
		if err != nil {
			return
		}
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(data, &ack) != nil || ack.EnvelopeID == "" {
			continue
		}
		s.mu.Lock()
		if ack.Payload == nil {
			ack.Payload = json.RawMessage("null")
		}
		s.acks[ack.EnvelopeID] = ack.Payload
		s.notify()
		s.mu.Unlock()
	}
}

// ErrNotConnected is returned when an envelope has no connection to go to.
var ErrNotConnected = errors.New("fakeslack: no socket mode connection")

// send writes an envelope to the newest connection.
func (s *Server) send(v any) error { return s.sendOn(-1, v) }

// sendOn writes an envelope to the i-th open connection, oldest first; -1
// is the newest.
func (s *Server) sendOn(i int, v any) error {
	s.mu.Lock()
	var conn *wsConn
	if n := len(s.conns); i == -1 && n > 0 {
		conn = s.conns[n-1]
	} else if i >= 0 && i < n {
		conn = s.conns[i]
	}
	s.mu.Unlock()
	if conn == nil {
		return ErrNotConnected
	}
	return conn.writeJSON(v)
}

// WaitLive waits until n websocket connections are open at once, as when
// several processes of one app each hold one.
func (s *Server) WaitLive(ctx context.Context, n int) error {
	return s.wait(ctx, func() bool { return len(s.conns) >= n })
}

func (s *Server) envelopeID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seq++
	return "env-" + strconv.Itoa(s.seq)
}

// SendEvent delivers an Events API callback over the socket, as Slack does
// (retryAttempt > 0 for a redelivery), and returns the envelope id.
func (s *Server) SendEvent(eventID string, event map[string]any, retryAttempt int) (string, error) {
	return s.SendEventOn(-1, eventID, event, retryAttempt)
}

// SendEventOn delivers an event as SendEvent does, on the conn-th open
// connection (oldest first; -1 is the newest): Slack spreads an app's
// events over its connections, and may redeliver one on another connection
// than the first.
func (s *Server) SendEventOn(conn int, eventID string, event map[string]any, retryAttempt int) (string, error) {
	id := s.envelopeID()
	reason := ""
	if retryAttempt > 0 {
		reason = "timeout"
	}
	env := map[string]any{
		"envelope_id":              id,
		"type":                     "events_api",
		"accepts_response_payload": false,
		"retry_attempt":            retryAttempt,
		"retry_reason":             reason,
		"payload":                  EventCallback(eventID, event),
	}
	return id, s.sendOn(conn, env)
}

// SendSlashCommand delivers a slash command over the socket and returns the
// envelope id.
func (s *Server) SendSlashCommand(fields map[string]string) (string, error) {
	id := s.envelopeID()
	env := map[string]any{
		"envelope_id":              id,
		"type":                     "slash_commands",
		"accepts_response_payload": true,
		"payload":                  fields,
	}
	return id, s.send(env)
}

// Disconnect asks the client to reconnect, as Slack does before it
// refreshes a connection.
func (s *Server) Disconnect(reason string) error {
	return s.send(map[string]any{
		"type":       "disconnect",
		"reason":     reason,
		"debug_info": map[string]any{"host": "fakeslack"},
	})
}

// DropConnections closes every websocket without a word.
func (s *Server) DropConnections() {
	s.mu.Lock()
	conns := append([]*wsConn(nil), s.conns...)
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.c.NetConn().Close()
	}
}

// EventCallback is the outer Events API payload around an inner event.
func EventCallback(eventID string, event map[string]any) map[string]any {
	return map[string]any{
		"token":        "unused-verification-token",
		"team_id":      TeamID,
		"api_app_id":   AppID,
		"type":         "event_callback",
		"event_id":     eventID,
		"event_time":   time.Now().Unix(),
		"event":        event,
		"authed_users": []string{BotUserID},
	}
}

// Mention is an app_mention event; threadTS is empty outside threads.
func Mention(user, channel, text, ts, threadTS string) map[string]any {
	e := map[string]any{
		"type": "app_mention", "user": user, "channel": channel,
		"text": "<@" + BotUserID + "> " + text, "ts": ts, "event_ts": ts,
	}
	if threadTS != "" {
		e["thread_ts"] = threadTS
	}
	return e
}

// DirectMessage is a message.im event.
func DirectMessage(user, channel, text, ts string) map[string]any {
	return map[string]any{
		"type": "message", "channel_type": "im", "user": user, "channel": channel,
		"text": text, "ts": ts, "event_ts": ts,
	}
}

// SlashCommand is the payload of "/readout text" typed by user in channel.
func (s *Server) SlashCommand(user, channel, text, trigger string) map[string]string {
	return map[string]string{
		"token": "unused", "team_id": TeamID, "team_domain": "fake",
		"channel_id": channel, "channel_name": "general",
		"user_id": user, "user_name": strings.ToLower(user),
		"command": "/readout", "text": text,
		"response_url": s.ResponseURL(trigger),
		"trigger_id":   trigger, "api_app_id": AppID,
	}
}
