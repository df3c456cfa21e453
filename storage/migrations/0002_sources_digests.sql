-- Small facts about the database itself, such as whether the default
-- sources were ever seeded.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE INDEX sources_due ON sources(next_poll) WHERE paused = 0;

-- Feed GUIDs are looked up with a bound parameter, which the partial index
-- of 0001 (WHERE guid <> '') cannot serve: SQLite cannot prove the
-- parameter non-empty, and scanned the whole table for every polled item.
CREATE INDEX articles_guid_lookup ON articles(guid);

-- Every version of every record, kept by a trigger, so that a digest can
-- say what changed between the version a channel saw and the current one.
CREATE TABLE call_versions (
    call_id  INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
    version  INTEGER NOT NULL,
    record   TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (call_id, version)
);
CREATE INDEX call_versions_saved ON call_versions(saved_at);
INSERT INTO call_versions(call_id, version, record, saved_at)
    SELECT id, version, record, last_seen FROM calls WHERE version > 0;
CREATE TRIGGER calls_version_kept AFTER UPDATE OF version ON calls
WHEN new.version > old.version BEGIN
    INSERT OR REPLACE INTO call_versions(call_id, version, record, saved_at)
        VALUES (new.id, new.version, new.record, new.last_seen);
END;

-- One subscription per channel.
CREATE TABLE digest_subscriptions (
    id            INTEGER PRIMARY KEY,
    platform      TEXT NOT NULL,
    channel       TEXT NOT NULL,
    leaders       TEXT NOT NULL DEFAULT '',   -- leader ids joined with '+'
    schedule      TEXT NOT NULL DEFAULT '',   -- empty: new coverage as it comes
    empty_posts   INTEGER NOT NULL DEFAULT 0,
    created_by    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    period_start  TEXT NOT NULL,
    paused        INTEGER NOT NULL DEFAULT 0,
    paused_reason TEXT NOT NULL DEFAULT '',
    UNIQUE (platform, channel)
);

-- Record versions waiting for a channel's next new-coverage post (the
-- batch window), kept in the database so that a restart loses none.
CREATE TABLE digest_queue (
    subscription_id INTEGER NOT NULL REFERENCES digest_subscriptions(id) ON DELETE CASCADE,
    call_id         INTEGER NOT NULL,
    version         INTEGER NOT NULL,
    queued_at       TEXT NOT NULL,
    PRIMARY KEY (subscription_id, call_id, version)
);

-- Every post, recorded before it is sent. Keyed by channel rather than
-- subscription, so that re-subscribing never brings a digest twice.
CREATE TABLE digest_deliveries (
    id              INTEGER PRIMARY KEY,
    subscription_id INTEGER,
    platform        TEXT NOT NULL,
    channel         TEXT NOT NULL,
    key             TEXT NOT NULL,
    messages        TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt    TEXT NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    sent_at         TEXT NOT NULL DEFAULT '',
    UNIQUE (platform, channel, key)
);
CREATE INDEX digest_deliveries_pending ON digest_deliveries(next_attempt) WHERE state = 'pending';

-- The record versions each channel was sent (or is about to be).
CREATE TABLE digest_delivered_calls (
    platform    TEXT NOT NULL,
    channel     TEXT NOT NULL,
    call_id     INTEGER NOT NULL,
    version     INTEGER NOT NULL,
    delivery_id INTEGER NOT NULL REFERENCES digest_deliveries(id) ON DELETE CASCADE,
    PRIMARY KEY (platform, channel, call_id, version)
);
