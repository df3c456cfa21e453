package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"readout/summaries"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

const subColumns = `id, platform, channel, leaders, schedule, empty_posts, created_by, created_at, period_start, paused, paused_reason`

func scanSub(r pgx.Row) (summaries.Subscription, error) {
	var s summaries.Subscription
	var created, start pgtype.Timestamptz
	err := r.Scan(&s.ID, &s.Platform, &s.Channel, &s.Leaders, &s.Schedule, &s.Empty, &s.CreatedBy, &created, &start, &s.Paused, &s.PausedReason)
	if err != nil {
		return summaries.Subscription{}, err
	}
	if len(s.Leaders) == 0 {
		s.Leaders = nil
	}
	s.CreatedAt, s.PeriodStart = fromInstant(created), fromInstant(start)
	return s, nil
}

// Subscribe stores a channel's subscription, replacing its previous one.
// The channel's queue is emptied on replacement: what was waiting was
// chosen under the old leaders.
func (s *DB) Subscribe(ctx context.Context, sub summaries.Subscription) (summaries.Subscription, bool, error) {
	var stored summaries.Subscription
	var replaced bool
	err := s.tx(ctx, func(tx pgx.Tx) error {
		var err error
		stored, err = scanSub(tx.QueryRow(ctx, `INSERT INTO digest_subscriptions(platform, channel, leaders, schedule, empty_posts, created_by, created_at, period_start)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (platform, channel) DO NOTHING RETURNING `+subColumns,
			clean(sub.Platform), clean(sub.Channel), nonNil(sub.Leaders), clean(sub.Schedule), sub.Empty, clean(sub.CreatedBy), instant(sub.CreatedAt), instant(sub.PeriodStart)))
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		replaced = true
		stored, err = scanSub(tx.QueryRow(ctx, `UPDATE digest_subscriptions SET leaders = $1, schedule = $2, empty_posts = $3, created_by = $4, created_at = $5,
			period_start = $6, paused = false, paused_reason = '' WHERE platform = $7 AND channel = $8 RETURNING `+subColumns,
			nonNil(sub.Leaders), clean(sub.Schedule), sub.Empty, clean(sub.CreatedBy), instant(sub.CreatedAt), instant(sub.PeriodStart), clean(sub.Platform), clean(sub.Channel)))
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM digest_queue WHERE subscription_id = $1`, stored.ID)
		return err
	})
	if err != nil {
		return summaries.Subscription{}, false, fmt.Errorf("subscribe %s:%s: %w", sub.Platform, sub.Channel, err)
	}
	return stored, replaced, nil
}

// Unsubscribe removes a channel's subscription, its queue, and fails what
// was pending for it: nobody asked for it any more.
func (s *DB) Unsubscribe(ctx context.Context, platform, channel string) (summaries.Subscription, error) {
	var sub summaries.Subscription
	err := s.tx(ctx, func(tx pgx.Tx) error {
		var err error
		sub, err = scanSub(tx.QueryRow(ctx, `DELETE FROM digest_subscriptions WHERE platform = $1 AND channel = $2 RETURNING `+subColumns, clean(platform), clean(channel)))
		if errors.Is(err, pgx.ErrNoRows) {
			return summaries.ErrNotFound
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE digest_deliveries SET state = 'failed', last_error = 'unsubscribed' WHERE subscription_id = $1 AND state = 'pending'`, sub.ID)
		return err
	})
	if err != nil {
		return summaries.Subscription{}, fmt.Errorf("unsubscribe %s:%s: %w", platform, channel, err)
	}
	return sub, nil
}

// Subscription returns a channel's subscription.
func (s *DB) Subscription(ctx context.Context, platform, channel string) (summaries.Subscription, error) {
	sub, err := scanSub(s.pool.QueryRow(ctx, `SELECT `+subColumns+` FROM digest_subscriptions WHERE platform = $1 AND channel = $2`, clean(platform), clean(channel)))
	if errors.Is(err, pgx.ErrNoRows) {
		return summaries.Subscription{}, fmt.Errorf("subscription %s:%s: %w", platform, channel, summaries.ErrNotFound)
	}
	if err != nil {
		return summaries.Subscription{}, fmt.Errorf("subscription %s:%s: %w", platform, channel, err)
	}
	return sub, nil
}

