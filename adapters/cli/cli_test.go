package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"readout/config"
)

// syncWriter lets a log written from several goroutines be read safely.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	return runIn(t, false, env, stdin, args...)
}

// runTerminal runs a command as if standard input were a terminal.
func runTerminal(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	return runIn(t, true, env, stdin, args...)
}

func runIn(t *testing.T, terminal bool, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	// run logs from several goroutines.
	code := Main(context.Background(), args, Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &syncWriter{w: &errb},
		Getenv: func(k string) string { return env[k] }, Terminal: terminal,
	})
	return result{code, out.String(), errb.String()}
}

func sampleFeed(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "testdata", "sample-feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestIngestCallsAsk(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	r := runCLI(t, nil, "", "--db", db, "ingest", sampleFeed(t))
	if r.code != 0 || !strings.Contains(r.stdout, "5 new") || !strings.Contains(r.stdout, "calls: 2 new") {
		t.Fatalf("ingest: %+v", r)
	}
	again := runCLI(t, nil, "", "--db", db, "ingest", sampleFeed(t))
	if again.code != 0 || !strings.Contains(again.stdout, "5 unchanged; calls: 0 new, 0 updated") {
		t.Fatalf("second ingest must change nothing: %+v", again)
	}
	r = runCLI(t, nil, "", "--db", db, "calls", "--json")
	var calls []struct {
		Participants    []string `json:"participants"`
		Date            string   `json:"date"`
		Medium          string   `json:"medium"`
		DurationMinutes *int     `json:"duration_minutes"`
		Initiator       *string  `json:"initiator"`
		Summary         string   `json:"summary"`
		Articles        []struct {
			URL string `json:"url"`
		} `json:"articles"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &calls); err != nil || len(calls) != 2 {
		t.Fatalf("calls --json: %v %q", err, r.stdout)
	}
	xi, putin := calls[0], calls[1]
	if xi.Date != "2025-04-02" || xi.Medium != "video" || xi.DurationMinutes == nil || *xi.DurationMinutes != 70 || xi.Initiator == nil || *xi.Initiator != "Xi Jinping" {
		t.Errorf("Xi–Lula record: %+v", xi)
	}
	if putin.Date != "2025-03-18" || len(putin.Articles) != 2 || putin.DurationMinutes == nil || *putin.DurationMinutes != 90 || putin.Summary == "" {
		t.Errorf("Putin–Trump record: %+v", putin)
	}
	// Tracking parameters are stripped from article links.
	for _, a := range putin.Articles {
		if strings.Contains(a.URL, "utm_") {
			t.Errorf("tracking parameter kept in %s", a.URL)
		}
	}
	r = runCLI(t, nil, "", "--db", db, "calls", "--leader", "Lula")
	if r.code != 0 || !strings.Contains(r.stdout, "Lula and Xi") || strings.Contains(r.stdout, "Putin") {
		t.Errorf("calls --leader Lula: %+v", r)
	}
	r = runCLI(t, nil, "", "--db", db, "ask", "--json", "--now", "2025-04-10T00:00:00Z", "how", "long", "was", "the", "last", "trump", "putin", "call")
	var ans struct {
		Answer string `json:"answer"`
		Calls  []struct {
			Date string `json:"date"`
		} `json:"calls"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &ans); err != nil || !strings.Contains(ans.Answer, "1 h 30 min") || len(ans.Calls) != 1 || ans.Calls[0].Date != "2025-03-18" {
		t.Fatalf("ask --json: %v %q", err, r.stdout)
	}
	r = runCLI(t, nil, "", "--db", db, "ask", "--json", "--now", "2025-03-01T00:00:00Z", "latest", "trump", "putin", "call")
	if err := json.Unmarshal([]byte(r.stdout), &ans); err != nil || len(ans.Calls) != 0 || !strings.Contains(ans.Answer, "no record") {
		t.Fatalf("a call after --now must be unknown: %v %q", err, r.stdout)
	}
}

