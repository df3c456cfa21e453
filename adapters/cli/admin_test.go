package cli

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

// loopbackFeed serves one small RSS feed on 127.0.0.1.
func loopbackFeed(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed.xml" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Wire</title><link>https://wire.example/</link>
<item><title>Markets steady</title><link>https://wire.example/markets</link><pubDate>Wed, 19 Mar 2025 10:00:00 +0000</pubDate>
<description>` + strings.Repeat("Shares moved little as traders waited for data. ", 12) + `</description></item>
</channel></rss>`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/feed.xml"
}

func TestSourcesAndDigestFromTheCommandLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	feed := loopbackFeed(t)
	env := map[string]string{"READOUT_SOURCES_ALLOW_PRIVATE": "true"}
	r := runCLI(t, env, "", "--db", db, "sources", "add", feed)
	if r.code != 0 || !strings.Contains(r.stdout, "Source added: Loopback Wire") || !strings.Contains(r.stdout, "Items: 1") {
		t.Fatalf("sources add: %+v", r)
	}
	r = runCLI(t, env, "", "--db", db, "sources", "list")
	if !strings.Contains(r.stdout, "Sources (1)") || !strings.Contains(r.stdout, "#1 Loopback Wire <"+feed+"> · ok") {
		t.Fatalf("sources list: %+v", r)
	}
	// Without allow_private, the outbound guard refuses loopback.
	r = runCLI(t, nil, "", "--db", db, "source", "add", strings.Replace(feed, "feed.xml", "other.xml", 1))
	if !strings.Contains(r.stdout, "Command failed") || !strings.Contains(r.stdout, "loopback") {
		t.Fatalf("guarded add: %+v", r)
	}
	r = runCLI(t, nil, "", "--db", db, "digest", "subscribe", "channel=slack:C0123", "leaders=trump,putin", "schedule=daily", "08:00", "Europe/Paris")
	if !strings.Contains(r.stdout, "Subscribed: slack:C0123") || !strings.Contains(r.stdout, "Schedule: daily 08:00 Europe/Paris") {
		t.Fatalf("digest subscribe: %+v", r)
	}
	r = runCLI(t, nil, "", "--db", db, "digest", "list")
	if !strings.Contains(r.stdout, "Digest subscriptions (1)") || !strings.Contains(r.stdout, "Donald Trump and Vladimir Putin") {
		t.Fatalf("digest list: %+v", r)
	}
}

// heldFeed is a source on 127.0.0.1 that answers no request until the
// requester gives up: a poll of it never ends while the bot runs, so what
// the bot says of the source is what it knew before any poll.
func heldFeed(t *testing.T) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/feed.xml"
}

func TestRunSeedsDefaultsOnce(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	// The listing shows a source's address until a poll learns its title:
	// with a feed that answers, the first poll raced the listing.
	feed := heldFeed(t)
	env := map[string]string{"READOUT_SOURCES_ALLOW_PRIVATE": "true", "READOUT_SOURCES_DEFAULTS": feed + ", ftp://nowhere.example/x"}
	r := runTerminal(t, env, "sources list\nquit\n", "--db", db, "run")
	if r.code != 0 || !strings.Contains(r.stdout, "Sources (1)") || !strings.Contains(r.stdout, feed) {
		t.Fatalf("run: %+v", r)
	}
	if !strings.Contains(r.stderr, "default sources added") || !strings.Contains(r.stderr, "not an http(s) URL, skipped") {
		t.Fatalf("run log: %s", r.stderr)
	}
	// A removed default is not seeded again.
	if r := runCLI(t, env, "", "--db", db, "sources", "remove", feed); !strings.Contains(r.stdout, "Source removed") {
		t.Fatalf("remove: %+v", r)
	}
	r = runTerminal(t, env, "sources list\nquit\n", "--db", db, "run")
	if r.code != 0 || !strings.Contains(r.stdout, "Sources (0)") {
		t.Fatalf("second run: %+v", r)
	}
}

func TestRunRefusesABadAdminsChannel(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	r := runCLI(t, map[string]string{"READOUT_SOURCES_NO_DEFAULTS": "true", "READOUT_DIGEST_ADMINS_CHANNEL": "general"}, "", "--db", db, "run")
	if r.code != 2 || !strings.Contains(r.stderr, "digest.admins_channel") {
		t.Fatalf("run: %+v", r)
	}
}
