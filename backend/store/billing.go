package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/billing"
	"stableaudio/backend/plan"
)

var _ billing.Tx = (*Tx)(nil)

// BillingTx runs billing transactions on this store.
func (d *DB) BillingTx() billing.RunTx {
	return func(ctx context.Context, fn func(billing.Tx) error) error {
		return d.InTx(ctx, func(tx *Tx) error { return fn(tx) })
	}
}

// CustomerOf reads the account's Stripe customer id.
func (t *Tx) CustomerOf(ctx context.Context, accountID string) (string, error) {
	var id sql.NullString
	err := t.queryRow(ctx, `SELECT stripe_customer_id FROM accounts WHERE id = ?`, accountID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", account.ErrNotFound
	}
	return id.String, err
}

// SetCustomer keeps the account's Stripe customer id.
func (t *Tx) SetCustomer(ctx context.Context, accountID, customerID string) error {
	_, err := t.exec(ctx, `UPDATE accounts SET stripe_customer_id = ? WHERE id = ?`, customerID, accountID)
	if err != nil {
		return fmt.Errorf("store: keep the Stripe customer: %w", err)
	}
	return nil
}

// AccountByCustomer finds the account of a Stripe customer.
func (t *Tx) AccountByCustomer(ctx context.Context, customerID string) (string, error) {
	var id string
	err := t.queryRow(ctx, `SELECT id FROM accounts WHERE stripe_customer_id = ?`, customerID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("%w: no account has Stripe customer %s", account.ErrNotFound, customerID)
	}
	return id, err
}

