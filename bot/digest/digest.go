// Package digest posts what changed to subscribed channels: new coverage
// as it is reported (batched per channel), scheduled daily, weekly or cron
// digests, and alerts to the admins' channel. Every post is recorded
// before it is sent, retried with backoff, and never sent twice.
package digest

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"readout/bot"
	"readout/summaries"
	"readout/summaries/leaders"
)

// DigestConfig wires Digests.
type DigestConfig struct {
	// Leaders names the leaders in posts.
	Leaders *leaders.Gazetteer
	Store   summaries.DigestStore
	// Senders deliver to each platform's channels, by Platform().
	Senders []bot.Sender
	// Clock defaults to the real clock; tests pass a fake one.
	Clock clockwork.Clock
	// BatchWindow is how long new coverage waits for more before it is
	// posted, so that a burst of updates makes one post per channel.
	BatchWindow time.Duration
	Alerts      *Alerts
	Logger      *slog.Logger
}

// Digests announces new coverage and posts scheduled digests. Every post
// is recorded before it is sent and marked sent after, so that a restart
// resends what was pending and no channel gets the same digest twice.
type Digests struct {
	w       bot.Writer
	store   summaries.DigestStore
	senders map[string]bot.Sender
	clock   clockwork.Clock
	window  time.Duration
	alerts  *Alerts
	log     *slog.Logger
	wake    chan struct{}
	// mu serialises building and sending, so that no delivery is picked
	// twice at once.
	mu sync.Mutex
}

// Delivery retries: the first after retryBase, doubling up to retryMax,
// given up after maxAttempts.
const (
	retryBase   = 30 * time.Second
	retryMax    = time.Hour
	maxAttempts = 10
	sendTimeout = 30 * time.Second
	// claimFor is how long a delivery being sent is kept from the other
	// processes: past it, one whose sender died is sent again.
	claimFor = sendTimeout + 30*time.Second
	// idleWait bounds how long Run sleeps, so that work queued by another
	// process (the command line) is seen within it.
	idleWait = time.Minute
	// ownerWait is how soon a sharded process looks again at deliveries
	// due that other processes own.
	ownerWait = 15 * time.Second
)

// NewDigests returns Digests.
func NewDigests(cfg DigestConfig) (*Digests, error) {
	if cfg.Leaders == nil || cfg.Store == nil {
		return nil, errors.New("digests: a gazetteer and a store are required")
	}
	d := &Digests{w: bot.NewWriter(cfg.Leaders), store: cfg.Store, senders: map[string]bot.Sender{}, clock: cfg.Clock, window: cfg.BatchWindow,
		alerts: cfg.Alerts, log: cfg.Logger, wake: make(chan struct{}, 1)}
	for _, s := range cfg.Senders {
		d.senders[s.Platform()] = s
	}
	if d.clock == nil {
		d.clock = clockwork.NewRealClock()
	}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	if d.alerts == nil {
		d.alerts = &Alerts{}
	}
	return d, nil
}

// AddSender lets the digests deliver to a platform whose adapter was
// built after them (adapters need the core, which needs the digests). Call
// it before Run.
func (d *Digests) AddSender(s bot.Sender) { d.senders[s.Platform()] = s }

// Wake makes Run look at the queue now: an ingestion just queued news.
func (d *Digests) Wake() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// reaches reports whether this process runs the adapter of a
// subscription's platform: a channel subscribed from the console, or
// while another adapter ran, gets nothing recorded meanwhile, rather than
// deliveries that can only fail.
func (d *Digests) reaches(sub summaries.Subscription) bool {
	if _, ok := d.senders[sub.Platform]; !ok {
		d.log.Debug("no adapter for the subscription's platform", "channel", sub.Target())
		return false
	}
	return true
}

// Run posts new coverage when its batch window closes and retries failed
// deliveries, until ctx ends. Deliveries left pending by a previous run go
// out first.
func (d *Digests) Run(ctx context.Context) error {
	for {
		next, err := d.Flush(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			d.log.Error("digests", "err", err)
		}
		wait := idleWait
		if !next.IsZero() {
			wait = min(max(next.Sub(d.clock.Now()), 0), idleWait)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-d.wake:
		case <-d.clock.After(wait):
		}
	}
}

