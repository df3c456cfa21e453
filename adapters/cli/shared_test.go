package cli

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// sharedFeeds serves n RSS feeds on 127.0.0.1, counting the requests of
// each: first each feed's past (an item that reports no call), then, once
// news is set, a report of call i%calls too, so that every call is
// reported by two feeds (two articles of one call may be ingested by two
// processes at once).
type sharedFeeds struct {
	srv     *httptest.Server
	n       int
	calls   int
	publish time.Time

	mu    sync.Mutex
	news  bool
	hits  []int
	times [][]time.Time
}

func newSharedFeeds(t testing.TB, n, calls int) *sharedFeeds {
	f := &sharedFeeds{n: n, calls: calls, publish: time.Now().UTC().Add(-time.Hour), hits: make([]int, n), times: make([][]time.Time, n)}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

var feedPath = regexp.MustCompile(`^/feed/(\d+)\.xml$`)

func (f *sharedFeeds) serve(w http.ResponseWriter, r *http.Request) {
	m := feedPath.FindStringSubmatch(r.URL.Path)
	if m == nil {
		http.NotFound(w, r)
		return
	}
	i, _ := strconv.Atoi(m[1])
	if i >= f.n {
		http.NotFound(w, r)
		return
	}
	f.mu.Lock()
	f.hits[i]++
	f.times[i] = append(f.times[i], time.Now())
	news := f.news
	f.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Desk %d</title><link>http://desk%d.test/</link>`, i, i)
	item := func(link, title, text string, published time.Time) {
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate><content:encoded>%s</content:encoded></item>`,
			html.EscapeString(title), link, link, published.Format(time.RFC1123Z), html.EscapeString("<p>"+html.EscapeString(text)+"</p>"))
	}
	item(fmt.Sprintf("%s/feed/%d/markets", f.srv.URL, i), "Markets open higher",
		fmt.Sprintf("Shares rose in early trading on Monday, desk %d reported, as investors weighed company results.", i), f.publish)
	if news {
		c := i % f.calls
		title, text := report(c)
		item(fmt.Sprintf("%s/feed/%d/call", f.srv.URL, i), title, text+fmt.Sprintf(" Desk %d filed this report.", i), f.publish.AddDate(0, 0, -7*(c/len(callPairs))))
	}
	b.WriteString(`</channel></rss>`)
	w.Header().Set("Content-Type", "application/rss+xml")
	w.Write([]byte(b.String()))
}

func (f *sharedFeeds) setNews() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.news = true
}

// counts returns the requests of each feed so far.
func (f *sharedFeeds) counts() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]int(nil), f.hits...)
}

// refetched counts the fetches made within half a poll interval of the
// same feed's fetch before: a feed polled again in one cycle (a killed
// process's claimed feed taken over), not its next cycle's poll, which a
// slow run may reach before the test ends.
func (f *sharedFeeds) refetched(interval time.Duration) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := 0
	for _, ts := range f.times {
		for j := 1; j < len(ts); j++ {
			if ts[j].Sub(ts[j-1]) < interval/2 {
				k++
			}
		}
	}
	return k
}

// fetchedAtLeast reports how many feeds were fetched at least n times.
func (f *sharedFeeds) fetchedAtLeast(n int) int {
	k := 0
	for _, c := range f.counts() {
		if c >= n {
			k++
		}
	}
	return k
}

// waitFor polls cond until it holds or within passes.
func waitUntil(t *testing.T, within time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > within {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return time.Since(start)
}

// Issue 14's acceptance: three "readout run" processes on one PostgreSQL
// database divide 300 feeds, each polled once per interval; every item is
// stored once, two articles of one call ingested by two processes make one
// record, every digest is posted once; a process killed mid-cycle has its
// sources polled by the others, and still nothing is lost or posted twice
// (beyond the one window of a post made just before its mark).
func TestSharedPostgresProcesses(t *testing.T) {
	bin := buildReadout(t)
	pg := pgServer.Database(t)
	const feeds, calls, lease, interval = 300, 150, 20 * time.Second, time.Minute
	f := newSharedFeeds(t, feeds, calls)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "readout.toml")
	// One host serves every feed: per_host is raised so that the host is
	// not the bound.
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("[sources]\npoll_interval = %q\ntimeout = \"5s\"\nlease = %q\nper_host = 8\n", interval, lease)), 0o600); err != nil {
		t.Fatal(err)
	}
	runOnce(t, bin, "--db", pg, "digest", "subscribe", "channel=console:all")
	runOnce(t, bin, "--db", pg, "digest", "subscribe", "channel=console:trump", "leaders=trump")
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, pg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `INSERT INTO sources(url, added_by, added_at) SELECT $1 || '/feed/' || i || '.xml', 'test', now() FROM generate_series(0, $2 - 1) AS i`,
		f.srv.URL, feeds); err != nil {
		t.Fatal(err)
	}
	outPath := filepath.Join(dir, "posted.txt")
	out, err := os.OpenFile(outPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	var procs []*proc
	for range 3 {
		procs = append(procs, start(t, bin, out, "--db", pg, "--config", cfg, "run", "--console"))
	}

	// The first cycle: every feed polled once, by one of the three.
	took := waitUntil(t, 50*time.Second, "every feed polled in the first cycle", func() bool { return f.fetchedAtLeast(1) == feeds })
	time.Sleep(2 * time.Second) // a second poll of any feed would show now
	for i, n := range f.counts() {
		if n != 1 {
			t.Fatalf("feed %d fetched %d times in the first cycle, want once", i, n)
		}
	}
	var shares []int
	for _, p := range procs {
		shares = append(shares, strings.Count(p.log(), "msg=polled "))
	}
	if shares[0]+shares[1]+shares[2] != feeds || shares[0] == 0 || shares[1] == 0 || shares[2] == 0 {
		t.Fatalf("polls per process %v, want the %d feeds divided among all three\n%s", shares, feeds, tail(procs[0].log(), 20))
	}
	t.Logf("first cycle: %d feeds polled once each in %s, shared %v", feeds, took.Round(100*time.Millisecond), shares)

	// The second cycle brings the news; one process is killed in it.
	f.setNews()
	waitUntil(t, 90*time.Second, "the second cycle begins", func() bool { return f.fetchedAtLeast(2) >= 40 })
	procs[0].kill()
	killedShare := strings.Count(procs[0].log(), "msg=polled ") - shares[0]
	takeover := waitUntil(t, lease+10*time.Second, "every feed polled in the second cycle after the kill", func() bool { return f.fetchedAtLeast(2) == feeds })
	if takeover > lease {
		t.Errorf("the killed process's feeds were polled %s after the kill, more than one lease (%s)", takeover, lease)
	}

	// Every call recorded once, from both its articles, and announced once
	// on each channel.
	trumpCalls := 0
	for c := range calls {
		if p := callPairs[c%len(callPairs)]; p[0] == "Donald Trump" || p[1] == "Donald Trump" {
			trumpCalls++
		}
	}
	var perCall map[string]int
	var blocks []string
	waitUntil(t, 60*time.Second, "every call announced on both channels", func() bool {
		perCall, blocks = announced(t, outPath)
		return len(perCall) >= calls+trumpCalls
	})
	time.Sleep(2 * time.Second) // a repeat would show now
	for _, p := range procs[1:] {
		p.stop(t)
	}
	perCall, blocks = announced(t, outPath)
	var articles, records, twoArticles int
	if err := conn.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM calls),
		(SELECT COUNT(*) FROM (SELECT call_id FROM mentions WHERE call_id IS NOT NULL GROUP BY call_id HAVING COUNT(DISTINCT article_id) = 2) x)`).
		Scan(&articles, &records, &twoArticles); err != nil {
		t.Fatal(err)
	}
	if articles != 2*feeds || records != calls || twoArticles != calls {
		t.Errorf("%d articles (want %d), %d call records (want %d), %d with both their articles (want all)", articles, 2*feeds, records, calls, twoArticles)
	}
	repeats := 0
	channels := map[string]int{}
	for call, n := range perCall {
		ch, _, _ := strings.Cut(call, ": ")
		channels[ch]++
		if n > 1 {
			repeats++
		}
	}
	if channels["all"] != calls || channels["trump"] != trumpCalls {
		t.Errorf("new calls announced per channel %v, want %d on console:all and %d on console:trump", channels, calls, trumpCalls)
	}
	// The one window: a post made by the killed process just before it
	// could mark it sent is posted again by another; nothing else repeats.
	if repeats > 0 {
		t.Logf("%d announcements repeated (the killed process's post in flight)", repeats)
	}
	if repeats > 2*(calls/len(callPairs)+1) {
		t.Errorf("%d announcements repeated: more than one post in flight at the kill could explain", repeats)
	}
	for _, n := range f.counts() {
		if n < 2 {
			t.Errorf("a feed was fetched %d times, want its second cycle too", n)
		}
	}
	// Fetched again within a cycle: only what the killed process had
	// claimed and not saved, at most one batch (twice its concurrency).
	extra := f.refetched(interval)
	if extra > 16 {
		t.Errorf("%d feeds fetched a third time: more than the killed process's one batch in flight", extra)
	}
	t.Logf("second cycle: one process killed after %d of its polls in it; every feed polled within %s of the kill; %d fetched again; %d articles, %d records, %d posts",
		killedShare, takeover.Round(100*time.Millisecond), extra, articles, records, len(blocks))
}
