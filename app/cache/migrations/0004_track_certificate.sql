-- A cloud-generated track's signed license certificate (backend/license), as the account
-- server delivered it; '' for a track rendered on this computer.
ALTER TABLE tracks ADD COLUMN certificate TEXT NOT NULL DEFAULT '';