// Flush records a post for every channel whose batch window has closed,
// then sends every delivery due. It returns when something is due next
// (zero: nothing waits).
func (d *Digests) Flush(ctx context.Context) (_ time.Time, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	defer d.recovered(ctx, "flush", &err)
	next, err := d.prepareCoverage(ctx)
	if err != nil {
		return time.Time{}, err
	}
	if err := d.sendDueLocked(ctx); err != nil {
		return time.Time{}, err
	}
	retry, err := d.store.NextAttempt(ctx)
	if err != nil {
		return time.Time{}, err
	}
	if now := d.clock.Now(); d.sharded() && !retry.IsZero() && !retry.After(now) {
		// What is due still is another process's to send (or its owner
		// could not be found out): look again in a while, not at once.
		retry = now.Add(ownerWait)
	}
	if !retry.IsZero() && (next.IsZero() || retry.Before(next)) {
		next = retry
	}
	return next, nil
}

// prepareCoverage turns closed batches into recorded deliveries and
// returns when the next batch closes.
func (d *Digests) prepareCoverage(ctx context.Context) (time.Time, error) {
	queued, err := d.store.Queued(ctx)
	if err != nil || len(queued) == 0 {
		return time.Time{}, err
	}
	subs, err := d.store.Subscriptions(ctx)
	if err != nil {
		return time.Time{}, err
	}
	byID := map[int64]summaries.Subscription{}
	for _, s := range subs {
		byID[s.ID] = s
	}
	groups := map[int64][]summaries.QueuedCall{}
	var order []int64
	for _, q := range queued {
		if _, ok := groups[q.SubscriptionID]; !ok {
			order = append(order, q.SubscriptionID)
		}
		groups[q.SubscriptionID] = append(groups[q.SubscriptionID], q)
	}
	now := d.clock.Now()
	var next time.Time
	for _, id := range order {
		entries := groups[id]
		sub, ok := byID[id]
		if !ok || sub.Paused || sub.Schedule != "" || !d.reaches(sub) {
			if err := d.store.DropQueued(ctx, entries); err != nil {
				return time.Time{}, err
			}
			continue
		}
		// Queued() is oldest first: the first entry opened the window.
		closes := entries[0].QueuedAt.Add(d.window)
		if closes.After(now) {
			if next.IsZero() || closes.Before(next) {
				next = closes
			}
			continue
		}
		if err := d.coveragePost(ctx, sub, entries, now); err != nil {
			return time.Time{}, err
		}
	}
	return next, nil
}

// coveragePost records one post for a channel: one message per record,
// saying what is new since the version the channel last saw.
func (d *Digests) coveragePost(ctx context.Context, sub summaries.Subscription, entries []summaries.QueuedCall, now time.Time) error {
	firstQueued := map[int64]int{}
	var ids []int64
	for _, q := range entries {
		if v, ok := firstQueued[q.ID]; !ok || q.Version < v {
			if !ok {
				ids = append(ids, q.ID)
			}
			firstQueued[q.ID] = q.Version
		}
	}
	calls, err := d.store.CallsByID(ctx, ids)
	if err != nil {
		return err
	}
	slices.SortFunc(calls, func(a, b summaries.Call) int { return cmp.Compare(a.ID, b.ID) })
	var msgs []bot.Message
	var cvs []summaries.CallVersion
	var key []string
	for _, c := range calls {
		if !sub.Follows(c.Participants) {
			continue
		}
		last, err := d.store.LastDelivered(ctx, sub.Platform, sub.Channel, c.ID)
		if err != nil {
			return err
		}
		if c.Version <= last {
			continue
		}
		from := max(last, firstQueued[c.ID]-1)
		var m bot.Message
		if from == 0 {
			m = d.newCallMessage(c)
		} else {
			old, err := d.store.CallAt(ctx, c.ID, from)
			if errors.Is(err, summaries.ErrNotFound) {
				// The version the channel saw was never kept (a record older
				// than version history): say it all again.
				m = d.newCallMessage(c)
				m.Title = "Updated: " + strings.TrimPrefix(m.Title, "New call: ")
			} else if err != nil {
				return err
			} else {
				ch := summaries.Diff(old, c)
				if !ch.Material() {
					continue
				}
				m = d.updateMessage(c, d.whatsNew(ch))
			}
		}
		msgs = append(msgs, m)
		cvs = append(cvs, summaries.CallVersion{ID: c.ID, Version: c.Version})
		key = append(key, fmt.Sprintf("%d@%d", c.ID, c.Version))
	}
	if len(msgs) == 0 {
		return d.store.DropQueued(ctx, entries)
	}
	body, err := json.Marshal(msgs)
	if err != nil {
		return fmt.Errorf("encode digest for %s: %w", sub.Target(), err)
	}
	del := summaries.Delivery{SubscriptionID: sub.ID, Platform: sub.Platform, Channel: sub.Channel, Key: "calls " + strings.Join(key, " "),
		Body: body, Calls: cvs, NextAttempt: now, CreatedAt: now}
	_, recorded, err := d.store.RecordDelivery(ctx, del, entries, time.Time{})
	if err != nil {
		return err
	}
	if !recorded {
		d.log.Info("digest already delivered", "channel", sub.Target(), "key", del.Key)
	}
	return nil
}

