-- Free words ("calls about sanctions") are answered newest first and stop
-- at a limit. articles_fts and calls_fts gave the matches in article or
-- call id order, so a common word meant reading all of them (25,000 on a
-- store of 100,000 articles) to find the newest 200 calls, and every
-- article was indexed though only those that report a call are searched.
--
-- call_words holds one row per reported mention (its article's title and
-- text) and one per call summary, each with a token per participant of
-- the call ('l' and the hex of the leader id, which no word of text
-- forms) and one per pair of them ('p' and the hex of 'a+b', a < b):
-- "xi calls about tariffs" or "did trump and putin discuss tomahawks" is
-- an intersection of the index's own lists, never a lookup per match, and
-- a pair's list is far shorter than either leader's, which the
-- intersection steps through. The rowid puts the call's day first,
-- newest lowest, so a search reads the index in rowid order and stops:
--   (5373485 - julian day of the call's date) << 33   newest first
--   | 1 << 32 for a call's summary, 0 for a mention
--   | the mention or call id (below 2^32)
-- The index keeps no text (contentless) and no positions (detail=none):
-- searches quote each word alone, never a phrase. The triggers keep every
-- row keyed by its call's current date whoever writes calls, mentions or
-- articles; a row whose call is not built (version 0) is filtered out by
-- the search.
CREATE VIRTUAL TABLE call_words USING fts5(text, content='', contentless_delete=1, detail=none);

-- A search reads the call of each mention row it matches: from this
-- index, a few bytes an entry, rather than from mentions' rows, which hold
-- the facts (a page each on a big store).
CREATE INDEX mentions_call_of ON mentions(id, call_id);

CREATE TRIGGER call_words_mention_ai AFTER INSERT ON mentions
WHEN new.role = 'reported' AND new.call_id IS NOT NULL BEGIN
    INSERT INTO call_words(rowid, text)
        SELECT ((5373485 - CAST(COALESCE(julianday(c.date), 1721425.5) AS INTEGER)) << 33) | new.id, a.title || char(10) || a.text || char(10) || (SELECT group_concat(t, ' ') FROM (SELECT 'l' || hex(x.value) AS t FROM json_each('["' || replace(c.people, '+', '","') || '"]') x
            UNION ALL SELECT 'p' || hex(x.value || '+' || y.value) FROM json_each('["' || replace(c.people, '+', '","') || '"]') x, json_each('["' || replace(c.people, '+', '","') || '"]') y WHERE x.value < y.value))
        FROM calls c, articles a WHERE c.id = new.call_id AND a.id = new.article_id;
END;

CREATE TRIGGER call_words_mention_ad AFTER DELETE ON mentions
WHEN old.role = 'reported' AND old.call_id IS NOT NULL BEGIN
    DELETE FROM call_words WHERE rowid =
        (SELECT ((5373485 - CAST(COALESCE(julianday(c.date), 1721425.5) AS INTEGER)) << 33) | old.id FROM calls c WHERE c.id = old.call_id);
END;

CREATE TRIGGER call_words_mention_au AFTER UPDATE OF call_id, role ON mentions
WHEN old.call_id IS NOT new.call_id OR old.role IS NOT new.role BEGIN
    DELETE FROM call_words WHERE old.role = 'reported' AND rowid =
        (SELECT ((5373485 - CAST(COALESCE(julianday(c.date), 1721425.5) AS INTEGER)) << 33) | old.id FROM calls c WHERE c.id = old.call_id);
    INSERT INTO call_words(rowid, text)
        SELECT ((5373485 - CAST(COALESCE(julianday(c.date), 1721425.5) AS INTEGER)) << 33) | new.id, a.title || char(10) || a.text || char(10) || (SELECT group_concat(t, ' ') FROM (SELECT 'l' || hex(x.value) AS t FROM json_each('["' || replace(c.people, '+', '","') || '"]') x
            UNION ALL SELECT 'p' || hex(x.value || '+' || y.value) FROM json_each('["' || replace(c.people, '+', '","') || '"]') x, json_each('["' || replace(c.people, '+', '","') || '"]') y WHERE x.value < y.value))
        FROM calls c, articles a WHERE new.role = 'reported' AND c.id = new.call_id AND a.id = new.article_id;
END;

CREATE TRIGGER call_words_call_ai AFTER INSERT ON calls WHEN new.summary <> '' BEGIN
    INSERT INTO call_words(rowid, text)
        VALUES (((5373485 - CAST(COALESCE(julianday(new.date), 1721425.5) AS INTEGER)) << 33) | (1 << 32) | new.id, new.summary || char(10) || (SELECT group_concat(t, ' ') FROM (SELECT 'l' || hex(x.value) AS t FROM json_each('["' || replace(new.people, '+', '","') || '"]') x
            UNION ALL SELECT 'p' || hex(x.value || '+' || y.value) FROM json_each('["' || replace(new.people, '+', '","') || '"]') x, json_each('["' || replace(new.people, '+', '","') || '"]') y WHERE x.value < y.value)));
END;

-- A new date or new people move every row of the call; a new summary
-- replaces its row.
CREATE TRIGGER call_words_call_au AFTER UPDATE OF date, people, summary ON calls
WHEN old.date IS NOT new.date OR old.people IS NOT new.people OR old.summary IS NOT new.summary BEGIN
    DELETE FROM call_words WHERE old.summary <> ''
        AND rowid = ((5373485 - CAST(COALESCE(julianday(old.date), 1721425.5) AS INTEGER)) << 33) | (1 << 32) | old.id;
    INSERT INTO call_words(rowid, text)
        SELECT ((5373485 - CAST(COALESCE(julianday(new.date), 1721425.5) AS INTEGER)) << 33) | (1 << 32) | new.id, new.summary || char(10) || (SELECT group_concat(t, ' ') FROM (SELECT 'l' || hex(x.value) AS t FROM json_each('["' || replace(new.people, '+', '","') || '"]') x
            UNION ALL SELECT 'p' || hex(x.value || '+' || y.value) FROM json_each('["' || replace(new.people, '+', '","') || '"]') x, json_each('["' || replace(new.people, '+', '","') || '"]') y WHERE x.value < y.value))
        WHERE new.summary <> '';
    DELETE FROM call_words WHERE (old.date IS NOT new.date OR old.people IS NOT new.people) AND rowid IN
        (SELECT ((5373485 - CAST(COALESCE(julianday(old.date), 1721425.5) AS INTEGER)) << 33) | m.id
         FROM mentions m WHERE m.call_id = old.id AND m.role = 'reported');
    INSERT INTO call_words(rowid, text)
        SELECT ((5373485 - CAST(COALESCE(julianday(new.date), 1721425.5) AS INTEGER)) << 33) | m.id, a.title || char(10) || a.text || char(10) || (SELECT group_concat(t, ' ') FROM (SELECT 'l' || hex(x.value) AS t FROM json_each('["' || replace(new.people, '+', '","') || '"]') x
            UNION ALL SELECT 'p' || hex(x.value || '+' || y.value) FROM json_each('["' || replace(new.people, '+', '","') || '"]') x, json_each('["' || replace(new.people, '+', '","') || '"]') y WHERE x.value < y.value))
        FROM mentions m, articles a WHERE (old.date IS NOT new.date OR old.people IS NOT new.people) AND m.call_id = new.id AND m.role = 'reported' AND a.id = m.article_id;
END;

-- BEFORE: the call's mentions still name it (their call_id is cleared by
-- the foreign key after).
CREATE TRIGGER call_words_call_bd BEFORE DELETE ON calls BEGIN
    DELETE FROM call_words WHERE rowid IN
        (SELECT ((5373485 - CAST(COALESCE(julianday(old.date), 1721425.5) AS INTEGER)) << 33) | m.id
         FROM mentions m WHERE m.call_id = old.id AND m.role = 'reported'
         UNION ALL SELECT ((5373485 - CAST(COALESCE(julianday(old.date), 1721425.5) AS INTEGER)) << 33) | (1 << 32) | old.id);
