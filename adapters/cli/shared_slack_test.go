package cli

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"readout/adapters/internal/fakeslack"
)

// Issue 14's acceptance, Slack's part: three "readout run" processes of one
// Slack app share one PostgreSQL database, each with its own Socket Mode
// connection. Every question is delivered to all three at once, first
// delivery and two retries (as when Slack did not see an acknowledgement in
// time and redelivers on another connection): each is answered once.
func TestSharedPostgresSlackRetries(t *testing.T) {
	bin := buildReadout(t)
	pg := pgServer.Database(t)
	fs := fakeslack.New()
	defer fs.Close()
	fs.AddUser(slack.User{ID: "U1", Name: "member"})
	// Migrates the database before the processes share it, and gives them
	// a call to answer about.
	runOnce(t, bin, "--db", pg, "ingest", sampleFeed(t))

	const procs, events = 3, 30
	env := processEnv("READOUT_STORAGE_PATH="+pg, "SLACK_BOT_TOKEN="+fakeslack.BotToken, "SLACK_APP_TOKEN="+fakeslack.AppToken,
		"READOUT_SLACK_MODE=socket", "READOUT_SLACK_API_URL="+fs.APIURL())
	var ps []*process
	for range procs {
		ps = append(ps, startProcess(t, bin, env, "run"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := fs.WaitLive(ctx, procs); err != nil {
		t.Fatalf("%d socket mode connections: %v\n%s", procs, err, ps[0].logText())
	}

	// Event k goes out on every connection at once, retry attempt j on
	// connection (k+j)%3, so that each process is sometimes the first
	// delivery and sometimes a retry.
	id := func(k int) string { return fmt.Sprintf("EvShared%02d", k) }
	ts := func(k int) string { return fmt.Sprintf("1742400000.%06d", 100+k) }
	var mu sync.Mutex
	var envelopes []string
	var wg sync.WaitGroup
	for k := range events {
		ev := fakeslack.Mention("U1", "C1", "how long was the last trump putin call", ts(k), "")
		for j := range procs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				env, err := fs.SendEventOn((k+j)%procs, id(k), ev, j)
				if err != nil {
					t.Errorf("deliver %s (retry %d): %v", id(k), j, err)
					return
				}
				mu.Lock()
				envelopes = append(envelopes, env)
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	for _, env := range envelopes {
		if _, err := fs.WaitAck(ctx, env); err != nil {
			t.Fatal(err)
		}
	}

	// Every delivery ends either in the answer or in a process's word that
	// the shared store had the event already: wait for all of them.
	posts := func() map[string][]fakeslack.Call {
		m := map[string][]fakeslack.Call{}
		for _, c := range fs.Calls("chat.postMessage") {
			m[c.Form.Get("thread_ts")] = append(m[c.Form.Get("thread_ts")], c)
		}
		return m
	}
	declined := func(k int) int {
		n := 0
		for _, p := range ps {
			for _, l := range strings.Split(p.logText(), "\n") {
				if strings.Contains(l, "the core has answered this event already") && strings.Contains(l, "event_id="+id(k)) {
					n++
				}
			}
		}
		return n
	}
	settled := func() bool {
		m := posts()
		for k := range events {
			if len(m[ts(k)])+declined(k) < procs {
				return false
			}
		}
		return true
	}
	waitUntil(t, 60*time.Second, "every delivery answered or declined", settled)

	m := posts()
	declinedBy := make([]int, procs)
	for k := range events {
		got := m[ts(k)]
		if len(got) != 1 || declined(k) != procs-1 {
			t.Errorf("%s: %d answers and %d declines, want 1 and %d", id(k), len(got), declined(k), procs-1)
			continue
		}
		if body := got[0].Form.Get("text") + got[0].Form.Get("blocks"); !strings.Contains(body, "1 h 30 min") {
			t.Errorf("%s: the answer does not give the call's length:\n%s", id(k), body)
		}
	}
	if n := len(fs.Calls("chat.postMessage")); n != events {
		t.Errorf("%d posts for %d events", n, events)
	}
	if e := fs.Calls("chat.postEphemeral"); len(e) > 0 {
		t.Errorf("%d ephemeral posts (apologies?): %v", len(e), e[0].Form)
	}
	if v := fs.Violations(); len(v) > 0 {
		t.Errorf("Block Kit limits broken: %v", v)
	}
	for i, p := range ps {
		declinedBy[i] = strings.Count(p.logText(), "msg=\"the core has answered this event already\"")
		if code := p.stop(t); code != 0 {
			t.Errorf("process %d: exit %d:\n%s", i, code, tail(p.logText(), 20))
		}
		if strings.Contains(p.logText(), "level=ERROR") {
			t.Errorf("process %d logged an error:\n%s", i, tail(p.logText(), 20))
		}
	}
	t.Logf("%d events delivered %d times each over %d connections: %d posts; repeats declined per process %v",
		events, procs, fs.Connections(), len(fs.Calls("chat.postMessage")), declinedBy)
}
