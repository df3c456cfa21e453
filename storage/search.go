package storage

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"readout/summaries"
)

// call_words' rowids put a call's day first, newest lowest (migration
// 0011): wordsDay(date) is the key of the first row of that day, and a
// day's rows run up to the next day's key.
const (
	wordsDay     = `((5373485 - CAST(COALESCE(julianday(%s), 1721425.5) AS INTEGER)) << 33)`
	wordsSummary = `4294967296` // 1 << 32: the row holds a call's summary
	wordsID      = `4294967295` // the mention's or call's id
	wordsNextDay = `8589934592` // 1 << 33
	rowCall      = `CASE WHEN w.rowid & ` + wordsSummary + ` THEN w.rowid & ` + wordsID + ` ELSE (SELECT m.call_id FROM mentions m WHERE m.id = w.rowid & ` + wordsID + `) END`
)

// rareMatches bounds how many rows may match free words for a search
// that names leaders to start from the matches (about a microsecond
// each); more, and the words are common enough that walking the leaders'
// calls newest first and asking the index about each (a few microseconds
// a call) meets the limit sooner. Tests lower it on their DB
// (DB.rareMatches).
const rareMatches = 4000

// SearchCalls finds calls whose summary, or one of whose articles, matches
// every word; newest first.
func (s *DB) SearchCalls(ctx context.Context, words string, f summaries.CallFilter) ([]summaries.Call, error) {
	match := ftsQuery(words)
	if match == "" {
		return nil, nil
	}
	if len(leaderSets(f)) == 0 {
		found, err := s.newestMatches(ctx, match, f)
		if err != nil {
			return nil, fmt.Errorf("search calls: %w", err)
		}
		if f.Brief {
			return found, nil
		}
		list, err := json.Marshal(summaries.CallIDs(found))
		if err != nil {
			return nil, fmt.Errorf("search calls: %w", err)
		}
		return queryCalls(ctx, s.db, s.z, `SELECT c.id, c.record, c.first_seen, c.last_seen, c.version FROM calls c
			WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.date DESC, c.id DESC`, string(list))
	}
	extra, err := s.matchCondition(ctx, match, f)
	if err != nil {
		return nil, fmt.Errorf("search calls: %w", err)
	}
	ids, args := lookup(f, extra).ids(f.Limit)
	if f.Brief {
		return queryBrief(ctx, s.db, ids, args...)
	}
	return queryCalls(ctx, s.db, s.z, recordsOf(ids), args...)
}

// newestMatches reads the calls matching an FTS query, f's leaders aside,
// brief, newest first from the index itself: its rows come in the order of
// their call's day, so the search stops a day past the limit's last call
// however common the words. Those of one day are then ordered by id as
// every listing orders them.
func (s *DB) newestMatches(ctx context.Context, match string, f summaries.CallFilter) ([]summaries.Call, error) {
	query, args := newestQuery(match, f)
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []summaries.Call
	seen := map[int64]bool{}
	for rows.Next() {
		c, err := scanBrief(rows)
		if err != nil {
			return nil, err
		}
		if f.Limit > 0 && len(out) >= f.Limit && !c.Date.Equal(out[len(out)-1].Date) {
			break
		}
		if !seen[c.ID] {
			seen[c.ID] = true
			out = append(out, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b summaries.Call) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return cmp.Compare(b.ID, a.ID)
	})
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out, nil
}

// newestQuery is newestMatches' query: the matching rows in key order,
// each with its call brief, f's leaders aside.
func newestQuery(match string, f summaries.CallFilter) (string, []any) {
	var b strings.Builder
	args := []any{match}
	b.WriteString(`SELECT ` + briefColumns + ` FROM call_words w CROSS JOIN calls c ON c.id = ` + rowCall + `
		WHERE call_words MATCH ? AND c.version > 0`)
	if !f.To.IsZero() {
		// Before To: rows from the key of the day before it.
		b.WriteString(` AND w.rowid >= ` + fmt.Sprintf(wordsDay, "?") + ` + ` + wordsNextDay + ` AND c.date < ?`)
		args = append(args, dayString(f.To), dayString(f.To))
	}
	switch {
	case !f.From.IsZero():
		b.WriteString(` AND w.rowid < ` + fmt.Sprintf(wordsDay, "?") + ` + ` + wordsNextDay + ` AND c.date >= ?`)
		args = append(args, dayString(f.From), dayString(f.From))
	case !f.Undated:
		// Undated records keep the zero day, the last key of all.
		b.WriteString(` AND w.rowid < ` + fmt.Sprintf(wordsDay, "?") + ` AND c.date > ?`)
		args = append(args, dayString(time.Time{}), dayString(time.Time{}))
	}
	if f.Medium != "" {
		b.WriteString(` AND c.medium = ?`)
		args = append(args, string(f.Medium))
	}
	b.WriteString(` ORDER BY w.rowid`)
	return b.String(), args
}

// matchCondition is the condition on a lookup's call id and date columns
// that keeps the calls matching an FTS query, for a search that names
// leaders: few matches are read once and their calls listed; many, and
// each of the leaders' calls is looked up in the index by its own rows'
// keys, newest first, until the limit.
func (s *DB) matchCondition(ctx context.Context, match string, f summaries.CallFilter) (func(id, date string) (string, []any), error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM call_words WHERE call_words MATCH ? LIMIT ?)`, match, s.rareMatches+1).Scan(&n)
	if err != nil {
		return nil, err
	}
	if n <= s.rareMatches || f.Limit <= 0 {
		return func(id, _ string) (string, []any) {
			return id + ` IN (SELECT ` + rowCall + ` FROM call_words w WHERE call_words MATCH ?)`, []any{match}
		}, nil
	}
	return func(id, date string) (string, []any) {
		day := fmt.Sprintf(wordsDay, date)
		return `(EXISTS (SELECT 1 FROM call_words WHERE call_words MATCH ? AND call_words.rowid = ` + day + ` | ` + wordsSummary + ` | ` + id + `)
			OR EXISTS (SELECT 1 FROM mentions m CROSS JOIN call_words ON call_words.rowid = ` + day + ` | m.id
				WHERE m.call_id = ` + id + ` AND m.role = 'reported' AND call_words MATCH ?))`, []any{match, match}
	}, nil
}

// ftsQuery turns free words into an FTS5 query that cannot be malformed:
// each word is quoted, so user input never becomes FTS syntax, and each
// is one token (a run of letters and digits), never a phrase, which the
// index cannot answer (detail=none).
func ftsQuery(words string) string {
	var parts []string
	for _, w := range strings.FieldsFunc(words, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		parts = append(parts, `"`+w+`"`)
	}
	return strings.Join(parts, " ")
}