END;

CREATE TRIGGER call_words_article_au AFTER UPDATE OF title, text ON articles
WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN
    DELETE FROM call_words WHERE rowid IN
        (SELECT ((5373485 - CAST(COALESCE(julianday(c.date), 1721425.5) AS INTEGER)) << 33) | m.id
         FROM mentions m, calls c WHERE m.article_id = new.id AND m.role = 'reported' AND c.id = m.call_id);
    INSERT INTO call_words(rowid, text)
        SELECT ((5373485 - CAST(COALESCE(julianday(c.date), 1721425.5) AS INTEGER)) << 33) | m.id, new.title || char(10) || new.text || char(10) || (SELECT group_concat(t, ' ') FROM (SELECT 'l' || hex(x.value) AS t FROM json_each('["' || replace(c.people, '+', '","') || '"]') x
            UNION ALL SELECT 'p' || hex(x.value || '+' || y.value) FROM json_each('["' || replace(c.people, '+', '","') || '"]') x, json_each('["' || replace(c.people, '+', '","') || '"]') y WHERE x.value < y.value))
        FROM mentions m, calls c WHERE m.article_id = new.id AND m.role = 'reported' AND c.id = m.call_id;
END;

-- Existing databases: index what is stored, then drop the indexes this
-- one replaces (and their triggers, which would keep indexing every
-- article).
INSERT INTO call_words(rowid, text)
    SELECT ((5373485 - CAST(COALESCE(julianday(c.date), 1721425.5) AS INTEGER)) << 33) | m.id, a.title || char(10) || a.text || char(10) || (SELECT group_concat(t, ' ') FROM (SELECT 'l' || hex(x.value) AS t FROM json_each('["' || replace(c.people, '+', '","') || '"]') x
            UNION ALL SELECT 'p' || hex(x.value || '+' || y.value) FROM json_each('["' || replace(c.people, '+', '","') || '"]') x, json_each('["' || replace(c.people, '+', '","') || '"]') y WHERE x.value < y.value))
    FROM mentions m, calls c, articles a WHERE m.role = 'reported' AND c.id = m.call_id AND a.id = m.article_id;
INSERT INTO call_words(rowid, text)
    SELECT ((5373485 - CAST(COALESCE(julianday(c.date), 1721425.5) AS INTEGER)) << 33) | (1 << 32) | c.id, c.summary || char(10) || (SELECT group_concat(t, ' ') FROM (SELECT 'l' || hex(x.value) AS t FROM json_each('["' || replace(c.people, '+', '","') || '"]') x
            UNION ALL SELECT 'p' || hex(x.value || '+' || y.value) FROM json_each('["' || replace(c.people, '+', '","') || '"]') x, json_each('["' || replace(c.people, '+', '","') || '"]') y WHERE x.value < y.value))
    FROM calls c WHERE c.summary <> '';

DROP TRIGGER articles_ai;
DROP TRIGGER articles_ad;
DROP TRIGGER articles_au;
DROP TRIGGER calls_ai;
DROP TRIGGER calls_ad;
DROP TRIGGER calls_au;
DROP TABLE articles_fts;
DROP TABLE calls_fts;
