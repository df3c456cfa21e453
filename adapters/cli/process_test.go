package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// process is a started readout whose log is read line by line.
type process struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	log  []string
	line chan string
	done chan error
}

func startProcess(t *testing.T, bin string, env []string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = nil // /dev/null: no terminal, as under a service manager
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, line: make(chan string, 1024), done: make(chan error, 1)}
	read := make(chan struct{})
	go func() {
		defer close(read)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			p.mu.Lock()
			p.log = append(p.log, sc.Text())
			p.mu.Unlock()
			select {
			case p.line <- sc.Text():
			default:
			}
		}
	}()
	go func() {
		<-read
		p.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
		}
	})
	return p
}

// waitFor waits for a log line holding every one of want.
func (p *process) waitFor(t *testing.T, want ...string) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case l := <-p.line:
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(l, w)
			}
			if ok {
				return
			}
		case err := <-p.done:
			t.Fatalf("readout ended (%v) before logging %q:\n%s", err, want, p.logText())
		case <-deadline:
			t.Fatalf("no log line with %q:\n%s", want, p.logText())
		}
	}
}

func (p *process) logText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return strings.Join(p.log, "\n")
}

// stop sends SIGTERM and returns the exit code, failing when the process
// takes more than ten seconds.
func (p *process) stop(t *testing.T) int {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		t.Fatalf("still running 10 s after SIGTERM:\n%s", p.logText())
		return -1
	}
}

// SIGTERM while a poll is in flight (one source answers, one holds its
// request open) stops the bot with exit 0 within ten seconds, logs no
// error, leaves the write-ahead log checkpointed, and the next start finds
// everything stored before.
func TestSIGTERMStopsCleanly(t *testing.T) {
	bin := buildReadout(t)
	feed, err := os.ReadFile(sampleFeed(t))
	if err != nil {
		t.Fatal(err)
	}
	held := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/held.xml" {
			close(held)
			<-r.Context().Done()
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(feed)
	}))
	defer srv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	cfg := filepath.Join(dir, "readout.toml")
	toml := fmt.Sprintf("[storage]\npath = %q\n[log]\nlevel = \"debug\"\n[sources]\nallow_private = true\ndefaults = [%q, %q]\n",
		db, srv.URL+"/feed.xml", srv.URL+"/held.xml")
	if err := os.WriteFile(cfg, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	p := startProcess(t, bin, nil, "--config", cfg, "run")
	p.waitFor(t, "msg=polled", srv.URL+"/feed.xml")
	<-held // a poll is in flight
	began := time.Now()
	code := p.stop(t)
	t.Logf("stopped in %s", time.Since(began).Round(time.Millisecond))
	if code != 0 {
		t.Fatalf("exit %d after SIGTERM:\n%s", code, p.logText())
	}
	logs := p.logText()
	if strings.Contains(logs, "level=ERROR") {
		t.Fatalf("a normal stop logged an error:\n%s", logs)
	}
	if !strings.Contains(logs, `msg=stopped`) {
		t.Errorf("no word of the stop:\n%s", logs)
	}
	if fi, err := os.Stat(db + "-wal"); err == nil && fi.Size() > 0 {
		t.Errorf("write-ahead log not checkpointed: %d bytes", fi.Size())
	}
	out, err := exec.Command(bin, "--config", cfg, "calls", "--json").Output()
	if err != nil {
		t.Fatalf("calls after restart: %v", err)
	}
	var calls []json.RawMessage
	if err := json.Unmarshal(out, &calls); err != nil || len(calls) != 2 {
		t.Fatalf("calls after restart: %v %s", err, out)
	}
}

// slackAPI is a fake Slack Web API on 127.0.0.1 whose chat.postMessage
// can be held: a held post waits until the client gives up.
type slackAPI struct {
	srv   *httptest.Server
	mu    sync.Mutex
	hold  bool
	held  chan string // the body of each held post
	posts []string    // bodies of the posts answered ok
	sent  chan string
}

func newSlackAPI(t *testing.T) *slackAPI {
	t.Helper()
	s := &slackAPI{held: make(chan string, 16), sent: make(chan string, 16)}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		body := r.Form.Get("channel") + " " + r.Form.Get("text") + " " + r.Form.Get("blocks")
		if strings.HasSuffix(r.URL.Path, "/chat.postMessage") {
			s.mu.Lock()
			hold := s.hold
			if !hold {
				s.posts = append(s.posts, body)
			}
			s.mu.Unlock()
			if hold {
				s.held <- body
				<-r.Context().Done()
				return
			}
			s.sent <- body
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"ok":true,"user_id":"UBOT","team_id":"T1","team":"Test","channel":"C0123","ts":"1700000000.000100"}`)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// SIGTERM while a digest is being posted exits 0 within ten seconds; the
// next start posts that digest, once.
func TestSIGTERMDuringADeliveryResumesOnce(t *testing.T) {
	bin := buildReadout(t)
	api := newSlackAPI(t)
	api.hold = true
	db := filepath.Join(t.TempDir(), "r.db")
	env := []string{"READOUT_STORAGE_PATH=" + db, "READOUT_SOURCES_NO_DEFAULTS=true", "READOUT_LOG_LEVEL=debug",
		"SLACK_BOT_TOKEN=xoxb-1-2-testtoken", "SLACK_SIGNING_SECRET=test-signing-secret", "READOUT_SLACK_MODE=http",
		"READOUT_SLACK_LISTEN=127.0.0.1:0", "READOUT_SLACK_API_URL=" + api.srv.URL + "/api/"}
	sub := exec.Command(bin, "digest", "subscribe", "channel=slack:C0123", "schedule=cron", "*", "*", "*", "*", "*", "empty=yes")
	sub.Env = append(os.Environ(), env...)
	if out, err := sub.CombinedOutput(); err != nil || !strings.Contains(string(out), "Subscribed") {
		t.Fatalf("subscribe: %v %s", err, out)
	}
	p := startProcess(t, bin, env, "run")
	var body string
	select {
	case body = <-api.held: // the minute came round and the digest is being posted
	case err := <-p.done:
		t.Fatalf("run ended (%v):\n%s", err, p.logText())
	case <-time.After(90 * time.Second):
		t.Fatalf("no digest posted within 90 s:\n%s", p.logText())
	}
	if code := p.stop(t); code != 0 {
		t.Fatalf("exit %d after SIGTERM during a delivery:\n%s", code, p.logText())
	}
	if strings.Contains(p.logText(), "level=ERROR") {
		t.Errorf("a stop during a delivery logged an error:\n%s", p.logText())
	}

	api.mu.Lock()
	api.hold = false
	api.mu.Unlock()
	p2 := startProcess(t, bin, env, "run")
	select {
	case got := <-api.sent:
		if got != body {
			t.Errorf("the resumed post differs:\n held %q\n sent %q", body, got)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the interrupted digest was not posted after the restart:\n%s", p2.logText())
	}
	if code := p2.stop(t); code != 0 {
		t.Fatalf("second run: exit %d:\n%s", code, p2.logText())
	}
	api.mu.Lock()
	defer api.mu.Unlock()
	n := 0
	for _, b := range api.posts {
		if b == body {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the interrupted digest was posted %d times", n)
	}
}
