-- A source is leased to the process polling it (see ClaimDueSources):
-- lease_expires is '' when it is not leased.
ALTER TABLE sources ADD COLUMN lease_holder TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN lease_expires TEXT NOT NULL DEFAULT '';
