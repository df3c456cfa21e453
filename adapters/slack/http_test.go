package slack

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"readout/adapters/internal/fakeslack"
)

const testSecret = "8f742231b10e8888abcd99yyyzzz85a5"

// startHTTP serves an HTTP-mode adapter's handler on 127.0.0.1.
func startHTTP(t *testing.T, fs *fakeslack.Server, core *testCore) *httptest.Server {
	t.Helper()
	a, err := New(Options{
		BotToken:      fakeslack.BotToken,
		SigningSecret: testSecret,
		Mode:          "http",
		APIURL:        fs.APIURL(),
		Handler:       core,
		Logger:        testLogger(t, testSecret),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() {
		srv.Close()
		a.drain()
	})
	return srv
}

// sign makes Slack's v0 signature of body at ts with secret.
func sign(secret string, ts time.Time, body []byte) (timestamp, signature string) {
	timestamp = strconv.FormatInt(ts.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("v0:" + timestamp + ":"))
	mac.Write(body)
	return timestamp, "v0=" + hex.EncodeToString(mac.Sum(nil))
}

type signed struct {
	path, contentType string
	body              []byte
	timestamp, sig    string
	retry             string
}

func (s signed) post(t *testing.T, srv *httptest.Server) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+s.path, bytes.NewReader(s.body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", s.contentType)
	if s.timestamp != "" {
		req.Header.Set("X-Slack-Request-Timestamp", s.timestamp)
	}
	if s.sig != "" {
		req.Header.Set("X-Slack-Signature", s.sig)
	}
	if s.retry != "" {
		req.Header.Set("X-Slack-Retry-Num", s.retry)
		req.Header.Set("X-Slack-Retry-Reason", "http_timeout")
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func eventBody(t *testing.T, eventID string, event map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(fakeslack.EventCallback(eventID, event))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func signedEvent(body []byte, at time.Time) signed {
	ts, sig := sign(testSecret, at, body)
	return signed{path: EventsPath, contentType: "application/json", body: body, timestamp: ts, sig: sig}
}

func signedCommand(fields map[string]string, at time.Time) signed {
	form := url.Values{}
	for k, v := range fields {
		form.Set(k, v)
	}
	body := []byte(form.Encode())
	ts, sig := sign(testSecret, at, body)
	return signed{path: CommandsPath, contentType: "application/x-www-form-urlencoded", body: body, timestamp: ts, sig: sig}
}

func TestHTTPURLVerification(t *testing.T) {
	fs := newFake(t)
	srv := startHTTP(t, fs, newTestCore())
	body := []byte(`{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	status, got := signedEvent(body, time.Now()).post(t, srv)
	if status != http.StatusOK || got != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("status %d body %q, want the challenge back", status, got)
	}
}

func TestHTTPSignatures(t *testing.T) {
	fs := newFake(t)
	core := newTestCore()
	srv := startHTTP(t, fs, core)
	ctx := testCtx(t)
	now := time.Now()
	body := eventBody(t, "EvSig", fakeslack.Mention("U1", "C1", "latest trump putin", "1710000010.000100", ""))
	other := eventBody(t, "EvSig2", fakeslack.Mention("U1", "C1", "source remove https://feeds.example.org/world.xml", "1710000010.000200", ""))

	valid := signedEvent(body, now)
	wrongSecret := valid
	wrongSecret.timestamp, wrongSecret.sig = sign("not-the-secret", now, body)
	expired := valid
	expired.timestamp, expired.sig = sign(testSecret, now.Add(-6*time.Minute), body)
	future := valid
	future.timestamp, future.sig = sign(testSecret, now.Add(6*time.Minute), body)
	otherBody := valid // the signature of one body with another
	otherBody.body = other
	noHeaders := valid
	noHeaders.timestamp, noHeaders.sig = "", ""
	garbled := valid
	garbled.sig = "v0=zz" + valid.sig[5:]
	noVersion := valid
	noVersion.sig = strings.TrimPrefix(valid.sig, "v0=")

	for name, req := range map[string]signed{
		"wrong secret": wrongSecret, "expired": expired, "from the future": future,
		"replayed with another body": otherBody, "unsigned": noHeaders, "garbled": garbled, "no version": noVersion,
	} {
		if status, _ := req.post(t, srv); status != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, status)
		}
	}
	// Nothing refused may have been acted on: the valid request is the
	// first the core hears of, and its answer the only post.
	if status, _ := valid.post(t, srv); status != http.StatusOK {
		t.Fatalf("valid request: status %d", status)
	}
	calls, err := fs.WaitCalls(ctx, "chat.postMessage", 1)
	if err != nil {
		t.Fatal(err)
	}
	if reqs := core.requests(); len(reqs) != 1 || reqs[0].EventID != "EvSig" {
		t.Errorf("core got %+v, want only EvSig", reqs)
	}
	if calls[0].Form.Get("thread_ts") != "1710000010.000100" {
		t.Errorf("answer not in the mention's thread: %v", calls[0].Form)
	}
}

func TestHTTPRetriedEventPostsOnce(t *testing.T) {
	fs := newFake(t)
	core := newTestCore()
	srv := startHTTP(t, fs, core)
	ctx := testCtx(t)

	body := eventBody(t, "EvRetry", fakeslack.Mention("U1", "C1", "latest trump putin", "1710000011.000100", ""))
	for retry := range 3 {
		req := signedEvent(body, time.Now())
		if retry > 0 {
			req.retry = strconv.Itoa(retry)
		}
		if status, _ := req.post(t, srv); status != http.StatusOK {
			t.Fatalf("delivery %d: status %d, want 200", retry, status)
		}
	}
	sentinel := eventBody(t, "EvRetrySentinel", fakeslack.Mention("U1", "C9", "latest macron xi", "1710000011.000200", ""))
	if status, _ := signedEvent(sentinel, time.Now()).post(t, srv); status != http.StatusOK {
		t.Fatal(status)
	}
	calls, err := fs.WaitCalls(ctx, "chat.postMessage", 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := postsTo(calls, "C1"); len(got) != 1 {
		t.Fatalf("%d posts for an event delivered three times", len(got))
	}
}

func TestHTTPAcksBeforeTheAnswer(t *testing.T) {
	fs := newFake(t)
	core := newTestCore()
	core.block = make(chan struct{})
	core.entered = make(chan struct{}, 2)
	srv := startHTTP(t, fs, core)
	ctx := testCtx(t)

	body := eventBody(t, "EvSlowHTTP", fakeslack.Mention("U1", "C1", "latest trump putin", "1710000012.000100", ""))
	if status, _ := signedEvent(body, time.Now()).post(t, srv); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	<-core.entered // the 200 came back while the core is still at work
	cmd := signedCommand(fs.SlashCommand("U1", "C1", "latest trump putin", "trig-http-slow"), time.Now())
	if status, body := cmd.post(t, srv); status != http.StatusOK || body != "" {
		t.Fatalf("slash command: status %d body %q, want an empty 200", status, body)
	}
	<-core.entered
	close(core.block)
	if _, err := fs.WaitCalls(ctx, "chat.postMessage", 1); err != nil {
		t.Fatal(err)
	}
	calls, err := fs.WaitCalls(ctx, "response_url", 1)
	if err != nil {
		t.Fatal(err)
	}
	if r := decodeResponse(t, calls[0]); r.ResponseType != "in_channel" || decodeBlocks(t, string(r.Blocks)).header() == "" {
		t.Errorf("response_url got %+v", r)
	}
}

func TestHTTPSlashFromNonAdminGetsEphemeralRefusal(t *testing.T) {
	fs := newFake(t)
	core := newTestCore()
	srv := startHTTP(t, fs, core)
	ctx := testCtx(t)

	cmd := signedCommand(fs.SlashCommand("U2", "C1", "digest unsubscribe", "trig-http-refuse"), time.Now())
	if status, _ := cmd.post(t, srv); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	calls, err := fs.WaitCalls(ctx, "chat.postEphemeral", 1)
	if err != nil {
		t.Fatal(err)
	}
	if f := calls[0].Form; f.Get("user") != "U2" || !strings.Contains(f.Get("text"), "Only workspace admins") {
		t.Errorf("ephemeral %v", f)
	}
	if n := len(fs.Calls("chat.postMessage")) + len(fs.Calls("response_url")); n != 0 {
		t.Errorf("%d public answers to a refused command", n)
	}
	if reqs := core.requests(); len(reqs) != 1 || reqs[0].Origin.Admin || reqs[0].Text != "digest unsubscribe" {
		t.Errorf("core got %+v", reqs)
	}
}

func TestHTTPRejectsOtherMethodsAndPaths(t *testing.T) {
	fs := newFake(t)
	srv := startHTTP(t, fs, newTestCore())
	resp, err := srv.Client().Get(srv.URL + EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET %s: %d", EventsPath, resp.StatusCode)
	}
	req := signedEvent([]byte(`{"type":"url_verification","challenge":"c"}`), time.Now())
	req.path = "/elsewhere"
	if status, _ := req.post(t, srv); status != http.StatusNotFound {
		t.Errorf("unknown path: %d", status)
	}
}

func TestHTTPRunServesUntilCancelled(t *testing.T) {
	fs := newFake(t)
	a, err := New(Options{BotToken: fakeslack.BotToken, SigningSecret: testSecret, Mode: "http", ListenAddr: "127.0.0.1:0",
		APIURL: fs.APIURL(), Handler: newTestCore(), Logger: testLogger(t, testSecret)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	if _, err := fs.WaitCalls(testCtx(t), "auth.test", 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-testCtx(t).Done():
		t.Fatal("Run did not stop")
	}
}
