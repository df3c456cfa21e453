package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"readout/summaries"
)

var _ summaries.SourceStore = (*DB)(nil)

const sourceColumns = `id, url, kind, title, added_by, added_at, builtin, etag, last_modified,
	last_success, last_error, errors, items_seen, next_poll, polled_once, paused`

type rowScanner interface {
	Scan(dest ...any) error
}

func scanSource(r rowScanner) (summaries.Source, error) {
	var s summaries.Source
	var added, success, next string
	err := r.Scan(&s.ID, &s.URL, &s.Kind, &s.Title, &s.AddedBy, &added, &s.Builtin, &s.ETag, &s.LastModified,
		&success, &s.LastError, &s.Errors, &s.ItemsSeen, &next, &s.PolledOnce, &s.Paused)
	if err != nil {
		return summaries.Source{}, err
	}
	s.AddedAt, s.LastSuccess, s.NextPoll = parseStamp(added), parseStamp(success), parseStamp(next)
	return s, nil
}

func querySources(ctx context.Context, q querier, query string, args ...any) ([]summaries.Source, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	out, err := collect(rows, err, scanSource)
	if err != nil {
		return nil, fmt.Errorf("query sources: %w", err)
	}
	return out, nil
}

// AddSource stores a source or resumes the one with the same URL.
func (s *DB) AddSource(ctx context.Context, src summaries.Source) (summaries.Source, bool, error) {
	if strings.TrimSpace(src.URL) == "" {
		return summaries.Source{}, false, errors.New("add source: empty URL")
	}
	var stored summaries.Source
	var existed bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		var err error
		id, existed, err = upsert(tx.QueryRowContext(ctx, `SELECT id FROM sources WHERE url = ?`, src.URL),
			func() (sql.Result, error) {
				return tx.ExecContext(ctx, `INSERT INTO sources(url, kind, title, added_by, added_at, builtin, etag, last_modified,
				last_success, last_error, errors, items_seen, next_poll, polled_once, paused) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					src.URL, src.Kind, src.Title, src.AddedBy, fixed(src.AddedAt), src.Builtin, src.ETag, src.LastModified,
					fixed(src.LastSuccess), src.LastError, src.Errors, src.ItemsSeen, fixed(src.NextPoll), src.PolledOnce, src.Paused)
			},
			func(id int64) error {
				_, err := tx.ExecContext(ctx, `UPDATE sources SET kind = ?, title = ?, etag = ?, last_modified = ?, last_success = ?,
				last_error = '', errors = 0, items_seen = items_seen + ?, next_poll = ?, polled_once = ?, paused = 0 WHERE id = ?`,
					src.Kind, src.Title, src.ETag, src.LastModified, fixed(src.LastSuccess), src.ItemsSeen, fixed(src.NextPoll), src.PolledOnce, id)
				return err
			})
		if err != nil {
			return err
		}
		stored, err = scanSource(tx.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM sources WHERE id = ?`, id))
		return err
	})
	if err != nil {
		return summaries.Source{}, false, fmt.Errorf("add source %s: %w", src.URL, err)
	}
	return stored, existed, nil
}

