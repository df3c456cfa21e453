package servicetest

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"readout/bot/digest"
)

func TestParseSchedule(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	good := []struct {
		in, canonical string
		after, next   time.Time
	}{
		{"daily 08:00 Europe/Paris", "daily 08:00 Europe/Paris",
			time.Date(2025, 3, 29, 9, 0, 0, 0, paris), time.Date(2025, 3, 30, 8, 0, 0, 0, paris)},
		{"DAILY 7:05", "daily 07:05 UTC",
			time.Date(2025, 1, 1, 7, 5, 0, 0, time.UTC), time.Date(2025, 1, 2, 7, 5, 0, 0, time.UTC)},
		{"weekly Monday 08:30 America/New_York", "weekly mon 08:30 America/New_York",
			time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 10, 12, 30, 0, 0, time.UTC)}, // EDT from 9 March
		{"cron 0 7 * * 1-5 Asia/Tokyo", "cron 0 7 * * 1-5 Asia/Tokyo",
			time.Date(2025, 3, 7, 23, 0, 0, 0, time.UTC), time.Date(2025, 3, 9, 22, 0, 0, 0, time.UTC)}, // Friday night UTC → Monday 07:00 JST
		{"weekly sun 23:59 utc", "weekly sun 23:59 UTC",
			time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 9, 23, 59, 0, 0, time.UTC)},
	}
	for _, tc := range good {
		s, err := digest.ParseSchedule(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if s.String() != tc.canonical {
			t.Errorf("%q: canonical %q, want %q", tc.in, s.String(), tc.canonical)
		}
		if again, err := digest.ParseSchedule(s.String()); err != nil || again.String() != s.String() {
			t.Errorf("%q: the canonical form does not read back: %v", tc.in, err)
		}
		if next, err := s.Next(tc.after); err != nil || !next.Equal(tc.next) {
			t.Errorf("%q: next after %v = %v, want %v (%v)", tc.in, tc.after, next, tc.next, err)
		}
	}
	bad := map[string]string{
		"":                        "empty schedule",
		"hourly":                  `use "daily`,
		"daily":                   "needs a time",
		"daily 8":                 "not a time of day",
		"daily 08:0":              "not a time of day",
		"daily 24:00":             "not a time of day",
		"daily 08:00 Local":       "unknown time zone",
		"daily 08:00 Nowhere/Far": "unknown time zone",
		"daily 08:00 UTC extra":   "unexpected",
		"weekly 08:00":            "needs a day and a time",
		"weekly funday 08:00":     "not a day of the week",
		"cron 0 7 * *":            "five fields",
		"cron 0 7 31 2 *":         "not a valid schedule", // 31 February never comes
		"cron x 7 * * *":          "not a valid schedule",
	}
	for in, want := range bad {
		if _, err := digest.ParseSchedule(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one with %q", in, err, want)
		}
	}
}

// A cron time inside the spring-forward gap (02:30 does not exist in
// Paris on 30 March 2025) still runs that day, at 03:30 summer time: the
// instant 02:30 winter time would have been.
func TestCronTimeInTheDSTGapStillRuns(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	r := newRig(t, time.Date(2025, 3, 29, 12, 0, 0, 0, paris))
	slack := newRecorder("slack", r.clock)
	d := r.digests(0, slack)
	sub := r.subscribe("slack", "C1", nil, "cron 30 2 * * * Europe/Paris", true)
	sched := digest.NewScheduler(d)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sched.Start(ctx)
	defer sched.Stop()
	if err := sched.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	gap := time.Date(2025, 3, 30, 3, 30, 0, 0, paris) // 01:30 UTC
	waitNextRun(t, sched, sub.ID, gap)
	r.clock.Advance(gap.Sub(r.clock.Now()))
	slack.waitFor(t, 1)
	waitNextRun(t, sched, sub.ID, time.Date(2025, 3, 31, 2, 30, 0, 0, paris))
}

func TestSchedulerFollowsTheStore(t *testing.T) {
	r := newRig(t, time.Date(2025, 3, 24, 9, 0, 0, 0, time.UTC))
	d := r.digests(0)
	sched := digest.NewScheduler(d)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sched.Start(ctx)
	defer sched.Stop()
	a := r.subscribe("slack", "A", nil, "daily 10:00 UTC", false)
	b := r.subscribe("slack", "B", nil, "", false)
	if err := sched.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	waitNextRun(t, sched, a.ID, time.Date(2025, 3, 24, 10, 0, 0, 0, time.UTC))
	if _, ok := sched.NextRun(b.ID); ok {
		t.Fatal("a new-coverage subscription got a job")
	}
	// A changed schedule replaces the job; an unsubscribed channel loses it.
	r.subscribe("slack", "A", nil, "weekly fri 18:00 Europe/London", false)
	if err := sched.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	waitNextRun(t, sched, a.ID, time.Date(2025, 3, 28, 18, 0, 0, 0, time.UTC))
	if _, err := r.db.Unsubscribe(ctx, "slack", "A"); err != nil {
		t.Fatal(err)
	}
	if err := sched.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok := sched.NextRun(a.ID); ok {
		t.Fatal("an unsubscribed channel kept its job")
	}
}

// On the fall-back day 02:30 happens twice in Paris; the digest runs once.
func TestCronTimeOnTheFallBackDayRunsOnce(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	r := newRig(t, time.Date(2025, 10, 25, 12, 0, 0, 0, paris))
	slack := newRecorder("slack", r.clock)
	d := r.digests(0, slack)
	sub := r.subscribe("slack", "C1", nil, "cron 30 2 * * * Europe/Paris", true)
	sched := digest.NewScheduler(d)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sched.Start(ctx)
	defer sched.Stop()
	if err := sched.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	first := time.Date(2025, 10, 26, 0, 30, 0, 0, time.UTC) // 02:30 summer time
	waitNextRun(t, sched, sub.ID, first)
	r.clock.Advance(first.Sub(r.clock.Now()))
	slack.waitFor(t, 1)
	waitNextRun(t, sched, sub.ID, time.Date(2025, 10, 27, 2, 30, 0, 0, paris))
}

// A stop is no failure: a scheduler whose context ends, even before its
// first look at the store, logs no error.
func TestSchedulerStopLogsNoError(t *testing.T) {
	r := newRig(t, wednesday)
	var logs syncBuffer
	d, err := digest.NewDigests(digest.DigestConfig{Leaders: r.g, Store: r.db, Clock: r.clock,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	r.subscribe("slack", "C1", nil, "daily 08:00 UTC", false)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := digest.NewScheduler(d).Run(ctx); err != nil {
		t.Fatalf("run: %v", err)
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Fatalf("a stop logged an error:\n%s", logs.String())
	}
}

// gocron's messages carry one prefix, the component attribute, not a
// second "gocron: " in the text.
func TestGocronMessagesNamedOnce(t *testing.T) {
	r := newRig(t, wednesday)
	var logs syncBuffer
	d, err := digest.NewDigests(digest.DigestConfig{Leaders: r.g, Store: r.db, Clock: r.clock,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	r.subscribe("slack", "C1", nil, "daily 08:00 UTC", false)
	sched := digest.NewScheduler(d)
	sched.Start(context.Background())
	if err := sched.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	sched.Stop()
	out := logs.String()
	if !strings.Contains(out, "component=gocron") || strings.Contains(out, "gocron: ") {
		t.Fatalf("gocron's lines:\n%s", out)
	}
}

// syncBuffer is a log the test reads while gocron may still write to it:
// its executor logs its own stop from a goroutine Shutdown does not wait
// for (go test -race found the unguarded strings.Builder).
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
