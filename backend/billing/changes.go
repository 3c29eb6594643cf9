package billing

import (
	"context"
	"fmt"
	"time"

	"github.com/stripe/stripe-go/v76"

	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
)

// UpgradePreview is what an upgrade would charge now: the prorated difference for the
// rest of the period, tax added where it applies.
type UpgradePreview struct {
	Tier      plan.Tier
	Amount    int64 // before tax
	Tax       int64
	Total     int64
	Currency  string
	At        time.Time // the proration moment; pass it to Upgrade to be charged exactly this
	PeriodEnd time.Time // the renewal, unchanged by the upgrade
}

// PreviewUpgrade asks Stripe what moving the subscription to tier would charge now.
func (b *Billing) PreviewUpgrade(ctx context.Context, accountID string, tier plan.Tier) (UpgradePreview, error) {
	sub, err := b.upgradable(ctx, accountID, tier)
	if err != nil {
		return UpgradePreview{}, err
	}
	price, err := b.priceID(ctx, tier)
	if err != nil {
		return UpgradePreview{}, err
	}
	customer, err := b.customer(ctx, accountID)
	if err != nil {
		return UpgradePreview{}, err
	}
	at := b.now().Truncate(time.Second)
	params := &stripe.InvoiceUpcomingParams{
		Customer:                      stripe.String(customer),
		Subscription:                  stripe.String(sub.ID),
		SubscriptionItems:             []*stripe.SubscriptionItemsParams{{ID: stripe.String(sub.ItemID), Price: stripe.String(price)}},
		SubscriptionProrationBehavior: stripe.String(string(stripe.SubscriptionSchedulePhaseProrationBehaviorAlwaysInvoice)),
		SubscriptionProrationDate:     stripe.Int64(at.Unix()),
	}
	params.Context = ctx
	inv, err := b.sc.Invoices.Upcoming(params)
	if err != nil {
		return UpgradePreview{}, stripeErr("preview upgrade", err)
	}
	pv := UpgradePreview{Tier: tier, Currency: string(inv.Currency), At: at, PeriodEnd: sub.PeriodEnd}
	if inv.Lines != nil {
		for _, l := range inv.Lines.Data {
			if !l.Proration {
				continue // the next renewal's line, not charged now
			}
			pv.Amount += l.Amount
			for _, t := range l.TaxAmounts {
				pv.Tax += t.Amount
			}
		}
	}
	pv.Total = pv.Amount + pv.Tax
	return pv, nil
}

// ChangeResult is an account's plan after a change, with what the change charged now.
type ChangeResult struct {
	State    ledger.State
	Charged  int64 // tax included; 0 when nothing was charged
	Currency string
}

// Upgrade moves the subscription to a higher tier now: Stripe invoices the prorated
// difference at once (always_invoice) and the change is refused if the card is declined
// (error_if_incomplete), so the account is never upgraded without paying. The new tier's
// allowance applies at once, topped up; the renewal date stays. at is the preview's
// proration moment (zero = now). A scheduled downgrade is dropped.
func (b *Billing) Upgrade(ctx context.Context, accountID string, tier plan.Tier, key string, at time.Time) (ChangeResult, error) {
	if err := checkKey(key); err != nil {
		return ChangeResult{}, err
	}
	sub, err := b.liveSubscription(ctx, accountID)
	if err != nil {
		return ChangeResult{}, err
	}
	if sub.Tier == tier {
		return b.result(ctx, accountID, 0, "") // a replay of an upgrade already made
	}
	if _, err := b.upgradable(ctx, accountID, tier); err != nil {
		return ChangeResult{}, err
	}
	price, err := b.priceID(ctx, tier)
	if err != nil {
		return ChangeResult{}, err
	}
	if sub.ScheduleID != "" {
		if err := b.releaseSchedule(ctx, sub.ScheduleID, "release-"+accountID+"-"+key); err != nil {
			return ChangeResult{}, err
		}
	}
	params := &stripe.SubscriptionParams{
		Items:             []*stripe.SubscriptionItemsParams{{ID: stripe.String(sub.ItemID), Price: stripe.String(price)}},
		ProrationBehavior: stripe.String("always_invoice"),
		PaymentBehavior:   stripe.String("error_if_incomplete"),
	}
	if !at.IsZero() {
		params.ProrationDate = stripe.Int64(at.Unix())
	}
	params.AddExpand("latest_invoice")
	params.Context = ctx
	params.SetIdempotencyKey("upgrade-" + accountID + "-" + key)
	s, err := b.sc.Subscriptions.Update(sub.ID, params)
	if err != nil {
		return ChangeResult{}, stripeErr("upgrade subscription", err)
	}
	if err := b.inTx(ctx, func(tx Tx) error { _, err := b.follow(ctx, tx, s, ""); return err }); err != nil {
		return ChangeResult{}, err
	}
	var charged int64
	var currency string
	if s.LatestInvoice != nil {
		charged, currency = s.LatestInvoice.AmountPaid, string(s.LatestInvoice.Currency)
	}
	return b.result(ctx, accountID, charged, currency)
}

