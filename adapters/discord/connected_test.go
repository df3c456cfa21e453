package discord

import (
	"testing"
	"time"
)

// Connected is true once the gateway said READY and turns false when the
// connection to Discord is lost (here: the fake server goes away), which
// is what the readiness probe reports.
func TestConnectedFollowsTheGateway(t *testing.T) {
	e := start(t, &coreLike{}, nil)
	if !e.a.Connected() {
		t.Fatal("not connected after READY")
	}
	e.fake.Close()
	deadline := time.Now().Add(10 * time.Second)
	for e.a.Connected() {
		if time.Now().After(deadline) {
			t.Fatal("still connected 10 s after the gateway went away")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
