package storage

import (
	"context"
	"fmt"
)

// Footprint measures the database: its size in bytes, the bytes of article
// text it holds, and how many articles and built call records. Benchmarks
// and reports use it to say what the store costs beyond the text itself.
func (s *DB) Footprint(ctx context.Context) (size, text, articles, calls int64, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT
		(SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size()),
		(SELECT COALESCE(SUM(length(CAST(text AS BLOB))), 0) FROM articles),
		(SELECT COUNT(*) FROM articles),
		(SELECT COUNT(*) FROM calls WHERE version > 0)`).Scan(&size, &text, &articles, &calls)
	if err != nil {
		return 0, 0, 0, 0, fmt.Errorf("footprint: %w", err)
	}
	return size, text, articles, calls, nil
}