// RunScheduled records and sends a subscription's scheduled digest for the
// period ending at end. Running it again for the same end changes nothing.
func (d *Digests) RunScheduled(ctx context.Context, subID int64, end time.Time) (err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	defer d.recovered(ctx, "scheduled digest", &err)
	subs, err := d.store.Subscriptions(ctx)
	if err != nil {
		return err
	}
	idx := slices.IndexFunc(subs, func(s summaries.Subscription) bool { return s.ID == subID })
	if idx < 0 || subs[idx].Paused || subs[idx].Schedule == "" {
		return nil
	}
	sub := subs[idx]
	if !d.reaches(sub) {
		// The period stays open: when the adapter runs again, its digest
		// covers the time it was away.
		return nil
	}
	start := sub.PeriodStart
	if !start.Before(end) {
		return nil
	}
	sched, err := ParseSchedule(sub.Schedule)
	if err != nil {
		return fmt.Errorf("subscription %d: %w", sub.ID, err)
	}
	changed, err := d.store.ChangedCalls(ctx, start, end)
	if err != nil {
		return err
	}
	changed = slices.DeleteFunc(changed, func(c summaries.ChangedCall) bool { return !sub.Follows(c.Call.Participants) })
	if len(changed) == 0 && !sub.Empty {
		return d.store.AdvancePeriod(ctx, sub.ID, end)
	}
	now := d.clock.Now()
	body, err := json.Marshal([]bot.Message{d.periodMessage(sub, sched, start, end, changed)})
	if err != nil {
		return fmt.Errorf("encode digest for %s: %w", sub.Target(), err)
	}
	del := summaries.Delivery{SubscriptionID: sub.ID, Platform: sub.Platform, Channel: sub.Channel,
		Key: "period " + end.UTC().Format(time.RFC3339), Body: body,
		NextAttempt: now, CreatedAt: now}
	for _, c := range changed {
		del.Calls = append(del.Calls, summaries.CallVersion{ID: c.Call.ID, Version: c.Call.Version})
	}
	if _, _, err := d.store.RecordDelivery(ctx, del, nil, end); err != nil {
		return err
	}
	return d.sendDueLocked(ctx)
}

// sendDueLocked sends every pending delivery that is due, claiming each
// before it is sent: of the processes sharing a store, one sends it.
func (d *Digests) sendDueLocked(ctx context.Context) error {
	if d.sharded() {
		return d.sendOwnedLocked(ctx)
	}
	gone := map[string]bool{}
	tried := map[int64]bool{}
	for ctx.Err() == nil {
		// One at a time: a claim must outlast its send, not a queue of them.
		now := d.clock.Now()
		due, err := d.store.ClaimDeliveries(ctx, now, now.Add(claimFor), 1)
		if err != nil {
			return err
		}
		if len(due) == 0 || tried[due[0].ID] {
			return nil
		}
		del := due[0]
		tried[del.ID] = true
		if err := d.deliverUnlessGone(ctx, del, gone); err != nil {
			return err
		}
	}
	return nil
}

// deliverUnlessGone sends a delivery unless its channel was found gone
// in this round (PauseSubscription has failed its deliveries already),
// and notes a channel found gone now.
func (d *Digests) deliverUnlessGone(ctx context.Context, del summaries.Delivery, gone map[string]bool) error {
	channel := del.Platform + ":" + del.Channel
	if gone[channel] {
		return nil
	}
	if err := d.deliver(ctx, del); errors.Is(err, bot.ErrChannelGone) {
		gone[channel] = true
	} else if err != nil {
		return err
	}
	return nil
}

// sharded reports whether a sender posts to some of its platform's
// channels only (Discord shards in several processes).
func (d *Digests) sharded() bool {
	for _, s := range d.senders {
		if _, ok := bot.OwnerOf(s); ok {
			return true
		}
	}
	return false
}

