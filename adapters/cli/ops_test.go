package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"readout/storage"
	"readout/summaries"
)

// get fetches a path from the operations listener.
func get(t *testing.T, base, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func readiness(t *testing.T, base string) (int, map[string]string) {
	t.Helper()
	code, body := get(t, base, "/readyz")
	var r struct {
		Ready  bool              `json:"ready"`
		Checks map[string]string `json:"checks"`
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("/readyz body %q: %v", body, err)
	}
	if r.Ready != (code == http.StatusOK) {
		t.Fatalf("/readyz says ready=%v with status %d", r.Ready, code)
	}
	return code, r.Checks
}

// A bot run with http.listen serves /healthz, /readyz (which turns 503
// while the database cannot be written) and /metrics with what the poll
// did, on 127.0.0.1.
func TestOperationsListener(t *testing.T) {
	feed, err := os.ReadFile(sampleFeed(t))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(feed)
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "r.db")
	env := map[string]string{"READOUT_HTTP_LISTEN": "127.0.0.1:0", "READOUT_SOURCES_ALLOW_PRIVATE": "true",
		"READOUT_SOURCES_DEFAULTS": srv.URL + "/feed.xml", "READOUT_LOG_LEVEL": "debug"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := newWatchWriter("msg=polled")
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
	m := regexp.MustCompile(`msg=listening .*addr=(127\.0\.0\.1:\d+)`).FindStringSubmatch(logs.String())
	if m == nil {
		t.Fatalf("no listening line:\n%s", logs)
	}
	base := "http://" + m[1]

	if code, body := get(t, base, "/healthz"); code != 200 || strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	if code, checks := readiness(t, base); code != 200 || checks["database"] != "ok" || checks["poller"] != "ok" {
		t.Errorf("/readyz: %d %v", code, checks)
	}
	if r := runCLI(t, nil, "", "health", "--addr", m[1]); r.code != 0 || strings.TrimSpace(r.stdout) != "ok" {
		t.Errorf("readout health: %+v", r)
	}
	_, metrics := get(t, base, "/metrics")
	for _, want := range []string{
		`readout_articles_ingested_total{state="new"} 5`,
		`readout_calls_created_total 2`,
		`readout_polls_total{outcome="ok"} 1`,
		`readout_extraction_duration_seconds_count 5`,
		`readout_sources_paused 0`,
		`readout_sqlite_bytes `,
		`go_goroutines `,
		`process_resident_memory_bytes `,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	// Another writer holds the database: not ready, saying why, until it
	// lets go.
	other, err := storage.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	holding, release := make(chan struct{}), make(chan struct{})
	go other.Ingest(context.Background(), func(summaries.IngestTx) error {
		close(holding)
		<-release
		return nil
	})
	<-holding
	code, checks := readiness(t, base)
	close(release)
	if code != http.StatusServiceUnavailable || checks["database"] == "ok" || checks["poller"] != "ok" {
		t.Errorf("/readyz with the database locked: %d %v", code, checks)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if code, _ := readiness(t, base); code == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("not ready again after the writer let go")
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("run: %d\n%s", code, logs)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the listener outlived the run")
	}
}

// A database file that turns read-only makes the bot not ready. Root
// writes to read-only files, so the test needs another user.
func TestReadyFailsOnAReadOnlyDatabase(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root, which may write to a read-only file: the locked-database case in TestOperationsListener covers the probe")
	}
	db := filepath.Join(t.TempDir(), "r.db")
	if r := runCLI(t, nil, "", "--db", db, "ingest", sampleFeed(t)); r.code != 0 {
		t.Fatalf("ingest: %+v", r)
	}
	cfg, err := configFor(db)
	if err != nil {
		t.Fatal(err)
	}
	a, err := open(context.Background(), cfg, discardLog())
	if err != nil {
		t.Fatal(err)
	}
	defer a.close(false)
	if err := a.databaseWritable(context.Background()); err != nil {
		t.Fatalf("writable database: %v", err)
	}
	if err := os.Chmod(db, 0o400); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(db, 0o600)
	if err := a.databaseWritable(context.Background()); err == nil {
		t.Fatal("a read-only database passed the probe")
	}
}

// readout health fails (exit 1) when nothing answers, and asks for an
// address (exit 2) when none is configured.
func TestHealthWithoutAListener(t *testing.T) {
	if r := runCLI(t, nil, "", "health", "--addr", closedPort(t)); r.code != 1 || r.stdout != "" || !strings.HasPrefix(r.stderr, "readout health: ") {
		t.Errorf("health of nothing: %+v", r)
	}
	if r := runCLI(t, nil, "", "health"); r.code != 2 || !strings.Contains(r.stderr, "READOUT_HTTP_LISTEN") {
		t.Errorf("health without an address: %+v", r)
	}
}
