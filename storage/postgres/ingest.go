package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"readout/summaries"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jonboulle/clockwork"
)

// ingestLock is the advisory lock key each ingest transaction holds.
const ingestLock int64 = 0x7265_6164_6f75_75 // "readouu"

// Ingest runs fn in one transaction. Ingest transactions run one at a
// time, across every process sharing the database, as SQLite's write lock
// makes them: a transaction reads the calls near a mention and creates one
// when none matches, so two articles of one call ingested at once must not
// both find none.
func (s *DB) Ingest(ctx context.Context, fn func(summaries.IngestTx) error) error {
	return s.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, ingestLock); err != nil {
			return fmt.Errorf("ingest lock: %w", err)
		}
		return fn(&ingestTx{tx: tx, clock: s.clock})
	})
}

type ingestTx struct {
	tx    pgx.Tx
	clock clockwork.Clock
	links summaries.MentionLinks
}

// findArticle looks an article up as PutArticle recognises it: canonical
// URL, then feed GUID, then content hash. It returns pgx.ErrNoRows when
// none matches.
func findArticle(ctx context.Context, q queryer, a summaries.Article, hash string) (id int64, stored string, err error) {
	err = q.QueryRow(ctx, `SELECT id, hash FROM articles WHERE md5(url) = md5($1) AND url = $1`, clean(a.URL)).Scan(&id, &stored)
	if errors.Is(err, pgx.ErrNoRows) && a.GUID != "" {
		err = q.QueryRow(ctx, `SELECT id, hash FROM articles WHERE md5(guid) = md5($1) AND guid = $1 AND guid <> '' ORDER BY id LIMIT 1`, clean(a.GUID)).Scan(&id, &stored)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		err = q.QueryRow(ctx, `SELECT id, hash FROM articles WHERE hash = $1 ORDER BY id LIMIT 1`, hash).Scan(&id, &stored)
	}
	return id, stored, err
}

func (t *ingestTx) PutArticle(ctx context.Context, a summaries.Article, sourceID int64) (int64, summaries.ArticleState, error) {
	hash := a.Hash()
	id, oldHash, err := findArticle(ctx, t.tx, a, hash)
	now := t.clock.Now().UTC()
	var src any
	if sourceID > 0 {
		src = sourceID
	}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		err := t.tx.QueryRow(ctx, `INSERT INTO articles(url, guid, hash, title, outlet, published, text, source_id, fetched_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			clean(a.URL), clean(a.GUID), hash, clean(a.Title), clean(a.Outlet), instant(a.Published), clean(a.Text), src, now).Scan(&id)
		if err != nil {
			return 0, 0, fmt.Errorf("insert article %s: %w", a.URL, err)
		}
		return id, summaries.ArticleNew, nil
	case err != nil:
		return 0, 0, fmt.Errorf("find article %s: %w", a.URL, err)
	case oldHash == hash:
		return id, summaries.ArticleUnchanged, nil
	}
	// An edited article keeps its identity and is updated in place.
	_, err = t.tx.Exec(ctx, `UPDATE articles SET guid = $1, hash = $2, title = $3, outlet = $4, published = $5, text = $6, updated_at = $7 WHERE id = $8`,
		clean(a.GUID), hash, clean(a.Title), clean(a.Outlet), instant(a.Published), clean(a.Text), now, id)
	if err != nil {
		return 0, 0, fmt.Errorf("update article %s: %w", a.URL, err)
	}
	return id, summaries.ArticleChanged, nil
}

func (t *ingestTx) MentionCalls(ctx context.Context, articleID int64) ([]int64, error) {
	out, err := collect(ctx, t.tx, scanOne[int64], `SELECT DISTINCT call_id FROM mentions WHERE article_id = $1 AND call_id IS NOT NULL ORDER BY call_id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("mention calls: %w", err)
	}
	return out, nil
}

func (t *ingestTx) DeleteMentions(ctx context.Context, articleID int64) error {
	gone, err := collect(ctx, t.tx, func(r pgx.Row) (summaries.MentionLink, error) {
		var l summaries.MentionLink
		var call *int64
		var created pgtype.Timestamptz
		err := r.Scan(&call, &l.Role, &created)
		if call != nil {
			l.Call = *call
		}
		l.Article, l.Created = articleID, fromInstant(created)
		return l, err
	}, `DELETE FROM mentions WHERE article_id = $1 RETURNING call_id, role, created_at`, articleID)
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
	if len(people) <= 2 {
		return queryRecords(ctx, t.tx, `SELECT `+callColumns+` FROM calls c
			WHERE c.people = $1 AND c.date BETWEEN $2::date AND $3::date ORDER BY c.date, c.id`, strings.Join(people, "+"), dayString(from), dayString(to))
	}
	return queryRecords(ctx, t.tx, `SELECT `+callColumns+` FROM calls c
		WHERE c.date BETWEEN $1::date AND $2::date AND EXISTS (SELECT 1 FROM call_people p WHERE p.call_id = c.id AND p.leader = ANY($3))
		ORDER BY c.date, c.id`, dayString(from), dayString(to), people)
}