// owns reports whether this process sends a delivery: on a sharded
// platform, when its sender owns the channel; on any other, always.
func (d *Digests) owns(ctx context.Context, del summaries.Delivery) bool {
	s, ok := d.senders[del.Platform]
	if !ok {
		return true // deliver fails it: no adapter runs here
	}
	o, ok := bot.OwnerOf(s)
	if !ok {
		return true
	}
	owned, err := o.Owns(ctx, del.Channel)
	if err != nil {
		d.log.Warn("digest channel's owner not known; left for later", "channel", del.Platform+":"+del.Channel, "err", bot.OneLine(err))
		return false
	}
	return owned
}

// sendOwnedLocked is sendDueLocked for a process that sends to some
// channels only: it picks its own from the due deliveries and claims each
// by id, leaving the others to the processes that own them.
func (d *Digests) sendOwnedLocked(ctx context.Context) error {
	gone := map[string]bool{}
	looked := map[int64]bool{}
	for ctx.Err() == nil {
		now := d.clock.Now()
		due, err := d.store.DueDeliveries(ctx, now)
		if err != nil {
			return err
		}
		var del summaries.Delivery
		claimed := false
		for _, c := range due {
			if looked[c.ID] {
				continue
			}
			looked[c.ID] = true
			if !d.owns(ctx, c) {
				continue
			}
			if del, claimed, err = d.store.ClaimDelivery(ctx, c.ID, now, now.Add(claimFor)); err != nil {
				return err
			} else if claimed {
				break
			}
		}
		if !claimed {
			return nil
		}
		if err := d.deliverUnlessGone(ctx, del, gone); err != nil {
			return err
		}
	}
	return nil
}

// deliver sends one recorded delivery and records the outcome. It returns
// bot.ErrChannelGone when the channel is gone, other errors only when the
// store failed.
func (d *Digests) deliver(ctx context.Context, del summaries.Delivery) error {
	target := del.Platform + ":" + del.Channel
	sender, ok := d.senders[del.Platform]
	var msgs []bot.Message
	err := json.Unmarshal(del.Body, &msgs)
	switch {
	case err != nil:
		err = fmt.Errorf("decode delivery %d: %w", del.ID, err)
	case !ok:
		err = fmt.Errorf("no %s adapter is running", del.Platform)
	default:
		sctx, cancel := context.WithTimeout(ctx, sendTimeout)
		err = safeSend(sctx, sender, del.Channel, msgs)
		cancel()
		if p, ok := errors.AsType[*sendPanic](err); ok {
			d.log.Error("digest send panicked", "channel", target, "key", del.Key, "err", err, "stack", string(p.stack))
			d.alerts.Tell(ctx, bot.Message{Title: "Digest send failed", Text: fmt.Sprintf(
				"Sending a digest to %s hit an internal error (%s). The attempt counts as failed and will be retried.", target, bot.OneLine(err))})
		}
	}
	now := d.clock.Now()
	switch {
	case err == nil:
		d.log.Info("digest sent", "channel", target, "key", del.Key)
		return d.store.MarkSent(ctx, del.ID, now)
	case ctx.Err() != nil:
		// Shutting down: the delivery stays pending, given back so that
		// it goes out at once after the restart (or from another process).
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		defer cancel()
		if err := d.store.ReleaseDelivery(rctx, del.ID, now); err != nil {
			d.log.Warn("give back a delivery interrupted by the stop", "channel", target, "key", del.Key, "err", err)
		}
		return nil
	case errors.Is(err, bot.ErrChannelGone):
		reason := bot.OneLine(err)
		d.log.Warn("digest channel gone; subscription paused", "channel", target, "err", reason)
		if err := d.store.MarkFailed(ctx, del.ID, reason, now, true); err != nil {
			return err
		}
		paused, perr := d.store.PauseSubscription(ctx, del.SubscriptionID, reason)
		if perr != nil {
			return perr
		}
		if paused {
			d.alerts.Tell(ctx, bot.Message{Title: "Digest subscription paused", Text: fmt.Sprintf(
				"I can no longer post to %s (%s), so its digest subscription is paused. Subscribe again from a channel I can post to.", target, reason)})
		}
		return bot.ErrChannelGone
	}
	attempt := del.Attempts + 1
	final := attempt >= maxAttempts
	reason := bot.OneLine(err)
	next := now.Add(Jitter(Backoff(retryBase, retryMax, attempt)))
	d.log.Warn("digest not sent", "channel", target, "key", del.Key, "attempt", attempt, "final", final, "err", reason)
	if err := d.store.MarkFailed(ctx, del.ID, reason, next, final); err != nil {
		return err
	}
	if final {
		d.alerts.Tell(ctx, bot.Message{Title: "Digest not delivered", Text: fmt.Sprintf(
			"A digest for %s failed %d times and was given up: %s", target, attempt, reason)})
	}
	return nil
}

