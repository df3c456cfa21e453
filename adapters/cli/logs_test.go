package cli

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Secrets the logs must never show, made to be unmistakable.
const (
	discordToken  = "MTIzNDU2Nzg5.secret-discord-token-value"
	slackBotToken = "xoxb-1111-2222-secretslackbottoken"
	signingSecret = "signing-secret-9f8e7d6c5b4a"
)

// fakeAPI answers Slack's auth.test and anything else with ok, and
// Discord's gateway lookup with 401: enough for a run to start and fail.
func fakeAPI(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if strings.Contains(r.URL.Path, "/gateway") {
			http.Error(w, `{"message": "401: Unauthorized", "code": 0}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true,"user_id":"UBOT","team_id":"T1","team":"Test Team"}`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func signed(t *testing.T, url, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(signingSecret))
	io.WriteString(mac, "v0:"+ts+":"+body)
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	req.Header.Set("Content-Type", "application/json")
	return req
}

// A full run at debug level, in JSON, with Slack's HTTP mode on the shared
// listener and a polled source, then a run whose Discord token is refused:
// every line is JSON, every poll line names its source, and no token or
// signing secret appears anywhere.
func TestLogsNameThingsAndKeepSecrets(t *testing.T) {
	feed, err := os.ReadFile(sampleFeed(t))
	if err != nil {
		t.Fatal(err)
	}
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(feed) }))
	defer src.Close()
	api := fakeAPI(t)
	db := filepath.Join(t.TempDir(), "r.db")
	env := map[string]string{
		"READOUT_LOG_LEVEL": "debug", "READOUT_LOG_FORMAT": "json", "READOUT_HTTP_LISTEN": "127.0.0.1:0",
		"READOUT_SOURCES_ALLOW_PRIVATE": "true", "READOUT_SOURCES_DEFAULTS": src.URL + "/feed.xml",
		"SLACK_BOT_TOKEN": slackBotToken, "SLACK_SIGNING_SECRET": signingSecret,
		"READOUT_SLACK_MODE": "http", "READOUT_SLACK_API_URL": api + "/api/",
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := newWatchWriter(`"msg":"polled"`)
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"--db", db, "run"}, Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: logs,
			Getenv: func(k string) string { return env[k] }})
	}()
	select {
	case <-logs.seen:
	case code := <-done:
		t.Fatalf("run ended with %d:\n%s", code, logs)
	case <-time.After(30 * time.Second):
		t.Fatalf("no poll:\n%s", logs)
	}
	m := regexp.MustCompile(`"msg":"listening".*"addr":"(127\.0\.0\.1:\d+)"`).FindStringSubmatch(logs.String())
	if m == nil {
		t.Fatalf("no listening line:\n%s", logs)
	}
	base := "http://" + m[1]
	// Slack's endpoints answer on the shared listener: a signed challenge
	// is echoed, an unsigned request refused (and logged).
	resp, err := http.DefaultClient.Do(signed(t, base+"/slack/events", `{"type":"url_verification","challenge":"c-42"}`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != "c-42" {
		t.Errorf("signed challenge on the shared listener: %d %q", resp.StatusCode, b)
	}
	resp, err = http.Post(base+"/slack/events", "application/json", strings.NewReader(`{"type":"url_verification","challenge":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unsigned request: %d", resp.StatusCode)
	}
	if _, checks := readiness(t, base); checks["slack"] != "ok" {
		t.Errorf("slack on the shared listener must be ready: %v", checks)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("run: %d\n%s", code, logs)
	}
	full := logs.String()

	// Discord refuses the token: the run fails, saying so without the token.
	env2 := map[string]string{"READOUT_LOG_LEVEL": "debug", "READOUT_LOG_FORMAT": "json", "READOUT_SOURCES_NO_DEFAULTS": "true",
		"DISCORD_TOKEN": discordToken, "READOUT_DISCORD_API_URL": api}
	r := runCLI(t, env2, "", "--db", filepath.Join(t.TempDir(), "d.db"), "run")
	if r.code != 1 {
		t.Errorf("a refused Discord token must fail the run: %+v", r)
	}
	full += r.stderr

	for _, secret := range []string{discordToken, slackBotToken, signingSecret, "secret-discord", "secretslackbot", "9f8e7d6c5b4a"} {
		if strings.Contains(full, secret) {
			t.Errorf("the logs show a secret (%s)", secret)
		}
	}
	sc := bufio.NewScanner(strings.NewReader(full))
	polls := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "readout: ") { // the exit's error, for people
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("not a JSON log line: %q in\n%s", line, r.stderr)
			continue
		}
		if msg, _ := rec["msg"].(string); strings.HasPrefix(msg, "poll") && msg != "poll" {
			polls++
			if rec["source"] == nil {
				t.Errorf("a poll line without its source: %s", line)
			}
		}
		if msg, _ := rec["msg"].(string); strings.HasPrefix(msg, "digest") && rec["channel"] == nil {
			t.Errorf("a digest line without its channel: %s", line)
		}
	}
	if polls == 0 {
		t.Errorf("no poll lines to check:\n%s", full)
	}
}
