-- Billing through Stripe. Stripe is the source of truth for payments; these tables hold
-- what the server has applied of it, so that every webhook event takes effect once.

-- The Stripe customer is made on first need (checkout, portal) and kept with the account.
ALTER TABLE accounts ADD COLUMN stripe_customer_id TEXT;
CREATE UNIQUE INDEX accounts_stripe_customer ON accounts (stripe_customer_id);
-- A downgrade waits for the renewal: the tier the next period starts on, and from when.
ALTER TABLE accounts ADD COLUMN scheduled_tier TEXT NOT NULL DEFAULT '';
ALTER TABLE accounts ADD COLUMN scheduled_at BIGINT NOT NULL DEFAULT 0;

-- Every webhook event applied, written in the same transaction as its effects: a repeat
-- finds its id here and changes nothing.
CREATE TABLE stripe_events (
    id         TEXT PRIMARY KEY,
    type       TEXT   NOT NULL,
    account_id TEXT,
    created_at BIGINT NOT NULL,
    applied_at BIGINT NOT NULL
);

-- Subscriptions as Stripe last had them (re-read from Stripe on every event about them).
CREATE TABLE subscriptions (
    id              TEXT PRIMARY KEY,
    account_id      TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status          TEXT   NOT NULL,
    tier            TEXT   NOT NULL,
    item_id         TEXT   NOT NULL,
    price_id        TEXT   NOT NULL,
    anchor_at       BIGINT NOT NULL,
    period_start    BIGINT NOT NULL,
    period_end      BIGINT NOT NULL,
    schedule_id     TEXT   NOT NULL DEFAULT '',
    payment_problem TEXT   NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX subscriptions_account ON subscriptions (account_id, created_at);

-- Paid invoices: what a refund gives back, and the charge the 48-hour rule counts from.
CREATE TABLE payments (
    invoice_id      TEXT PRIMARY KEY,
    account_id      TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    subscription_id TEXT   NOT NULL,
    charge_id       TEXT   NOT NULL,
    reason          TEXT   NOT NULL,
    amount          BIGINT NOT NULL,
    tax             BIGINT NOT NULL,
    currency        TEXT   NOT NULL,
    period_start    BIGINT NOT NULL,
    period_end      BIGINT NOT NULL,
    paid_at         BIGINT NOT NULL,
    refunded        BIGINT NOT NULL DEFAULT 0,
    disputed        INTEGER NOT NULL DEFAULT 0 CHECK (disputed IN (0, 1))
);
CREATE INDEX payments_account ON payments (account_id, paid_at);
CREATE INDEX payments_charge ON payments (charge_id);

-- Refund requests, judged with the figures of the moment they were made (kept here), and
-- decided automatically or by staff.
CREATE TABLE refund_requests (
    id              TEXT PRIMARY KEY,
    account_id      TEXT   NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    idem_key        TEXT   NOT NULL,
    reason          TEXT   NOT NULL DEFAULT '',
    requested_at    BIGINT NOT NULL,
    subscription_id TEXT   NOT NULL,
    charged_at      BIGINT NOT NULL,
    period_start    BIGINT NOT NULL,
    period_end      BIGINT NOT NULL,
    paid            BIGINT NOT NULL,
    currency        TEXT   NOT NULL,
    credits_granted BIGINT NOT NULL,
    credits_used    BIGINT NOT NULL,
    earlier_refunds INTEGER NOT NULL,
    status          TEXT   NOT NULL CHECK (status IN ('queued', 'approved', 'refunded', 'declined')),
    refund_amount   BIGINT NOT NULL DEFAULT 0,
    decided_by      TEXT   NOT NULL DEFAULT '',
    note            TEXT   NOT NULL DEFAULT '',
    decided_at      BIGINT NOT NULL DEFAULT 0,
    UNIQUE (account_id, idem_key)
);
CREATE INDEX refund_requests_status ON refund_requests (status, requested_at);
