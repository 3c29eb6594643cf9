-- How a track was made beyond its prompt: what it leaves out and, for audio to audio, the
-- input's file name (the recording itself is not kept) and how much of it was followed.
-- Tracks made before this migration were text to audio with no negative prompt.
ALTER TABLE tracks ADD COLUMN negative TEXT NOT NULL DEFAULT '';
ALTER TABLE tracks ADD COLUMN input_name TEXT NOT NULL DEFAULT ''; -- '' = text to audio
ALTER TABLE tracks ADD COLUMN strength REAL NOT NULL DEFAULT 0 CHECK (strength BETWEEN 0 AND 1);
