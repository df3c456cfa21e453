package cli

import (
	"database/sql"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Issue 15 item 1: readout run, killed with SIGKILL at random points while
// it polls a feed of new calls and announces them, then restarted: every
// new call is announced, and none twice except by a kill between the
// platform accepting a post and its being marked sent (the one window).
func TestKilledRunAnnouncesEveryCallOnce(t *testing.T) {
	bin := buildReadout(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "readout.db")
	outPath := filepath.Join(dir, "posted.txt")
	out, err := os.OpenFile(outPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	// Each run is served 25 more reports than the last.
	const calls = 600
	feed := newNewsFeed(t, calls, 25)
	runOnce(t, bin, "--db", dbPath, "sources", "add", feed.url())
	runOnce(t, bin, "--db", dbPath, "digest", "subscribe", "channel=console:news")
	feed.setNews()

	const kills = 24
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 15))
	db, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(query string) int {
		var n int
		if err := db.QueryRow(query).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Where the kills struck: while items were being stored (some stored
	// by that run, not all served so far), with announcements queued or
	// posts pending.
	midIngest, midDelivery := 0, 0
	begun := time.Now()
	for range kills {
		makeDue(t, dbPath)
		before := count(`SELECT COUNT(*) FROM articles`)
		hits := feed.hitCount()
		p := start(t, bin, out, "--db", dbPath, "run", "--console")
		if rng.IntN(3) == 0 {
			// Anywhere from the start.
			time.Sleep(time.Duration(rng.Int64N(int64(time.Second))))
		} else {
			// Once the feed is fetched: while its items are stored, their
			// calls queued and posted.
			for feed.hitCount() == hits && time.Since(begun) < time.Minute {
				time.Sleep(time.Millisecond)
			}
			time.Sleep(time.Duration(rng.Int64N(int64(80 * time.Millisecond))))
		}
		p.kill()
		if after := count(`SELECT COUNT(*) FROM articles`); after > before && after < 1+feed.served() {
			midIngest++
		}
		if count(`SELECT COUNT(*) FROM digest_queue`)+count(`SELECT COUNT(*) FROM digest_deliveries WHERE state = 'pending'`) > 0 {
			midDelivery++
		}
	}
	makeDue(t, dbPath)
	p := start(t, bin, out, "--db", dbPath, "run", "--console")
	deadline := time.Now().Add(2 * time.Minute)
	hits, lastHit := feed.hitCount(), time.Now()
	for {
		perCall, _ := announced(t, outPath)
		if len(perCall) >= calls || time.Now().After(deadline) {
			break
		}
		if feed.shownAll() {
			// All served: a poll is all it takes now.
			time.Sleep(200 * time.Millisecond)
			continue
		}
		time.Sleep(200 * time.Millisecond)
		makeDue(t, dbPath)
		if h := feed.hitCount(); h != hits {
			hits, lastHit = h, time.Now()
		} else if time.Since(lastHit) > 3*time.Second {
			// The poller sleeps until the next poll it read after its
			// last one (up to a minute): a source made due by another
			// process after that read waits for it. Restarted, it
			// polls at once.
			p.stop(t)
			makeDue(t, dbPath)
			p = start(t, bin, out, "--db", dbPath, "run", "--console")
			lastHit = time.Now()
		}
	}
	p.stop(t)

	perCall, blocks := announced(t, outPath)
	twice := 0
	for call, n := range perCall {
		if n > 2 {
			t.Errorf("%s announced %d times", call, n)
		}
		if n == 2 {
			twice++
		}
	}
	if len(perCall) != calls {
		t.Errorf("%d of %d new calls announced after %d kills\nlast log:\n%s", len(perCall), calls, kills, tail(p.log(), 40))
	}
	// A repeat needs a kill in the window between a post and its mark.
	repeated := 0
	seen := map[string]bool{}
	for _, b := range blocks {
		again := false
		for _, line := range strings.Split(b, "\n") {
			if rest, ok := strings.CutPrefix(line, "New call: "); ok {
				again = again || seen[rest]
				seen[rest] = true
			}
		}
		if again {
			repeated++
		}
	}
	if repeated > kills {
		t.Errorf("%d posts repeated an announcement, more than the %d kills", repeated, kills)
	}
	t.Logf("%d kills (%d while storing items, %d with announcements queued or posts pending): %d of %d calls announced, %d posts, %d calls announced twice (%d posts repeated)",
		kills, midIngest, midDelivery, len(perCall), calls, len(blocks), twice, repeated)
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
