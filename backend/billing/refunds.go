package billing

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/stripe/stripe-go/v76"

	"stableaudio/backend/ledger"
)

// The automatic refund rule (PRODUCT.md, Billing): asked within 48 hours of the charge,
// with less than 2 % of the period's credits used, by an account with no refund or dispute
// before. Anything else waits for staff.
const (
	AutoRefundWindow  = 48 * time.Hour
	AutoRefundMaxUsed = 2 // percent of the period's credits, exclusive
)

// ErrNotQueued reports a staff decision on a request that is not waiting for one.
var ErrNotQueued = errors.New("the refund request is not waiting for a decision")

// RequestRefund records the account's request for its current period's payments back and
// judges it with the figures of this moment: granted at once (money returned through
// Stripe, subscription ended, account on Free) or queued for staff. The same key returns
// the same request; a request granted but interrupted before the money moved is finished
// by asking again.
func (b *Billing) RequestRefund(ctx context.Context, accountID, key, reason string) (RefundRequest, error) {
	if err := checkKey(key); err != nil {
		return RefundRequest{}, err
	}
	var r RefundRequest
	err := b.inTx(ctx, func(tx Tx) error {
		prev, found, err := tx.RefundRequestByKey(ctx, accountID, key)
		if err != nil || found {
			r = prev
			return err
		}
		r, err = b.judge(ctx, tx, accountID, key, reason)
		if err != nil {
			return err
		}
		_, err = tx.InsertRefundRequest(ctx, r)
		return err
	})
	if err != nil || r.Status != RefundApproved {
		return r, err
	}
	return b.payBack(ctx, r, r.Paid)
}

// judge fills a new request with the figures it is judged by and decides whether it is
// granted automatically.
func (b *Billing) judge(ctx context.Context, tx Tx, accountID, key, reason string) (RefundRequest, error) {
	sub, found, err := tx.CurrentSubscription(ctx, accountID)
	if err != nil {
		return RefundRequest{}, err
	}
	if !found || !sub.Live() {
		return RefundRequest{}, fmt.Errorf("%w: the account has no paid subscription", ErrNothingToRefund)
	}
	st, err := b.cfg.Ledger.StateIn(ctx, tx, accountID)
	if err != nil {
		return RefundRequest{}, err
	}
	payments, err := tx.Payments(ctx, sub.ID, st.PeriodStart)
	if err != nil {
		return RefundRequest{}, err
	}
	now := b.now()
	r := RefundRequest{ID: newID("rfd_"), AccountID: accountID, Key: key, Reason: reason, RequestedAt: now,
		SubscriptionID: sub.ID, PeriodStart: st.PeriodStart, PeriodEnd: st.PeriodEnd}
	for _, p := range payments {
		if left := p.Amount - p.Refunded; left > 0 {
			r.Paid += left
			r.Currency = p.Currency
			r.ChargedAt = later(r.ChargedAt, p.PaidAt)
		}
	}
	if r.Paid == 0 {
		return RefundRequest{}, fmt.Errorf("%w: nothing was charged since %s", ErrNothingToRefund, st.PeriodStart.Format("2 Jan 2006"))
	}
	if r.CreditsGranted, r.CreditsUsed, err = b.cfg.Ledger.Usage(ctx, tx, accountID, ledger.Credits, st.PeriodStart); err != nil {
		return RefundRequest{}, err
	}
	if r.EarlierRefunds, err = tx.RefundsAndDisputes(ctx, accountID); err != nil {
		return RefundRequest{}, err
	}
	r.Status = RefundQueued
	if r.automatic() {
		r.Status, r.DecidedBy, r.DecidedAt, r.Note = RefundApproved, "automatic", now, "within 48 hours, under 2% of the credits used"
	}
	return r, nil
}

// automatic applies the automatic refund rule to the request's figures.
func (r RefundRequest) automatic() bool {
	return r.RequestedAt.Sub(r.ChargedAt) <= AutoRefundWindow &&
		r.CreditsUsed*100 < AutoRefundMaxUsed*r.CreditsGranted &&
		r.EarlierRefunds == 0
}

// Why says in words how the request measured against the automatic rule, for staff.
func (r RefundRequest) Why() string {
	used := 0.0
	if r.CreditsGranted > 0 {
		used = 100 * float64(r.CreditsUsed) / float64(r.CreditsGranted)
	}
	s := fmt.Sprintf("asked %s after the charge, %d of %d credits used (%.1f%%)", hours(r.RequestedAt.Sub(r.ChargedAt)),
		r.CreditsUsed, r.CreditsGranted, used)
	if r.EarlierRefunds > 0 {
		s += fmt.Sprintf("; possible abuse: %d earlier refund(s) or dispute(s)", r.EarlierRefunds)
	}
	return s
}

// ProratedAmount is the part of the payment for the time left in the period when the
// request was made (staff's "prorate"), judged by the request's time, not the decision's.
func (r RefundRequest) ProratedAmount() int64 {
	whole := r.PeriodEnd.Sub(r.PeriodStart)
	left := r.PeriodEnd.Sub(r.RequestedAt)
	if whole <= 0 || left <= 0 {
		return 0
	}
	return int64(float64(r.Paid) * float64(left) / float64(whole))
}

