-- The catalog of protected recordings the copyright scan matches uploads against: one
-- fingerprint per recording (fingerprint.Print.MarshalBinary). Lengths are milliseconds.
CREATE TABLE catalog_tracks (
    id        TEXT PRIMARY KEY,
    title     TEXT   NOT NULL,
    source    TEXT   NOT NULL DEFAULT '',
    length_ms BIGINT NOT NULL,
    print     BYTEA  NOT NULL,
    added_at  BIGINT NOT NULL
);

-- Every upload, kept or refused. A refused one (status 'matched') keeps only this record:
-- its audio was deleted when the scan matched. No upload is ever used for training.
CREATE TABLE uploads (
    id               TEXT PRIMARY KEY,
    account_id       TEXT    NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    idem_key         TEXT    NOT NULL,
    name             TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL CHECK (status IN ('stored', 'matched')),
    original_ms      BIGINT  NOT NULL,
    length_ms        BIGINT  NOT NULL,
    charged_seconds  BIGINT  NOT NULL,
    matched_track    TEXT,
    match_offset_ms  BIGINT,
    match_confidence DOUBLE PRECISION,
    for_training     INTEGER NOT NULL DEFAULT 0 CHECK (for_training = 0),
    created_at       BIGINT  NOT NULL,
    UNIQUE (account_id, idem_key)
);
CREATE INDEX uploads_account ON uploads (account_id, created_at);
