-- A brief listing (CallFilter.Brief) gives a call's length from its
-- columns: "more than 90 minutes" (summaries.Call.DurationAtLeast) was read
-- as 90 minutes. Records stored deflated are read by the step in Go that
-- follows this migration (goSteps in storage.go).
ALTER TABLE calls ADD COLUMN duration_at_least INTEGER NOT NULL DEFAULT 0;
