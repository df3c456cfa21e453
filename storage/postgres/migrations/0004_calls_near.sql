-- A mention of one or two leaders can only be a call of exactly them
-- (summaries.SameCall): ingestion looks such calls up by people and day,
-- instead of reading every call of either leader in the days around.
CREATE INDEX calls_people_date ON calls(people, date);
