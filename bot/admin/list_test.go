package admin

import (
	"testing"

	"readout/summaries"
)

// A listed source shows its title and its address; a failing source's
// error is said once, on its line, without repeating the address.
func TestSourceLineShowsAddressAndErrorOnce(t *testing.T) {
	const u = "https://wire.example/feed.xml"
	line := sourceLine(summaries.Source{ID: 3, URL: u, Title: "Wire", Errors: 2,
		LastError: "fetch " + u + ": dial tcp 192.0.2.1:443:\nconnect: connection refused"})
	want := "#3 Wire <" + u + "> · failing (2 in a row) · last error: dial tcp 192.0.2.1:443: connect: connection refused · 0 items"
	if line != want {
		t.Fatalf("line:\n got %q\nwant %q", line, want)
	}
	if line := sourceLine(summaries.Source{ID: 4, URL: u}); line != "#4 "+u+" · not polled yet · 0 items" {
		t.Fatalf("untitled source: %q", line)
	}
}
