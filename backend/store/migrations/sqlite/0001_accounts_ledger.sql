-- Times are BIGINT microseconds since the Unix epoch, UTC, on both databases.
CREATE TABLE accounts (
    id                    TEXT PRIMARY KEY,
    email                 TEXT    NOT NULL UNIQUE,
    password_hash         TEXT    NOT NULL,
    tier                  TEXT    NOT NULL,
    anchor_at             BIGINT  NOT NULL,
    period_start          BIGINT  NOT NULL DEFAULT 0,
    period_end            BIGINT  NOT NULL DEFAULT 0,
    custom_credits        BIGINT,
    custom_upload_seconds BIGINT,
    staff                 INTEGER NOT NULL DEFAULT 0 CHECK (staff IN (0, 1)),
    created_at            BIGINT  NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE ledger_entries (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id   TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    asset        TEXT   NOT NULL CHECK (asset IN ('credits', 'upload_seconds')),
    kind         TEXT   NOT NULL CHECK (kind IN ('grant', 'debit', 'refund', 'expiry')),
    amount       BIGINT NOT NULL,
    period_start BIGINT NOT NULL,
    idem_key     TEXT   NOT NULL,
    reference    TEXT   NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    UNIQUE (account_id, idem_key)
);
-- A balance is the sum of the current period's entries (each ended period was closed by an
-- expiry that brought it to zero); with amount in the index the sum never reads the table.
CREATE INDEX ledger_entries_balance ON ledger_entries (account_id, asset, period_start, amount);

-- The ledger is append-only: history is corrected by new entries, never by edits.
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger entries are append-only');
END;