// Subscriptions lists every subscription, oldest first.
func (s *DB) Subscriptions(ctx context.Context) ([]summaries.Subscription, error) {
	out, err := collect(ctx, s.pool, scanSub, `SELECT `+subColumns+` FROM digest_subscriptions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("subscriptions: %w", err)
	}
	return out, nil
}

// PauseSubscription stops a subscription and fails its pending deliveries.
func (s *DB) PauseSubscription(ctx context.Context, id int64, reason string) (bool, error) {
	paused := false
	err := s.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE digest_subscriptions SET paused = true, paused_reason = $1 WHERE id = $2 AND NOT paused`, clean(reason), id)
		if err != nil {
			return err
		}
		paused = tag.RowsAffected() == 1
		if _, err := tx.Exec(ctx, `DELETE FROM digest_queue WHERE subscription_id = $1`, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE digest_deliveries SET state = 'failed', last_error = $1 WHERE subscription_id = $2 AND state = 'pending'`, clean(reason), id)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("pause subscription %d: %w", id, err)
	}
	return paused, nil
}

// QueueCalls queues record versions for a subscription.
func (s *DB) QueueCalls(ctx context.Context, subID int64, calls []summaries.CallVersion, at time.Time) error {
	return enqueue(ctx, s.pool, subID, calls, at)
}

func enqueue(ctx context.Context, q execer, subID int64, calls []summaries.CallVersion, at time.Time) error {
	if len(calls) == 0 {
		return nil
	}
	ids, versions := splitVersions(calls)
	_, err := q.Exec(ctx, `INSERT INTO digest_queue(subscription_id, call_id, version, queued_at)
		SELECT $1, c, v, $4 FROM unnest($2::bigint[], $3::integer[]) AS q(c, v) ON CONFLICT DO NOTHING`, subID, ids, versions, instant(at))
	if err != nil {
		return fmt.Errorf("queue calls for subscription %d: %w", subID, err)
	}
	return nil
}

func splitVersions(calls []summaries.CallVersion) ([]int64, []int32) {
	ids := make([]int64, len(calls))
	versions := make([]int32, len(calls))
	for i, c := range calls {
		ids[i], versions[i] = c.ID, int32(c.Version)
	}
	return ids, versions
}

// Queued lists the queue, oldest first.
func (s *DB) Queued(ctx context.Context) ([]summaries.QueuedCall, error) {
	out, err := collect(ctx, s.pool, func(r pgx.Row) (summaries.QueuedCall, error) {
		var q summaries.QueuedCall
		var at pgtype.Timestamptz
		err := r.Scan(&q.SubscriptionID, &q.ID, &q.Version, &at)
		q.QueuedAt = fromInstant(at)
		return q, err
	}, `SELECT subscription_id, call_id, version, queued_at FROM digest_queue ORDER BY queued_at NULLS FIRST, subscription_id, call_id, version`)
	if err != nil {
		return nil, fmt.Errorf("queued calls: %w", err)
	}
	return out, nil
}

// DropQueued removes queue entries.
func (s *DB) DropQueued(ctx context.Context, entries []summaries.QueuedCall) error {
	return s.tx(ctx, func(tx pgx.Tx) error { return dequeue(ctx, tx, entries) })
}

func dequeue(ctx context.Context, tx execer, entries []summaries.QueuedCall) error {
	for _, q := range entries {
		_, err := tx.Exec(ctx, `DELETE FROM digest_queue WHERE subscription_id = $1 AND call_id = $2 AND version = $3`, q.SubscriptionID, q.ID, q.Version)
		if err != nil {
			return fmt.Errorf("dequeue call %d@%d: %w", q.ID, q.Version, err)
		}
	}
	return nil
}

// CallAt returns a record as it was at a version.
func (s *DB) CallAt(ctx context.Context, id int64, version int) (summaries.Call, error) {
	var rec string
	var saved pgtype.Timestamptz
	err := s.pool.QueryRow(ctx, `SELECT record, saved_at FROM call_versions WHERE call_id = $1 AND version = $2`, id, version).Scan(&rec, &saved)
	if errors.Is(err, pgx.ErrNoRows) {
		return summaries.Call{}, fmt.Errorf("call %d version %d: %w", id, version, summaries.ErrNotFound)
	}
	if err != nil {
		return summaries.Call{}, fmt.Errorf("call %d version %d: %w", id, version, err)
	}
	var c summaries.Call
	if err := json.Unmarshal([]byte(rec), &c); err != nil {
		return summaries.Call{}, fmt.Errorf("call %d version %d: %w", id, version, err)
	}
	c.ID, c.Version, c.LastSeen = id, version, fromInstant(saved)
	// The articles of that version: those whose mention of the call was
	// stored by then (an edited article keeps its first time).
	lists, err := callArticles(ctx, s.pool, []int64{id}, c.LastSeen)
	if err != nil {
		return summaries.Call{}, fmt.Errorf("call %d version %d: %w", id, version, err)
	}
	c.Articles = lists[id]
	return c, nil
}

// CallsByID returns the current records with those ids.
func (s *DB) CallsByID(ctx context.Context, ids []int64) ([]summaries.Call, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return queryCalls(ctx, s.pool, `SELECT `+callColumns+` FROM calls c WHERE c.version > 0 AND c.id = ANY($1) ORDER BY c.date DESC, c.id DESC`, ids)
}

// ChangedCalls lists the records with a version saved in [from, to), with
// whether version 1 was among them.
func (s *DB) ChangedCalls(ctx context.Context, from, to time.Time) ([]summaries.ChangedCall, error) {
	type changed struct {
		id      int64
		created bool
	}
	rows, err := collect(ctx, s.pool, func(r pgx.Row) (changed, error) {
		var c changed
		err := r.Scan(&c.id, &c.created)
		return c, err
	}, `SELECT call_id, bool_or(version = 1) FROM call_versions WHERE saved_at >= $1 AND saved_at < $2 GROUP BY call_id`, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("changed calls: %w", err)
	}
	created := make(map[int64]bool, len(rows))
	ids := make([]int64, len(rows))
	for i, c := range rows {
		ids[i], created[c.id] = c.id, c.created
	}
	calls, err := s.CallsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]summaries.ChangedCall, len(calls))
	for i, c := range calls {
		out[i] = summaries.ChangedCall{Call: c, New: created[c.ID]}
	}
	return out, nil
}

// LastDelivered is the newest version of a record a channel was sent.
func (s *DB) LastDelivered(ctx context.Context, platform, channel string, callID int64) (int, error) {
	var v *int
	err := s.pool.QueryRow(ctx, `SELECT MAX(version) FROM digest_delivered_calls WHERE platform = $1 AND channel = $2 AND call_id = $3`,
		clean(platform), clean(channel), callID).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("last delivered %d to %s:%s: %w", callID, platform, channel, err)
	}
	if v == nil {
		return 0, nil
	}
	return *v, nil
}

// RecordDelivery stores a pending delivery, once per channel and key.
func (s *DB) RecordDelivery(ctx context.Context, d summaries.Delivery, consumed []summaries.QueuedCall, periodEnd time.Time) (int64, bool, error) {
	var id int64
	recorded := false
	err := s.tx(ctx, func(tx pgx.Tx) error {
		if all, err := consumeQueued(ctx, tx, consumed); err != nil || !all {
			return cmp.Or(err, errConsumed)
		}
		err := tx.QueryRow(ctx, `INSERT INTO digest_deliveries(subscription_id, platform, channel, key, messages, next_attempt, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (platform, channel, (md5(key))) DO NOTHING RETURNING id`,
			d.SubscriptionID, clean(d.Platform), clean(d.Channel), clean(d.Key), nonNil(d.Body), instant(d.NextAttempt), instant(d.CreatedAt)).Scan(&id)
		switch {
		case err == nil:
			recorded = true
			if len(d.Calls) > 0 {
				ids, versions := splitVersions(d.Calls)
				_, err := tx.Exec(ctx, `INSERT INTO digest_delivered_calls(platform, channel, call_id, version, delivery_id)
					SELECT $1, $2, c, v, $5 FROM unnest($3::bigint[], $4::integer[]) AS q(c, v) ON CONFLICT DO NOTHING`,
					clean(d.Platform), clean(d.Channel), ids, versions, id)
				if err != nil {
					return err
				}
			}
		case !errors.Is(err, pgx.ErrNoRows):
			return err
		}
		// Consumed entries went either way: a duplicate key means they were
		// delivered already.
		if !periodEnd.IsZero() {
			_, err := tx.Exec(ctx, `UPDATE digest_subscriptions SET period_start = $1 WHERE id = $2 AND (period_start IS NULL OR period_start < $1)`,
				periodEnd.UTC(), d.SubscriptionID)
			return err
		}
		return nil
	})
	if errors.Is(err, errConsumed) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("record delivery %s to %s:%s: %w", d.Key, d.Platform, d.Channel, err)
	}
	return id, recorded, nil
}

// AdvancePeriod moves a subscription's period start forward.
func (s *DB) AdvancePeriod(ctx context.Context, subID int64, to time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE digest_subscriptions SET period_start = $1 WHERE id = $2 AND (period_start IS NULL OR period_start < $1)`, instant(to), subID)
	if err != nil {
		return fmt.Errorf("advance period of subscription %d: %w", subID, err)
	}
	return nil
}

const deliveryColumns = `id, subscription_id, platform, channel, key, messages, state, attempts, next_attempt, last_error, created_at, sent_at`

// scanDelivery reads a row of deliveryColumns.
func scanDelivery(r pgx.Row) (summaries.Delivery, error) {
	var d summaries.Delivery
	var sub *int64
	var next, created, sent pgtype.Timestamptz
	err := r.Scan(&d.ID, &sub, &d.Platform, &d.Channel, &d.Key, &d.Body, &d.State, &d.Attempts, &next, &d.LastError, &created, &sent)
	if sub != nil {
		d.SubscriptionID = *sub
	}
	d.NextAttempt, d.CreatedAt, d.SentAt = fromInstant(next), fromInstant(created), fromInstant(sent)
	return d, err
}

// DueDeliveries lists pending deliveries due at now, oldest first.
func (s *DB) DueDeliveries(ctx context.Context, now time.Time) ([]summaries.Delivery, error) {
	out, err := collect(ctx, s.pool, scanDelivery, `SELECT `+deliveryColumns+` FROM digest_deliveries WHERE state = 'pending' AND (next_attempt IS NULL OR next_attempt <= $1) ORDER BY id`, now.UTC())
	if err != nil {
		return nil, fmt.Errorf("due deliveries: %w", err)
	}
	return out, nil
}

// NextAttempt is the earliest next attempt of a pending delivery.
func (s *DB) NextAttempt(ctx context.Context) (time.Time, error) {
	var next pgtype.Timestamptz
	if err := s.pool.QueryRow(ctx, `SELECT MIN(next_attempt) FROM digest_deliveries WHERE state = 'pending'`).Scan(&next); err != nil {
		return time.Time{}, fmt.Errorf("next delivery attempt: %w", err)
	}
	return fromInstant(next), nil
}

// MarkSent records a posted delivery.
func (s *DB) MarkSent(ctx context.Context, id int64, at time.Time) error {
	_, err := s.pool.Exec(ctx, `UPDATE digest_deliveries SET state = 'sent', sent_at = $1, attempts = attempts + 1, last_error = '' WHERE id = $2`, instant(at), id)
	if err != nil {
		return fmt.Errorf("mark delivery %d sent: %w", id, err)
	}
	return nil
}

// MarkFailed records a failed attempt.
func (s *DB) MarkFailed(ctx context.Context, id int64, reason string, next time.Time, final bool) error {
	state := summaries.DeliveryPending
	if final {
		state = summaries.DeliveryFailed
	}
	err := s.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE digest_deliveries SET state = $1, attempts = attempts + 1, last_error = $2, next_attempt = $3 WHERE id = $4 AND state = 'pending'`,
			state, clean(reason), instant(next), id); err != nil {
			return err
		}
		if !final {
			return nil
		}
		// A channel never saw what a delivery given up on carried: the
		// next "what's new" compares against what it did see.
		_, err := tx.Exec(ctx, `DELETE FROM digest_delivered_calls WHERE delivery_id = $1`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("mark delivery %d failed: %w", id, err)
	}
	return nil
}

// DeliveryStats counts a channel's deliveries.
func (s *DB) DeliveryStats(ctx context.Context, platform, channel string) (summaries.DeliveryStats, error) {
	var st summaries.DeliveryStats
	var last pgtype.Timestamptz
	err := s.pool.QueryRow(ctx, `SELECT
			COUNT(*) FILTER (WHERE state = 'sent'),
			COUNT(*) FILTER (WHERE state = 'pending'),
			COUNT(*) FILTER (WHERE state = 'failed'),
			MAX(sent_at)
		FROM digest_deliveries WHERE platform = $1 AND channel = $2`, clean(platform), clean(channel)).Scan(&st.Sent, &st.Pending, &st.Failed, &last)
	if err != nil {
		return st, fmt.Errorf("delivery stats of %s:%s: %w", platform, channel, err)
	}
	st.LastSent = fromInstant(last)
	return st, nil
}