// Downgrade moves the subscription to a lower paid tier from the next renewal: a Stripe
// subscription schedule keeps this period on the current price and starts the next on the
// lower one, and the ledger grants the next period on the lower tier.
func (b *Billing) Downgrade(ctx context.Context, accountID string, tier plan.Tier, key string) (ChangeResult, error) {
	if err := checkKey(key); err != nil {
		return ChangeResult{}, err
	}
	sub, err := b.liveSubscription(ctx, accountID)
	if err != nil {
		return ChangeResult{}, err
	}
	if _, err := b.soldPlan(tier); err != nil {
		return ChangeResult{}, err
	}
	if plan.Rank(tier) >= plan.Rank(sub.Tier) {
		return ChangeResult{}, fmt.Errorf("%w: %s is not below the current plan; upgrades take effect at once", ErrBadPlanChange, tier)
	}
	price, err := b.priceID(ctx, tier)
	if err != nil {
		return ChangeResult{}, err
	}
	scheduleID := sub.ScheduleID
	if scheduleID == "" {
		params := &stripe.SubscriptionScheduleParams{FromSubscription: stripe.String(sub.ID)}
		params.Context = ctx
		params.SetIdempotencyKey("schedule-" + accountID + "-" + key)
		sched, err := b.sc.SubscriptionSchedules.New(params)
		if err != nil {
			return ChangeResult{}, stripeErr("schedule downgrade", err)
		}
		scheduleID = sched.ID
	}
	params := &stripe.SubscriptionScheduleParams{
		EndBehavior: stripe.String(string(stripe.SubscriptionScheduleEndBehaviorRelease)),
		Phases: []*stripe.SubscriptionSchedulePhaseParams{
			{
				Items:     []*stripe.SubscriptionSchedulePhaseItemParams{{Price: stripe.String(sub.PriceID), Quantity: stripe.Int64(1)}},
				StartDate: stripe.Int64(sub.PeriodStart.Unix()),
				EndDate:   stripe.Int64(sub.PeriodEnd.Unix()),
			},
			{
				Items:             []*stripe.SubscriptionSchedulePhaseItemParams{{Price: stripe.String(price), Quantity: stripe.Int64(1)}},
				Iterations:        stripe.Int64(1),
				ProrationBehavior: stripe.String("none"),
				AutomaticTax:      &stripe.SubscriptionSchedulePhaseAutomaticTaxParams{Enabled: stripe.Bool(true)},
			},
		},
	}
	params.Context = ctx
	params.SetIdempotencyKey("downgrade-" + accountID + "-" + key)
	if _, err := b.sc.SubscriptionSchedules.Update(scheduleID, params); err != nil {
		return ChangeResult{}, stripeErr("schedule downgrade", err)
	}
	err = b.inTx(ctx, func(tx Tx) error {
		sub.ScheduleID = scheduleID
		if err := tx.PutSubscription(ctx, sub); err != nil {
			return err
		}
		_, err := b.cfg.Ledger.ScheduleTier(ctx, tx, accountID, tier)
		return err
	})
	if err != nil {
		return ChangeResult{}, err
	}
	return b.result(ctx, accountID, 0, "")
}

// Cancel ends the subscription now: the account drops to Free at once and what is left of
// the paid allowance is forfeited through the ledger. Nothing is paid back (see refunds).
func (b *Billing) Cancel(ctx context.Context, accountID, key string) (ChangeResult, error) {
	if err := checkKey(key); err != nil {
		return ChangeResult{}, err
	}
	sub, err := b.liveSubscription(ctx, accountID)
	if err != nil {
		return ChangeResult{}, err
	}
	s, err := b.cancelInStripe(ctx, sub.ID, "cancel-"+accountID+"-"+key)
	if err != nil {
		return ChangeResult{}, err
	}
	if err := b.inTx(ctx, func(tx Tx) error { _, err := b.follow(ctx, tx, s, "cancelled"); return err }); err != nil {
		return ChangeResult{}, err
	}
	return b.result(ctx, accountID, 0, "")
}

// upgradable checks that tier is a sold tier above the account's live subscription.
func (b *Billing) upgradable(ctx context.Context, accountID string, tier plan.Tier) (Subscription, error) {
	sub, err := b.liveSubscription(ctx, accountID)
	if err != nil {
		return sub, err
	}
	if _, err := b.soldPlan(tier); err != nil {
		return sub, err
	}
	if plan.Rank(tier) <= plan.Rank(sub.Tier) {
		return sub, fmt.Errorf("%w: %s is not above the current plan; a downgrade waits for the renewal", ErrBadPlanChange, tier)
	}
	return sub, nil
}

func (b *Billing) releaseSchedule(ctx context.Context, id, key string) error {
	params := &stripe.SubscriptionScheduleReleaseParams{}
	params.Context = ctx
	params.SetIdempotencyKey(key)
	if _, err := b.sc.SubscriptionSchedules.Release(id, params); err != nil {
		return stripeErr("release schedule", err)
	}
	return nil
}

func (b *Billing) result(ctx context.Context, accountID string, charged int64, currency string) (ChangeResult, error) {
	st, err := b.cfg.Ledger.State(ctx, accountID)
	return ChangeResult{State: st, Charged: charged, Currency: currency}, err
}
