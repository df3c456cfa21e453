package storage

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"readout/summaries"
)

// Calls lists call records, newest first.
func (s *DB) Calls(ctx context.Context, f summaries.CallFilter) ([]summaries.Call, error) {
	where, args := callWhere(f)
	q := `SELECT c.id, c.record, c.first_seen, c.last_seen, c.version FROM calls c WHERE c.version > 0` + where + ` ORDER BY c.date DESC, c.id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return queryCalls(ctx, s.db, q, args...)
}

func callWhere(f summaries.CallFilter) (string, []any) {
	var b strings.Builder
	var args []any
	for _, l := range f.Leaders {
		b.WriteString(` AND EXISTS (SELECT 1 FROM call_people p WHERE p.call_id = c.id AND p.leader = ?)`)
		args = append(args, l)
	}
	for _, set := range f.AnyOf {
		if len(set) == 0 {
			continue
		}
		b.WriteString(` AND EXISTS (SELECT 1 FROM call_people p WHERE p.call_id = c.id AND p.leader IN (?` + strings.Repeat(",?", len(set)-1) + `))`)
		for _, l := range set {
			args = append(args, l)
		}
	}
	if !f.From.IsZero() {
		b.WriteString(` AND c.date >= ?`)
		args = append(args, dayString(f.From))
	}
	if !f.To.IsZero() {
		b.WriteString(` AND c.date < ?`)
		args = append(args, dayString(f.To))
	}
	if f.Medium != "" {
		b.WriteString(` AND c.medium = ?`)
		args = append(args, string(f.Medium))
	}
	return b.String(), args
}

// SearchCalls finds calls whose summary, or one of whose articles, matches
// every word; best matches first.
func (s *DB) SearchCalls(ctx context.Context, words string, f summaries.CallFilter) ([]summaries.Call, error) {
	match := ftsQuery(words)
	if match == "" {
		return nil, nil
	}
	where, args := callWhere(f)
	q := `SELECT c.id, c.record, c.first_seen, c.last_seen, c.version FROM calls c WHERE c.version > 0 AND c.id IN (
		SELECT rowid FROM calls_fts WHERE calls_fts MATCH ?
		UNION
		SELECT m.call_id FROM mentions m JOIN articles_fts ON articles_fts.rowid = m.article_id
		WHERE articles_fts MATCH ? AND m.role = 'reported' AND m.call_id IS NOT NULL)` + where + ` ORDER BY c.date DESC, c.id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return queryCalls(ctx, s.db, q, append([]any{match, match}, args...)...)
}

// ftsQuery turns free words into an FTS5 query that cannot be malformed:
// each word is quoted, so user input never becomes FTS syntax.
func ftsQuery(words string) string {
	var parts []string
	for _, w := range strings.FieldsFunc(words, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		parts = append(parts, `"`+w+`"`)
	}
	return strings.Join(parts, " ")
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
