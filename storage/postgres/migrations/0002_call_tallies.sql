-- What each record was built from, counted (summaries.Tally: votes,
-- chosen figures, key-point clusters), so that the next article of a long
-- story folds into the record without every mention of it being read and
-- ranked again. Records built before this table have none: their next
-- article builds them from all their mentions and keeps the tally.
CREATE TABLE call_tallies (
    call_id bigint PRIMARY KEY REFERENCES calls(id) ON DELETE CASCADE,
    tally   text NOT NULL
);
