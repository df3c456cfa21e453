-- Answers look calls up by who took part and when, newest first, and stop
-- at a limit. Before this, every lookup walked calls by date and read each
-- row's record JSON (and its overflow pages, since version sat after it).
-- These tables hold one narrow row per participant and per pair of
-- participants of every built record (version > 0), keyed so that a
-- lookup is one index seek that reads only the rows it returns; the record
-- is read from calls for those rows alone.
CREATE TABLE call_leaders (
    leader  TEXT NOT NULL,
    date    TEXT NOT NULL,
    call_id INTEGER NOT NULL,
    medium  TEXT NOT NULL,
    PRIMARY KEY (leader, date, call_id)
) WITHOUT ROWID;

-- A pair is stored once, its ids in order (a < b).
CREATE TABLE call_pairs (
    a       TEXT NOT NULL,
    b       TEXT NOT NULL,
    date    TEXT NOT NULL,
    call_id INTEGER NOT NULL,
    medium  TEXT NOT NULL,
    PRIMARY KEY (a, b, date, call_id)
) WITHOUT ROWID;

-- Listings that name no leader ("calls this week") walk built records by
-- date through this index alone.
CREATE INDEX calls_built ON calls(date, id, medium) WHERE version > 0;

-- Free words start from the articles that match them: which call each
-- reports, read from this index alone (half the time of reading mentions).
CREATE INDEX mentions_reported ON mentions(article_id, call_id) WHERE role = 'reported';

-- The tables follow calls by trigger, so that every writer of calls keeps
-- them right. calls.people is the sorted ids joined with '+'; ids are
-- gazetteer slugs, so quoting them as a JSON array is safe.
CREATE TRIGGER calls_lookup_ai AFTER INSERT ON calls WHEN new.version > 0 BEGIN
    INSERT OR IGNORE INTO call_leaders(leader, date, call_id, medium)
        SELECT p.value, new.date, new.id, new.medium FROM json_each('["' || replace(new.people, '+', '","') || '"]') p
        WHERE p.value <> '';
    INSERT OR IGNORE INTO call_pairs(a, b, date, call_id, medium)
        SELECT x.value, y.value, new.date, new.id, new.medium
        FROM json_each('["' || replace(new.people, '+', '","') || '"]') x, json_each('["' || replace(new.people, '+', '","') || '"]') y
        WHERE x.value <> '' AND x.value < y.value;
END;

CREATE TRIGGER calls_lookup_au AFTER UPDATE OF people, date, medium, version ON calls
WHEN old.people IS NOT new.people OR old.date IS NOT new.date OR old.medium IS NOT new.medium OR (old.version > 0) IS NOT (new.version > 0) BEGIN
    DELETE FROM call_leaders WHERE date = old.date AND call_id = old.id
        AND leader IN (SELECT value FROM json_each('["' || replace(old.people, '+', '","') || '"]'));
    DELETE FROM call_pairs WHERE date = old.date AND call_id = old.id
        AND a IN (SELECT value FROM json_each('["' || replace(old.people, '+', '","') || '"]'))
        AND b IN (SELECT value FROM json_each('["' || replace(old.people, '+', '","') || '"]'));
    INSERT OR IGNORE INTO call_leaders(leader, date, call_id, medium)
        SELECT p.value, new.date, new.id, new.medium FROM json_each('["' || replace(new.people, '+', '","') || '"]') p
        WHERE new.version > 0 AND p.value <> '';
    INSERT OR IGNORE INTO call_pairs(a, b, date, call_id, medium)
        SELECT x.value, y.value, new.date, new.id, new.medium
        FROM json_each('["' || replace(new.people, '+', '","') || '"]') x, json_each('["' || replace(new.people, '+', '","') || '"]') y
        WHERE new.version > 0 AND x.value <> '' AND x.value < y.value;
END;

CREATE TRIGGER calls_lookup_ad AFTER DELETE ON calls BEGIN
    DELETE FROM call_leaders WHERE date = old.date AND call_id = old.id
        AND leader IN (SELECT value FROM json_each('["' || replace(old.people, '+', '","') || '"]'));
    DELETE FROM call_pairs WHERE date = old.date AND call_id = old.id
        AND a IN (SELECT value FROM json_each('["' || replace(old.people, '+', '","') || '"]'))
        AND b IN (SELECT value FROM json_each('["' || replace(old.people, '+', '","') || '"]'));
END;

-- Existing databases: index the records already built.
INSERT OR IGNORE INTO call_leaders(leader, date, call_id, medium)
    SELECT p.value, c.date, c.id, c.medium FROM calls c, json_each('["' || replace(c.people, '+', '","') || '"]') p
    WHERE c.version > 0 AND p.value <> '';
INSERT OR IGNORE INTO call_pairs(a, b, date, call_id, medium)
    SELECT x.value, y.value, c.date, c.id, c.medium
    FROM calls c, json_each('["' || replace(c.people, '+', '","') || '"]') x, json_each('["' || replace(c.people, '+', '","') || '"]') y
    WHERE c.version > 0 AND x.value <> '' AND x.value < y.value;
