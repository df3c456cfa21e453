package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // schedules name IANA zones; do not depend on the host's zoneinfo

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"
)

// Schedule is when a subscription's scheduled digest is posted: daily or
// weekly at a wall-clock time, or a cron expression, in a time zone.
type Schedule struct {
	Kind    string // "daily", "weekly" or "cron"
	Hour    int
	Minute  int
	Weekday time.Weekday
	Cron    string // the five cron fields, for Kind "cron"
	Loc     *time.Location
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday, "mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tuesday": time.Tuesday, "wed": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thursday": time.Thursday, "fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

// scheduleUsage is the grammar, for error messages.
const scheduleUsage = `"daily HH:MM [TZ]", "weekly DAY HH:MM [TZ]" or "cron MIN HOUR DOM MON DOW [TZ]"`

// ParseSchedule reads "daily 08:00 Europe/Paris", "weekly mon 08:00 UTC" or
// "cron 0 8 * * 1-5 America/New_York"; the zone defaults to UTC.
func ParseSchedule(text string) (Schedule, error) {
	f := strings.Fields(text)
	if len(f) == 0 {
		return Schedule{}, fmt.Errorf("empty schedule: use %s", scheduleUsage)
	}
	s := Schedule{Kind: strings.ToLower(f[0]), Loc: time.UTC}
	var rest []string
	switch s.Kind {
	case "daily":
		if len(f) < 2 {
			return Schedule{}, fmt.Errorf("schedule %q: daily needs a time, as in \"daily 08:00 Europe/Paris\"", text)
		}
		if err := s.parseClock(f[1]); err != nil {
			return Schedule{}, fmt.Errorf("schedule %q: %w", text, err)
		}
		rest = f[2:]
	case "weekly":
		if len(f) < 3 {
			return Schedule{}, fmt.Errorf("schedule %q: weekly needs a day and a time, as in \"weekly mon 08:00 Europe/Paris\"", text)
		}
		d, ok := weekdays[strings.ToLower(f[1])]
		if !ok {
			return Schedule{}, fmt.Errorf("schedule %q: %q is not a day of the week (mon, tue, ...)", text, f[1])
		}
		s.Weekday = d
		if err := s.parseClock(f[2]); err != nil {
			return Schedule{}, fmt.Errorf("schedule %q: %w", text, err)
		}
		rest = f[3:]
	case "cron":
		if len(f) < 6 {
			return Schedule{}, fmt.Errorf("schedule %q: cron needs five fields (MIN HOUR DOM MON DOW), then an optional zone", text)
		}
		s.Cron = strings.Join(f[1:6], " ")
		rest = f[6:]
	default:
		return Schedule{}, fmt.Errorf("schedule %q: use %s", text, scheduleUsage)
	}
	switch len(rest) {
	case 0:
	case 1:
		loc, err := loadZone(rest[0])
		if err != nil {
			return Schedule{}, fmt.Errorf("schedule %q: %w", text, err)
		}
		s.Loc = loc
	default:
		return Schedule{}, fmt.Errorf("schedule %q: unexpected %q after the zone", text, strings.Join(rest[1:], " "))
	}
	// The cron library is the judge of every kind; daily and weekly are
	// checked the same way so that no schedule is stored that cannot run.
	// Whether a schedule ever runs does not depend on the day asked from
	// (five cron fields repeat within four years), so a fixed day keeps
	// parsing free of the clock.
	if _, err := s.Next(validFrom); err != nil {
		return Schedule{}, fmt.Errorf("schedule %q: %w", text, err)
	}
	return s, nil
}

// validFrom is the day ParseSchedule checks a schedule from.
var validFrom = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

func (s *Schedule) parseClock(hhmm string) error {
	h, m, ok := strings.Cut(hhmm, ":")
	hour, err1 := strconv.Atoi(h)
	minute, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hour < 0 || hour > 23 || minute < 0 || minute > 59 || len(m) != 2 {
		return fmt.Errorf("%q is not a time of day (HH:MM, 24-hour)", hhmm)
	}
	s.Hour, s.Minute = hour, minute
	return nil
}

func loadZone(name string) (*time.Location, error) {
	if strings.EqualFold(name, "utc") || strings.EqualFold(name, "z") {
		return time.UTC, nil
	}
	// "Local" would mean wherever the server happens to run.
	if name == "Local" || name == "" {
		return nil, fmt.Errorf("unknown time zone %q (use an IANA name such as Europe/Paris)", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q (use an IANA name such as Europe/Paris)", name)
	}
	return loc, nil
}

// String is the canonical text, the form stored.
func (s Schedule) String() string {
	zone := s.Loc.String()
	switch s.Kind {
	case "daily":
		return fmt.Sprintf("daily %02d:%02d %s", s.Hour, s.Minute, zone)
	case "weekly":
		return fmt.Sprintf("weekly %s %02d:%02d %s", strings.ToLower(s.Weekday.String()[:3]), s.Hour, s.Minute, zone)
	}
	return fmt.Sprintf("cron %s %s", s.Cron, zone)
}

// cronFields is the schedule as five cron fields.
func (s Schedule) cronFields() string {
	switch s.Kind {
	case "daily":
		return fmt.Sprintf("%d %d * * *", s.Minute, s.Hour)
	case "weekly":
		return fmt.Sprintf("%d %d * * %d", s.Minute, s.Hour, int(s.Weekday))
	}
	return s.Cron
}

// Next is the first run after t, as the cron library computes it.
func (s Schedule) Next(t time.Time) (time.Time, error) {
	c := gocron.NewDefaultCron(false)
	if err := c.IsValid("CRON_TZ="+s.Loc.String()+" "+s.cronFields(), s.Loc, t); err != nil {
		return time.Time{}, fmt.Errorf("not a valid schedule: %w", err)
	}
	return c.Next(t), nil
}

// definition is the gocron job for the schedule. The scheduler it goes to
// runs in the schedule's zone, which is what lets gocron's daylight saving
// handling apply: daily and weekly jobs keep their wall-clock time across a
// change, and a cron time that falls in a spring-forward gap runs just after
// it instead of being skipped.
func (s Schedule) definition() gocron.JobDefinition {
	at := gocron.NewAtTimes(gocron.NewAtTime(uint(s.Hour), uint(s.Minute), 0))
	switch s.Kind {
	case "daily":
		return gocron.DailyJob(1, at)
	case "weekly":
		return gocron.WeeklyJob(1, gocron.NewWeekdays(s.Weekday), at)
	}
	return gocron.CronJob(s.Cron, false)
}

// Scheduler runs the scheduled digests: one gocron job per subscription
// with a schedule, in one gocron scheduler per time zone. It follows the
// subscriptions in the store, so that changes made from another process
// (the command line) are picked up at the next Sync.
type Scheduler struct {
	digests *Digests
	clock   clockwork.Clock
	log     *slog.Logger
	wake    chan struct{}

	mu    sync.Mutex
	ctx   context.Context // jobs run with it; set by Start
	zones map[string]gocron.Scheduler
	jobs  map[int64]scheduledJob
}

type scheduledJob struct {
	schedule string // canonical text, to notice a change
	job      gocron.Job
}

// resyncEvery is how often Run re-reads the subscriptions.
const resyncEvery = time.Minute

// NewScheduler returns a scheduler for the digests' subscriptions, on
// their clock.
func NewScheduler(d *Digests) *Scheduler {
	return &Scheduler{digests: d, clock: d.clock, log: d.log, wake: make(chan struct{}, 1), zones: map[string]gocron.Scheduler{}, jobs: map[int64]scheduledJob{}}
}

// Wake makes Run re-read the subscriptions now (one just changed).
func (s *Scheduler) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run schedules the digests and keeps them in step with the store until
// ctx ends.
func (s *Scheduler) Run(ctx context.Context) error {
	s.Start(ctx)
	defer s.Stop()
	s.sync(ctx)
	t := s.clock.NewTicker(resyncEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.wake:
		case <-t.Chan():
		}
		s.sync(ctx)
	}
}

// sync is Sync for Run: a failure is logged, except the one a stop causes,
// which is no error.
func (s *Scheduler) sync(ctx context.Context) {
	if err := s.Sync(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("schedule digests", "err", err)
	}
}

// Start sets the context the jobs run with.
func (s *Scheduler) Start(ctx context.Context) {
	s.mu.Lock()
	s.ctx = ctx
	s.mu.Unlock()
}

// Stop shuts every gocron scheduler down. The lock is not held while
// they wait for running jobs, which take it to read their context.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	zones := s.zones
	s.zones = map[string]gocron.Scheduler{}
	s.jobs = map[int64]scheduledJob{}
	s.mu.Unlock()
	for zone, z := range zones {
		if err := z.Shutdown(); err != nil {
			s.log.Warn("stop digest scheduler", "zone", zone, "err", err)
		}
	}
}

