-- Work only one process may do at a time for a database (as SQLite's
-- migration 0005): held by one holder until it expires, renewed while the
-- holder lives.
CREATE TABLE leases (
    name        text PRIMARY KEY,
    holder      text NOT NULL,
    acquired_at timestamptz NOT NULL,
    expires     timestamptz NOT NULL
);
