package billing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
)

// WebhookTolerance is how old a signature may be: older deliveries are refused as replays.
const WebhookTolerance = 5 * time.Minute

// Event types applied; Stripe may send others, which are acknowledged and ignored.
const (
	eventCheckoutCompleted   = "checkout.session.completed"
	eventSubscriptionCreated = "customer.subscription.created"
	eventSubscriptionUpdated = "customer.subscription.updated"
	eventSubscriptionDeleted = "customer.subscription.deleted"
	eventInvoicePaid         = "invoice.paid"
	eventInvoicePaymentFail  = "invoice.payment_failed"
	eventChargeRefunded      = "charge.refunded"
	eventDisputeCreated      = "charge.dispute.created"
)

// HandleWebhook applies one signed event from Stripe, exactly once: the event's id is
// written in the same transaction as its effects, so a repeat finds it and does nothing,
// and a failure leaves neither (Stripe retries what was not acknowledged). A bad or stale
// signature is ErrBadSignature and changes nothing.
func (b *Billing) HandleWebhook(ctx context.Context, payload []byte, signature string) error {
	if b.cfg.WebhookSecret == "" {
		return fmt.Errorf("%w: the server has no webhook secret (--stripe-webhook-secret)", ErrBadSignature)
	}
	ev, err := webhook.ConstructEventWithOptions(payload, signature, b.cfg.WebhookSecret,
		webhook.ConstructEventOptions{Tolerance: WebhookTolerance})
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	var seen bool
	if err := b.inTx(ctx, func(tx Tx) error {
		seen, err = tx.EventApplied(ctx, ev.ID)
		return err
	}); err != nil || seen {
		return err
	}
	apply, err := b.prepare(ctx, ev)
	if err != nil {
		return err
	}
	return b.inTx(ctx, func(tx Tx) error {
		first, err := tx.MarkEventApplied(ctx, ev.ID, string(ev.Type), "", unix(ev.Created), b.now())
		if err != nil || !first {
			return err // a copy delivered at the same moment won the race
		}
		if apply == nil {
			return nil
		}
		err = apply(tx)
		if errors.Is(err, errNotOurs) {
			return nil // someone else's product on the same Stripe account
		}
		return err
	})
}

// prepare reads what an event needs from Stripe (outside any transaction) and returns the
// effect to apply inside one; nil for an event that changes nothing here.
func (b *Billing) prepare(ctx context.Context, ev stripe.Event) (func(Tx) error, error) {
	switch ev.Type {
	case eventCheckoutCompleted:
		var cs stripe.CheckoutSession
		if err := json.Unmarshal(ev.Data.Raw, &cs); err != nil || cs.Subscription == nil {
			return nil, err
		}
		return b.followEvent(ctx, cs.Subscription.ID, nil)
	case eventSubscriptionCreated, eventSubscriptionUpdated, eventSubscriptionDeleted:
		var s stripe.Subscription
		if err := json.Unmarshal(ev.Data.Raw, &s); err != nil {
			return nil, err
		}
		return b.followEvent(ctx, s.ID, nil)
	case eventInvoicePaid, eventInvoicePaymentFail:
		var inv stripe.Invoice
		if err := json.Unmarshal(ev.Data.Raw, &inv); err != nil || inv.Subscription == nil {
			return nil, err
		}
		if ev.Type == eventInvoicePaid {
			return b.followEvent(ctx, inv.Subscription.ID, func(tx Tx, rec Subscription) error { return b.invoicePaid(ctx, tx, rec, &inv, ev) })
		}
		return b.followEvent(ctx, inv.Subscription.ID, func(tx Tx, rec Subscription) error { return b.paymentFailed(ctx, tx, rec, &inv) })
	case eventChargeRefunded:
		var ch stripe.Charge
		if err := json.Unmarshal(ev.Data.Raw, &ch); err != nil {
			return nil, err
		}
		return b.paymentReversed(ctx, ev, ch.ID, func(p *Payment) { p.Refunded = max(p.Refunded, ch.AmountRefunded) }, "refunded")
	case eventDisputeCreated:
		var d stripe.Dispute
		if err := json.Unmarshal(ev.Data.Raw, &d); err != nil || d.Charge == nil {
			return nil, err
		}
		return b.paymentReversed(ctx, ev, d.Charge.ID, func(p *Payment) { p.Disputed = true }, "payment disputed")
	}
	return nil, nil
}

// followEvent reads the subscription now and returns the effect that follows it, then
// runs then (when given) with what was recorded.
func (b *Billing) followEvent(ctx context.Context, subID string, then func(Tx, Subscription) error) (func(Tx) error, error) {
	s, err := b.fetchSubscription(ctx, subID)
	if err != nil {
		return nil, err
	}
	return func(tx Tx) error {
		rec, err := b.follow(ctx, tx, s, "")
		if err != nil || then == nil {
			return err
		}
		return then(tx, rec)
	}, nil
}

