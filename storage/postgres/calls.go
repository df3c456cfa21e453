package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"readout/summaries"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// Calls lists call records, newest first.
func (s *DB) Calls(ctx context.Context, f summaries.CallFilter) ([]summaries.Call, error) {
	where, args := callWhere(f, nil)
	q := `SELECT ` + callColumns + ` FROM calls c WHERE c.version > 0` + where + ` ORDER BY c.date DESC, c.id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	if f.Brief || f.Timeline {
		return queryBrief(ctx, s.pool, q, args...)
	}
	return queryCalls(ctx, s.pool, q, args...)
}

// CallArticles lists records' articles from their mentions.
func (s *DB) CallArticles(ctx context.Context, ids []int64) (map[int64][]summaries.ArticleRef, error) {
	if len(ids) == 0 {
		return map[int64][]summaries.ArticleRef{}, nil
	}
	return callArticles(ctx, s.pool, ids, time.Time{})
}

// CountCalls counts the calls Calls would list without a limit.
func (s *DB) CountCalls(ctx context.Context, f summaries.CallFilter) (int, error) {
	where, args := callWhere(f, nil)
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM calls c WHERE c.version > 0`+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count calls: %w", err)
	}
	return n, nil
}

// callWhere turns a filter into conditions on calls c, numbering its
// parameters after those already in args.
func callWhere(f summaries.CallFilter, args []any) (string, []any) {
	var b strings.Builder
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	for _, l := range f.Leaders {
		b.WriteString(` AND EXISTS (SELECT 1 FROM call_people p WHERE p.call_id = c.id AND p.leader = ` + arg(l) + `)`)
	}
	for _, set := range f.AnyOf {
		if len(set) == 0 {
			continue
		}
		b.WriteString(` AND EXISTS (SELECT 1 FROM call_people p WHERE p.call_id = c.id AND p.leader = ANY(` + arg(set) + `))`)
	}
	switch {
	case !f.From.IsZero():
		b.WriteString(` AND c.date >= ` + arg(dayString(f.From)) + `::date`)
	case !f.Undated:
		b.WriteString(` AND c.date > ` + arg(dayString(time.Time{})) + `::date`) // undated records keep the zero day
	}
	if !f.To.IsZero() {
		b.WriteString(` AND c.date < ` + arg(dayString(f.To)) + `::date`)
	}
	if f.Medium != "" {
		b.WriteString(` AND c.medium = ` + arg(string(f.Medium)))
	}
	return b.String(), args
}

// SearchCalls finds calls whose summary, or one of whose articles, matches
// every word; newest first, as SQLite lists them.
func (s *DB) SearchCalls(ctx context.Context, words string, f summaries.CallFilter) ([]summaries.Call, error) {
	match := searchWords(words)
	if match == "" {
		return nil, nil
	}
	where, args := callWhere(f, []any{match})
	q := `SELECT ` + callColumns + ` FROM calls c WHERE c.version > 0 AND c.id IN (
		SELECT id FROM calls WHERE search @@ plainto_tsquery('readout', $1)
		UNION
		SELECT m.call_id FROM mentions m JOIN articles a ON a.id = m.article_id
		WHERE a.search @@ plainto_tsquery('readout', $1) AND m.role = 'reported' AND m.call_id IS NOT NULL)` + where + ` ORDER BY c.date DESC, c.id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	if f.Brief || f.Timeline {
		return queryBrief(ctx, s.pool, q, args...)
	}
	return queryCalls(ctx, s.pool, q, args...)
}

// queryBrief runs a query of callColumns, reading the calls from their
// columns alone (CallFilter.Brief).
func queryBrief(ctx context.Context, q queryer, query string, args ...any) ([]summaries.Call, error) {
	query = strings.Replace(query, callColumns, briefColumns, 1)
	out, err := collect(ctx, q, func(r pgx.Row) (summaries.Call, error) {
		var c summaries.Call
		var people, medium string
		var date time.Time
		var minutes *int64
		var first, last pgtype.Timestamptz
		if err := r.Scan(&c.ID, &people, &date, &medium, &minutes, &c.DurationAtLeast, &c.Initiator, &c.Topics, &first, &last, &c.Version); err != nil {
			return c, err
		}
		if people != "" {
			c.Participants = strings.Split(people, "+")
		}
		c.Date = time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
		c.Medium = summaries.Medium(medium)
		if minutes != nil {
			c.DurationMinutes = int(*minutes)
		}
		if len(c.Topics) == 0 {
			c.Topics = nil
		}
		c.FirstSeen, c.LastSeen = fromInstant(first), fromInstant(last)
		return c, nil
	}, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query calls: %w", err)
	}
	return out, nil
}

const briefColumns = `c.id, c.people, c.date, c.medium, c.duration_minutes, c.duration_at_least, c.initiator, c.topics, c.first_seen, c.last_seen, c.version`

// searchWords keeps the letters and digits of free words, as the SQLite
// backend does: plainto_tsquery then ANDs them and reads no operator.
func searchWords(words string) string {
	return strings.Join(strings.FieldsFunc(clean(words), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")
}

// CallLeaders lists the leader IDs that appear in any call, the most
// frequent first.
func (s *DB) CallLeaders(ctx context.Context) ([]string, error) {
	out, err := collect(ctx, s.pool, scanOne[string], `SELECT leader FROM call_people GROUP BY leader ORDER BY COUNT(*) DESC, leader COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("call leaders: %w", err)
	}
	return out, nil
}

// ClaimEvent records an event id; false means it was claimed within ttl.
// One statement decides, so that two processes given the same retry
// cannot both claim it.
func (s *DB) ClaimEvent(ctx context.Context, id string, ttl time.Duration) (bool, error) {
	now := s.clock.Now().UTC()
	expired := now.Add(-ttl)
	if _, err := s.pool.Exec(ctx, `DELETE FROM events_seen WHERE seen_at < $1`, expired); err != nil {
		return false, fmt.Errorf("claim event: %w", err)
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO events_seen(id, seen_at) VALUES ($1, $2)
		ON CONFLICT ((md5(id))) DO UPDATE SET seen_at = EXCLUDED.seen_at WHERE events_seen.seen_at < $3`, clean(id), now, expired)
	if err != nil {
		return false, fmt.Errorf("claim event: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}
