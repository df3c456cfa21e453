package cli

import (
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
	const calls = 40
	feed := newNewsFeed(t, calls, 4)
	runOnce(t, bin, "--db", dbPath, "sources", "add", feed.url())
	runOnce(t, bin, "--db", dbPath, "digest", "subscribe", "channel=console:news")
	feed.setNews()

	const kills = 24
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 15))
	for range kills {
		makeDue(t, dbPath)
		p := start(t, bin, out, "--db", dbPath, "run")
		time.Sleep(time.Duration(rng.Int64N(int64(1500 * time.Millisecond))))
		p.kill()
	}
	makeDue(t, dbPath)
	p := start(t, bin, out, "--db", dbPath, "run")
	deadline := time.Now().Add(2 * time.Minute)
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
	t.Logf("%d kills: %d of %d calls announced, %d posts, %d calls announced twice (%d posts repeated)", kills, len(perCall), calls, len(blocks), twice, repeated)
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
