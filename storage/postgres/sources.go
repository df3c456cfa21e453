package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"readout/summaries"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

const sourceColumns = `id, url, kind, title, added_by, added_at, builtin, etag, last_modified,
	last_success, last_error, errors, items_seen, next_poll, polled_once, paused`

func scanSource(r pgx.Row) (summaries.Source, error) {
	var s summaries.Source
	var added, success, next pgtype.Timestamptz
	err := r.Scan(&s.ID, &s.URL, &s.Kind, &s.Title, &s.AddedBy, &added, &s.Builtin, &s.ETag, &s.LastModified,
		&success, &s.LastError, &s.Errors, &s.ItemsSeen, &next, &s.PolledOnce, &s.Paused)
	if err != nil {
		return summaries.Source{}, err
	}
	s.AddedAt, s.LastSuccess, s.NextPoll = fromInstant(added), fromInstant(success), fromInstant(next)
	return s, nil
}

func querySources(ctx context.Context, q queryer, query string, args ...any) ([]summaries.Source, error) {
	out, err := collect(ctx, q, scanSource, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query sources: %w", err)
	}
	return out, nil
}

// AddSource stores a source or resumes the one with the same URL. The
// insert gives way to a concurrent one of the same URL, which is then
// updated: two processes adding one source make one row.
func (s *DB) AddSource(ctx context.Context, src summaries.Source) (summaries.Source, bool, error) {
	if strings.TrimSpace(src.URL) == "" {
		return summaries.Source{}, false, errors.New("add source: empty URL")
	}
	var stored summaries.Source
	var existed bool
	err := s.tx(ctx, func(tx pgx.Tx) error {
		var err error
		stored, err = scanSource(tx.QueryRow(ctx, `INSERT INTO sources(url, kind, title, added_by, added_at, builtin, etag, last_modified,
			last_success, last_error, errors, items_seen, next_poll, polled_once, paused)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
			ON CONFLICT ((md5(url))) DO NOTHING RETURNING `+sourceColumns,
			clean(src.URL), clean(src.Kind), clean(src.Title), clean(src.AddedBy), instant(src.AddedAt), src.Builtin, clean(src.ETag), clean(src.LastModified),
			instant(src.LastSuccess), clean(src.LastError), src.Errors, src.ItemsSeen, instant(src.NextPoll), src.PolledOnce, src.Paused))
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		existed = true
		stored, err = scanSource(tx.QueryRow(ctx, `UPDATE sources SET kind = $1, title = $2, etag = $3, last_modified = $4, last_success = $5,
			last_error = '', errors = 0, items_seen = items_seen + $6, next_poll = $7, polled_once = $8, paused = false
			WHERE md5(url) = md5($9) AND url = $9 RETURNING `+sourceColumns,
			clean(src.Kind), clean(src.Title), clean(src.ETag), clean(src.LastModified), instant(src.LastSuccess), src.ItemsSeen, instant(src.NextPoll), src.PolledOnce,
			clean(src.URL)))
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
	query, arg := `DELETE FROM sources WHERE md5(url) = md5($1) AND url = $1 RETURNING `+sourceColumns, any(clean(ref))
	if n, err := strconv.ParseInt(strings.TrimPrefix(ref, "#"), 10, 64); err == nil && strings.HasPrefix(ref, "#") {
		query, arg = `DELETE FROM sources WHERE id = $1 RETURNING `+sourceColumns, n
	}
	src, err := scanSource(s.pool.QueryRow(ctx, query, arg))
	if errors.Is(err, pgx.ErrNoRows) {
		err = summaries.ErrNotFound
	}
	if err != nil {
		return summaries.Source{}, fmt.Errorf("remove source %s: %w", ref, err)
	}
	return src, nil
}

// Sources lists every source, oldest first.
func (s *DB) Sources(ctx context.Context) ([]summaries.Source, error) {
	return querySources(ctx, s.pool, `SELECT `+sourceColumns+` FROM sources ORDER BY id`)
}

// DueSources lists the active sources whose next poll is at or before now
// (never polled first).
func (s *DB) DueSources(ctx context.Context, now time.Time) ([]summaries.Source, error) {
	return querySources(ctx, s.pool, `SELECT `+sourceColumns+` FROM sources WHERE NOT paused AND (next_poll IS NULL OR next_poll <= $1)
		ORDER BY next_poll NULLS FIRST, id`, now.UTC())
}

// NextPoll is the earliest next poll of an active source.
func (s *DB) NextPoll(ctx context.Context) (time.Time, error) {
	var next pgtype.Timestamptz
	var never bool
	err := s.pool.QueryRow(ctx, `SELECT MIN(next_poll), COALESCE(bool_or(next_poll IS NULL), false) FROM sources WHERE NOT paused`).Scan(&next, &never)
	if err != nil {
		return time.Time{}, fmt.Errorf("next poll: %w", err)
	}
	if never {
		// Never polled: due at once.
		return time.Unix(0, 0).UTC(), nil
	}
	return fromInstant(next), nil
}

// SavePoll writes a source's polling state. A source removed meanwhile is
// not resurrected.
func (s *DB) SavePoll(ctx context.Context, src summaries.Source) error {
	return savePoll(ctx, s.pool, src)
}

// savePoll writes a source's polling state, in a transaction or not.
func savePoll(ctx context.Context, q execer, src summaries.Source) error {
	_, err := q.Exec(ctx, `UPDATE sources SET kind = $1, title = $2, etag = $3, last_modified = $4, last_success = $5, last_error = $6,
		errors = $7, items_seen = $8, next_poll = $9, polled_once = $10, paused = $11, lease_expires = NULL WHERE id = $12`,
		clean(src.Kind), clean(src.Title), clean(src.ETag), clean(src.LastModified), instant(src.LastSuccess), clean(src.LastError),
		src.Errors, src.ItemsSeen, instant(src.NextPoll), src.PolledOnce, src.Paused, src.ID)
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
	_, stored, err := findArticle(ctx, s.pool, a, hash)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("article %s: %w", a.URL, err)
	}
	return stored == hash, nil
}

// SeedSources adds the built-in sources once in the life of the database.
func (s *DB) SeedSources(ctx context.Context, urls []string, now time.Time) (bool, error) {
	seeded := false
	err := s.tx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `INSERT INTO meta(key, value) VALUES ('sources_seeded', $1) ON CONFLICT (key) DO NOTHING`, now.UTC().Format(time.RFC3339Nano))
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		seeded = true
		for _, u := range urls {
			_, err := tx.Exec(ctx, `INSERT INTO sources(url, added_by, added_at, builtin) VALUES ($1, 'readout', $2, true) ON CONFLICT ((md5(url))) DO NOTHING`,
				clean(u), instant(now))
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
