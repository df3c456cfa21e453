package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"readout/config"
	"readout/storage"
	"readout/storage/postgres"
)

// migrateFlags moves a deployment from its SQLite file to PostgreSQL.
func migrateFlags(fs *flag.FlagSet) func(context.Context, config.Config, []string, Env) int {
	from := fs.String("from", "", "the SQLite database to copy: sqlite:PATH or a path")
	to := fs.String("to", "", "the empty PostgreSQL database to copy into: a postgres:// URL")
	return func(ctx context.Context, _ config.Config, args []string, env Env) int {
		use := commandUsage("migrate", commands()["migrate"])
		switch {
		case len(args) > 0:
			return usageError(env, "readout migrate", fmt.Sprintf("unexpected argument %q", args[0]), use)
		case *from == "" || *to == "":
			return usageError(env, "readout migrate", "name both databases: --from sqlite:PATH --to postgres://...", use)
		case isPostgres(*from):
			return usageError(env, "readout migrate", "--from names the SQLite file the deployment uses now", use)
		case !isPostgres(*to):
			return usageError(env, "readout migrate", "--to names a PostgreSQL database by a postgres:// URL", use)
		}
		counts, err := migrate(ctx, sqlitePath(*from), *to)
		if err != nil {
			fmt.Fprintln(env.Stderr, "readout migrate:", err)
			return 1
		}
		fmt.Fprintf(env.Stdout, "copied %s into %s (one transaction; ids kept; counts checked):\n", sqlitePath(*from), describeStore(*to))
		fmt.Fprintf(env.Stdout, "  %-24s %12s %16s\n", "table", "SQLite rows", "PostgreSQL rows")
		for _, c := range counts {
			if c.Skipped == "" {
				fmt.Fprintf(env.Stdout, "  %-24s %12d %16d\n", c.Table, c.From, c.To)
			}
		}
		for _, c := range counts {
			if c.Skipped != "" {
				fmt.Fprintf(env.Stdout, "not copied: %s: %s\n", c.Table, c.Skipped)
			}
		}
		return 0
	}
}

// migrate copies the SQLite database at path into the PostgreSQL database
// at url, which must be empty; the file may be in use meanwhile (the copy
// reads one snapshot of it).
func migrate(ctx context.Context, path, url string) ([]postgres.TableCount, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no SQLite database to copy: %w", err)
	}
	src, err := storage.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	defer dst.Close()
	var counts []postgres.TableCount
	err = src.Snapshot(ctx, func(sn *storage.Snapshot) error {
		counts, err = dst.Load(ctx, sn)
		return err
	})
	if errors.Is(err, postgres.ErrNotEmpty) {
		return nil, fmt.Errorf("%s: nothing copied: %w", describeStore(url), err)
	}
	return counts, err
}
