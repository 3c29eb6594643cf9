package billing

import (
	"context"

	"stableaudio/backend/ledger"
	"stableaudio/backend/plan"
)

// Status is what the app shows of an account's billing.
type Status struct {
	State ledger.State
	// Subscription is the newest one, live or not; nil before the first.
	Subscription *Subscription
	// Refunds are the account's latest requests, newest first.
	Refunds []RefundRequest
	// Offers are the tiers sold by subscription, with their prices.
	Offers []Offer
}

// Offer is one tier on sale.
type Offer struct {
	Plan     plan.Plan
	Price    int64 // a month, before tax, in the currency's smallest unit
	Currency string
}

// Status reads the account's plan, subscription, refund requests and what it can buy.
func (b *Billing) Status(ctx context.Context, accountID string) (Status, error) {
	var st Status
	err := b.inTx(ctx, func(tx Tx) error {
		var err error
		if st.State, err = b.cfg.Ledger.StateIn(ctx, tx, accountID); err != nil {
			return err
		}
		sub, found, err := tx.CurrentSubscription(ctx, accountID)
		if err != nil {
			return err
		}
		if found {
			st.Subscription = &sub
		}
		st.Refunds, err = tx.RefundRequests(ctx, accountID, "", 10)
		return err
	})
	for _, p := range b.plans.Plans {
		if _, err := b.soldPlan(p.Tier); err == nil {
			st.Offers = append(st.Offers, Offer{Plan: p, Price: p.MonthlyPrice, Currency: b.plans.Currency})
		}
	}
	return st, err
}