// errSendPanic marks a send that panicked.
var errSendPanic = errors.New("panic while sending")

// sendPanic is a send that panicked, with where.
type sendPanic struct {
	value any
	stack []byte
}

func (p *sendPanic) Error() string { return fmt.Sprintf("%v: %v", errSendPanic, p.value) }
func (p *sendPanic) Unwrap() error { return errSendPanic }

// safeSend sends, turning a panic into an error: no message, however odd,
// may bring the process down. (The adapters recover inside Send too; this
// covers any sender.)
func safeSend(ctx context.Context, s bot.Sender, channel string, msgs []bot.Message) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &sendPanic{value: r, stack: debug.Stack()}
		}
	}()
	return s.Send(ctx, channel, msgs)
}

// recovered turns a panic while building or sending digests into err, and
// tells the admins: what was recorded stays pending for the next round.
func (d *Digests) recovered(ctx context.Context, what string, err *error) {
	r := recover()
	if r == nil {
		return
	}
	*err = fmt.Errorf("%s: internal error: %v", what, r)
	d.log.Error("digest panic", "in", what, "panic", r, "stack", string(debug.Stack()))
	d.alerts.Tell(ctx, bot.Message{Title: "Digest error", Text: fmt.Sprintf("Preparing digests (%s) hit an internal error: %v. It will be tried again.", what, r)})
}

