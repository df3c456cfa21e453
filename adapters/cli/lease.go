package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// The lease that makes one process per database the one that polls the
// sources and delivers digests: two "readout run" on one database, or the
// processes of a sharded Discord bot, would otherwise each post the same
// news. The others answer questions as usual and stand by.
const (
	workLease = "poll-and-deliver"
	// leaseTTL is how long a holder that stops renewing (hung, or killed on
	// another host) keeps the work from the others.
	leaseTTL = 30 * time.Second
	// renewEvery and standbyEvery: a holder renews three times a TTL; a
	// process standing by looks often, so that a release is seen soon.
	renewEvery   = leaseTTL / 3
	standbyEvery = 3 * time.Second
)

// errLeaseLost stops run when another process took the work over: its
// polls and deliveries can no longer be trusted to be the only ones.
var errLeaseLost = errors.New("another readout process took over polling and delivering for this database (this one could not renew its lease in time); stopping")

// processID names this process as a lease holder: host, pid and a random
// part (a pid is reused after a restart).
func processID() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// lead runs the background work (poller, digests, scheduler) while this
// process holds the work lease, standing by until it does. It returns
// when ctx ends (releasing the lease) or the lease is lost.
func (a *app) lead(ctx context.Context, background []runner) error {
	me := a.holder
	said := false
	for {
		lease, ok, err := a.store.TakeLease(ctx, workLease, me, a.clock.Now(), leaseTTL, holderGone)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			a.log.Error("work lease", "err", err)
		case ok:
			a.log.Info("this process holds the work lease: it polls and delivers for this database", "holder", me)
			return a.work(ctx, me, background)
		case !said:
			a.log.Warn("another readout process polls and delivers for this database: standing by (answering questions only) until it stops",
				"db", describeStore(a.cfg.Storage.Path), "holder", lease.Holder, "until", lease.Expires)
			said = true
		}
		select {
		case <-ctx.Done():
			return nil
		case <-a.clock.After(standbyEvery):
		}
	}
}

// work runs the background runners and renews the lease until ctx ends or
// the lease is lost.
func (a *app) work(ctx context.Context, me string, background []runner) error {
	wctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, r := range background {
		wg.Go(func() {
			if err := r.run(wctx); err != nil && !errors.Is(err, context.Canceled) {
				a.log.Error(r.name, "err", err)
			}
		})
	}
	var lost error
	renew := a.clock.NewTicker(renewEvery)
renewing:
	for {
		select {
		case <-ctx.Done():
			break renewing
		case <-renew.Chan():
		}
		_, ok, err := a.store.TakeLease(ctx, workLease, me, a.clock.Now(), leaseTTL, nil)
		if ctx.Err() != nil {
			break
		}
		if err != nil {
			// Renewed three times a TTL: one failure is not yet a loss.
			a.log.Error("renew work lease", "err", err)
			continue
		}
		if !ok {
			lost = errLeaseLost
			break
		}
	}
	renew.Stop()
	cancel()
	wg.Wait()
	if lost == nil {
		// Stopping: the process standing by takes over at once.
		if err := a.store.ReleaseLease(context.WithoutCancel(ctx), workLease, me); err != nil {
			a.log.Error("release work lease", "err", err)
		}
	}
	return lost
}
