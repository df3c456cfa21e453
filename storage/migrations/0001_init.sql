-- Sources readout follows (feeds and pages), with their polling state.
CREATE TABLE sources (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    added_by      TEXT NOT NULL DEFAULT '',
    added_at      TEXT NOT NULL,
    builtin       INTEGER NOT NULL DEFAULT 0,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    last_success  TEXT NOT NULL DEFAULT '',
    last_error    TEXT NOT NULL DEFAULT '',
    errors        INTEGER NOT NULL DEFAULT 0,
    items_seen    INTEGER NOT NULL DEFAULT 0,
    next_poll     TEXT NOT NULL DEFAULT '',
    polled_once   INTEGER NOT NULL DEFAULT 0,
    paused        INTEGER NOT NULL DEFAULT 0
);

-- Articles as fetched; the canonical URL is the identity.
CREATE TABLE articles (
    id         INTEGER PRIMARY KEY,
    url        TEXT NOT NULL UNIQUE,
    guid       TEXT NOT NULL DEFAULT '',
    hash       TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    outlet     TEXT NOT NULL DEFAULT '',
    published  TEXT NOT NULL DEFAULT '',
    text       TEXT NOT NULL DEFAULT '',
    source_id  INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    fetched_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX articles_guid ON articles(guid) WHERE guid <> '';
CREATE INDEX articles_hash ON articles(hash);

-- One record per call. record holds the full summaries.Call as JSON; the
-- columns beside it are what queries filter on.
CREATE TABLE calls (
    id         INTEGER PRIMARY KEY,
    people     TEXT NOT NULL,          -- leader ids joined with '+', sorted
    date       TEXT NOT NULL,          -- YYYY-MM-DD
    medium     TEXT NOT NULL DEFAULT '',
    record     TEXT NOT NULL,
    summary    TEXT NOT NULL DEFAULT '',
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX calls_date ON calls(date);

CREATE TABLE call_people (
    call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    leader  TEXT NOT NULL,
    PRIMARY KEY (call_id, leader)
);
CREATE INDEX call_people_leader ON call_people(leader);

-- What each article says of a call (the facts it yielded, as JSON), and
-- so which articles a record is drawn from. call_id is NULL for a call
-- recalled in passing that no record matches yet.
CREATE TABLE mentions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    call_id    INTEGER REFERENCES calls(id) ON DELETE SET NULL,
    role       TEXT NOT NULL,
    people     TEXT NOT NULL,
    date       TEXT NOT NULL,
    facts      TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX mentions_call ON mentions(call_id);
CREATE INDEX mentions_loose ON mentions(date) WHERE call_id IS NULL;

-- Each change of a record: what a digest says is new.
CREATE TABLE call_changes (
    call_id    INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    changed_at TEXT NOT NULL,
    changes    TEXT NOT NULL,
    PRIMARY KEY (call_id, version)
);

-- Full-text search over articles and call summaries.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='id');
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE VIRTUAL TABLE calls_fts USING fts5(summary, content='calls', content_rowid='id');
CREATE TRIGGER calls_ai AFTER INSERT ON calls BEGIN
    INSERT INTO calls_fts(rowid, summary) VALUES (new.id, new.summary);
END;
CREATE TRIGGER calls_ad AFTER DELETE ON calls BEGIN
    INSERT INTO calls_fts(calls_fts, rowid, summary) VALUES ('delete', old.id, old.summary);
END;
CREATE TRIGGER calls_au AFTER UPDATE OF summary ON calls BEGIN
    INSERT INTO calls_fts(calls_fts, rowid, summary) VALUES ('delete', old.id, old.summary);
    INSERT INTO calls_fts(rowid, summary) VALUES (new.id, new.summary);
END;

-- Platform event ids already answered (Slack retries), kept for an hour.
CREATE TABLE events_seen (
    id      TEXT PRIMARY KEY,
    seen_at TEXT NOT NULL
);