// ask --json says how it read the question and holds every record of a
// list; --chart writes a list's timeline and refuses an answer without one.
func TestAskJSONAndChart(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	if r := runCLI(t, nil, "", "--db", db, "ingest", sampleFeed(t)); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	chart := filepath.Join(dir, "putin.png")
	r := runCLI(t, nil, "", "--db", db, "ask", "--json", "--chart", chart, "--now", "2025-07-10T00:00:00Z", "list", "all", "putin", "calls")
	var ans struct {
		Answer string `json:"answer"`
		Intent string `json:"intent"`
		ReadAs string `json:"read_as"`
		Calls  []struct {
			Date string `json:"date"`
		} `json:"calls"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &ans); err != nil || r.code != 0 {
		t.Fatalf("ask --json --chart: %v %+v", err, r)
	}
	if ans.Intent != "list" || len(ans.Calls) != 1 || ans.Calls[0].Date != "2025-03-18" || !strings.HasPrefix(ans.Answer, "1 call with Putin") {
		t.Errorf("list answer: %+v", ans)
	}
	data, err := os.ReadFile(chart)
	if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")) {
		t.Fatalf("chart file: %v, %d bytes", err, len(data))
	}
	r = runCLI(t, nil, "", "--db", db, "ask", "--json", "--now", "2025-07-10T00:00:00Z", "when", "did", "potus", "last", "speak", "to", "puttin")
	if err := json.Unmarshal([]byte(r.stdout), &ans); err != nil || ans.Intent != "when" || !strings.Contains(ans.ReadAs, "Putin") {
		t.Errorf("a reading is said: %v %q", err, r.stdout)
	}
	none := filepath.Join(dir, "none.png")
	r = runCLI(t, nil, "", "--db", db, "ask", "--chart", none, "--now", "2025-07-10T00:00:00Z", "latest", "trump", "putin", "call")
	if r.code != 1 || !strings.Contains(r.stderr, "no chart") || !strings.Contains(r.stdout, "Latest:") {
		t.Errorf("--chart on an answer without one: %+v", r)
	}
	if _, err := os.Stat(none); err == nil {
		t.Error("a chart file was written for an answer without one")
	}
}

func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestIngestBadInput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	if r := runCLI(t, nil, "", "--db", db, "ingest", sampleFeed(t)); r.code != 0 {
		t.Fatalf("setup ingest: %+v", r)
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := make([]byte, 50<<20)
	for i := range big {
		big[i] = 'a' + byte(i%26)
	}
	cases := map[string]string{
		"empty":   write("empty.txt", nil),
		"binary":  write("junk.bin", []byte{0x89, 'P', 'N', 'G', 0, 0, 0, 0x0d, 0xff, 0xfe, 0, 1, 2, 3}),
		"50MB":    write("huge.txt", big),
		"invalid": write("broken.xml", []byte(`<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title>`)),
		"missing": filepath.Join(dir, "does-not-exist.xml"),
		"closed":  fmt.Sprintf("http://%s/feed.xml", closedPort(t)),
		"scheme":  "ftp://example.test/feed.xml",
	}
	env := map[string]string{"READOUT_SOURCES_ALLOW_PRIVATE": "true", "READOUT_SOURCES_TIMEOUT": "2s"}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			r := runCLI(t, env, "", "--db", db, "ingest", src)
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if r.code == 0 || len(lines) != 1 || !strings.HasPrefix(lines[0], "readout ingest: ") {
				t.Fatalf("want exit != 0 and one error line, got %d %q", r.code, r.stderr)
			}
		})
	}
	// Nothing stored before is lost or duplicated.
	r := runCLI(t, nil, "", "--db", db, "calls", "--json")
	var calls []json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &calls); err != nil || len(calls) != 2 {
		t.Fatalf("store changed by bad input: %v %d", err, len(calls))
	}
	// A good source next to a bad one is still ingested; the exit code tells of the failure.
	r = runCLI(t, nil, "", "--db", filepath.Join(dir, "mixed.db"), "ingest", cases["empty"], sampleFeed(t))
	if r.code == 0 || !strings.Contains(r.stdout, "5 new") {
		t.Fatalf("mixed sources: %+v", r)
	}
}

func TestChatConsole(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	runCLI(t, nil, "", "--db", db, "ingest", sampleFeed(t))
	r := runCLI(t, nil, "help\ndid xi and lula talk in 2025\nquit\n", "--db", db, "chat")
	if r.code != 0 || !strings.Contains(r.stdout, "What I can answer") || !strings.Contains(r.stdout, "Yes: Xi and Lula spoke in 2025") {
		t.Fatalf("chat: %+v", r)
	}
}

// The console says a list has a chart and saves it when asked; an answer
// without one says so.
func TestChatConsoleSavesCharts(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	runCLI(t, nil, "", "--db", db, "ingest", sampleFeed(t))
	saved, missing := filepath.Join(dir, "xi.png"), filepath.Join(dir, "none.png")
	in := "list all xi calls\nsave chart " + saved + "\nwhen did xi last speak to lula\nsave chart " + missing + "\nquit\n"
	r := runCLI(t, nil, in, "--db", db, "chat")
	if r.code != 0 || !strings.Contains(r.stdout, "[chart: xi-calls.png;") || !strings.Contains(r.stdout, "Chart saved to "+saved) || !strings.Contains(r.stdout, "The last answer has no chart") {
		t.Fatalf("chat: %+v", r)
	}
	if data, err := os.ReadFile(saved); err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
		t.Errorf("saved chart: %v", err)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("a chart was saved for an answer without one")
	}
}

func TestRunWithoutTokensUsesConsole(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	r := runTerminal(t, map[string]string{"READOUT_SOURCES_NO_DEFAULTS": "true"}, "help\nquit\n", "--db", db, "run")
	if r.code != 0 || !strings.Contains(r.stdout, "What I can answer") {
		t.Fatalf("run: %+v", r)
	}
}

func TestUsageAndConfigErrors(t *testing.T) {
	if r := runCLI(t, nil, ""); r.code != 2 || !strings.Contains(r.stderr, "usage") {
		t.Errorf("no command: %+v", r)
	}
	if r := runCLI(t, nil, "", "frobnicate"); r.code != 2 || !strings.Contains(r.stderr, "unknown command") {
		t.Errorf("unknown command: %+v", r)
	}
	if r := runCLI(t, map[string]string{"READOUT_LOG_LEVEL": "chatty"}, "", "calls"); r.code != 2 || !strings.Contains(r.stderr, "log.level") {
		t.Errorf("bad config: %+v", r)
	}
	db := filepath.Join(t.TempDir(), "r.db")
	if r := runCLI(t, nil, "", "--db", db, "ask", "--now", "yesterday", "x"); r.code != 2 || !strings.Contains(r.stderr, "RFC 3339") {
		t.Errorf("bad --now: %+v", r)
	}
}

// watchWriter is a log that closes seen once a line holding want is
// written: a test waits for what the program says it did, never a fixed time.
type watchWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
}

func newWatchWriter(want string) *watchWriter {
	return &watchWriter{want: want, seen: make(chan struct{})}
}

func (w *watchWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	if w.want != "" && strings.Contains(w.buf.String(), w.want) {
		close(w.seen)
		w.want = ""
	}
	return n, err
}

func (w *watchWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// Without a terminal (input that ends at once) run keeps serving until it
// is told to stop, as a service does, and never reads its input.
func TestRunStaysUpWhenInputEnds(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out bytes.Buffer
	logs := newWatchWriter("until stopped")
	in := &countingReader{}
	done := make(chan int)
	go func() {
		done <- Main(ctx, []string{"--db", db, "run"}, Env{Stdin: in, Stdout: &out, Stderr: logs,
			Getenv: func(k string) string { return map[string]string{"READOUT_SOURCES_NO_DEFAULTS": "true"}[k] }})
	}()
	select {
	case code := <-done:
		t.Fatalf("run returned %d before being stopped: %s", code, logs)
	case <-logs.seen:
	}
	// Up and serving: it stays so until stopped.
	select {
	case code := <-done:
		t.Fatalf("run returned %d before being stopped: %s", code, logs)
	default:
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("run after stop: %d\n%s", code, logs)
	}
	if in.reads() != 0 {
		t.Errorf("a service without a terminal read its input %d times", in.reads())
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a normal stop logged an error:\n%s", logs)
	}
}

// countingReader is an input that ends at once and counts its reads.
type countingReader struct {
	mu sync.Mutex
	n  int
}

func (c *countingReader) Read([]byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return 0, io.EOF
}

func (c *countingReader) reads() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func TestFailedCommandsExitNonZero(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	if r := runCLI(t, nil, "", "--db", db, "sources", "add", "ftp://example.test/feed.xml"); r.code != 1 || !strings.Contains(r.stdout, "Command failed") {
		t.Fatalf("a refused source must exit 1: %+v", r)
	}
	if r := runCLI(t, nil, "", "--db", db, "sources", "list"); r.code != 0 {
		t.Fatalf("a listing must exit 0: %+v", r)
	}
}

// "quit" is a normal stop: nothing logs an error on the way out.
func TestQuitLogsNoError(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	runCLI(t, nil, "", "--db", db, "digest", "subscribe", "channel=console:console", "schedule=daily", "08:00", "UTC")
	for range 5 {
		r := runTerminal(t, map[string]string{"READOUT_SOURCES_NO_DEFAULTS": "true", "READOUT_LOG_LEVEL": "debug"}, "quit\n", "--db", db, "run")
		if r.code != 0 {
			t.Fatalf("run: %+v", r)
		}
		if strings.Contains(r.stderr, "level=ERROR") {
			t.Fatalf("a normal quit logged an error:\n%s", r.stderr)
		}
	}
}

// run --console talks on standard input even without a terminal, and the
// end of that input ends the session: "echo question | readout run
// --console" answers and exits.
func TestRunConsoleForcedEndsWithItsInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	r := runCLI(t, map[string]string{"READOUT_SOURCES_NO_DEFAULTS": "true"}, "help\n", "--db", db, "run", "--console")
	if r.code != 0 || !strings.Contains(r.stdout, "What I can answer") || strings.Contains(r.stderr, "level=ERROR") {
		t.Fatalf("run --console: %+v", r)
	}
}

// configFor is the default configuration on the database at path.
func configFor(path string) (config.Config, error) {
	cfg, err := config.Load("", func(string) string { return "" })
	cfg.Storage.Path = path
	return cfg, err
}

func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }
