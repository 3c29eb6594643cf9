-- Cloud generation jobs. The queue itself is River's (its river_job table, migrated by
-- backend/jobs); this is the account's side: what was asked, what it cost, where it stands,
-- and what it made. A job's debit and its row and its River job are written in one
-- transaction; a job ends done or refunded, never both (status moves once, guarded).
CREATE TABLE cloud_jobs (
    id          TEXT PRIMARY KEY,
    account_id  TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    idem_key    TEXT   NOT NULL,
    river_id    BIGINT NOT NULL,
    request     TEXT   NOT NULL,
    price       BIGINT NOT NULL,
    status      TEXT   NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    progress    DOUBLE PRECISION NOT NULL DEFAULT 0,
    error       TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    started_at  BIGINT NOT NULL DEFAULT 0,
    finished_at BIGINT NOT NULL DEFAULT 0,
    UNIQUE (account_id, idem_key)
);
CREATE INDEX cloud_jobs_open ON cloud_jobs (status, river_id);

-- What a job made: one row per result, its audio kept in the results folder.
CREATE TABLE cloud_results (
    job_id     TEXT    NOT NULL REFERENCES cloud_jobs (id) ON DELETE CASCADE,
    n          INTEGER NOT NULL,
    account_id TEXT    NOT NULL,
    seed       BIGINT  NOT NULL,
    seed_drawn INTEGER NOT NULL CHECK (seed_drawn IN (0, 1)), -- 1: drawn by the server, 0: the user's
    seconds    DOUBLE PRECISION NOT NULL,
    sha256     TEXT    NOT NULL,
    -- The audio's fingerprint (backend/fingerprint), against which later results are
    -- checked so that an account never receives the same audio twice; empty when too short.
    print      BLOB    NOT NULL,
    path       TEXT    NOT NULL,
    -- The signed license certificate (backend/license), as exported.
    certificate TEXT   NOT NULL,
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (job_id, n)
);
CREATE INDEX cloud_results_hash ON cloud_results (account_id, sha256);
-- A seed the server draws is never drawn twice for one account.
CREATE UNIQUE INDEX cloud_results_seed ON cloud_results (account_id, seed) WHERE seed_drawn = 1;
