package servicetest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"readout/adapters/feeds"
	"readout/bot"
	"readout/bot/digest"
	"readout/bot/ingest"
	"readout/summaries"
)

// pollerSetup is a poller's configuration with its fetcher's options, for
// tests to tweak.
type pollerSetup struct {
	ingest.PollerConfig
	Fetch feeds.Options
}

func (r *rig) poller(d *digest.Digests, alerts *digest.Alerts, tweak func(*pollerSetup)) *ingest.Poller {
	r.t.Helper()
	cfg := pollerSetup{ingest.PollerConfig{Ingester: r.in, Store: r.db, Digests: d, Alerts: alerts, Clock: r.clock, Logger: r.log,
		Interval: 15 * time.Minute, Concurrency: 8, PerHost: 2, MaxFailures: 3, MaxAge: 72 * time.Hour},
		feeds.Options{AllowPrivate: true, Timeout: 5 * time.Second}}
	if tweak != nil {
		tweak(&cfg)
	}
	cfg.Fetcher = feeds.New(cfg.Fetch)
	p, err := ingest.NewPoller(cfg.PollerConfig)
	if err != nil {
		r.t.Fatal(err)
	}
	return p
}

func (r *rig) pollDue(p *ingest.Poller) ingest.PollStats {
	r.t.Helper()
	st, err := p.PollDue(context.Background())
	if err != nil {
		r.t.Fatal(err)
	}
	return st
}

func TestPollFirstSilentThenNewThenEditedNeverDuplicated(t *testing.T) {
	now := wednesday.Add(3 * time.Hour)
	r := newRig(t, now)
	fs := newFeedServer(t)
	slack := newRecorder("slack", r.clock)
	d := r.digests(0, slack)
	r.subscribe("slack", "C1", nil, "", false)
	p := r.poller(d, nil, nil)

	// The feed's past holds a call: stored, not announced.
	fs.set("/wire.xml", testFeed{title: "Test Wire", items: []summaries.Article{putinTrumpReport(wednesday), fillerItem(1, wednesday)}})
	url := fs.url("/wire.xml")
	r.addSource(url)
	st := r.pollDue(p)
	if st.Polled != 1 || st.NewItems != 2 || st.Announced != 0 {
		t.Fatalf("first poll: %+v", st)
	}
	r.flush(d)
	if slack.count() != 0 || r.callCount() != 1 {
		t.Fatalf("first poll: %d posts (want none), %d calls (want 1)", slack.count(), r.callCount())
	}
	src := r.source(url)
	if !src.PolledOnce || src.Title != "Test Wire" || src.Kind != "feed" || src.ItemsSeen != 2 || src.ETag == "" {
		t.Fatalf("source after the first poll: %+v", src)
	}
	if d := src.NextPoll.Sub(now); d < 13*time.Minute || d > 17*time.Minute {
		t.Fatalf("next poll in %v, want about the interval", d)
	}

	// Not due yet: nothing is fetched.
	if st := r.pollDue(p); st.Polled != 0 || fs.hitCount("/wire.xml") != 1 {
		t.Fatalf("polled before due: %+v", st)
	}

	// The feed gains a report of another call: announced.
	fs.set("/wire.xml", testFeed{title: "Test Wire", items: []summaries.Article{xiMacronReport(wednesday.Add(time.Hour)), putinTrumpReport(wednesday), fillerItem(1, wednesday)}})
	r.clock.Advance(20 * time.Minute)
	st = r.pollDue(p)
	if st.NewItems != 1 || st.Announced != 1 {
		t.Fatalf("second poll: %+v", st)
	}
	r.flush(d)
	if posts := slack.to("C1"); len(posts) != 1 || !strings.Contains(posts[0].msgs[0].Title, "Macron and Xi") {
		t.Fatalf("second poll posts: %d %+v", len(posts), posts)
	}

	// An item is edited in place (same guid and link, new text): the
	// article and its record are updated, never duplicated.
	edited := putinTrumpReport(wednesday)
	edited.Text += "\n\nThe conversation lasted 90 minutes, according to the Kremlin."
	fs.set("/wire.xml", testFeed{title: "Test Wire", items: []summaries.Article{xiMacronReport(wednesday.Add(time.Hour)), edited, fillerItem(1, wednesday)}})
	r.clock.Advance(20 * time.Minute)
	st = r.pollDue(p)
	if st.NewItems != 0 || st.Announced != 1 {
		t.Fatalf("edit poll: %+v", st)
	}
	if r.callCount() != 2 {
		t.Fatalf("%d calls after an edit, want 2", r.callCount())
	}
	calls, _ := r.db.Calls(context.Background(), summaries.CallFilter{Leaders: []string{"vladimir-putin"}})
	if len(calls) != 1 || len(calls[0].Articles) != 1 || calls[0].DurationMinutes != 90 {
		t.Fatalf("edited record: %+v", calls)
	}
	r.flush(d)
	posts := slack.to("C1")
	if len(posts) != 2 || !strings.Contains(posts[1].msgs[0].Text, "duration 1 h 30 min") {
		t.Fatalf("edit posts: %d", len(posts))
	}
	if src := r.source(url); src.ItemsSeen != 3 {
		t.Fatalf("items seen %d, want 3 (an edit is not a new item)", src.ItemsSeen)
	}
}

