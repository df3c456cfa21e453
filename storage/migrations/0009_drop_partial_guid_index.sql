-- articles_guid (0001, partial) serves no lookup since articles_guid_lookup
-- (0002) does them all, yet every article stored paid for it.
DROP INDEX IF EXISTS articles_guid;
