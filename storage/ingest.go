package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"readout/summaries"

	"github.com/jonboulle/clockwork"
)

// Ingest runs fn in one transaction.
func (s *DB) Ingest(ctx context.Context, fn func(summaries.IngestTx) error) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return fn(&ingestTx{tx: tx, clock: s.clock, z: s.z, prep: s.prep}) })
}

type ingestTx struct {
	tx    *sql.Tx
	clock clockwork.Clock
	z     *codec
	prep  *statements
	links summaries.MentionLinks
	// added are the mentions this transaction stored, by id: a record is
	// built from its mentions right after its article's are added, and
	// those need no decoding back.
	added map[int64]summaries.Mention
}

func (t *ingestTx) PutArticle(ctx context.Context, a summaries.Article, sourceID int64) (int64, summaries.ArticleState, error) {
	hash := a.Hash()
	var id int64
	var oldHash string
	err := t.QueryRowContext(ctx, findArticleSQL, a.URL, a.GUID, hash).Scan(&id, &oldHash)
	now := stamp(t.clock.Now())
	var src any
	if sourceID > 0 {
		src = sourceID
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := t.ExecContext(ctx, `INSERT INTO articles(url, guid, hash, title, outlet, published, text, source_id, fetched_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.URL, a.GUID, hash, a.Title, a.Outlet, stamp(a.Published), a.Text, src, now, now)
		if err != nil {
			return 0, 0, fmt.Errorf("insert article %s: %w", a.URL, err)
		}
		id, err = res.LastInsertId()
		return id, summaries.ArticleNew, err
	case err != nil:
		return 0, 0, fmt.Errorf("find article %s: %w", a.URL, err)
	case oldHash == hash:
		return id, summaries.ArticleUnchanged, nil
	}
	// An edited article keeps its identity and is updated in place.
	_, err = t.ExecContext(ctx, `UPDATE articles SET guid = ?, hash = ?, title = ?, outlet = ?, published = ?, text = ?, updated_at = ? WHERE id = ?`,
		a.GUID, hash, a.Title, a.Outlet, stamp(a.Published), a.Text, now, id)
	if err != nil {
		return 0, 0, fmt.Errorf("update article %s: %w", a.URL, err)
	}
	return id, summaries.ArticleChanged, nil
}

func (t *ingestTx) MentionCalls(ctx context.Context, articleID int64) ([]int64, error) {
	rows, err := t.QueryContext(ctx, `SELECT DISTINCT call_id FROM mentions WHERE article_id = ? AND call_id IS NOT NULL`, articleID)
	out, err := collect(rows, err, scanOne[int64])
	if err != nil {
		return nil, fmt.Errorf("mention calls: %w", err)
	}
	return out, nil
}

func (t *ingestTx) DeleteMentions(ctx context.Context, articleID int64) error {
	rows, err := t.QueryContext(ctx, `DELETE FROM mentions WHERE article_id = ? RETURNING call_id, role, created_at`, articleID)
	gone, err := collect(rows, err, func(rows rowScanner) (summaries.MentionLink, error) {
		var l summaries.MentionLink
		var call sql.NullInt64
		var created string
		err := rows.Scan(&call, &l.Role, &created)
		l.Call, l.Article, l.Created = call.Int64, articleID, parseStamp(created)
		return l, err
	})
	if err != nil {
		return fmt.Errorf("delete mentions: %w", err)
	}
	for _, l := range gone {
		t.links.Removed(l)
	}
	return nil
}

func (t *ingestTx) CallsNear(ctx context.Context, people []string, from, to time.Time) ([]summaries.Call, error) {
	if len(people) == 0 {
		return nil, nil
	}
	const columns = `SELECT c.id, c.record, c.first_seen, c.last_seen, c.version FROM calls c `
	if len(people) <= 2 {
		return queryRecords(ctx, t, t.z, columns+`WHERE c.people = ? AND c.date BETWEEN ? AND ? ORDER BY c.date, c.id`,
			strings.Join(people, "+"), dayString(from), dayString(to))
	}
	args := []any{dayString(from), dayString(to)}
	marks := make([]string, len(people))
	for i, p := range people {
		marks[i] = "?"
		args = append(args, p)
	}
	return queryRecords(ctx, t, t.z, columns+`WHERE c.date BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM call_people p WHERE p.call_id = c.id AND p.leader IN (`+strings.Join(marks, ",")+`))
		ORDER BY c.date, c.id`, args...)
}

// CreateCall stores a record at version 0 with what matching a mention
// to it needs (CallsNear, SameCall) and no summary: it is built and saved
// (SaveCall) in the same transaction, and written whole twice, or indexed
// twice, it would cost twice.
func (t *ingestTx) CreateCall(ctx context.Context, c summaries.Call) (int64, error) {
	stub := summaries.Call{Participants: c.Participants, Date: c.Date, DateBasis: c.DateBasis, Medium: c.Medium}
	rec, err := t.z.encode(stub)
	if err != nil {
		return 0, err
	}
	now := stamp(t.clock.Now())
	res, err := t.ExecContext(ctx, `INSERT INTO calls(people, date, medium, duration_minutes, initiator, topics, record, summary, first_seen, last_seen, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
		strings.Join(c.Participants, "+"), dayString(c.Date), string(c.Medium), minutes(c), c.Initiator, topicsJSON(c), rec, "", now, now)
	if err != nil {
		return 0, fmt.Errorf("create call: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	return id, t.setPeople(ctx, id, c.Participants)
}

func (t *ingestTx) setPeople(ctx context.Context, id int64, people []string) error {
	if _, err := t.ExecContext(ctx, `DELETE FROM call_people WHERE call_id = ?`, id); err != nil {
		return fmt.Errorf("call people: %w", err)
	}
	for _, p := range people {
		if _, err := t.ExecContext(ctx, `INSERT INTO call_people(call_id, leader) VALUES (?, ?)`, id, p); err != nil {
			return fmt.Errorf("call people: %w", err)
		}
	}
	return nil
}

func (t *ingestTx) AddMention(ctx context.Context, articleID, callID int64, m summaries.Mention, now time.Time) error {
	facts, err := t.z.encode(m)
	if err != nil {
		return err
	}
	var call any
	if callID > 0 {
		call = callID
		now = t.links.Added(summaries.MentionLink{Call: callID, Article: articleID, Role: m.Role, Created: now})
	}
	res, err := t.ExecContext(ctx, `INSERT INTO mentions(article_id, call_id, role, people, date, facts, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		articleID, call, string(m.Role), strings.Join(m.Participants, "+"), dayString(m.Date), facts, stamp(now))
	if err != nil {
		return fmt.Errorf("add mention: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return fmt.Errorf("add mention: %w", err)
	}
	if t.added == nil {
		t.added = map[int64]summaries.Mention{}
	}
	t.added[id] = m
	return nil
}

func (t *ingestTx) LooseMentions(ctx context.Context, from, to time.Time) ([]summaries.LooseMention, error) {
	rows, err := t.QueryContext(ctx, `SELECT id, facts FROM mentions WHERE call_id IS NULL AND date BETWEEN ? AND ? ORDER BY id`, dayString(from), dayString(to))
	out, err := collect(rows, err, func(rows rowScanner) (summaries.LooseMention, error) {
		var lm summaries.LooseMention
		var facts []byte
		if err := rows.Scan(&lm.ID, &facts); err != nil {
			return lm, err
		}
		if err := t.z.decode(facts, &lm.Mention); err != nil {
			return lm, fmt.Errorf("mention %d: %w", lm.ID, err)
		}
		return lm, nil
	})
	if err != nil {
		return nil, fmt.Errorf("loose mentions: %w", err)
	}
	return out, nil
}

func (t *ingestTx) AttachMention(ctx context.Context, mentionID, callID int64) error {
	l := summaries.MentionLink{Call: callID}
	err := t.QueryRowContext(ctx, `UPDATE mentions SET call_id = ? WHERE id = ? RETURNING article_id, role`, callID, mentionID).Scan(&l.Article, &l.Role)
	if err != nil {
		return fmt.Errorf("attach mention: %w", err)
	}
	t.links.Added(l)
	return nil
}

func (t *ingestTx) MoveMentions(ctx context.Context, from, to int64) error {
	_, err := t.ExecContext(ctx, `UPDATE mentions SET call_id = ? WHERE call_id = ?`, to, from)
	if err != nil {
		return fmt.Errorf("move mentions of call %d to %d: %w", from, to, err)
	}
	return nil
}

func (t *ingestTx) CallArticles(ctx context.Context, callID int64) ([]summaries.ArticleRef, error) {
	lists, err := callArticles(ctx, t, []int64{callID}, time.Time{})
	return lists[callID], err
}

func (t *ingestTx) CallMentions(ctx context.Context, callID int64) ([]summaries.Attributed, error) {
	rows, err := t.QueryContext(ctx, `SELECT m.id, m.facts, m.created_at, a.url, a.title, a.outlet, a.published FROM mentions m
		JOIN articles a ON a.id = m.article_id WHERE m.call_id = ? ORDER BY m.id`, callID)
	out, err := collect(rows, err, func(rows rowScanner) (summaries.Attributed, error) {
		var at summaries.Attributed
		var id int64
		var facts []byte
		var created, published string
		if err := rows.Scan(&id, &facts, &created, &at.Article.URL, &at.Article.Title, &at.Article.Outlet, &published); err != nil {
			return at, err
		}
		if m, ok := t.added[id]; ok {
			at.Mention = m
		} else if err := t.z.decode(facts, &at.Mention); err != nil {
			return at, fmt.Errorf("call %d mention: %w", callID, err)
		}
		at.Seen = parseStamp(created)
		at.Article.Published = parseStamp(published)
		at.Article.Role = at.Role
		return at, nil
	})
	if err != nil {
		return nil, fmt.Errorf("call mentions: %w", err)
	}
	return out, nil
}

func (t *ingestTx) SaveCall(ctx context.Context, c summaries.Call, now time.Time) (int, bool, error) {
	var rec []byte
	var version int
	var people string
	err := t.QueryRowContext(ctx, `SELECT version, people, CASE WHEN version > 0 THEN record END FROM calls WHERE id = ?`, c.ID).Scan(&version, &people, &rec)
	if err != nil {
		return 0, false, fmt.Errorf("save call %d: %w", c.ID, err)
	}
	// A record is created at version 0 and becomes version 1 when first
	// built; each later change adds one.
	changes := []string{"new"}
	if version > 0 {
		var old summaries.Call
		if err := t.z.decode(rec, &old); err != nil {
			return 0, false, fmt.Errorf("save call %d: %w", c.ID, err)
		}
		change := summaries.DiffStored(old, c, t.links.Changed(c.ID))
		if !change.Changed() {
			return version, false, nil
		}
		changes = change.Fields
	}
	version++
	c.Version = version
	c.Articles = nil
	body, err := t.z.encode(c)
	if err != nil {
		return 0, false, err
	}
	_, err = t.ExecContext(ctx, `UPDATE calls SET people = ?, date = ?, medium = ?, duration_minutes = ?, duration_at_least = ?, initiator = ?, topics = ?, record = ?, summary = ?, last_seen = ?, version = ? WHERE id = ?`,
		strings.Join(c.Participants, "+"), dayString(c.Date), string(c.Medium), minutes(c), c.DurationAtLeast, c.Initiator, topicsJSON(c), body, c.Summary(), stamp(now), version, c.ID)
	if err != nil {
		return 0, false, fmt.Errorf("save call %d: %w", c.ID, err)
	}
	if people != strings.Join(c.Participants, "+") {
		if err := t.setPeople(ctx, c.ID, c.Participants); err != nil {
			return 0, false, err
		}
	}
	what, _ := json.Marshal(changes)
	_, err = t.ExecContext(ctx, `INSERT OR REPLACE INTO call_changes(call_id, version, changed_at, changes) VALUES (?, ?, ?, ?)`, c.ID, version, stamp(now), string(what))
	if err != nil {
		return 0, false, fmt.Errorf("save call %d change: %w", c.ID, err)
	}
	t.links.Saved(c.ID)
	return version, true, nil
}

func (t *ingestTx) CallTally(ctx context.Context, id int64) (summaries.Call, *summaries.Tally, error) {
	var rec, tally []byte
	var first, last string
	var version int
	err := t.QueryRowContext(ctx, `SELECT c.record, c.first_seen, c.last_seen, c.version, t.tally FROM calls c
		LEFT JOIN call_tallies t ON t.call_id = c.id WHERE c.id = ?`, id).Scan(&rec, &first, &last, &version, &tally)
	if errors.Is(err, sql.ErrNoRows) {
		return summaries.Call{}, nil, fmt.Errorf("call %d: %w", id, summaries.ErrNotFound)
	}
	if err != nil {
		return summaries.Call{}, nil, fmt.Errorf("call %d: %w", id, err)
	}
	var c summaries.Call
	if err := t.z.decode(rec, &c); err != nil {
		return summaries.Call{}, nil, fmt.Errorf("call %d: %w", id, err)
	}
	c.ID, c.Version, c.FirstSeen, c.LastSeen = id, version, parseStamp(first), parseStamp(last)
	c.Articles = nil
	if tally == nil {
		return c, nil, nil
	}
	var tl summaries.Tally
	if err := t.z.decode(tally, &tl); err != nil {
		return summaries.Call{}, nil, fmt.Errorf("call %d tally: %w", id, err)
	}
	return c, &tl, nil
}

func (t *ingestTx) SaveTally(ctx context.Context, id int64, tl *summaries.Tally) error {
	if tl == nil {
		if _, err := t.ExecContext(ctx, `DELETE FROM call_tallies WHERE call_id = ?`, id); err != nil {
			return fmt.Errorf("call %d tally: %w", id, err)
		}
		return nil
	}
	body, err := t.z.encode(tl)
	if err != nil {
		return fmt.Errorf("call %d tally: %w", id, err)
	}
	if _, err := t.ExecContext(ctx, `INSERT OR REPLACE INTO call_tallies(call_id, tally) VALUES (?, ?)`, id, body); err != nil {
		return fmt.Errorf("call %d tally: %w", id, err)
	}
	return nil
}

func (t *ingestTx) DeleteCall(ctx context.Context, id int64) error {
	if _, err := t.ExecContext(ctx, `DELETE FROM calls WHERE id = ?`, id); err != nil {
		return fmt.Errorf("delete call %d: %w", id, err)
	}
	return nil
}

func (t *ingestTx) Announce(ctx context.Context, calls []summaries.CallVersion, at time.Time) error {
	if len(calls) == 0 {
		return nil
	}
	rows, err := t.QueryContext(ctx, `SELECT `+subColumns+` FROM digest_subscriptions WHERE paused = 0 AND schedule = '' ORDER BY id`)
	subs, err := collect(rows, err, scanSub)
	if err != nil || len(subs) == 0 {
		return err
	}
	people := map[int64][]string{}
	for _, c := range calls {
		if _, ok := people[c.ID]; ok {
			continue
		}
		rows, err := t.QueryContext(ctx, `SELECT leader FROM call_people WHERE call_id = ?`, c.ID)
		if people[c.ID], err = collect(rows, err, scanOne[string]); err != nil {
			return fmt.Errorf("announce call %d: %w", c.ID, err)
		}
	}
	for _, sub := range subs {
		if err := enqueue(ctx, t.tx, sub.ID, sub.Announces(calls, people), at); err != nil {
			return fmt.Errorf("announce to %s: %w", sub.Target(), err)
		}
	}
	return nil
}

func (t *ingestTx) SavePoll(ctx context.Context, src summaries.Source) error {
	return savePoll(ctx, t.tx, src)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryCalls reads records with their articles.
func queryCalls(ctx context.Context, q querier, z *codec, query string, args ...any) ([]summaries.Call, error) {
	calls, err := queryRecords(ctx, q, z, query, args...)
	if err != nil || len(calls) == 0 {
		return calls, err
	}
	lists, err := callArticles(ctx, q, summaries.CallIDs(calls), time.Time{})
	if err != nil {
		return nil, err
	}
	summaries.SetArticles(calls, lists)
	return calls, nil
}

// queryRecords reads records as stored: without their articles.
func queryRecords(ctx context.Context, q querier, z *codec, query string, args ...any) ([]summaries.Call, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	out, err := collect(rows, err, func(rows rowScanner) (summaries.Call, error) {
		var c summaries.Call
		var id int64
		var rec []byte
		var first, last string
		var version int
		if err := rows.Scan(&id, &rec, &first, &last, &version); err != nil {
			return c, err
		}
		if err := z.decode(rec, &c); err != nil {
			return c, fmt.Errorf("call %d: %w", id, err)
		}
		c.ID, c.Version = id, version
		c.FirstSeen, c.LastSeen = parseStamp(first), parseStamp(last)
		// Records written before articles were kept apart still hold them.
		c.Articles = nil
		return c, nil
	})
	if err != nil {
		return nil, fmt.Errorf("query calls: %w", err)
	}
	return out, nil
}

// callArticles lists the articles of records from their mentions; with
// asOf set, only mentions made by then (a version's saved time).
func callArticles(ctx context.Context, q querier, ids []int64, asOf time.Time) (map[int64][]summaries.ArticleRef, error) {
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i], args[i] = "?", id
	}
	rows, err := q.QueryContext(ctx, `SELECT m.call_id, m.role, m.created_at, a.url, a.title, a.outlet, a.published FROM mentions m
		JOIN articles a ON a.id = m.article_id WHERE m.call_id IN (`+strings.Join(marks, ",")+`) ORDER BY m.id`, args...)
	all, err := collect(rows, err, func(rows rowScanner) (summaries.CallMention, error) {
		var m summaries.CallMention
		var created, published string
		err := rows.Scan(&m.CallID, &m.Role, &created, &m.Article.URL, &m.Article.Title, &m.Article.Outlet, &published)
		m.Seen, m.Article.Published = parseStamp(created), parseStamp(published)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("call articles: %w", err)
	}
	return summaries.ArticlesByCall(all, asOf), nil
}

// minutes is a call's length for its column: NULL when coverage gives none.
func minutes(c summaries.Call) any {
	if c.DurationMinutes <= 0 {
		return nil
	}
	return c.DurationMinutes
}

func topicsJSON(c summaries.Call) string {
	if len(c.Topics) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(c.Topics)
	return string(b)
}