func TestPollConditionalGetCostsNothing(t *testing.T) {
	r := newRig(t, wednesday)
	fs := newFeedServer(t)
	p := r.poller(nil, nil, nil)
	fs.set("/f.xml", testFeed{title: "F", items: []summaries.Article{fillerItem(1, wednesday)}})
	url := fs.url("/f.xml")
	r.addSource(url)
	r.pollDue(p)
	first := r.source(url)
	r.clock.Advance(time.Hour)
	st := r.pollDue(p)
	if st.Polled != 1 || st.NotModified != 1 || fs.conditional["/f.xml"] != 1 {
		t.Fatalf("second poll: %+v, conditional requests %d", st, fs.conditional["/f.xml"])
	}
	src := r.source(url)
	if !src.LastSuccess.Equal(r.clock.Now()) || src.ETag != first.ETag || src.ItemsSeen != 1 || src.Errors != 0 {
		t.Fatalf("after a 304: %+v", src)
	}
	if !src.NextPoll.After(r.clock.Now().Add(10 * time.Minute)) {
		t.Fatalf("next poll %v", src.NextPoll)
	}
}

func TestPollFailuresBackOffThenPauseAndTellAdminsOnce(t *testing.T) {
	r := newRig(t, wednesday)
	fs := newFeedServer(t)
	slack := newRecorder("slack", r.clock)
	alerts := &digest.Alerts{Target: "slack:ADMINS", Senders: []bot.Sender{slack}, Logger: r.log}
	p := r.poller(nil, alerts, nil) // MaxFailures 3, interval 15m
	fs.set("/down.xml", testFeed{mode: "500"})
	url := fs.url("/down.xml")
	r.addSource(url)

	for i, base := range []time.Duration{15 * time.Minute, 30 * time.Minute} {
		st := r.pollDue(p)
		if st.Failed != 1 || st.Paused != 0 {
			t.Fatalf("failure %d: %+v", i+1, st)
		}
		src := r.source(url)
		wait := src.NextPoll.Sub(r.clock.Now())
		if src.Errors != i+1 || !strings.Contains(src.LastError, "HTTP 500") || wait < base*8/10 || wait > base*12/10 {
			t.Fatalf("failure %d: errors %d, last error %q, next poll in %v (want %v ±20%%)", i+1, src.Errors, src.LastError, wait, base)
		}
		// Not retried before the backoff ends.
		r.clock.Advance(wait - time.Second)
		if st := r.pollDue(p); st.Polled != 0 {
			t.Fatalf("retried %v early", time.Second)
		}
		r.clock.Advance(time.Second)
	}
	if st := r.pollDue(p); st.Failed != 1 || st.Paused != 1 {
		t.Fatalf("third failure: %+v", st)
	}
	src := r.source(url)
	if !src.Paused || src.Errors != 3 {
		t.Fatalf("after three failures: %+v", src)
	}
	r.clock.Advance(48 * time.Hour)
	if st := r.pollDue(p); st.Polled != 0 || fs.hitCount("/down.xml") != 3 {
		t.Fatalf("a paused source was polled: %+v, hits %d", st, fs.hitCount("/down.xml"))
	}
	admins := slack.to("ADMINS")
	if len(admins) != 1 || !strings.Contains(admins[0].text(), url) || !strings.Contains(admins[0].text(), "HTTP 500") {
		t.Fatalf("admins told %d times: %+v", len(admins), admins)
	}
}

