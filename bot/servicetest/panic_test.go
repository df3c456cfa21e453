package servicetest

import (
	"context"
	"strings"
	"testing"
	"time"
)

// Issue 15 item 7: a sender that panics fails that attempt (it is retried
// later) and the admins are told; the process goes on.
func TestPanickingSendIsAFailedAttemptAndAdminsAreTold(t *testing.T) {
	r := newRig(t, wednesday.Add(2*time.Hour))
	slack := newRecorder("slack", r.clock)
	slack.fail = func(channel string) error {
		if channel == "C1" {
			var b []byte
			_ = b[len(channel)] // a renderer's slice bounds out of range
		}
		return nil
	}
	d := r.digests(0, slack)
	r.subscribe("slack", "C1", nil, "", false)
	r.ingest(d, putinTrumpReport(wednesday))
	if _, err := d.Flush(context.Background()); err != nil {
		t.Fatalf("flush: %v", err)
	}
	stats, err := r.db.DeliveryStats(context.Background(), "slack", "C1")
	if err != nil || stats.Pending != 1 || stats.Sent != 0 {
		t.Fatalf("after a panicking send: %+v %v, want one pending delivery", stats, err)
	}
	alerts := slack.to("ADMINS")
	if len(alerts) != 1 || !strings.Contains(alerts[0].text(), "panic") {
		t.Fatalf("admins told %d times: %+v", len(alerts), alerts)
	}
	// The next attempt, once the sender is fixed, goes out.
	slack.mu.Lock()
	slack.fail = nil
	slack.mu.Unlock()
	r.clock.Advance(2 * time.Minute)
	r.flush(d)
	if n := len(slack.to("C1")); n != 1 {
		t.Fatalf("after the retry: %d posts to C1", n)
	}
}
