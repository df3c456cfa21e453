-- A source is leased to the process polling it (see ClaimDueSources):
-- lease_expires is NULL when it is not leased.
ALTER TABLE sources ADD COLUMN lease_holder text NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN lease_expires timestamptz;
