package summaries

import (
	"context"
	"time"
)

// LeaseStore keeps named leases: work that one process at a time does
// for a database, held until it expires and renewed while its holder
// lives.
type LeaseStore interface {
	// TakeLease takes or renews the lease name for holder until now+ttl.
	// It succeeds when the lease is free, expired, held by holder
	// already, or held by a holder that dead says is gone; otherwise it
	// returns the current lease and false.
	TakeLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration, dead func(holder string) bool) (Lease, bool, error)
	// ReleaseLease gives up holder's lease, so that another process
	// takes it at once rather than when it expires.
	ReleaseLease(ctx context.Context, name, holder string) error
}

// Lease says who holds a lease and until when.
type Lease struct {
	Name, Holder string
	Expires      time.Time
}
