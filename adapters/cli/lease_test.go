package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Issue 15 item 3: two readout run on one database post nothing twice:
// one polls and delivers, the other stands by, and takes over when the
// first stops.
func TestTwoRunsOnOneDatabasePostOnce(t *testing.T) {
	bin := buildReadout(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "readout.db")
	outPath := filepath.Join(dir, "posted.txt")
	out, err := os.OpenFile(outPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	const calls = 30
	feed := newNewsFeed(t, calls, calls)
	runOnce(t, bin, "--db", dbPath, "sources", "add", feed.url())
	// Many channels: many deliveries, each recorded then sent.
	const channels = 12
	for i := range channels {
		runOnce(t, bin, "--db", dbPath, "digest", "subscribe", fmt.Sprintf("channel=console:news-%d", i))
	}
	feed.setNews()

	makeDue(t, dbPath)
	first := start(t, bin, out, "--db", dbPath, "run", "--console")
	second := start(t, bin, out, "--db", dbPath, "run", "--console")
	deadline := time.Now().Add(time.Minute)
	for {
		perCall, _ := announced(t, outPath)
		if len(perCall) >= calls*channels || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Time for a second poster to show itself.
	time.Sleep(time.Second)
	perCall, blocks := announced(t, outPath)
	twice := 0
	for _, n := range perCall {
		if n > 1 {
			twice++
		}
	}
	if len(perCall) != calls*channels || twice > 0 {
		t.Fatalf("two runs on one database: %d of %d call announcements made, %d of them more than once, in %d posts", len(perCall), calls*channels, twice, len(blocks))
	}
	standing, leading := second, first
	if !strings.Contains(second.log(), "standing by") {
		standing, leading = first, second
	}
	if !strings.Contains(standing.log(), "standing by") {
		t.Fatalf("neither run says it stands by:\n%s\n---\n%s", tail(first.log(), 20), tail(second.log(), 20))
	}
	// The one polling stops: the other takes over.
	leading.stop(t)
	deadline = time.Now().Add(time.Minute)
	for !strings.Contains(standing.log(), "holds the work lease") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	standing.stop(t)
	if !strings.Contains(standing.log(), "holds the work lease") {
		t.Fatalf("the run standing by did not take over:\n%s", tail(standing.log(), 20))
	}
	t.Logf("%d calls announced once each in %d posts; the second run stood by and took over when the first stopped", len(perCall), len(blocks))
}