func TestPollSlowFeedTimesOut(t *testing.T) {
	r := newRig(t, wednesday)
	fs := newFeedServer(t)
	p := r.poller(nil, nil, func(c *pollerSetup) { c.Fetch.Timeout = 300 * time.Millisecond })
	fs.set("/slow.xml", testFeed{mode: "slow"})
	r.addSource(fs.url("/slow.xml"))
	if st := r.pollDue(p); st.Polled != 1 || st.Failed != 1 {
		t.Fatalf("cycle: %+v", st)
	}
	src := r.source(fs.url("/slow.xml"))
	if src.Errors != 1 || !strings.Contains(src.LastError, "timed out") || src.NextPoll.Before(r.clock.Now().Add(10*time.Minute)) {
		t.Fatalf("slow feed: %+v", src)
	}
}

func TestPollMisbehavingFeeds(t *testing.T) {
	r := newRig(t, wednesday)
	fs := newFeedServer(t)
	p := r.poller(nil, nil, func(c *pollerSetup) { c.Fetch.MaxBytes = 10 << 20 })
	fs.set("/huge.xml", testFeed{mode: "huge"})
	fs.set("/invalid.xml", testFeed{mode: "invalid"})
	fs.set("/good.xml", testFeed{title: "Good", items: []summaries.Article{fillerItem(1, wednesday)}})
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL + "/gone.xml"
	closed.Close() // a loopback port nobody listens on
	for _, path := range []string{"/huge.xml", "/invalid.xml", "/good.xml"} {
		r.addSource(fs.url(path))
	}
	r.addSource(closedURL)
	st := r.pollDue(p)
	if st.Polled != 4 || st.Failed != 3 || st.NewItems != 1 {
		t.Fatalf("cycle: %+v", st)
	}
	for url, want := range map[string]string{
		fs.url("/huge.xml"):    "too large",
		fs.url("/invalid.xml"): "invalid feed",
		closedURL:              "refused",
	} {
		src := r.source(url)
		if src.Errors != 1 || !strings.Contains(src.LastError, want) || src.NextPoll.Before(r.clock.Now().Add(10*time.Minute)) {
			t.Errorf("%s: errors %d, last error %q (want %q), next poll %v", url, src.Errors, src.LastError, want, src.NextPoll)
		}
	}
	if src := r.source(fs.url("/good.xml")); src.Errors != 0 || src.ItemsSeen != 1 {
		t.Errorf("a good feed beside bad ones: %+v", src)
	}
}

