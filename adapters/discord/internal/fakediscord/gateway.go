package fakediscord

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// gateway is the fake's side of the gateway: one session, its sequence and
// the dispatches sent in it (for replay on resume), and the connection the
// bot is on now, if any.
type gateway struct {
	session string
	seq     int64
	sent    []frame
	conn    *gwConn
	count   int // sessions started
}

type gwConn struct {
	ws *websocket.Conn
	mu sync.Mutex // one writer at a time
}

func (c *gwConn) write(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(v)
}

// frame is a gateway payload.
type frame struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s"`
	T  *string         `json:"t"`
}

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// serveGateway runs one gateway connection: Hello, then Identify or Resume,
// then heartbeats until the connection ends.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("v") != "9" || q.Get("encoding") != "json" {
		http.Error(w, "unsupported gateway version or encoding", http.StatusBadRequest)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
	defer func() {
		s.mu.Lock()
		if s.gw.conn == c {
			s.gw.conn = nil
		}
		s.mu.Unlock()
		ws.Close()
	}()

	hello, _ := json.Marshal(map[string]any{"heartbeat_interval": s.HeartbeatInterval.Milliseconds()})
	if c.write(frame{Op: 10, D: hello}) != nil {
		return
	}
	for {
		var f frame
		if err := ws.ReadJSON(&f); err != nil {
			return
		}
		switch f.Op {
		case 1: // Heartbeat
			if c.write(frame{Op: 11}) != nil {
				return
			}
		case 2: // Identify
			s.record(Request{Method: "WS", Path: "IDENTIFY", Body: f.D, Status: http.StatusOK, At: time.Now()})
			if !s.identify(c, f.D) {
				return
			}
		case 6: // Resume
			s.record(Request{Method: "WS", Path: "RESUME", Body: f.D, Status: http.StatusOK, At: time.Now()})
			if !s.resume(c, f.D) {
				return
			}
		}
	}
}

// Identify is the part of an Identify payload tests look at.
type Identify struct {
	Token   string  `json:"token"`
	Intents int     `json:"intents"`
	Shard   *[2]int `json:"shard"`
}

// Resume is a Resume payload.
type Resume struct {
	Token     string `json:"token"`
	SessionID string `json:"session_id"`
	Seq       int64  `json:"seq"`
}

func (s *Server) tokenOK(t string) bool { return t == "Bot "+s.Token || t == s.Token }

func (s *Server) identify(c *gwConn, d json.RawMessage) bool {
	var id Identify
	if json.Unmarshal(d, &id) != nil || !s.tokenOK(id.Token) {
		closeWith(c, 4004, "Authentication failed.")
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gw.count++
	s.gw.session = "fake-session-" + strconv.Itoa(s.gw.count)
	s.gw.seq = 0
	s.gw.sent = nil
	s.gw.conn = c
	guilds := make([]map[string]any, len(s.Guilds))
	for i, g := range s.Guilds {
		guilds[i] = map[string]any{"id": g, "unavailable": true}
	}
	shard := [2]int{0, 1}
	if id.Shard != nil {
		shard = *id.Shard
	}
	return s.dispatch("READY", map[string]any{
		"v":                  9,
		"session_id":         s.gw.session,
		"resume_gateway_url": s.wsURL(),
		"user":               map[string]any{"id": s.BotID, "username": s.BotName, "discriminator": "0", "bot": true},
		"application":        map[string]any{"id": s.AppID, "flags": 0},
		"guilds":             guilds,
		"shard":              shard,
	}) == nil
}

// resume replays what the bot missed, then says RESUMED; a resume of an
// unknown session gets Invalid Session, after which the bot identifies.
func (s *Server) resume(c *gwConn, d json.RawMessage) bool {
	var rs Resume
	if json.Unmarshal(d, &rs) != nil || !s.tokenOK(rs.Token) {
		closeWith(c, 4004, "Authentication failed.")
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if rs.SessionID == "" || rs.SessionID != s.gw.session {
		return c.write(frame{Op: 9, D: json.RawMessage("false")}) == nil
	}
	s.gw.conn = c
	for _, f := range s.gw.sent {
		if *f.S > rs.Seq && c.write(f) != nil {
			return false
		}
	}
	t := "RESUMED"
	seq := s.gw.seq
	return c.write(frame{Op: 0, T: &t, S: &seq, D: json.RawMessage("{}")}) == nil
}

func closeWith(c *gwConn, code int, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
}

// Dispatch sends an event to the bot, or keeps it for replay when the bot
// is between connections.
func (s *Server) Dispatch(event string, d any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dispatch(event, d)
}

func (s *Server) dispatch(event string, d any) error {
	raw, err := json.Marshal(d)
	if err != nil {
		return err
	}
	s.gw.seq++
	seq := s.gw.seq
	f := frame{Op: 0, T: &event, S: &seq, D: raw}
	if event != "READY" {
		s.gw.sent = append(s.gw.sent, f)
	}
	if s.gw.conn == nil {
		return nil
	}
	if err := s.gw.conn.write(f); err != nil {
		s.gw.conn = nil
	}
	return nil
}

// Drop cuts the bot's gateway connection without a close frame, as a
// network failure would.
func (s *Server) Drop() {
	s.mu.Lock()
	c := s.gw.conn
	s.gw.conn = nil
	s.mu.Unlock()
	if c != nil {
		c.ws.UnderlyingConn().Close()
	}
}

// Session is the current gateway session's id.
func (s *Server) Session() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gw.session
}
