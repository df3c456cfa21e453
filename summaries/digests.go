package summaries

import (
	"context"
	"slices"
	"time"
)

// DigestStore keeps subscriptions, the coverage waiting to be announced
// and every delivery. SQLite implements it (package storage).
type DigestStore interface {
	// Subscribe stores the subscription of s.Platform/s.Channel, replacing
	// the channel's previous one (and lifting a pause); replaced says so.
	Subscribe(ctx context.Context, s Subscription) (stored Subscription, replaced bool, err error)
	// Unsubscribe removes a channel's subscription and drops what was
	// queued or pending for it. ErrNotFound when it had none.
	Unsubscribe(ctx context.Context, platform, channel string) (Subscription, error)
	// Subscription returns a channel's subscription, or ErrNotFound.
	Subscription(ctx context.Context, platform, channel string) (Subscription, error)
	// Subscriptions lists every subscription.
	Subscriptions(ctx context.Context) ([]Subscription, error)
	// PauseSubscription stops a subscription (its channel is gone) and
	// fails its pending deliveries with reason. paused is false when it
	// was paused already, so that admins are told once.
	PauseSubscription(ctx context.Context, id int64, reason string) (paused bool, err error)

	// Queued lists everything queued, oldest first.
	Queued(ctx context.Context) ([]QueuedCall, error)
	// DropQueued removes queue entries that will not be posted.
	DropQueued(ctx context.Context, entries []QueuedCall) error

	// CallAt returns a record as it was at a version; ErrNotFound when that
	// version was never kept or the record is gone.
	CallAt(ctx context.Context, id int64, version int) (Call, error)
	// CallsByID returns the current records with those ids that exist.
	CallsByID(ctx context.Context, ids []int64) ([]Call, error)
	// ChangedCalls lists the records with a version saved in [from, to),
	// with whether they were created then.
	ChangedCalls(ctx context.Context, from, to time.Time) ([]ChangedCall, error)
	// LastDelivered is the newest version of a record a channel was sent
	// or is about to be sent (0 for none).
	LastDelivered(ctx context.Context, platform, channel string, callID int64) (int, error)

	// RecordDelivery stores d as pending before it is sent, unless the
	// channel already had a delivery with d.Key (recorded is then false
	// and nothing changes). In the same transaction it removes the queue
	// entries consumed and, when periodEnd is set, moves the
	// subscription's period start there. When any consumed entry is gone
	// from the queue (another process's delivery consumed it), nothing
	// changes and recorded is false: a call is announced by one post.
	RecordDelivery(ctx context.Context, d Delivery, consumed []QueuedCall, periodEnd time.Time) (id int64, recorded bool, err error)
	// AdvancePeriod moves a subscription's period start without a delivery
	// (an empty period nobody asked to hear about).
	AdvancePeriod(ctx context.Context, subID int64, to time.Time) error
	// DueDeliveries lists pending deliveries whose next attempt is at or
	// before now, oldest first.
	DueDeliveries(ctx context.Context, now time.Time) ([]Delivery, error)
	// ClaimDeliveries claims up to limit pending deliveries due at now,
	// oldest first, for one attempt each: a delivery claimed is given to
	// one caller only and is not due again before until, by when
	// MarkSent or MarkFailed has settled it, or its claimant died and it
	// is tried again (the one window: a post the platform took just
	// before its sender died is posted again).
	ClaimDeliveries(ctx context.Context, now, until time.Time, limit int) ([]Delivery, error)
	// ClaimDelivery claims one delivery, as ClaimDeliveries would, if it
	// is still pending and due at now: for a process that sends to some
	// channels only (a Discord shard), which picks its own from
	// DueDeliveries. claimed is false when another took it first.
	ClaimDelivery(ctx context.Context, id int64, now, until time.Time) (d Delivery, claimed bool, err error)
	// ReleaseDelivery gives a claimed, pending delivery back untried, due
	// at next: its sender stopped before it could send.
	ReleaseDelivery(ctx context.Context, id int64, next time.Time) error
	// NextAttempt is the earliest next attempt of a pending delivery (zero:
	// none).
	NextAttempt(ctx context.Context) (time.Time, error)
	// MarkSent records that a delivery was posted.
	MarkSent(ctx context.Context, id int64, at time.Time) error
	// MarkFailed records a failed attempt: retried at next, or given up
	// for good when final.
	MarkFailed(ctx context.Context, id int64, reason string, next time.Time, final bool) error
	// DeliveryStats counts a channel's deliveries.
	DeliveryStats(ctx context.Context, platform, channel string) (DeliveryStats, error)
}

// Subscription is a channel's wish for digests. One per channel.
type Subscription struct {
	ID       int64
	Platform string
	Channel  string
	// Leaders narrows the digest to calls all of them took part in; empty
	// means every call.
	Leaders []string
	// Schedule is the canonical schedule text ("daily 08:00 Europe/Paris");
	// empty means new coverage is posted as it comes.
	Schedule string
	// Empty asks for a post even when a scheduled period had no calls.
	Empty     bool
	CreatedBy string
	CreatedAt time.Time
	// PeriodStart is where the next scheduled digest's period begins.
	PeriodStart  time.Time
	Paused       bool
	PausedReason string
}

// Follows reports whether the subscription follows a call with these
// participants: every leader it names took part (it names none: every
// call).
func (s Subscription) Follows(participants []string) bool {
	for _, l := range s.Leaders {
		if !slices.Contains(participants, l) {
			return false
		}
	}
	return true
}

// Announces lists, in order, the record versions the subscription follows
// among calls, whose participants people gives by record id (a record
// with none known is followed by no one).
func (s Subscription) Announces(calls []CallVersion, people map[int64][]string) []CallVersion {
	var out []CallVersion
	for _, c := range calls {
		if p := people[c.ID]; len(p) > 0 && s.Follows(p) {
			out = append(out, c)
		}
	}
	return out
}

// Target is the subscription's channel as "platform:channel".
func (s Subscription) Target() string { return s.Platform + ":" + s.Channel }

// QueuedCall is a record version waiting for a subscription's next
// new-coverage post.
type QueuedCall struct {
	SubscriptionID int64
	CallVersion
	QueuedAt time.Time
}

// ChangedCall is a record that changed within a period.
type ChangedCall struct {
	Call Call // as it is now
	New  bool // created within the period
}

// Delivery states.
const (
	DeliveryPending = "pending"
	DeliverySent    = "sent"
	DeliveryFailed  = "failed"
)

// Delivery is one post to one channel, recorded before it is sent.
type Delivery struct {
	ID             int64
	SubscriptionID int64
	Platform       string
	Channel        string
	// Key names what the post is, unique per channel: "calls 12@3 15@1"
	// for new coverage, "period 2025-03-30T06:00:00Z" for a scheduled one.
	Key string
	// Body is the post as the digest service encoded it; storage keeps it
	// as given.
	Body []byte
	// Calls are the record versions the post announces.
	Calls       []CallVersion
	State       string
	Attempts    int
	NextAttempt time.Time
	LastError   string
	CreatedAt   time.Time
	SentAt      time.Time
}

// DeliveryStats summarises a channel's deliveries.
type DeliveryStats struct {
	Sent, Pending, Failed int
	LastSent              time.Time
}
