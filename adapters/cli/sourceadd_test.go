package cli

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Issue 15 item 2: "sources add" killed while it stores a feed's items
// leaves a source whose next poll is its first: the running bot announces
// none of the old items.
func TestKilledSourceAddAnnouncesNothingOld(t *testing.T) {
	bin := buildReadout(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "readout.db")
	outPath := filepath.Join(dir, "posted.txt")
	out, err := os.OpenFile(outPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	// Items are stored a few hundred a transaction: enough of them that
	// the kill strikes between two.
	const items = 700
	feed := newNewsFeed(t, items, items)
	feed.setNews()
	runOnce(t, bin, "--db", dbPath, "digest", "subscribe", "channel=console:news")

	add := start(t, bin, out, "--db", dbPath, "sources", "add", feed.url())
	db, err := sql.Open("sqlite", "file:"+dbPath+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored := 0
	for stored < 10 {
		select {
		case <-add.done:
			t.Fatalf("sources add ended before it could be killed mid-way (%d items stored):\n%s", stored, add.log())
		case <-time.After(2 * time.Millisecond):
		}
		// The database may not exist yet, or be mid-migration.
		_ = db.QueryRow(`SELECT COUNT(*) FROM articles`).Scan(&stored)
	}
	add.kill()
	if err := db.QueryRow(`SELECT COUNT(*) FROM articles`).Scan(&stored); err != nil || stored >= items+1 {
		t.Fatalf("after the kill: %d items stored (%v), want fewer than %d", stored, err, items+1)
	}

	// The bot polls the source: what it holds is the source's past.
	makeDue(t, dbPath)
	p := start(t, bin, out, "--db", dbPath, "run", "--console")
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(p.log(), polledLine(feed.url())) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	// Let a flush run after the poll.
	time.Sleep(500 * time.Millisecond)
	p.stop(t)
	if !strings.Contains(p.log(), polledLine(feed.url())) {
		t.Fatalf("the source was not polled:\n%s", tail(p.log(), 30))
	}
	perCall, blocks := announced(t, outPath)
	if len(blocks) != 0 {
		t.Fatalf("killed after %d of %d items, the next poll announced %d old calls in %d posts", stored, items+1, len(perCall), len(blocks))
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM articles`).Scan(&n); err != nil || n != items+1 {
		t.Fatalf("after the poll: %d items stored (%v), want %d", n, err, items+1)
	}
	t.Logf("killed after %d of %d items; the next poll stored the rest and announced nothing", stored, items+1)
}

// polledLine is how the poller logs a poll of url.
func polledLine(url string) string { return "msg=polled component=poller source=" + url + " " }
