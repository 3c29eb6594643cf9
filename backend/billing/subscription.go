package billing

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stripe/stripe-go/v76"

	"stableaudio/backend/account"
	"stableaudio/backend/plan"
)

// errNotOurs marks a subscription whose price this server does not sell: recorded as seen,
// changes nothing.
var errNotOurs = errors.New("billing: the subscription's price is not one of ours")

// fetchSubscription reads a subscription from Stripe as it is now. Events arrive late,
// repeated and out of order, so the copy an event carries may be older than one already
// applied; the current object never is.
func (b *Billing) fetchSubscription(ctx context.Context, id string) (*stripe.Subscription, error) {
	params := &stripe.SubscriptionParams{}
	params.Context = ctx
	s, err := b.sc.Subscriptions.Get(id, params)
	if err != nil {
		return nil, stripeErr("read subscription "+id, err)
	}
	return s, nil
}

// follow makes the account follow its subscription as Stripe has it now, inside tx:
//   - a live subscription newer than the account's plan subscribes it (a new period from
//     the subscription's anchor; what was left of the old one expires);
//   - a higher price on the same subscription is an upgrade (topped up, same renewal);
//   - a lower price is a downgrade that waits for the renewal;
//   - an ended subscription drops the account to Free, forfeiting the rest of the paid
//     allowance with ended as the reason.
//
// Applying the same state twice changes nothing, which is what makes repeated and
// reordered events harmless.
func (b *Billing) follow(ctx context.Context, tx Tx, s *stripe.Subscription, ended string) (Subscription, error) {
	rec, err := b.record(ctx, tx, s)
	if err != nil {
		return rec, err
	}
	current, _, err := tx.CurrentSubscription(ctx, rec.AccountID)
	if err != nil || current.ID != rec.ID {
		return rec, err // news of an older subscription changes nothing
	}
	a, err := tx.LockAccount(ctx, rec.AccountID)
	if err != nil {
		return rec, err
	}
	if a, err = b.cfg.Ledger.ApplyPeriods(ctx, tx, a); err != nil {
		return rec, err
	}
	onPlan, err := b.plans.Plan(a.Tier)
	if err != nil {
		return rec, err
	}
	switch {
	case !rec.Live():
		if onPlan.Paid && rec.Status != string(stripe.SubscriptionStatusIncomplete) {
			if ended == "" {
				ended = "subscription ended"
			}
			_, err = b.cfg.Ledger.SwitchPlan(ctx, tx, a.ID, plan.TierFree, b.now(), ended+": the rest of the "+onPlan.Name+" allowance is forfeited")
		}
	case !onPlan.Paid || !a.Anchor.Equal(rec.Anchor):
		p, _ := b.plans.Plan(rec.Tier)
		_, err = b.cfg.Ledger.SwitchPlan(ctx, tx, a.ID, rec.Tier, rec.Anchor, "subscribed to "+p.Name)
	case plan.Rank(rec.Tier) > plan.Rank(a.Tier):
		_, err = b.cfg.Ledger.Upgrade(ctx, tx, a.ID, rec.Tier)
	case plan.Rank(rec.Tier) < plan.Rank(a.Tier) && a.ScheduledTier != rec.Tier:
		// Lowered in Stripe without a schedule of ours: the allowance follows at the renewal.
		_, err = b.cfg.Ledger.ScheduleTier(ctx, tx, a.ID, rec.Tier)
	}
	return rec, err
}

// record keeps the subscription's current state, with the account it belongs to.
func (b *Billing) record(ctx context.Context, tx Tx, s *stripe.Subscription) (Subscription, error) {
	if s.Customer == nil || s.Items == nil || len(s.Items.Data) == 0 {
		return Subscription{}, fmt.Errorf("%w: subscription %s has no customer or item", errNotOurs, s.ID)
	}
	item := s.Items.Data[0]
	tier := b.tierOfPrice(item.Price)
	if tier == "" {
		return Subscription{}, fmt.Errorf("%w: subscription %s", errNotOurs, s.ID)
	}
	accountID, err := tx.AccountByCustomer(ctx, s.Customer.ID)
	if errors.Is(err, account.ErrNotFound) {
		return Subscription{}, fmt.Errorf("%w: %v", errNotOurs, err) // a deleted account, or not made here
	}
	if err != nil {
		return Subscription{}, err
	}
	prev, _, err := tx.Subscription(ctx, s.ID)
	if err != nil {
		return Subscription{}, err
	}
	rec := Subscription{
		ID: s.ID, AccountID: accountID, Status: string(s.Status), Tier: tier, ItemID: item.ID, PriceID: item.Price.ID,
		Anchor: unix(s.BillingCycleAnchor), PeriodStart: unix(s.CurrentPeriodStart), PeriodEnd: unix(s.CurrentPeriodEnd),
		PaymentProblem: prev.PaymentProblem, CreatedAt: unix(s.Created), UpdatedAt: b.now(),
	}
	if s.Schedule != nil {
		rec.ScheduleID = s.Schedule.ID
	}
	if s.Status != stripe.SubscriptionStatusPastDue {
		rec.PaymentProblem = "" // paid again, or ended
	}
	return rec, tx.PutSubscription(ctx, rec)
}

// liveSubscription is the account's paid subscription, for the changes the app asks for.
func (b *Billing) liveSubscription(ctx context.Context, accountID string) (Subscription, error) {
	var sub Subscription
	err := b.inTx(ctx, func(tx Tx) error {
		s, found, err := tx.CurrentSubscription(ctx, accountID)
		if err != nil {
			return err
		}
		if !found || !s.Live() {
			return ErrNoSubscription
		}
		sub = s
		return nil
	})
	return sub, err
}

func unix(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}
