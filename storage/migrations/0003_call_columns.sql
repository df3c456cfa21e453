-- The facts a query or a report may want without decoding the record:
-- how long, who placed the call, its topics (a JSON list).
ALTER TABLE calls ADD COLUMN duration_minutes INTEGER;
ALTER TABLE calls ADD COLUMN initiator TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN topics TEXT NOT NULL DEFAULT '[]';

UPDATE calls SET
    duration_minutes = json_extract(record, '$.duration_minutes'),
    initiator = COALESCE(json_extract(record, '$.initiator'), ''),
    topics = COALESCE(json_extract(record, '$.topics'), '[]');