// Backoff is base·2^(n-1), at most limit: the wait before retry n.
func Backoff(base, limit time.Duration, n int) time.Duration {
	d := base
	for i := 1; i < n && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

// Jitter spreads d by ±20%, so that sources and channels failing together
// do not retry together.
func Jitter(d time.Duration) time.Duration {
	return time.Duration(float64(d) * (0.8 + 0.4*rand.Float64()))
}

// news is how a digest words a material change: the lead's phrases and the
// fields, points and links the update post shows.
type news struct {
	lead   []string
	fields []bot.Field
	points []bot.Point
	links  []bot.Link
}

// whatsNew words a change; whether it is worth a post is the domain's call
// (summaries.Change.Material), not the digest's.
func (d *Digests) whatsNew(ch summaries.Change) news {
	var n news
	old, cur := ch.Old, ch.Cur
	if ch.Participants {
		n.lead = append(n.lead, "the participants changed")
	}
	if ch.Date {
		n.lead = append(n.lead, "the date is now "+bot.Day(cur.Date))
		n.fields = append(n.fields, bot.Field{Name: "Date", Value: bot.Day(cur.Date)})
	}
	if ch.Medium {
		n.lead = append(n.lead, fmt.Sprintf("it was a %s call", cur.Medium))
	}
	if ch.Duration {
		v := bot.Length(cur)
		if old.DurationMinutes > 0 {
			v += " (was " + bot.Length(old) + ")"
		}
		n.lead = append(n.lead, "duration "+bot.Length(cur))
		n.fields = append(n.fields, bot.Field{Name: "Duration", Value: v})
	}
	if ch.Initiator {
		n.lead = append(n.lead, "who initiated it")
		n.fields = append(n.fields, bot.Field{Name: "Initiated by", Value: d.w.Gazetteer().Name(cur.Initiator)})
	}
	for _, p := range ch.NewPoints {
		n.points = append(n.points, bot.Point{Text: p.Text, URL: p.URL})
	}
	if len(n.points) > 0 {
		n.lead = append(n.lead, bot.Plural(len(n.points), "new key point", "new key points"))
	}
	for _, a := range ch.NewAgreements {
		n.lead = append(n.lead, "a new agreement")
		n.points = append(n.points, bot.Point{Text: "Agreed: " + a.Text})
	}
	var outlets []string
	for _, a := range ch.NewArticles {
		title := a.Title
		if a.Outlet != "" {
			title = a.Outlet + ": " + title
			if !slices.Contains(outlets, a.Outlet) {
				outlets = append(outlets, a.Outlet)
			}
		}
		n.links = append(n.links, bot.Link{Title: bot.Trim(title, 120), URL: a.URL})
	}
	if len(n.links) > 0 {
		s := bot.Plural(len(n.links), "new article", "new articles")
		if len(outlets) > 0 {
			s += " (" + strings.Join(outlets, ", ") + ")"
		}
		n.lead = append(n.lead, s)
	}
	return n
}

func (d *Digests) newCallMessage(c summaries.Call) bot.Message {
	m := d.w.CallMessage(c)
	m.Title = "New call: " + m.Title
	m.Text = fmt.Sprintf("A new call is on record: %s spoke on %s.", d.w.Names(c.Participants), bot.Day(c.Date))
	return m
}

func (d *Digests) updateMessage(c summaries.Call, n news) bot.Message {
	full := d.w.CallMessage(c)
	return bot.Message{
		Title:   "Updated: " + full.Title,
		Text:    "What's new: " + strings.Join(n.lead, "; ") + ".",
		Fields:  n.fields,
		Points:  n.points,
		Links:   n.links,
		Footer:  full.Footer,
		Updated: full.Updated,
	}
}

// periodMessage lists a scheduled period's calls, newest first.
func (d *Digests) periodMessage(sub summaries.Subscription, sched Schedule, start, end time.Time, changed []summaries.ChangedCall) bot.Message {
	loc := sched.Loc
	span := fmt.Sprintf("%s to %s (%s)", start.In(loc).Format("Mon 2 Jan 15:04"), end.In(loc).Format("Mon 2 Jan 15:04"), loc)
	title := "Digest"
	switch sched.Kind {
	case "daily":
		title = "Daily digest"
	case "weekly":
		title = "Weekly digest"
	}
	if len(sub.Leaders) > 0 {
		title += ": " + d.w.Names(sub.Leaders)
	}
	m := bot.Message{Title: title, Footer: "Period " + span}
	if len(changed) == 0 {
		m.Text = "No new or updated calls on record from " + span + "."
		return m
	}
	newCount := 0
	for _, c := range changed {
		if c.New {
			newCount++
		}
	}
	m.Text = fmt.Sprintf("%s and %s on record from %s.", bot.Plural(newCount, "new call", "new calls"),
		bot.Plural(len(changed)-newCount, "updated call", "updated calls"), span)
	const maxListed = 20
	for _, c := range changed[:min(len(changed), maxListed)] {
		line := fmt.Sprintf("%s: %s", bot.Day(c.Call.Date), d.w.Names(c.Call.Participants))
		if c.Call.Medium != "" {
			line += " (" + string(c.Call.Medium)
			if c.Call.DurationMinutes > 0 {
				line += ", " + bot.Length(c.Call)
			}
			line += ")"
		}
		if !c.New {
			line += " [updated]"
		}
		if len(c.Call.Points) > 0 {
			line += " — " + bot.Trim(c.Call.Points[0].Text, 200)
		}
		url := ""
		if len(c.Call.Articles) > 0 {
			url = c.Call.Articles[0].URL
		}
		m.Points = append(m.Points, bot.Point{Text: line, URL: url})
	}
	if len(changed) > maxListed {
		m.Points = append(m.Points, bot.Point{Text: fmt.Sprintf("and %d more", len(changed)-maxListed)})
	}
	return m
}

// Alerts tells the admins' channel about things that need a human: a
// source paused after repeated failures, a channel the bot lost.
type Alerts struct {
	// Target is "platform:channel"; empty means alerts are only logged.
	Target  string
	Senders []bot.Sender
	Logger  *slog.Logger
}

// Tell posts m to the admins' channel, logging it either way.
func (a *Alerts) Tell(ctx context.Context, m bot.Message) {
	log := a.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log.Warn("admin alert", "title", m.Title, "text", m.Text)
	if a.Target == "" {
		log.Warn("no admins channel configured (digest.admins_channel): the alert above was only logged")
		return
	}
	platform, channel, ok := strings.Cut(a.Target, ":")
	if !ok {
		log.Error("digest.admins_channel is not platform:channel", "value", a.Target)
		return
	}
	for _, s := range a.Senders {
		if s.Platform() != platform {
			continue
		}
		sctx, cancel := context.WithTimeout(ctx, sendTimeout)
		defer cancel()
		if err := safeSend(sctx, s, channel, []bot.Message{m}); err != nil {
			log.Error("admin alert not delivered", "channel", a.Target, "err", err)
		}
		return
	}
	log.Error("admin alert not delivered: no adapter for the admins channel", "channel", a.Target)
}