// Sync adds, replaces and removes jobs to match the subscriptions stored.
func (s *Scheduler) Sync(ctx context.Context) error {
	subs, err := s.digests.store.Subscriptions(ctx)
	if err != nil {
		return fmt.Errorf("sync schedules: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx == nil {
		return errors.New("sync schedules: scheduler not started")
	}
	want := map[int64]bool{}
	var errs []error
	for _, sub := range subs {
		if sub.Schedule == "" || sub.Paused {
			continue
		}
		want[sub.ID] = true
		if j, ok := s.jobs[sub.ID]; ok && j.schedule == sub.Schedule {
			continue
		}
		s.removeLocked(sub.ID)
		sched, err := ParseSchedule(sub.Schedule)
		if err != nil {
			errs = append(errs, fmt.Errorf("subscription %d: %w", sub.ID, err))
			continue
		}
		zone, err := s.zoneLocked(sched.Loc)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		id := sub.ID
		// No singleton mode: RunScheduled is serialised and does nothing
		// for a period already done, so an overlapping run is harmless.
		job, err := zone.NewJob(sched.definition(), gocron.NewTask(func() { s.fire(id) }),
			gocron.WithName(sub.Target()),
			gocron.WithDaylightSavingsTimePolicy(gocron.DaylightSavingsTimeRunAfterTransition))
		if err != nil {
			errs = append(errs, fmt.Errorf("subscription %d: schedule %q: %w", sub.ID, sub.Schedule, err))
			continue
		}
		s.jobs[sub.ID] = scheduledJob{schedule: sub.Schedule, job: job}
	}
	for id := range s.jobs {
		if !want[id] {
			s.removeLocked(id)
		}
	}
	return errors.Join(errs...)
}

func (s *Scheduler) removeLocked(subID int64) {
	j, ok := s.jobs[subID]
	if !ok {
		return
	}
	delete(s.jobs, subID)
	for _, z := range s.zones {
		if z.RemoveJob(j.job.ID()) == nil {
			return
		}
	}
}

func (s *Scheduler) zoneLocked(loc *time.Location) (gocron.Scheduler, error) {
	if z, ok := s.zones[loc.String()]; ok {
		return z, nil
	}
	z, err := gocron.NewScheduler(gocron.WithClock(s.clock), gocron.WithLocation(loc), gocron.WithLogger(gocronLogger{s.log.With("component", "gocron")}))
	if err != nil {
		return nil, fmt.Errorf("digest scheduler for %s: %w", loc, err)
	}
	z.Start()
	s.zones[loc.String()] = z
	return z, nil
}

// fire runs one scheduled digest. The period ends at the minute the job
// fired: cron schedules never fire twice in a minute, so the same minute
// is the same digest, even when a job runs a little late.
func (s *Scheduler) fire(subID int64) {
	s.mu.Lock()
	ctx := s.ctx
	s.mu.Unlock()
	if ctx == nil || ctx.Err() != nil {
		return
	}
	at := s.clock.Now().Truncate(time.Minute)
	if err := s.digests.RunScheduled(ctx, subID, at); err != nil {
		s.log.Error("scheduled digest", "subscription", subID, "err", err)
	}
}

// NextRun is when a subscription's next digest is due, as its job says.
func (s *Scheduler) NextRun(subID int64) (time.Time, bool) {
	s.mu.Lock()
	j, ok := s.jobs[subID]
	s.mu.Unlock()
	if !ok {
		return time.Time{}, false
	}
	t, err := j.job.NextRun()
	return t, err == nil && !t.IsZero()
}

// gocronLogger passes gocron's own messages to slog. gocron starts each
// with "gocron: "; the logger's component attribute says it already.
type gocronLogger struct{ log *slog.Logger }

func (l gocronLogger) Debug(msg string, args ...any) { l.log.Debug(gocronMessage(msg), args...) }
func (l gocronLogger) Info(msg string, args ...any)  { l.log.Info(gocronMessage(msg), args...) }
func (l gocronLogger) Warn(msg string, args ...any)  { l.log.Warn(gocronMessage(msg), args...) }
func (l gocronLogger) Error(msg string, args ...any) { l.log.Error(gocronMessage(msg), args...) }

func gocronMessage(msg string) string { return strings.TrimPrefix(msg, "gocron: ") }
