package storage

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"readout/summaries"
)

var _ summaries.DigestStore = (*DB)(nil)

// fixed writes a time in a fixed-width UTC form, so that the columns the
// poller and the digests compare in SQL order as text the way they do as
// times (RFC 3339 with trimmed fractions does not: ".5Z" sorts before "Z").
func fixed(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000000Z")
}

const subColumns = `id, platform, channel, leaders, schedule, empty_posts, created_by, created_at, period_start, paused, paused_reason`

func scanSub(r rowScanner) (summaries.Subscription, error) {
	var s summaries.Subscription
	var leaders, created, start string
	err := r.Scan(&s.ID, &s.Platform, &s.Channel, &leaders, &s.Schedule, &s.Empty, &s.CreatedBy, &created, &start, &s.Paused, &s.PausedReason)
	if err != nil {
		return summaries.Subscription{}, err
	}
	if leaders != "" {
		s.Leaders = strings.Split(leaders, "+")
	}
	s.CreatedAt, s.PeriodStart = parseStamp(created), parseStamp(start)
	return s, nil
}

// Subscribe stores a channel's subscription, replacing its previous one.
// The channel's queue is emptied on replacement: what was waiting was
// chosen under the old leaders.
func (s *DB) Subscribe(ctx context.Context, sub summaries.Subscription) (summaries.Subscription, bool, error) {
	var stored summaries.Subscription
	var replaced bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		leaders := strings.Join(sub.Leaders, "+")
		id, existed, err := upsert(tx.QueryRowContext(ctx, `SELECT id FROM digest_subscriptions WHERE platform = ? AND channel = ?`, sub.Platform, sub.Channel),
			func() (sql.Result, error) {
				return tx.ExecContext(ctx, `INSERT INTO digest_subscriptions(platform, channel, leaders, schedule, empty_posts, created_by, created_at, period_start)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, sub.Platform, sub.Channel, leaders, sub.Schedule, sub.Empty, sub.CreatedBy, fixed(sub.CreatedAt), fixed(sub.PeriodStart))
			},
			func(id int64) error {
				_, err := tx.ExecContext(ctx, `UPDATE digest_subscriptions SET leaders = ?, schedule = ?, empty_posts = ?, created_by = ?, created_at = ?,
				period_start = ?, paused = 0, paused_reason = '' WHERE id = ?`, leaders, sub.Schedule, sub.Empty, sub.CreatedBy, fixed(sub.CreatedAt), fixed(sub.PeriodStart), id)
				if err != nil {
					return err
				}
				_, err = tx.ExecContext(ctx, `DELETE FROM digest_queue WHERE subscription_id = ?`, id)
				return err
			})
		if err != nil {
			return err
		}
		replaced = existed
		stored, err = scanSub(tx.QueryRowContext(ctx, `SELECT `+subColumns+` FROM digest_subscriptions WHERE id = ?`, id))
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
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		sub, err = scanSub(tx.QueryRowContext(ctx, `SELECT `+subColumns+` FROM digest_subscriptions WHERE platform = ? AND channel = ?`, platform, channel))
		if errors.Is(err, sql.ErrNoRows) {
			return summaries.ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE digest_deliveries SET state = 'failed', last_error = 'unsubscribed' WHERE subscription_id = ? AND state = 'pending'`, sub.ID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM digest_subscriptions WHERE id = ?`, sub.ID)
		return err
	})
	if err != nil {
		return summaries.Subscription{}, fmt.Errorf("unsubscribe %s:%s: %w", platform, channel, err)
	}
	return sub, nil
}

// Subscription returns a channel's subscription.
func (s *DB) Subscription(ctx context.Context, platform, channel string) (summaries.Subscription, error) {
	sub, err := scanSub(s.db.QueryRowContext(ctx, `SELECT `+subColumns+` FROM digest_subscriptions WHERE platform = ? AND channel = ?`, platform, channel))
	if errors.Is(err, sql.ErrNoRows) {
		return summaries.Subscription{}, fmt.Errorf("subscription %s:%s: %w", platform, channel, summaries.ErrNotFound)
	}
	if err != nil {
		return summaries.Subscription{}, fmt.Errorf("subscription %s:%s: %w", platform, channel, err)
	}
	return sub, nil
}

// Subscriptions lists every subscription, oldest first.
func (s *DB) Subscriptions(ctx context.Context) ([]summaries.Subscription, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+subColumns+` FROM digest_subscriptions ORDER BY id`)
	out, err := collect(rows, err, scanSub)
	if err != nil {
		return nil, fmt.Errorf("subscriptions: %w", err)
	}
	return out, nil
}

// PauseSubscription stops a subscription and fails its pending deliveries.
func (s *DB) PauseSubscription(ctx context.Context, id int64, reason string) (bool, error) {
	paused := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE digest_subscriptions SET paused = 1, paused_reason = ? WHERE id = ? AND paused = 0`, reason, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		paused = n == 1
		if _, err := tx.ExecContext(ctx, `DELETE FROM digest_queue WHERE subscription_id = ?`, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE digest_deliveries SET state = 'failed', last_error = ? WHERE subscription_id = ? AND state = 'pending'`, reason, id)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("pause subscription %d: %w", id, err)
	}
	return paused, nil
}

// QueueCalls queues record versions for a subscription.
func (s *DB) QueueCalls(ctx context.Context, subID int64, calls []summaries.CallVersion, at time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return enqueue(ctx, tx, subID, calls, at) })
}

func enqueue(ctx context.Context, tx *sql.Tx, subID int64, calls []summaries.CallVersion, at time.Time) error {
	for _, c := range calls {
		_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO digest_queue(subscription_id, call_id, version, queued_at) VALUES (?, ?, ?, ?)`,
			subID, c.ID, c.Version, fixed(at))
		if err != nil {
			return fmt.Errorf("queue call %d@%d: %w", c.ID, c.Version, err)
		}
	}
	return nil
}

// Queued lists the queue, oldest first.
func (s *DB) Queued(ctx context.Context) ([]summaries.QueuedCall, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT subscription_id, call_id, version, queued_at FROM digest_queue ORDER BY queued_at, subscription_id, call_id, version`)
	out, err := collect(rows, err, func(rows rowScanner) (summaries.QueuedCall, error) {
		var q summaries.QueuedCall
		var at string
		err := rows.Scan(&q.SubscriptionID, &q.ID, &q.Version, &at)
		q.QueuedAt = parseStamp(at)
		return q, err
	})
	if err != nil {
		return nil, fmt.Errorf("queued calls: %w", err)
	}
	return out, nil
}

// DropQueued removes queue entries.
func (s *DB) DropQueued(ctx context.Context, entries []summaries.QueuedCall) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return dequeue(ctx, tx, entries) })
}

func dequeue(ctx context.Context, tx *sql.Tx, entries []summaries.QueuedCall) error {
	for _, q := range entries {
		_, err := tx.ExecContext(ctx, `DELETE FROM digest_queue WHERE subscription_id = ? AND call_id = ? AND version = ?`, q.SubscriptionID, q.ID, q.Version)
		if err != nil {
			return fmt.Errorf("dequeue call %d@%d: %w", q.ID, q.Version, err)
		}
	}
	return nil
}

// CallAt returns a record as it was at a version.
func (s *DB) CallAt(ctx context.Context, id int64, version int) (summaries.Call, error) {
	var rec []byte
	var saved string
	err := s.db.QueryRowContext(ctx, `SELECT record, saved_at FROM call_versions WHERE call_id = ? AND version = ?`, id, version).Scan(&rec, &saved)
	if errors.Is(err, sql.ErrNoRows) {
		return summaries.Call{}, fmt.Errorf("call %d version %d: %w", id, version, summaries.ErrNotFound)
	}
	if err != nil {
		return summaries.Call{}, fmt.Errorf("call %d version %d: %w", id, version, err)
	}
	var c summaries.Call
	if err := s.z.decode(rec, &c); err != nil {
		return summaries.Call{}, fmt.Errorf("call %d version %d: %w", id, version, err)
	}
	c.ID, c.Version, c.LastSeen = id, version, parseStamp(saved)
	// The articles of that version: those whose mention of the call was
	// stored by then (an edited article keeps its first time).
	lists, err := callArticles(ctx, s.db, []int64{id}, c.LastSeen)
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
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i], args[i] = "?", id
	}
	return queryCalls(ctx, s.db, s.z, `SELECT c.id, c.record, c.first_seen, c.last_seen, c.version FROM calls c
		WHERE c.version > 0 AND c.id IN (`+strings.Join(marks, ",")+`) ORDER BY c.date DESC, c.id DESC`, args...)
}

// ChangedCalls lists the records with a version saved in [from, to).
// saved_at comes from the record's last_seen, written with trimmed
// fractions, so SQL narrows to whole seconds and Go decides exactly.
func (s *DB) ChangedCalls(ctx context.Context, from, to time.Time) ([]summaries.ChangedCall, error) {
	const second = "2006-01-02T15:04:05"
	rows, err := s.db.QueryContext(ctx, `SELECT call_id, version, saved_at FROM call_versions WHERE saved_at >= ? AND saved_at < ? ORDER BY call_id, version`,
		from.UTC().Format(second), to.UTC().Add(time.Second).Format(second))
	type saved struct {
		id      int64
		version int
		at      time.Time
	}
	versions, err := collect(rows, err, func(rows rowScanner) (saved, error) {
		var v saved
		var at string
		err := rows.Scan(&v.id, &v.version, &at)
		v.at = parseStamp(at)
		return v, err
	})
	if err != nil {
		return nil, fmt.Errorf("changed calls: %w", err)
	}
	created := map[int64]bool{}
	var ids []int64
	for _, v := range versions {
		if v.at.Before(from) || !v.at.Before(to) {
			continue
		}
		if _, seen := created[v.id]; !seen {
			ids = append(ids, v.id)
		}
		created[v.id] = created[v.id] || v.version == 1
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
	var v sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT MAX(version) FROM digest_delivered_calls WHERE platform = ? AND channel = ? AND call_id = ?`,
		platform, channel, callID).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("last delivered %d to %s:%s: %w", callID, platform, channel, err)
	}
	return int(v.Int64), nil
}