// invoicePaid records the payment; a renewal's payment grants the period it pays for (the
// ledger's keys make that the same grant the clock gives, never a second one).
func (b *Billing) invoicePaid(ctx context.Context, tx Tx, rec Subscription, inv *stripe.Invoice, ev stripe.Event) error {
	p := Payment{InvoiceID: inv.ID, AccountID: rec.AccountID, SubscriptionID: rec.ID, Reason: string(inv.BillingReason),
		Amount: inv.AmountPaid, Tax: inv.Tax, Currency: string(inv.Currency), PaidAt: unix(ev.Created)}
	if inv.Charge != nil {
		p.ChargeID = inv.Charge.ID
	}
	if inv.StatusTransitions != nil && inv.StatusTransitions.PaidAt != 0 {
		p.PaidAt = unix(inv.StatusTransitions.PaidAt)
	}
	p.PeriodStart, p.PeriodEnd = rec.PeriodStart, rec.PeriodEnd
	if inv.Lines != nil {
		for _, l := range inv.Lines.Data {
			if l.Period != nil && !l.Proration {
				p.PeriodStart, p.PeriodEnd = unix(l.Period.Start), unix(l.Period.End)
				break
			}
		}
	}
	if _, err := tx.PutPayment(ctx, p); err != nil {
		return err
	}
	if inv.BillingReason != stripe.InvoiceBillingReasonSubscriptionCycle || !rec.Live() {
		return nil
	}
	a, err := tx.LockAccount(ctx, rec.AccountID)
	if err != nil {
		return err
	}
	_, err = b.cfg.Ledger.ApplyPeriodsThrough(ctx, tx, a, p.PeriodStart)
	return err
}

// paymentFailed keeps the tier (Stripe retries the card for a while) and tells the user.
func (b *Billing) paymentFailed(ctx context.Context, tx Tx, rec Subscription, inv *stripe.Invoice) error {
	if !rec.Live() {
		return nil
	}
	p, err := b.plans.Plan(rec.Tier)
	if err != nil {
		return err
	}
	rec.PaymentProblem = fmt.Sprintf("The payment of %s for %s failed. Stripe will try the card again; update it in Manage payments to keep %s.",
		Money(inv.AmountDue, string(inv.Currency)), p.Name, p.Name)
	return tx.PutSubscription(ctx, rec)
}

// paymentReversed applies a refund or a dispute of a charge: recorded on the payment, and
// when the payment is of the live subscription's current period, the subscription ends
// (cancelled in Stripe first, under a key from the event, so a retried event cancels once)
// and the account drops to Free.
func (b *Billing) paymentReversed(ctx context.Context, ev stripe.Event, chargeID string, mark func(*Payment), why string) (func(Tx) error, error) {
	var (
		p     Payment
		found bool
	)
	if err := b.inTx(ctx, func(tx Tx) error {
		var err error
		p, found, err = tx.PaymentByCharge(ctx, chargeID)
		return err
	}); err != nil || !found {
		return nil, err
	}
	s, err := b.fetchSubscription(ctx, p.SubscriptionID)
	if err != nil {
		return nil, err
	}
	if isLive(s) && !unix(s.CurrentPeriodEnd).After(p.PeriodEnd) {
		if s, err = b.cancelInStripe(ctx, s.ID, "cancel-"+ev.ID); err != nil {
			return nil, err
		}
	}
	return func(tx Tx) error {
		p, _, err := tx.PaymentByCharge(ctx, chargeID)
		if err != nil {
			return err
		}
		mark(&p)
		if err := tx.UpdatePayment(ctx, p); err != nil {
			return err
		}
		_, err = b.follow(ctx, tx, s, why)
		return err
	}, nil
}

// cancelInStripe ends a subscription now, without a prorated credit: the rest of the
// period is forfeited, not paid back (refunds are their own decision).
func (b *Billing) cancelInStripe(ctx context.Context, subID, idempotencyKey string) (*stripe.Subscription, error) {
	params := &stripe.SubscriptionCancelParams{InvoiceNow: stripe.Bool(false), Prorate: stripe.Bool(false)}
	params.Context = ctx
	params.SetIdempotencyKey(idempotencyKey)
	s, err := b.sc.Subscriptions.Cancel(subID, params)
	if err != nil {
		return nil, stripeErr("cancel subscription "+subID, err)
	}
	return s, nil
}

func isLive(s *stripe.Subscription) bool {
	return Subscription{Status: string(s.Status)}.Live()
}

// Money writes an amount in the currency's smallest unit for people: "$11.99", "€29.99",
// "GBP 89.99".
func Money(amount int64, currency string) string {
	sign := ""
	if amount < 0 {
		sign, amount = "-", -amount
	}
	symbol := map[string]string{"usd": "$", "eur": "€", "gbp": "£"}[currency]
	if symbol == "" {
		symbol = strings.ToUpper(currency) + " "
	}
	return fmt.Sprintf("%s%s%d.%02d", sign, symbol, amount/100, amount%100)
}