// MarkEventApplied records a webhook event once.
func (t *Tx) MarkEventApplied(ctx context.Context, id, typ, accountID string, created, applied time.Time) (bool, error) {
	res, err := t.exec(ctx, `INSERT INTO stripe_events (id, type, account_id, created_at, applied_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`, id, typ, sql.NullString{String: accountID, Valid: accountID != ""}, micros(created), micros(applied))
	if err != nil {
		return false, fmt.Errorf("store: record Stripe event: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// EventApplied reports an event recorded before.
func (t *Tx) EventApplied(ctx context.Context, id string) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM stripe_events WHERE id = ?`, id).Scan(&n)
	return n > 0, err
}

const subscriptionColumns = `id, account_id, status, tier, item_id, price_id, anchor_at, period_start, period_end,
	schedule_id, payment_problem, created_at, updated_at`

// PutSubscription inserts or replaces a subscription.
func (t *Tx) PutSubscription(ctx context.Context, s billing.Subscription) error {
	_, err := t.exec(ctx, `INSERT INTO subscriptions (`+subscriptionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET status = excluded.status, tier = excluded.tier, item_id = excluded.item_id,
		price_id = excluded.price_id, anchor_at = excluded.anchor_at, period_start = excluded.period_start,
		period_end = excluded.period_end, schedule_id = excluded.schedule_id, payment_problem = excluded.payment_problem,
		updated_at = excluded.updated_at`,
		s.ID, s.AccountID, s.Status, string(s.Tier), s.ItemID, s.PriceID, micros(s.Anchor), micros(s.PeriodStart),
		micros(s.PeriodEnd), s.ScheduleID, s.PaymentProblem, micros(s.CreatedAt), micros(s.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: keep subscription: %w", err)
	}
	return nil
}

// Subscription reads a subscription by its Stripe id.
func (t *Tx) Subscription(ctx context.Context, id string) (billing.Subscription, bool, error) {
	return scanSubscription(t.queryRow(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE id = ?`, id))
}

// CurrentSubscription reads the account's newest live subscription, else its newest.
func (t *Tx) CurrentSubscription(ctx context.Context, accountID string) (billing.Subscription, bool, error) {
	return scanSubscription(t.queryRow(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE account_id = ?
		ORDER BY CASE WHEN status IN ('active', 'trialing', 'past_due') THEN 0 ELSE 1 END, created_at DESC, id DESC LIMIT 1`, accountID))
}

func scanSubscription(row *sql.Row) (billing.Subscription, bool, error) {
	var (
		s                                    billing.Subscription
		tier                                 string
		anchor, start, end, created, updated int64
	)
	err := row.Scan(&s.ID, &s.AccountID, &s.Status, &tier, &s.ItemID, &s.PriceID, &anchor, &start, &end,
		&s.ScheduleID, &s.PaymentProblem, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return billing.Subscription{}, false, nil
	}
	if err != nil {
		return billing.Subscription{}, false, fmt.Errorf("store: read subscription: %w", err)
	}
	s.Tier = plan.Tier(tier)
	s.Anchor, s.PeriodStart, s.PeriodEnd = fromMicros(anchor), fromMicros(start), fromMicros(end)
	s.CreatedAt, s.UpdatedAt = fromMicros(created), fromMicros(updated)
	return s, true, nil
}

const paymentColumns = `invoice_id, account_id, subscription_id, charge_id, reason, amount, tax, currency,
	period_start, period_end, paid_at, refunded, disputed`

// PutPayment records a paid invoice once.
func (t *Tx) PutPayment(ctx context.Context, p billing.Payment) (bool, error) {
	res, err := t.exec(ctx, `INSERT INTO payments (`+paymentColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (invoice_id) DO NOTHING`,
		p.InvoiceID, p.AccountID, p.SubscriptionID, p.ChargeID, p.Reason, p.Amount, p.Tax, p.Currency,
		micros(p.PeriodStart), micros(p.PeriodEnd), micros(p.PaidAt), p.Refunded, flag(p.Disputed))
	if err != nil {
		return false, fmt.Errorf("store: record payment: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// PaymentByCharge finds the payment a charge belongs to.
func (t *Tx) PaymentByCharge(ctx context.Context, chargeID string) (billing.Payment, bool, error) {
	rows, err := t.query(ctx, `SELECT `+paymentColumns+` FROM payments WHERE charge_id = ? LIMIT 1`, chargeID)
	if err != nil {
		return billing.Payment{}, false, fmt.Errorf("store: find payment: %w", err)
	}
	ps, err := scanPayments(rows)
	if err != nil || len(ps) == 0 {
		return billing.Payment{}, false, err
	}
	return ps[0], true, nil
}

// UpdatePayment writes what was refunded or disputed of a payment.
func (t *Tx) UpdatePayment(ctx context.Context, p billing.Payment) error {
	_, err := t.exec(ctx, `UPDATE payments SET refunded = ?, disputed = ? WHERE invoice_id = ?`, p.Refunded, flag(p.Disputed), p.InvoiceID)
	if err != nil {
		return fmt.Errorf("store: update payment: %w", err)
	}
	return nil
}

// Payments lists a subscription's payments from since on, oldest first.
func (t *Tx) Payments(ctx context.Context, subscriptionID string, since time.Time) ([]billing.Payment, error) {
	rows, err := t.query(ctx, `SELECT `+paymentColumns+` FROM payments WHERE subscription_id = ? AND paid_at >= ?
		ORDER BY paid_at, invoice_id`, subscriptionID, micros(since))
	if err != nil {
		return nil, fmt.Errorf("store: list payments: %w", err)
	}
	return scanPayments(rows)
}

func scanPayments(rows *sql.Rows) ([]billing.Payment, error) {
	defer rows.Close()
	var out []billing.Payment
	for rows.Next() {
		var (
			p                billing.Payment
			start, end, paid int64
			disputed         int
		)
		if err := rows.Scan(&p.InvoiceID, &p.AccountID, &p.SubscriptionID, &p.ChargeID, &p.Reason, &p.Amount, &p.Tax,
			&p.Currency, &start, &end, &paid, &p.Refunded, &disputed); err != nil {
			return nil, fmt.Errorf("store: read payment: %w", err)
		}
		p.PeriodStart, p.PeriodEnd, p.PaidAt, p.Disputed = fromMicros(start), fromMicros(end), fromMicros(paid), disputed == 1
		out = append(out, p)
	}
	return out, rows.Err()
}

const refundColumns = `id, account_id, idem_key, reason, requested_at, subscription_id, charged_at, period_start,
	period_end, paid, currency, credits_granted, credits_used, earlier_refunds, status, refund_amount, decided_by,
	note, decided_at`

// InsertRefundRequest records a request unless the account has one with its key.
func (t *Tx) InsertRefundRequest(ctx context.Context, r billing.RefundRequest) (bool, error) {
	res, err := t.exec(ctx, `INSERT INTO refund_requests (`+refundColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, idem_key) DO NOTHING`,
		r.ID, r.AccountID, r.Key, r.Reason, micros(r.RequestedAt), r.SubscriptionID, micros(r.ChargedAt),
		micros(r.PeriodStart), micros(r.PeriodEnd), r.Paid, r.Currency, r.CreditsGranted, r.CreditsUsed,
		r.EarlierRefunds, string(r.Status), r.RefundAmount, r.DecidedBy, r.Note, micros(r.DecidedAt))
	if err != nil {
		return false, fmt.Errorf("store: record refund request: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RefundRequestByKey reads an account's request by its idempotency key.
func (t *Tx) RefundRequestByKey(ctx context.Context, accountID, key string) (billing.RefundRequest, bool, error) {
	return t.oneRefund(ctx, `account_id = ? AND idem_key = ?`, accountID, key)
}

// RefundRequest reads a request by id.
func (t *Tx) RefundRequest(ctx context.Context, id string) (billing.RefundRequest, bool, error) {
	return t.oneRefund(ctx, `id = ?`, id)
}

func (t *Tx) oneRefund(ctx context.Context, where string, args ...any) (billing.RefundRequest, bool, error) {
	rows, err := t.query(ctx, `SELECT `+refundColumns+` FROM refund_requests WHERE `+where, args...)
	if err != nil {
		return billing.RefundRequest{}, false, fmt.Errorf("store: read refund request: %w", err)
	}
	rs, err := scanRefunds(rows)
	if err != nil || len(rs) == 0 {
		return billing.RefundRequest{}, false, err
	}
	return rs[0], true, nil
}

// UpdateRefundRequest writes a request's decision.
func (t *Tx) UpdateRefundRequest(ctx context.Context, r billing.RefundRequest) error {
	_, err := t.exec(ctx, `UPDATE refund_requests SET status = ?, refund_amount = ?, decided_by = ?, note = ?, decided_at = ?
		WHERE id = ?`, string(r.Status), r.RefundAmount, r.DecidedBy, r.Note, micros(r.DecidedAt), r.ID)
	if err != nil {
		return fmt.Errorf("store: update refund request: %w", err)
	}
	return nil
}

// RefundRequests lists requests newest first, filtered by account and status when given.
func (t *Tx) RefundRequests(ctx context.Context, accountID string, status billing.RefundStatus, limit int) ([]billing.RefundRequest, error) {
	rows, err := t.query(ctx, `SELECT `+refundColumns+` FROM refund_requests WHERE (? = '' OR account_id = ?)
		AND (? = '' OR status = ?) ORDER BY requested_at DESC, id LIMIT ?`, accountID, accountID, string(status), string(status), limit)
	if err != nil {
		return nil, fmt.Errorf("store: list refund requests: %w", err)
	}
	return scanRefunds(rows)
}

// RefundsAndDisputes counts an account's refunded requests and disputed payments.
func (t *Tx) RefundsAndDisputes(ctx context.Context, accountID string) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM refund_requests WHERE account_id = ? AND status = 'refunded')
		+ (SELECT COUNT(*) FROM payments WHERE account_id = ? AND disputed = 1)`, accountID, accountID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count refunds: %w", err)
	}
	return n, nil
}

func scanRefunds(rows *sql.Rows) ([]billing.RefundRequest, error) {
	defer rows.Close()
	var out []billing.RefundRequest
	for rows.Next() {
		var (
			r                                       billing.RefundRequest
			status                                  string
			requested, charged, start, end, decided int64
		)
		if err := rows.Scan(&r.ID, &r.AccountID, &r.Key, &r.Reason, &requested, &r.SubscriptionID, &charged, &start, &end,
			&r.Paid, &r.Currency, &r.CreditsGranted, &r.CreditsUsed, &r.EarlierRefunds, &status, &r.RefundAmount,
			&r.DecidedBy, &r.Note, &decided); err != nil {
			return nil, fmt.Errorf("store: read refund request: %w", err)
		}
		r.Status = billing.RefundStatus(status)
		r.RequestedAt, r.ChargedAt, r.DecidedAt = fromMicros(requested), fromMicros(charged), fromMicros(decided)
		r.PeriodStart, r.PeriodEnd = fromMicros(start), fromMicros(end)
		out = append(out, r)
	}
	return out, rows.Err()
}
