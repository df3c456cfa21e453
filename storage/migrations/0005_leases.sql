-- Work only one process may do per database, such as polling the sources
-- and delivering digests: held by one holder until it expires, renewed
-- while the holder lives.
CREATE TABLE leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    expires     TEXT NOT NULL
);
