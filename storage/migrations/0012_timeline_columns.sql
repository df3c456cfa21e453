-- A list or a count charts up to 200 calls of a pair or a leader: who
-- took part, when, by what medium, how long. Read from calls, each of
-- those calls costs a page of its own (its record and summary fill it);
-- the lookup tables already hold the pair's or leader's calls side by
-- side, newest first, so they also keep the people and the length
-- (CallFilter.Timeline).
ALTER TABLE call_leaders ADD COLUMN people TEXT NOT NULL DEFAULT '';
ALTER TABLE call_leaders ADD COLUMN duration_minutes INTEGER;
ALTER TABLE call_pairs ADD COLUMN people TEXT NOT NULL DEFAULT '';
ALTER TABLE call_pairs ADD COLUMN duration_minutes INTEGER;

DROP TRIGGER calls_lookup_ai;
DROP TRIGGER calls_lookup_au;

CREATE TRIGGER calls_lookup_ai AFTER INSERT ON calls WHEN new.version > 0 BEGIN
    INSERT OR IGNORE INTO call_leaders(leader, date, call_id, medium, people, duration_minutes)
        SELECT p.value, new.date, new.id, new.medium, new.people, new.duration_minutes FROM json_each('["' || replace(new.people, '+', '","') || '"]') p
        WHERE p.value <> '';
    INSERT OR IGNORE INTO call_pairs(a, b, date, call_id, medium, people, duration_minutes)
        SELECT x.value, y.value, new.date, new.id, new.medium, new.people, new.duration_minutes
        FROM json_each('["' || replace(new.people, '+', '","') || '"]') x, json_each('["' || replace(new.people, '+', '","') || '"]') y
        WHERE x.value <> '' AND x.value < y.value;
END;

CREATE TRIGGER calls_lookup_au AFTER UPDATE OF people, date, medium, duration_minutes, version ON calls
WHEN old.people IS NOT new.people OR old.date IS NOT new.date OR old.medium IS NOT new.medium
    OR old.duration_minutes IS NOT new.duration_minutes OR (old.version > 0) IS NOT (new.version > 0) BEGIN
    DELETE FROM call_leaders WHERE date = old.date AND call_id = old.id
        AND leader IN (SELECT value FROM json_each('["' || replace(old.people, '+', '","') || '"]'));
    DELETE FROM call_pairs WHERE date = old.date AND call_id = old.id
        AND a IN (SELECT value FROM json_each('["' || replace(old.people, '+', '","') || '"]'))
        AND b IN (SELECT value FROM json_each('["' || replace(old.people, '+', '","') || '"]'));
    INSERT OR IGNORE INTO call_leaders(leader, date, call_id, medium, people, duration_minutes)
        SELECT p.value, new.date, new.id, new.medium, new.people, new.duration_minutes FROM json_each('["' || replace(new.people, '+', '","') || '"]') p
        WHERE new.version > 0 AND p.value <> '';
    INSERT OR IGNORE INTO call_pairs(a, b, date, call_id, medium, people, duration_minutes)
        SELECT x.value, y.value, new.date, new.id, new.medium, new.people, new.duration_minutes
        FROM json_each('["' || replace(new.people, '+', '","') || '"]') x, json_each('["' || replace(new.people, '+', '","') || '"]') y
        WHERE new.version > 0 AND x.value <> '' AND x.value < y.value;
END;

UPDATE call_leaders SET (people, duration_minutes) = (SELECT c.people, c.duration_minutes FROM calls c WHERE c.id = call_leaders.call_id);
UPDATE call_pairs SET (people, duration_minutes) = (SELECT c.people, c.duration_minutes FROM calls c WHERE c.id = call_pairs.call_id);

-- The articles of the calls a list shows (CallArticles) are read through
-- their mentions: this index holds what that reads of a mention, so that
-- the mention's row (its facts, a page each on a big store) is not read.
-- It leads with call_id, as the index it replaces did.
CREATE INDEX mentions_call_articles ON mentions(call_id, id, article_id, role, created_at);
DROP INDEX mentions_call;