func TestPollPolitenessPerHostAndOverall(t *testing.T) {
	for _, tc := range []struct{ concurrency, perHost, want int }{{8, 2, 2}, {3, 10, 3}} {
		t.Run(fmt.Sprintf("concurrency %d per host %d", tc.concurrency, tc.perHost), func(t *testing.T) {
			r := newRig(t, wednesday)
			fs := newFeedServer(t)
			p := r.poller(nil, nil, func(c *pollerSetup) { c.Concurrency, c.PerHost = tc.concurrency, tc.perHost })
			for i := range 12 {
				path := fmt.Sprintf("/f%d.xml", i)
				fs.set(path, testFeed{title: path, items: []summaries.Article{fillerItem(i, wednesday)}, delay: 30 * time.Millisecond})
				r.addSource(fs.url(path))
			}
			if st := r.pollDue(p); st.Polled != 12 || st.Failed != 0 {
				t.Fatalf("cycle: %+v", st)
			}
			fs.mu.Lock()
			defer fs.mu.Unlock()
			if fs.maxInFlight != tc.want {
				t.Fatalf("at most %d requests in flight, want %d", fs.maxInFlight, tc.want)
			}
		})
	}
}

func TestPollOldItemsStoredNotAnnounced(t *testing.T) {
	r := newRig(t, wednesday.Add(24*time.Hour))
	fs := newFeedServer(t)
	slack := newRecorder("slack", r.clock)
	d := r.digests(0, slack)
	r.subscribe("slack", "C1", nil, "", false)
	p := r.poller(d, nil, func(c *pollerSetup) { c.MaxAge = 12 * time.Hour })
	fs.set("/f.xml", testFeed{title: "F", items: []summaries.Article{fillerItem(1, wednesday)}})
	r.addSource(fs.url("/f.xml"))
	r.pollDue(p)
	// A late-found item published 26 hours ago, reporting a call.
	old := xiMacronReport(wednesday.Add(-2 * time.Hour))
	fs.set("/f.xml", testFeed{title: "F", items: []summaries.Article{fillerItem(1, wednesday), old}})
	r.clock.Advance(time.Hour)
	st := r.pollDue(p)
	r.flush(d)
	if st.NewItems != 1 || st.Announced != 0 || slack.count() != 0 || r.callCount() != 1 {
		t.Fatalf("old item: %+v, %d posts, %d calls", st, slack.count(), r.callCount())
	}
}