// RemoveSource deletes a source by URL or "#id". Its articles stay, their
// source_id set to NULL by the foreign key.
func (s *DB) RemoveSource(ctx context.Context, ref string) (summaries.Source, error) {
	ref = strings.TrimSpace(ref)
	query, arg := `SELECT `+sourceColumns+` FROM sources WHERE url = ?`, any(ref)
	if n, err := strconv.ParseInt(strings.TrimPrefix(ref, "#"), 10, 64); err == nil && strings.HasPrefix(ref, "#") {
		query, arg = `SELECT `+sourceColumns+` FROM sources WHERE id = ?`, n
	}
	var src summaries.Source
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		src, err = scanSource(tx.QueryRowContext(ctx, query, arg))
		if errors.Is(err, sql.ErrNoRows) {
			return summaries.ErrNotFound
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sources WHERE id = ?`, src.ID)
		return err
	})
	if err != nil {
		return summaries.Source{}, fmt.Errorf("remove source %s: %w", ref, err)
	}
	return src, nil
}

// Sources lists every source, oldest first.
func (s *DB) Sources(ctx context.Context) ([]summaries.Source, error) {
	return querySources(ctx, s.db, `SELECT `+sourceColumns+` FROM sources ORDER BY id`)
}

// DueSources lists the active sources whose next poll is at or before now
// (never polled first).
func (s *DB) DueSources(ctx context.Context, now time.Time) ([]summaries.Source, error) {
	return querySources(ctx, s.db, `SELECT `+sourceColumns+` FROM sources WHERE paused = 0 AND next_poll <= ? ORDER BY next_poll, id`, fixed(now))
}

// NextPoll is the earliest next poll of an active source.
func (s *DB) NextPoll(ctx context.Context) (time.Time, error) {
	var next sql.NullString
	if err := s.db.QueryRowContext(ctx, `SELECT MIN(next_poll) FROM sources WHERE paused = 0`).Scan(&next); err != nil {
		return time.Time{}, fmt.Errorf("next poll: %w", err)
	}
	if !next.Valid {
		return time.Time{}, nil
	}
	if next.String == "" {
		// Never polled: due at once.
		return time.Unix(0, 0).UTC(), nil
	}
	return parseStamp(next.String), nil
}

// SavePoll writes a source's polling state. A source removed meanwhile is
// not resurrected.
func (s *DB) SavePoll(ctx context.Context, src summaries.Source) error {
	return savePoll(ctx, s.db, src)
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func savePoll(ctx context.Context, db execer, src summaries.Source) error {
	_, err := db.ExecContext(ctx, `UPDATE sources SET kind = ?, title = ?, etag = ?, last_modified = ?, last_success = ?, last_error = ?,
		errors = ?, items_seen = ?, next_poll = ?, polled_once = ?, paused = ?, lease_expires = '' WHERE id = ?`,
		src.Kind, src.Title, src.ETag, src.LastModified, fixed(src.LastSuccess), src.LastError,
		src.Errors, src.ItemsSeen, fixed(src.NextPoll), src.PolledOnce, src.Paused, src.ID)
	if err != nil {
		return fmt.Errorf("save poll of source %d: %w", src.ID, err)
	}
	return nil
}

// ArticleUnchanged finds the article as PutArticle would (canonical URL,
// then GUID, then content hash) and reports whether its content is the
// same.
func (s *DB) ArticleUnchanged(ctx context.Context, a summaries.Article) (bool, error) {
	hash := a.Hash()
	st, err := s.prep.get(ctx, findArticleSQL)
	if err != nil {
		return false, fmt.Errorf("article %s: %w", a.URL, err)
	}
	var id int64
	var stored string
	err = st.QueryRowContext(ctx, a.URL, a.GUID, hash).Scan(&id, &stored)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("article %s: %w", a.URL, err)
	}
	return stored == hash, nil
}

// findArticleSQL finds the article an article is, as PutArticle
// recognises it: by canonical URL, then feed GUID, then content hash, in
// one statement (three seeks, the first found kept).
const findArticleSQL = `SELECT id, hash FROM (
		SELECT id, hash, 1 AS k FROM articles WHERE url = ?1
		UNION ALL SELECT * FROM (SELECT id, hash, 2 FROM articles WHERE guid = ?2 AND ?2 <> '' ORDER BY id LIMIT 1)
		UNION ALL SELECT * FROM (SELECT id, hash, 3 FROM articles WHERE hash = ?3 ORDER BY id LIMIT 1))
	ORDER BY k LIMIT 1`

// SeedSources adds the built-in sources once in the life of the database.
func (s *DB) SeedSources(ctx context.Context, urls []string, now time.Time) (bool, error) {
	seeded := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO meta(key, value) VALUES ('sources_seeded', ?)`, fixed(now))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		seeded = true
		for _, u := range urls {
			_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO sources(url, added_by, added_at, builtin) VALUES (?, 'readout', ?, 1)`, u, fixed(now))
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("seed sources: %w", err)
	}
	return seeded, nil
}
