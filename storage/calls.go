package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"readout/summaries"
)

// Calls lists call records, newest first. The lookup is an index seek on
// the filter's leaders (call_pairs, call_leaders) or on the date
// (calls_built) that reads only the rows it returns; the record JSON is
// read for the calls listed alone.
func (s *DB) Calls(ctx context.Context, f summaries.CallFilter) ([]summaries.Call, error) {
	ids, args := lookup(f).ids(f.Limit)
	switch {
	case f.Brief:
		return queryBrief(ctx, s.db, ids, args...)
	case f.Timeline:
		return queryTimeline(ctx, s.db, ids, args...)
	}
	return queryCalls(ctx, s.db, s.z, recordsOf(ids), args...)
}

// queryTimeline reads the calls a lookup lists from the lookup's own
// columns (CallFilter.Timeline), in its order: the pair's or leader's rows
// of the lookup tables hold them side by side (migration 0012).
func queryTimeline(ctx context.Context, q querier, ids string, args ...any) ([]summaries.Call, error) {
	rows, err := q.QueryContext(ctx, `SELECT call_id, date, medium, duration_minutes, people FROM (`+ids+`) ORDER BY date DESC, call_id DESC`, args...)
	out, err := collect(rows, err, func(rows rowScanner) (summaries.Call, error) {
		var c summaries.Call
		var date, medium, people string
		var minutes sql.NullInt64
		if err := rows.Scan(&c.ID, &date, &medium, &minutes, &people); err != nil {
			return c, err
		}
		if people != "" {
			c.Participants = strings.Split(people, "+")
		}
		c.Date, _ = time.Parse(time.DateOnly, date)
		c.Medium, c.DurationMinutes = summaries.Medium(medium), int(minutes.Int64)
		return c, nil
	})
	if err != nil {
		return nil, fmt.Errorf("query calls: %w", err)
	}
	return out, nil
}

// CallArticles lists records' articles from their mentions.
func (s *DB) CallArticles(ctx context.Context, ids []int64) (map[int64][]summaries.ArticleRef, error) {
	if len(ids) == 0 {
		return map[int64][]summaries.ArticleRef{}, nil
	}
	return callArticles(ctx, s.db, ids, time.Time{})
}

// CountCalls counts the calls Calls would list without a limit, on the
// indexes alone.
func (s *DB) CountCalls(ctx context.Context, f summaries.CallFilter) (int, error) {
	ids, args := lookup(f).ids(0)
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+ids+`)`, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count calls: %w", err)
	}
	return n, nil
}

// recordsOf reads the records of the call ids a lookup lists, in its order.
func recordsOf(ids string) string {
	return `SELECT c.id, c.record, c.first_seen, c.last_seen, c.version FROM (` + ids + `) AS k
		CROSS JOIN calls c ON c.id = k.call_id ORDER BY k.date DESC, k.call_id DESC`
}

// briefColumns are a brief call's columns of calls c (scanBrief).
const briefColumns = `c.id, c.people, c.date, c.medium, c.duration_minutes, c.duration_at_least, c.initiator, c.topics, c.first_seen, c.last_seen, c.version`

// queryBrief reads the calls a lookup lists from their columns alone
// (CallFilter.Brief), in its order.
func queryBrief(ctx context.Context, q querier, ids string, args ...any) ([]summaries.Call, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+briefColumns+`
		FROM (`+ids+`) AS k CROSS JOIN calls c ON c.id = k.call_id ORDER BY k.date DESC, k.call_id DESC`, args...)
	out, err := collect(rows, err, scanBrief)
	if err != nil {
		return nil, fmt.Errorf("query calls: %w", err)
	}
	return out, nil
}

// scanBrief reads a row of briefColumns.
func scanBrief(rows rowScanner) (summaries.Call, error) {
	var c summaries.Call
	var people, date, medium, topics, first, last string
	var minutes sql.NullInt64
	if err := rows.Scan(&c.ID, &people, &date, &medium, &minutes, &c.DurationAtLeast, &c.Initiator, &topics, &first, &last, &c.Version); err != nil {
		return c, err
	}
	if people != "" {
		c.Participants = strings.Split(people, "+")
	}
	c.Date, _ = time.Parse(time.DateOnly, date)
	c.Medium, c.DurationMinutes = summaries.Medium(medium), int(minutes.Int64)
	var err error
	if c.Topics, err = stringList(topics); err != nil {
		return c, fmt.Errorf("call %d topics: %w", c.ID, err)
	}
	c.FirstSeen, c.LastSeen = parseStamp(first), parseStamp(last)
	return c, nil
}

