package cli

// Tests through real readout processes: the binary is built into the
// test's temporary directory, run on a database file, and killed with
// SIGKILL where a crash would strike.

import (
	"bytes"
	"database/sql"
	"fmt"
	"html"
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

	_ "modernc.org/sqlite"
)

// buildReadout builds the readout binary into dir.
func buildReadout(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	mod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "readout")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(mod)))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// proc is one readout process.
type proc struct {
	cmd    *exec.Cmd
	stderr *bytes.Buffer
	done   chan struct{}
	err    error
}

// processEnv is the environment every process gets: no chat tokens, no
// default sources (they live on the internet), loopback feeds allowed.
func processEnv(extra ...string) []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"READOUT_SOURCES_NO_DEFAULTS=true", "READOUT_SOURCES_ALLOW_PRIVATE=true",
		"READOUT_DIGEST_BATCH_WINDOW=0s", "READOUT_LOG_LEVEL=debug",
		// The feeds' reports go weeks back: all of them are news.
		"READOUT_SOURCES_MAX_AGE=8760h"}
	return append(env, extra...)
}

// start runs readout with args; stdout goes to out (shared across
// processes: what a platform would have received).
func start(t testing.TB, bin string, out *os.File, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), stderr: &bytes.Buffer{}, done: make(chan struct{})}
	p.cmd.Env = processEnv()
	p.cmd.Stdout = out
	p.cmd.Stderr = &syncWriter{w: p.stderr}
	// The console (run --console, whose posts the tests read) ends with
	// its input: an input kept open keeps the process running until it is
	// stopped or killed.
	in, keep, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stdin = in
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	in.Close()
	go func() { p.err = p.cmd.Wait(); keep.Close(); close(p.done) }()
	t.Cleanup(func() { p.cmd.Process.Kill(); <-p.done })
	return p
}

func (p *proc) kill() {
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

func (p *proc) stop(t testing.TB) {
	t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("readout did not stop on SIGTERM:\n%s", p.stderr)
	}
}

func (p *proc) log() string {
	w := p.cmd.Stderr.(*syncWriter)
	w.mu.Lock()
	defer w.mu.Unlock()
	return p.stderr.String()
}

// runOnce runs a short command to its end.
func runOnce(t testing.TB, bin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = processEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("readout %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// callPairs are leaders in office from 2025 on, paired into distinct calls.
var callPairs = func() [][2]string {
	names := []string{"Donald Trump", "Vladimir Putin", "Xi Jinping", "Volodymyr Zelensky", "Emmanuel Macron", "Keir Starmer",
		"Friedrich Merz", "Giorgia Meloni", "Recep Tayyip Erdogan", "Narendra Modi", "Mark Carney", "Anthony Albanese"}
	var out [][2]string
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			out = append(out, [2]string{names[i], names[j]})
		}
	}
	return out
}()

// newsFeed serves an RSS feed on 127.0.0.1: first its past (one item
// that reports no call), then, once news is set, a report of a distinct
// call per item (the pairs of callPairs, then the same pairs a week
// earlier, and so on), a few more at every fetch.
type newsFeed struct {
	srv *httptest.Server

	mu      sync.Mutex
	news    bool
	calls   int // reports available in all
	perHit  int
	shown   int
	hits    int
	publish time.Time
}

func newNewsFeed(t *testing.T, calls, perHit int) *newsFeed {
	f := &newsFeed{calls: calls, perHit: perHit, publish: time.Now().UTC().Add(-time.Hour)}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *newsFeed) url() string { return f.srv.URL + "/wire.xml" }

func (f *newsFeed) setNews() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.news = true
}

// report is the text of the call report i: a pair of leaders, and the
// week it is published in (0: this week, 1: the week before...).
func report(i int) (title, text string) {
	a, c := callPairs[i%len(callPairs)][0], callPairs[i%len(callPairs)][1]
	// The statement number keeps each week's report distinct: the same
	// text twice would be one article.
	return a + " and " + c + " speak by phone", a + " and " + c + " spoke by phone on Tuesday, their offices said.\n\nThe two leaders discussed trade and security. " +
		fmt.Sprintf("The offices numbered their statement %d.", 100+i)
}

func (f *newsFeed) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.hits++
	n := 0
	if f.news {
		f.shown = min(f.calls, f.shown+f.perHit)
		n = f.shown
	}
	f.mu.Unlock()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Loopback Wire</title><link>http://wire.test/</link>`)
	item := func(link, title, text string, published time.Time) {
		body := "<p>" + strings.ReplaceAll(html.EscapeString(text), "\n\n", "</p><p>") + "</p>"
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><content:encoded>%s</content:encoded></item>`,
			html.EscapeString(title), link, link, published.Format(time.RFC1123Z), html.EscapeString(body))
	}
	item(f.srv.URL+"/markets", "Markets open higher", "Shares rose in early trading on Monday as investors weighed company results.", f.publish)
	for i := range n {
		title, text := report(i)
		item(fmt.Sprintf("%s/call-%d", f.srv.URL, i), title, text, f.publish.AddDate(0, 0, -7*(i/len(callPairs))))
	}
	b.WriteString(`</channel></rss>`)
	w.Header().Set("Content-Type", "application/rss+xml")
	w.Write([]byte(b.String()))
}

// makeDue makes every source due at once, as the passing of its poll
// interval would.
func makeDue(t *testing.T, dbPath string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE sources SET next_poll = ''`); err != nil {
		t.Fatal(err)
	}
}

// announced counts, per channel and call, the digests that announced it in out, and
// the digests (blocks) posted.
func announced(t *testing.T, path string) (perCall map[string]int, blocks []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	perCall = map[string]int{}
	for _, block := range strings.Split(string(b), "[digest → ")[1:] {
		blocks = append(blocks, block)
		channel, _, _ := strings.Cut(block, "]")
		for _, line := range strings.Split(block, "\n") {
			if rest, ok := strings.CutPrefix(line, "New call: "); ok {
				perCall[channel+": "+rest]++
			}
		}
	}
	return perCall, blocks
}

// serveAll makes the next hit serve every report.
func (f *newsFeed) serveAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.perHit = f.calls
}

// Issue 15 item 4, as reported: thirty processes asking at once on a
// database none of them has created yet all answer.
func TestManyProcessesOpenANewDatabase(t *testing.T) {
	bin := buildReadout(t)
	dbPath := filepath.Join(t.TempDir(), "new.db")
	const n = 30
	var wg sync.WaitGroup
	failures := make(chan string, n)
	for range n {
		wg.Go(func() {
			cmd := exec.Command(bin, "--db", dbPath, "ask", "help")
			cmd.Env = processEnv()
			if out, err := cmd.CombinedOutput(); err != nil {
				failures <- fmt.Sprintf("%v: %s", err, out)
			}
		})
	}
	wg.Wait()
	close(failures)
	failed := 0
	for f := range failures {
		if failed == 0 {
			t.Errorf("first failure: %s", f)
		}
		failed++
	}
	if failed > 0 {
		t.Fatalf("%d of %d processes failed to open a new database", failed, n)
	}
}

// served is how many call reports the feed has served so far.
func (f *newsFeed) served() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.shown
}

// hitCount is how many times the feed was fetched.
func (f *newsFeed) hitCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits
}