// RecordDelivery stores a pending delivery, once per channel and key.
func (s *DB) RecordDelivery(ctx context.Context, d summaries.Delivery, consumed []summaries.QueuedCall, periodEnd time.Time) (int64, bool, error) {

	var id int64
	recorded := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if all, err := consumeQueued(ctx, tx, consumed); err != nil || !all {
			return cmp.Or(err, errConsumed)
		}
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO digest_deliveries(subscription_id, platform, channel, key, messages, next_attempt, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, d.SubscriptionID, d.Platform, d.Channel, d.Key, string(d.Body), fixed(d.NextAttempt), fixed(d.CreatedAt))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 1 {
			recorded = true
			if id, err = res.LastInsertId(); err != nil {
				return err
			}
			for _, c := range d.Calls {
				_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO digest_delivered_calls(platform, channel, call_id, version, delivery_id) VALUES (?, ?, ?, ?, ?)`,
					d.Platform, d.Channel, c.ID, c.Version, id)
				if err != nil {
					return err
				}
			}
		}
		// Consumed entries went either way: a duplicate key means they were
		// delivered already.
		if !periodEnd.IsZero() {
			_, err := tx.ExecContext(ctx, `UPDATE digest_subscriptions SET period_start = ? WHERE id = ? AND period_start < ?`, fixed(periodEnd), d.SubscriptionID, fixed(periodEnd))
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
	_, err := s.db.ExecContext(ctx, `UPDATE digest_subscriptions SET period_start = ? WHERE id = ? AND period_start < ?`, fixed(to), subID, fixed(to))
	if err != nil {
		return fmt.Errorf("advance period of subscription %d: %w", subID, err)
	}
	return nil
}

const deliveryColumns = `id, subscription_id, platform, channel, key, messages, state, attempts, next_attempt, last_error, created_at, sent_at`

// scanDelivery reads a row of deliveryColumns.
func scanDelivery(rows rowScanner) (summaries.Delivery, error) {
	var d summaries.Delivery
	var sub sql.NullInt64
	var msgs, next, created, sent string
	err := rows.Scan(&d.ID, &sub, &d.Platform, &d.Channel, &d.Key, &msgs, &d.State, &d.Attempts, &next, &d.LastError, &created, &sent)
	d.Body = []byte(msgs)
	d.SubscriptionID = sub.Int64
	d.NextAttempt, d.CreatedAt, d.SentAt = parseStamp(next), parseStamp(created), parseStamp(sent)
	return d, err
}

// DueDeliveries lists pending deliveries due at now, oldest first.
func (s *DB) DueDeliveries(ctx context.Context, now time.Time) ([]summaries.Delivery, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM digest_deliveries WHERE state = 'pending' AND next_attempt <= ? ORDER BY id`, fixed(now))
	out, err := collect(rows, err, scanDelivery)
	if err != nil {
		return nil, fmt.Errorf("due deliveries: %w", err)
	}
	return out, nil
}

// NextAttempt is the earliest next attempt of a pending delivery.
func (s *DB) NextAttempt(ctx context.Context) (time.Time, error) {
	var next sql.NullString
	if err := s.db.QueryRowContext(ctx, `SELECT MIN(next_attempt) FROM digest_deliveries WHERE state = 'pending'`).Scan(&next); err != nil {
		return time.Time{}, fmt.Errorf("next delivery attempt: %w", err)
	}
	return parseStamp(next.String), nil
}

// MarkSent records a posted delivery.
func (s *DB) MarkSent(ctx context.Context, id int64, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE digest_deliveries SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = '' WHERE id = ?`, fixed(at), id)
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
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE digest_deliveries SET state = ?, attempts = attempts + 1, last_error = ?, next_attempt = ? WHERE id = ? AND state = 'pending'`,
			state, reason, fixed(next), id); err != nil {
			return err
		}
		if !final {
			return nil
		}
		// A channel never saw what a delivery given up on carried: the
		// next "what's new" compares against what it did see.
		_, err := tx.ExecContext(ctx, `DELETE FROM digest_delivered_calls WHERE delivery_id = ?`, id)
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
	var last sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT
			COUNT(*) FILTER (WHERE state = 'sent'),
			COUNT(*) FILTER (WHERE state = 'pending'),
			COUNT(*) FILTER (WHERE state = 'failed'),
			MAX(sent_at)
		FROM digest_deliveries WHERE platform = ? AND channel = ?`, platform, channel).Scan(&st.Sent, &st.Pending, &st.Failed, &last)
	if err != nil {
		return st, fmt.Errorf("delivery stats of %s:%s: %w", platform, channel, err)
	}
	st.LastSent = parseStamp(last.String)
	return st, nil
}
