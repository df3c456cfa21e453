package storage

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/hex"
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
	rowCall      = `CASE WHEN w.rowid & ` + wordsSummary + ` THEN w.rowid & ` + wordsID + ` ELSE (SELECT m.call_id FROM mentions m INDEXED BY mentions_call_of WHERE m.id = w.rowid & ` + wordsID + `) END`
)

// SearchCalls finds calls whose summary, or one of whose articles, matches
// every word; newest first.
func (s *DB) SearchCalls(ctx context.Context, words string, f summaries.CallFilter) ([]summaries.Call, error) {
	match := ftsQuery(words)
	if match == "" {
		return nil, nil
	}
	match += leaderMatch(leaderSets(f))
	found, err := s.newestMatches(ctx, match, f)
	if err != nil {
		return nil, fmt.Errorf("search calls: %w", err)
	}
	if f.Brief || f.Timeline {
		return found, nil
	}
	return s.CallsByID(ctx, summaries.CallIDs(found))
}

// leaderMatch is the FTS clause of a filter's leader sets: one of each
// set took part. Two sets that do not overlap are asked as pairs (migration
// 0011's pair tokens), whose lists are far shorter than their leaders'.
func leaderMatch(sets [][]string) string {
	var b strings.Builder
	oneOf := func(toks []string) {
		b.WriteString(` AND (` + strings.Join(toks, " OR ") + `)`)
	}
	if len(sets) >= 2 && !overlap(sets[0], sets[1]) {
		var pairs []string
		for _, x := range sets[0] {
			for _, y := range sets[1] {
				pairs = append(pairs, wordsToken("p", min(x, y)+"+"+max(x, y)))
			}
		}
		oneOf(pairs)
		sets = sets[2:]
	}
	for _, set := range sets {
		toks := make([]string, len(set))
		for i, l := range set {
			toks[i] = wordsToken("l", l)
		}
		oneOf(toks)
	}
	return b.String()
}

// wordsToken is a participant ("l") or pair ("p") token of call_words, as
// migration 0011 writes them: the kind and the hex of the id(s).
func wordsToken(kind, ids string) string {
	return `"` + kind + strings.ToUpper(hex.EncodeToString([]byte(ids))) + `"`
}

// newestMatches reads the calls matching an FTS query, brief, newest
// first from the index itself: its rows come in the order of their call's
// day, so the search stops a day past the limit's last call however common
// the words. A row gives its call's id from the narrow mentions_call_of
// index; each call is then read once, in batches (a common word's rows
// name the same call once per article), and checked against the filter's
// medium. Those of one day are ordered by id as every listing orders them.
func (s *DB) newestMatches(ctx context.Context, match string, f summaries.CallFilter) ([]summaries.Call, error) {
	query, args := newestQuery(match, f)
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []summaries.Call
	var batch []int64
	dayOf := map[int64]int64{} // a call's day key, larger is older
	oldest := int64(-1)        // the day key of out's oldest call
	flushed := false
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		flushed = true
		got, err := s.briefCalls(ctx, batch, f.Medium)
		if err != nil {
			return err
		}
		for _, c := range got {
			oldest = max(oldest, dayOf[c.ID])
		}
		out, batch = append(out, got...), batch[:0]
		return nil
	}
	for rows.Next() {
		var key int64
		var call sql.NullInt64 // a mention row whose call is gone: none
		if err := rows.Scan(&key, &call); err != nil {
			return nil, err
		}
		day, id := key>>33, call.Int64
		if f.Limit > 0 && len(out) >= f.Limit && day != oldest {
			break
		}
		if _, seen := dayOf[id]; seen || !call.Valid {
			continue
		}
		dayOf[id] = day
		batch = append(batch, id)
		// A batch fills what the limit lacks; after a batch the filter
		// thinned (a medium), at least 32 calls, so that they are never
		// read one at a time. Calls read past the limit are cut below.
		need := f.Limit - len(out)
		if flushed {
			need = max(need, 32)
		}
		if len(batch) >= 500 || f.Limit > 0 && len(out) < f.Limit && len(batch) >= need {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := flush(); err != nil {
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

// briefCalls reads built calls by id, brief, of the medium when one is
// given.
func (s *DB) briefCalls(ctx context.Context, ids []int64, medium summaries.Medium) ([]summaries.Call, error) {
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	q := `SELECT ` + briefColumns + ` FROM calls c WHERE c.id IN (SELECT value FROM json_each(?)) AND c.version > 0`
	args := []any{string(list)}
	if medium != "" {
		q += ` AND c.medium = ?`
		args = append(args, string(medium))
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	return collect(rows, err, scanBrief)
}

// newestQuery is newestMatches' query: the matching rows in key order,
// each with its call's id; f's leaders are in the query.
func newestQuery(match string, f summaries.CallFilter) (string, []any) {
	var b strings.Builder
	args := []any{match}
	b.WriteString(`SELECT w.rowid, ` + rowCall + ` FROM call_words w WHERE call_words MATCH ?`)
	if !f.To.IsZero() {
		// Before To: rows from the key of the day before it.
		b.WriteString(` AND w.rowid >= ` + fmt.Sprintf(wordsDay, "?") + ` + ` + wordsNextDay)
		args = append(args, dayString(f.To))
	}
	switch {
	case !f.From.IsZero():
		b.WriteString(` AND w.rowid < ` + fmt.Sprintf(wordsDay, "?") + ` + ` + wordsNextDay)
		args = append(args, dayString(f.From))
	case !f.Undated:
		// Undated records keep the zero day, the last key of all.
		b.WriteString(` AND w.rowid < ` + fmt.Sprintf(wordsDay, "?"))
		args = append(args, dayString(time.Time{}))
	}
	b.WriteString(` ORDER BY w.rowid`)
	return b.String(), args
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