// Grant, Prorate and Decline are staff's decisions on a queued request. by names the staff
// member, for the record.
func (b *Billing) Grant(ctx context.Context, id, by string) (RefundRequest, error) {
	return b.decide(ctx, id, by, "", func(r RefundRequest) int64 { return r.Paid })
}

func (b *Billing) Prorate(ctx context.Context, id, by string) (RefundRequest, error) {
	return b.decide(ctx, id, by, "prorated to the time left when asked", RefundRequest.ProratedAmount)
}

func (b *Billing) Decline(ctx context.Context, id, by, note string) (RefundRequest, error) {
	var r RefundRequest
	err := b.inTx(ctx, func(tx Tx) error {
		var err error
		if r, err = queued(ctx, tx, id); err != nil {
			return err
		}
		r.Status, r.DecidedBy, r.DecidedAt, r.Note = RefundDeclined, by, b.now(), note
		return tx.UpdateRefundRequest(ctx, r)
	})
	return r, err
}

// decide approves a queued request for amount(r), then pays it back. A request approved
// but not yet paid (an interrupted grant) is paid by deciding again.
func (b *Billing) decide(ctx context.Context, id, by, note string, amount func(RefundRequest) int64) (RefundRequest, error) {
	var r RefundRequest
	err := b.inTx(ctx, func(tx Tx) error {
		var err error
		r, err = queued(ctx, tx, id)
		if errors.Is(err, ErrNotQueued) && r.Status == RefundApproved {
			return nil
		}
		if err != nil {
			return err
		}
		r.Status, r.DecidedBy, r.DecidedAt, r.Note, r.RefundAmount = RefundApproved, by, b.now(), note, amount(r)
		return tx.UpdateRefundRequest(ctx, r)
	})
	if err != nil {
		return r, err
	}
	return b.payBack(ctx, r, r.RefundAmount)
}

func queued(ctx context.Context, tx Tx, id string) (RefundRequest, error) {
	r, found, err := tx.RefundRequest(ctx, id)
	switch {
	case err != nil:
		return r, err
	case !found:
		return r, fmt.Errorf("%w: no refund request %s", ErrNotQueued, id)
	case r.Status != RefundQueued:
		return r, fmt.Errorf("%w: %s is %s", ErrNotQueued, id, r.Status)
	}
	return r, nil
}

// payBack returns amount of the request's period payments through Stripe's Refunds API
// (newest payment first, one refund per charge, keyed by the request), ends the
// subscription and drops the account to Free. Every step is keyed, so running it again
// after an interruption finishes it without paying twice.
func (b *Billing) payBack(ctx context.Context, r RefundRequest, amount int64) (RefundRequest, error) {
	var payments []Payment
	if err := b.inTx(ctx, func(tx Tx) error {
		var err error
		payments, err = tx.Payments(ctx, r.SubscriptionID, r.PeriodStart)
		return err
	}); err != nil {
		return r, err
	}
	left := amount
	for i := len(payments) - 1; i >= 0 && left > 0; i-- {
		p := payments[i]
		part := min(left, p.Amount)
		if part <= 0 || p.ChargeID == "" {
			continue
		}
		params := &stripe.RefundParams{
			Charge:   stripe.String(p.ChargeID),
			Amount:   stripe.Int64(part),
			Reason:   stripe.String(string(stripe.RefundReasonRequestedByCustomer)),
			Metadata: map[string]string{"refund_request": r.ID, "account_id": r.AccountID},
		}
		params.Context = ctx
		params.SetIdempotencyKey("refund-" + r.ID + "-" + p.ChargeID)
		if _, err := b.sc.Refunds.New(params); err != nil {
			return r, stripeErr("refund "+p.ChargeID, err)
		}
		left -= part
	}
	s, err := b.fetchSubscription(ctx, r.SubscriptionID)
	if err != nil {
		return r, err
	}
	if isLive(s) {
		if s, err = b.cancelInStripe(ctx, s.ID, "cancel-"+r.ID); err != nil {
			return r, err
		}
	}
	err = b.inTx(ctx, func(tx Tx) error {
		if _, err := b.follow(ctx, tx, s, "refunded"); err != nil {
			return err
		}
		r.Status, r.RefundAmount = RefundRefunded, amount
		return tx.UpdateRefundRequest(ctx, r)
	})
	return r, err
}

// Refunds lists refund requests newest first: one account's ("" for every account), with
// one status ("" for any).
func (b *Billing) Refunds(ctx context.Context, accountID string, status RefundStatus, limit int) ([]RefundRequest, error) {
	var out []RefundRequest
	err := b.inTx(ctx, func(tx Tx) error {
		var err error
		out, err = tx.RefundRequests(ctx, accountID, status, limit)
		return err
	})
	return out, err
}

func hours(d time.Duration) string {
	return fmt.Sprintf("%.1f h", d.Hours())
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func newID(prefix string) string {
	var b [10]byte
	rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}