// stringList decodes a JSON list of strings, nil when empty. A listing
// decodes one per call, so the plain case (no escapes, as topics from the
// taxonomy are) is split without the reflection of encoding/json, which
// took a third of a brief listing's decoding.
func stringList(s string) ([]string, error) {
	if s == "[]" || s == "" {
		return nil, nil
	}
	if inner, ok := strings.CutPrefix(s, `["`); ok && !strings.ContainsRune(s, '\\') {
		if inner, ok = strings.CutSuffix(inner, `"]`); ok {
			return strings.Split(inner, `","`), nil
		}
	}
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// branch is one index range a lookup reads: the calls of one pair, of one
// leader, or of every leader, with the filter's conditions.
type branch struct {
	sql  string
	args []any
}

type lookupPlan []branch

// lookup plans the index ranges that hold the calls f asks for. The first
// two leader sets, when they do not overlap, are read as pairs; one set as
// leaders; none by date. Further sets are checked per call on call_people.
func lookup(f summaries.CallFilter) lookupPlan {
	sets := leaderSets(f)
	var plan lookupPlan
	add := func(from, col string, keyArgs []any, rest [][]string) {
		var b strings.Builder
		args := keyArgs
		b.WriteString(`SELECT ` + col + ` AS call_id, date, medium, duration_minutes, people FROM ` + from)
		switch {
		case !f.From.IsZero():
			b.WriteString(` AND date >= ?`)
			args = append(args, dayString(f.From))
		case !f.Undated:
			b.WriteString(` AND date > ?`) // undated records keep the zero day
			args = append(args, dayString(time.Time{}))
		}
		if !f.To.IsZero() {
			b.WriteString(` AND date < ?`)
			args = append(args, dayString(f.To))
		}
		if f.Medium != "" {
			b.WriteString(` AND medium = ?`)
			args = append(args, string(f.Medium))
		}
		for _, set := range rest {
			b.WriteString(` AND EXISTS (SELECT 1 FROM call_people p WHERE p.call_id = ` + col + ` AND p.leader IN (?` + strings.Repeat(",?", len(set)-1) + `))`)
			for _, l := range set {
				args = append(args, l)
			}
		}
		b.WriteString(` ORDER BY date DESC, ` + col + ` DESC`)
		plan = append(plan, branch{sql: b.String(), args: args})
	}
	switch {
	case len(sets) >= 2 && !overlap(sets[0], sets[1]):
		for _, x := range sets[0] {
			for _, y := range sets[1] {
				a, b := min(x, y), max(x, y)
				add(`call_pairs WHERE a = ? AND b = ?`, "call_pairs.call_id", []any{a, b}, sets[2:])
			}
		}
	case len(sets) >= 1:
		for _, l := range sets[0] {
			add(`call_leaders WHERE leader = ?`, "call_leaders.call_id", []any{l}, sets[1:])
		}
	default:
		add(`calls WHERE version > 0`, "calls.id", nil, nil)
	}
	return plan
}

// ids is the plan as one query of (call_id, date), newest first, at most
// limit rows when limit > 0: each range stops at the limit, and several
// ranges are merged.
func (p lookupPlan) ids(limit int) (string, []any) {
	lim := ""
	if limit > 0 {
		lim = fmt.Sprintf(" LIMIT %d", limit)
	}
	if len(p) == 1 {
		return p[0].sql + lim, p[0].args
	}
	var b strings.Builder
	var args []any
	for i, br := range p {
		if i > 0 {
			b.WriteString(" UNION ")
		}
		b.WriteString(`SELECT call_id, date, medium, duration_minutes, people FROM (` + br.sql + lim + `)`)
		args = append(args, br.args...)
	}
	b.WriteString(` ORDER BY date DESC, call_id DESC` + lim)
	return b.String(), args
}

// leaderSets is the filter's leaders as sets of alternatives: each of
// Leaders alone, then each non-empty AnyOf set.
func leaderSets(f summaries.CallFilter) [][]string {
	var sets [][]string
	for _, l := range f.Leaders {
		sets = append(sets, []string{l})
	}
	for _, set := range f.AnyOf {
		var uniq []string
		for _, l := range set {
			if !slices.Contains(uniq, l) {
				uniq = append(uniq, l)
			}
		}
		if len(uniq) > 0 {
			sets = append(sets, uniq)
		}
	}
	return sets
}

func overlap(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// CallLeaders lists the leader IDs that appear in any call.
func (s *DB) CallLeaders(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT leader FROM call_people GROUP BY leader ORDER BY COUNT(*) DESC, leader`)
	out, err := collect(rows, err, scanOne[string])
	if err != nil {
		return nil, fmt.Errorf("call leaders: %w", err)
	}
	return out, nil
}

// ClaimEvent records an event id; false means it was claimed within ttl.
func (s *DB) ClaimEvent(ctx context.Context, id string, ttl time.Duration) (bool, error) {
	now := s.clock.Now().UTC()
	if _, err := s.db.ExecContext(ctx, `DELETE FROM events_seen WHERE seen_at < ?`, stamp(now.Add(-ttl))); err != nil {
		return false, fmt.Errorf("claim event: %w", err)
	}
	res, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO events_seen(id, seen_at) VALUES (?, ?)`, id, stamp(now))
	if err != nil {
		return false, fmt.Errorf("claim event: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