func TestPollerRunPicksUpDueSources(t *testing.T) {
	r := newRig(t, wednesday)
	fs := newFeedServer(t)
	p := r.poller(nil, nil, nil)
	fs.set("/f.xml", testFeed{title: "F", items: []summaries.Article{fillerItem(1, wednesday)}})
	url := fs.url("/f.xml")
	r.addSource(url)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for fs.hitCount("/f.xml") < 1 {
		if time.Now().After(deadline) {
			t.Fatal("Run did not poll a due source")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Due again after the interval, on the fake clock.
	r.clock.BlockUntilContext(ctx, 1)
	r.clock.Advance(17 * time.Minute)
	for fs.hitCount("/f.xml") < 2 {
		if time.Now().After(deadline) {
			t.Fatal("Run did not poll the source again when it was due")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// pollBenchPairs are leaders whose calls the benchmark's feeds report.
var pollBenchPairs = [][2]string{
	{"Vladimir Putin", "Donald Trump"}, {"Xi Jinping", "Emmanuel Macron"}, {"Narendra Modi", "Keir Starmer"},
	{"Recep Tayyip Erdogan", "Olaf Scholz"}, {"Volodymyr Zelensky", "Giorgia Meloni"}, {"Luiz Inacio Lula da Silva", "Justin Trudeau"},
}

// pollBenchFeed is feed i at cycle c: 20 items, one reporting a call, the
// newest item replaced at each cycle when rotate is set.
func pollBenchFeed(i, c int, rotate bool) testFeed {
	base := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC).AddDate(0, 0, i%20)
	f := testFeed{title: fmt.Sprintf("Feed %d", i)}
	pair := pollBenchPairs[i%len(pollBenchPairs)]
	call := summaries.Article{URL: fmt.Sprintf("https://wire%d.example/call", i), Title: pair[0] + " and " + pair[1] + " hold phone talks",
		Outlet: fmt.Sprintf("Wire %d", i), Published: base,
		Text: fmt.Sprintf("%s and %s spoke by phone on %s, officials told Wire %d.\n\nThe call lasted %d minutes and covered trade, security and energy.\n\n%s",
			pair[0], pair[1], base.Format("January 2"), i, 30+i%60, strings.Repeat("Officials on both sides described the exchange as useful. ", 8))}
	f.items = append(f.items, call)
	first := 1
	if rotate {
		first = 1 + c
	}
	for j := first; j < first+19; j++ {
		a := fillerItem(i*1000+j, base.Add(time.Duration(j)*time.Minute))
		a.Text += "\n\n" + strings.Repeat("Analysts expected the central bank to keep rates on hold through the spring. ", 8)
		f.items = append(f.items, a)
	}
	return f
}

// pollPeakMemory samples the heap until stop is closed and returns the peaks
// in bytes (heap in use, memory obtained from the OS).
func pollPeakMemory(stop chan struct{}) func() (heap, sys uint64) {
	var (
		mu        sync.Mutex
		heap, sys uint64
	)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			mu.Lock()
			heap, sys = max(heap, m.HeapInuse), max(sys, m.Sys)
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	return func() (uint64, uint64) {
		<-done
		mu.Lock()
		defer mu.Unlock()
		return heap, sys
	}
}

// BenchmarkPollCycle polls 500 sources served from one loopback server
// with the default politeness (8 at once, 2 per host): the first cycle
// (every item new, stored without announcing), a cycle where every feed
// has one new item, and a cycle of 304s. The server runs in the same
// process, so its memory is counted too.
func BenchmarkPollCycle(b *testing.B) {
	const n = 500
	for _, mode := range []string{"first", "one-new-item-each", "not-modified"} {
		b.Run(mode, func(b *testing.B) {
			runtime.GC()
			stop := make(chan struct{})
			peaks := pollPeakMemory(stop)
			var total time.Duration
			for it := 0; it < b.N; it++ {
				b.StopTimer()
				r := newRig(b, wednesday)
				fs := newFeedServer(b)
				slack := newRecorder("slack", r.clock)
				d := r.digests(0, slack)
				r.subscribe("slack", "C1", nil, "", false)
				p := r.poller(d, nil, func(c *pollerSetup) { c.Concurrency, c.PerHost = 8, 2 })
				for i := range n {
					path := fmt.Sprintf("/feeds/%d.xml", i)
					fs.set(path, pollBenchFeed(i, 0, mode == "one-new-item-each"))
					r.addSource(fs.url(path))
				}
				if mode != "first" {
					if st := r.pollDue(p); st.Polled != n || st.Failed != 0 {
						b.Fatalf("warm-up cycle: %+v", st)
					}
					for i := range n {
						fs.set(fmt.Sprintf("/feeds/%d.xml", i), pollBenchFeed(i, 1, mode == "one-new-item-each"))
					}
					r.clock.Advance(time.Hour)
				}
				b.StartTimer()
				start := time.Now()
				st := r.pollDue(p)
				total += time.Since(start)
				b.StopTimer()
				want := pollCycleWant(mode, n)
				if st.Polled != n || st.Failed != 0 || st.NewItems != want.NewItems || st.NotModified != want.NotModified {
					b.Fatalf("cycle: %+v, want %+v", st, want)
				}
				r.db.Close()
				b.StartTimer()
			}
			close(stop)
			heap, sys := peaks()
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/cycle")
			b.ReportMetric(float64(heap)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(sys)/(1<<20), "peak-sys-MB")
		})
	}
}

// pollCycleWant is what one benchmark cycle must have done.
func pollCycleWant(mode string, n int) ingest.PollStats {
	switch mode {
	case "first":
		return ingest.PollStats{NewItems: 20 * n}
	case "one-new-item-each":
		return ingest.PollStats{NewItems: n}
	}
	return ingest.PollStats{NotModified: n}
}

// failingSubscriptions makes the digests' store fail while fail is set.
type failingSubscriptions struct {
	summaries.DigestStore
	fail bool
}

func (f *failingSubscriptions) Subscriptions(ctx context.Context) ([]summaries.Subscription, error) {
	if f.fail {
		return nil, errors.New("store unavailable")
	}
	return f.DigestStore.Subscriptions(ctx)
}

// failingDigestsPoll is a rig whose digests read subscriptions through a
// store that fails on demand, a Slack subscription, and a feed polled once
// (one old item): the setting of the announcement tests below.
func failingDigestsPoll(t *testing.T) (*rig, *feedServer, *recorder, *failingSubscriptions, *digest.Digests, *ingest.Poller) {
	t.Helper()
	r := newRig(t, wednesday.Add(3*time.Hour))
	fs := newFeedServer(t)
	slack := newRecorder("slack", r.clock)
	store := &failingSubscriptions{DigestStore: r.db}
	d, err := digest.NewDigests(digest.DigestConfig{Leaders: r.g, Store: store, Senders: []bot.Sender{slack}, Clock: r.clock, Logger: r.log})
	if err != nil {
		t.Fatal(err)
	}
	r.subscribe("slack", "C1", nil, "", false)
	p := r.poller(d, nil, nil)
	fs.set("/wire.xml", testFeed{title: "Test Wire", items: []summaries.Article{fillerItem(1, wednesday)}})
	url := fs.url("/wire.xml")
	r.addSource(url)
	r.pollDue(p)
	return r, fs, slack, store, d, p
}

// An announcement is queued with its article, whatever the digests' store
// does meanwhile: while it fails nothing is posted, and once it works
// again the post goes out once.
func TestPollAnnouncementWaitsOutAFailingStore(t *testing.T) {
	r, fs, slack, store, d, p := failingDigestsPoll(t)

	store.fail = true
	fs.set("/wire.xml", testFeed{title: "Test Wire", items: []summaries.Article{xiMacronReport(wednesday.Add(time.Hour)), fillerItem(1, wednesday)}})
	r.clock.Advance(20 * time.Minute)
	if st := r.pollDue(p); st.NewItems != 1 || st.Announced != 1 {
		t.Fatalf("poll while the digests' store fails: %+v", st)
	}
	if _, err := d.Flush(context.Background()); err == nil {
		t.Fatal("flush with a failing store reported no error")
	}
	if slack.count() != 0 {
		t.Fatalf("posted while the store failed: %d", slack.count())
	}

	store.fail = false
	r.clock.Advance(time.Minute)
	r.pollDue(p)
	r.flush(d)
	r.flush(d)
	if posts := slack.to("C1"); len(posts) != 1 || !strings.Contains(posts[0].msgs[0].Title, "Macron and Xi") {
		t.Fatalf("after the store recovered: %d posts", len(posts))
	}
}

// Issue 15 item 1: an announcement whose queueing failed, followed by a
// crash before the next cycle, must still go out after the restart: the
// article is stored, so no later poll brings it back.
func TestPollAnnouncementSurvivesRestart(t *testing.T) {
	r, fs, slack, store, d, p := failingDigestsPoll(t)

	store.fail = true
	fs.set("/wire.xml", testFeed{title: "Test Wire", items: []summaries.Article{xiMacronReport(wednesday.Add(time.Hour)), putinTrumpReport(wednesday.Add(time.Hour)), fillerItem(1, wednesday)}})
	r.clock.Advance(20 * time.Minute)
	r.pollDue(p)

	// kill -9: nothing in memory survives.
	r.reopen()
	d = r.digests(0, slack)
	p = r.poller(d, nil, nil)
	r.clock.Advance(20 * time.Minute)
	r.pollDue(p)
	r.flush(d)
	if posts := slack.to("C1"); len(posts) != 1 || len(posts[0].msgs) != 2 {
		t.Fatalf("after the restart: %d posts, want 1 announcing both new calls", len(posts))
	}
}
