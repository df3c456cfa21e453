-- A record's articles are listed from its mentions when it is read, not
-- kept in its JSON: a call covered by a thousand articles rewrote and
-- copied (call_versions) a list of a thousand for each. A version's
-- articles are those whose mention was stored by the time it was saved.
UPDATE calls SET record = (record::jsonb - 'articles')::json WHERE (record::jsonb) ? 'articles';
UPDATE call_versions SET record = (record::jsonb - 'articles')::json WHERE (record::jsonb) ? 'articles';
