-- A brief listing (CallFilter.Brief) gives a call's length from its
-- columns: "more than 90 minutes" (summaries.Call.DurationAtLeast) was read
-- as 90 minutes.
ALTER TABLE calls ADD COLUMN duration_at_least boolean NOT NULL DEFAULT false;
UPDATE calls SET duration_at_least = true WHERE (record->>'duration_at_least')::boolean IS TRUE;