func (t *ingestTx) CreateCall(ctx context.Context, c summaries.Call) (int64, error) {
	c.Articles = nil
	rec, err := json.Marshal(c)
	if err != nil {
		return 0, err
	}
	var id int64
	err = t.tx.QueryRow(ctx, `INSERT INTO calls(people, date, medium, duration_minutes, initiator, topics, record, summary, first_seen, last_seen, version)
		VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, $9, $9, 0) RETURNING id`,
		strings.Join(c.Participants, "+"), dayString(c.Date), string(c.Medium), minutes(c), c.Initiator, nonNil(c.Topics), string(rec), clean(c.Summary()),
		t.clock.Now().UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("create call: %w", err)
	}
	return id, t.setPeople(ctx, id, c.Participants)
}

func (t *ingestTx) setPeople(ctx context.Context, id int64, people []string) error {
	if _, err := t.tx.Exec(ctx, `DELETE FROM call_people WHERE call_id = $1`, id); err != nil {
		return fmt.Errorf("call people: %w", err)
	}
	if _, err := t.tx.Exec(ctx, `INSERT INTO call_people(call_id, leader) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, id, nonNil(people)); err != nil {
		return fmt.Errorf("call people: %w", err)
	}
	return nil
}

func (t *ingestTx) AddMention(ctx context.Context, articleID, callID int64, m summaries.Mention, now time.Time) error {
	facts, err := json.Marshal(m)
	if err != nil {
		return err
	}
	var call any
	if callID > 0 {
		call = callID
		now = t.links.Added(summaries.MentionLink{Call: callID, Article: articleID, Role: m.Role, Created: now})
	}
	_, err = t.tx.Exec(ctx, `INSERT INTO mentions(article_id, call_id, role, people, date, facts, created_at) VALUES ($1, $2, $3, $4, $5::date, $6, $7)`,
		articleID, call, string(m.Role), strings.Join(m.Participants, "+"), dayString(m.Date), string(facts), now.UTC())
	if err != nil {
		return fmt.Errorf("add mention: %w", err)
	}
	return nil
}

func (t *ingestTx) LooseMentions(ctx context.Context, from, to time.Time) ([]summaries.LooseMention, error) {
	out, err := collect(ctx, t.tx, func(r pgx.Row) (summaries.LooseMention, error) {
		var lm summaries.LooseMention
		var facts string
		if err := r.Scan(&lm.ID, &facts); err != nil {
			return lm, err
		}
		if err := json.Unmarshal([]byte(facts), &lm.Mention); err != nil {
			return lm, fmt.Errorf("mention %d: %w", lm.ID, err)
		}
		return lm, nil
	}, `SELECT id, facts FROM mentions WHERE call_id IS NULL AND date BETWEEN $1::date AND $2::date ORDER BY id`, dayString(from), dayString(to))
	if err != nil {
		return nil, fmt.Errorf("loose mentions: %w", err)
	}
	return out, nil
}

func (t *ingestTx) AttachMention(ctx context.Context, mentionID, callID int64) error {
	l := summaries.MentionLink{Call: callID}
	err := t.tx.QueryRow(ctx, `UPDATE mentions SET call_id = $1 WHERE id = $2 RETURNING article_id, role`, callID, mentionID).Scan(&l.Article, &l.Role)
	if err != nil {
		return fmt.Errorf("attach mention: %w", err)
	}
	t.links.Added(l)
	return nil
}

func (t *ingestTx) MoveMentions(ctx context.Context, from, to int64) error {
	_, err := t.tx.Exec(ctx, `UPDATE mentions SET call_id = $1 WHERE call_id = $2`, to, from)
	if err != nil {
		return fmt.Errorf("move mentions of call %d to %d: %w", from, to, err)
	}
	return nil
}

func (t *ingestTx) CallArticles(ctx context.Context, callID int64) ([]summaries.ArticleRef, error) {
	lists, err := callArticles(ctx, t.tx, []int64{callID}, time.Time{})
	return lists[callID], err
}

func (t *ingestTx) CallMentions(ctx context.Context, callID int64) ([]summaries.Attributed, error) {
	out, err := collect(ctx, t.tx, func(r pgx.Row) (summaries.Attributed, error) {
		var at summaries.Attributed
		var facts string
		var created, published pgtype.Timestamptz
		if err := r.Scan(&facts, &created, &at.Article.URL, &at.Article.Title, &at.Article.Outlet, &published); err != nil {
			return at, err
		}
		if err := json.Unmarshal([]byte(facts), &at.Mention); err != nil {
			return at, fmt.Errorf("call %d mention: %w", callID, err)
		}
		at.Seen = fromInstant(created)
		at.Article.Published = fromInstant(published)
		at.Article.Role = at.Role
		return at, nil
	}, `SELECT m.facts, m.created_at, a.url, a.title, a.outlet, a.published FROM mentions m
		JOIN articles a ON a.id = m.article_id WHERE m.call_id = $1 ORDER BY m.id`, callID)
	if err != nil {
		return nil, fmt.Errorf("call mentions: %w", err)
	}
	return out, nil
}

// SaveCall locks the record's row for the rest of the transaction, so
// that two processes rebuilding one call write one version after the
// other.
func (t *ingestTx) SaveCall(ctx context.Context, c summaries.Call, now time.Time) (int, bool, error) {
	var rec string
	var version int
	err := t.tx.QueryRow(ctx, `SELECT record, version FROM calls WHERE id = $1 FOR UPDATE`, c.ID).Scan(&rec, &version)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, false, fmt.Errorf("save call %d: %w", c.ID, summaries.ErrNotFound)
	}
	if err != nil {
		return 0, false, fmt.Errorf("save call %d: %w", c.ID, err)
	}
	var old summaries.Call
	if err := json.Unmarshal([]byte(rec), &old); err != nil {
		return 0, false, fmt.Errorf("save call %d: %w", c.ID, err)
	}
	// A record is created at version 0 and becomes version 1 when first
	// built; each later change adds one.
	change := summaries.DiffStored(old, c, t.links.Changed(c.ID))
	changes := change.Fields
	if version == 0 {
		changes = []string{"new"}
	} else if !change.Changed() {
		return version, false, nil
	}
	version++
	c.Version = version
	c.Articles = nil
	body, err := json.Marshal(c)
	if err != nil {
		return 0, false, err
	}
	now = now.UTC()
	_, err = t.tx.Exec(ctx, `UPDATE calls SET people = $1, date = $2::date, medium = $3, duration_minutes = $4, initiator = $5, topics = $6,
		record = $7, summary = $8, last_seen = $9, version = $10, duration_at_least = $12 WHERE id = $11`,
		strings.Join(c.Participants, "+"), dayString(c.Date), string(c.Medium), minutes(c), c.Initiator, nonNil(c.Topics),
		string(body), clean(c.Summary()), now, version, c.ID, c.DurationAtLeast)
	if err != nil {
		return 0, false, fmt.Errorf("save call %d: %w", c.ID, err)
	}
	if err := t.setPeople(ctx, c.ID, c.Participants); err != nil {
		return 0, false, err
	}
	_, err = t.tx.Exec(ctx, `INSERT INTO call_versions(call_id, version, record, saved_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (call_id, version) DO UPDATE SET record = EXCLUDED.record, saved_at = EXCLUDED.saved_at`, c.ID, version, string(body), now)
	if err != nil {
		return 0, false, fmt.Errorf("save call %d version: %w", c.ID, err)
	}
	_, err = t.tx.Exec(ctx, `INSERT INTO call_changes(call_id, version, changed_at, changes) VALUES ($1, $2, $3, $4)
		ON CONFLICT (call_id, version) DO UPDATE SET changed_at = EXCLUDED.changed_at, changes = EXCLUDED.changes`, c.ID, version, now, changes)
	if err != nil {
		return 0, false, fmt.Errorf("save call %d change: %w", c.ID, err)
	}
	t.links.Saved(c.ID)
	return version, true, nil
}

func (t *ingestTx) CallTally(ctx context.Context, id int64) (summaries.Call, *summaries.Tally, error) {
	var rec string
	var first, last pgtype.Timestamptz
	var version int
	var tally *string
	err := t.tx.QueryRow(ctx, `SELECT c.record, c.first_seen, c.last_seen, c.version, t.tally FROM calls c
		LEFT JOIN call_tallies t ON t.call_id = c.id WHERE c.id = $1`, id).Scan(&rec, &first, &last, &version, &tally)
	if errors.Is(err, pgx.ErrNoRows) {
		return summaries.Call{}, nil, fmt.Errorf("call %d: %w", id, summaries.ErrNotFound)
	}
	if err != nil {
		return summaries.Call{}, nil, fmt.Errorf("call %d: %w", id, err)
	}
	var c summaries.Call
	if err := json.Unmarshal([]byte(rec), &c); err != nil {
		return summaries.Call{}, nil, fmt.Errorf("call %d: %w", id, err)
	}
	c.ID, c.Version, c.FirstSeen, c.LastSeen = id, version, fromInstant(first), fromInstant(last)
	c.Articles = nil
	if tally == nil {
		return c, nil, nil
	}
	var tl summaries.Tally
	if err := json.Unmarshal([]byte(*tally), &tl); err != nil {
		return summaries.Call{}, nil, fmt.Errorf("call %d tally: %w", id, err)
	}
	return c, &tl, nil
}

func (t *ingestTx) SaveTally(ctx context.Context, id int64, tl *summaries.Tally) error {
	if tl == nil {
		if _, err := t.tx.Exec(ctx, `DELETE FROM call_tallies WHERE call_id = $1`, id); err != nil {
			return fmt.Errorf("call %d tally: %w", id, err)
		}
		return nil
	}
	body, err := json.Marshal(tl)
	if err != nil {
		return fmt.Errorf("call %d tally: %w", id, err)
	}
	_, err = t.tx.Exec(ctx, `INSERT INTO call_tallies(call_id, tally) VALUES ($1, $2)
		ON CONFLICT (call_id) DO UPDATE SET tally = EXCLUDED.tally`, id, clean(string(body)))
	if err != nil {
		return fmt.Errorf("call %d tally: %w", id, err)
	}
	return nil
}

func (t *ingestTx) DeleteCall(ctx context.Context, id int64) error {
	if _, err := t.tx.Exec(ctx, `DELETE FROM calls WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete call %d: %w", id, err)
	}
	return nil
}

const callColumns = `c.id, c.record, c.first_seen, c.last_seen, c.version`

// queryCalls reads records with their articles.
func queryCalls(ctx context.Context, q queryer, query string, args ...any) ([]summaries.Call, error) {
	calls, err := queryRecords(ctx, q, query, args...)
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
func queryRecords(ctx context.Context, q queryer, query string, args ...any) ([]summaries.Call, error) {
	out, err := collect(ctx, q, func(r pgx.Row) (summaries.Call, error) {
		var c summaries.Call
		var id int64
		var rec string
		var first, last pgtype.Timestamptz
		var version int
		if err := r.Scan(&id, &rec, &first, &last, &version); err != nil {
			return c, err
		}
		if err := json.Unmarshal([]byte(rec), &c); err != nil {
			return c, fmt.Errorf("call %d: %w", id, err)
		}
		c.ID, c.Version = id, version
		c.FirstSeen, c.LastSeen = fromInstant(first), fromInstant(last)
		// Records written before articles were kept apart still hold them.
		c.Articles = nil
		return c, nil
	}, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query calls: %w", err)
	}
	return out, nil
}

// callArticles lists the articles of records from their mentions; with
// asOf set, only mentions made by then (a version's saved time).
func callArticles(ctx context.Context, q queryer, ids []int64, asOf time.Time) (map[int64][]summaries.ArticleRef, error) {
	all, err := collect(ctx, q, func(r pgx.Row) (summaries.CallMention, error) {
		var m summaries.CallMention
		var created, published pgtype.Timestamptz
		err := r.Scan(&m.CallID, &m.Role, &created, &m.Article.URL, &m.Article.Title, &m.Article.Outlet, &published)
		m.Seen, m.Article.Published = fromInstant(created), fromInstant(published)
		return m, err
	}, `SELECT m.call_id, m.role, m.created_at, a.url, a.title, a.outlet, a.published FROM mentions m
		JOIN articles a ON a.id = m.article_id WHERE m.call_id = ANY($1) ORDER BY m.id`, ids)
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

// Announce queues record versions for the next new-coverage post of every
// active subscription whose leaders all took part, in the ingest's
// transaction: an announcement is stored exactly when its cause is.
func (t *ingestTx) Announce(ctx context.Context, calls []summaries.CallVersion, at time.Time) error {
	if len(calls) == 0 {
		return nil
	}
	subs, err := collect(ctx, t.tx, scanSub, `SELECT `+subColumns+` FROM digest_subscriptions WHERE NOT paused AND schedule = '' ORDER BY id`)
	if err != nil || len(subs) == 0 {
		return err
	}
	people := map[int64][]string{}
	for _, c := range calls {
		if _, ok := people[c.ID]; ok {
			continue
		}
		if people[c.ID], err = collect(ctx, t.tx, scanOne[string], `SELECT leader FROM call_people WHERE call_id = $1`, c.ID); err != nil {
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

// SavePoll writes a source's polling state with the items the poll stored.
func (t *ingestTx) SavePoll(ctx context.Context, src summaries.Source) error {
	return savePoll(ctx, t.tx, src)
}
