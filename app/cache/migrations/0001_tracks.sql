-- The library: one row per generated track. Audio lives in files; the row points at them.
CREATE TABLE tracks (
    id         TEXT PRIMARY KEY,
    prompt     TEXT    NOT NULL,
    model      TEXT    NOT NULL,
    seed       INTEGER NOT NULL,
    seconds    REAL    NOT NULL CHECK (seconds > 0),
    created_at TEXT    NOT NULL, -- RFC 3339 with nanoseconds, UTC: sorts as text
    file_path  TEXT    NOT NULL,
    peaks      BLOB    NOT NULL, -- little-endian float32 per waveform column
    favourite  INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1))
);
CREATE INDEX tracks_created_at ON tracks (created_at DESC);
