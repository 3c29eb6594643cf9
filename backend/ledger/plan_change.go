package ledger

import (
	"context"
	"fmt"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/plan"
)

// ChangePlan moves an account to tier with the given staff limits, effective now: the
// current period ends (what was left of it expires), a new period starts now with the new
// plan's full allowance, and renewals follow from now. Staff use it.
func (l *Ledger) ChangePlan(ctx context.Context, accountID string, tier plan.Tier, limits plan.Limits) (State, error) {
	if err := limits.Validate(); err != nil {
		return State{}, err
	}
	var s State
	err := l.run(ctx, func(tx Tx) error {
		a, err := tx.LockAccount(ctx, accountID)
		if err != nil {
			return err
		}
		a.Limits = limits
		if _, err := l.switchPlan(ctx, tx, a, tier, l.Now(), "plan changed by staff"); err != nil {
			return err
		}
		s, err = l.StateIn(ctx, tx, accountID)
		return err
	})
	return s, err
}

// SwitchPlan starts a new plan now, inside the caller's transaction: what is left of the
// current period expires with reason as its reference (a cancellation forfeits the rest of
// a paid allowance this way), and a period of tier starts now, renewing from anchor (the
// moment a subscription started; for the free plan, the 1st of each month regardless).
// A scheduled change is dropped: the new plan replaces it.
func (l *Ledger) SwitchPlan(ctx context.Context, tx Tx, accountID string, tier plan.Tier, anchor time.Time, reason string) (account.Account, error) {
	a, err := tx.LockAccount(ctx, accountID)
	if err != nil {
		return a, err
	}
	return l.switchPlan(ctx, tx, a, tier, anchor, reason)
}

func (l *Ledger) switchPlan(ctx context.Context, tx Tx, a account.Account, tier plan.Tier, anchor time.Time, reason string) (account.Account, error) {
	if _, err := l.plans.Plan(tier); err != nil {
		return a, err
	}
	now := l.Now()
	a, err := l.applyPeriods(ctx, tx, a, now, "period ended")
	if err != nil {
		return a, err
	}
	a.Tier, a.Anchor, a.ScheduledTier, a.ScheduledAt = tier, anchor.UTC(), "", time.Time{}
	a.PeriodEnd = now // due: the old grant expires and the new plan's is granted
	return l.applyPeriods(ctx, tx, a, now, reason)
}

// Upgrade moves an account to a higher tier within its current period, inside the
// caller's transaction. The period and the renewal stay; each asset gets the difference
// between the two tiers' allowances, so what is left is what the new tier would have left
// had the period started on it: topped up, not doubled. The grant's key names the period
// and the tier, so however many times an upgrade is applied (the app's request, then
// Stripe's webhook) it tops up once. A scheduled downgrade is dropped.
func (l *Ledger) Upgrade(ctx context.Context, tx Tx, accountID string, tier plan.Tier) (account.Account, error) {
	a, err := tx.LockAccount(ctx, accountID)
	if err != nil {
		return a, err
	}
	if a, err = l.ApplyPeriods(ctx, tx, a); err != nil {
		return a, err
	}
	from, err := l.plans.Plan(a.Tier)
	if err != nil {
		return a, err
	}
	to, err := l.plans.Plan(tier)
	if err != nil {
		return a, err
	}
	if to.Tier == from.Tier {
		return a, nil // applied already
	}
	if !from.Paid || !to.Paid || plan.Rank(to.Tier) < plan.Rank(from.Tier) {
		return a, fmt.Errorf("ledger: %s to %s is not an upgrade between paid plans", from.Tier, to.Tier)
	}
	was, now := from.Allowance(a.Limits), to.Allowance(a.Limits)
	err = grantEach(ctx, tx, a.ID, a.PeriodStart, now.Credits-was.Credits, now.UploadSeconds-was.UploadSeconds,
		func(asset Asset) string { return topUpKey(asset, a.PeriodStart, tier) },
		"upgrade from "+from.Name+" to "+to.Name, l.Now())
	if err != nil {
		return a, err
	}
	a.Tier, a.ScheduledTier, a.ScheduledAt = tier, "", time.Time{}
	return a, tx.UpdateAccount(ctx, a)
}

// ScheduleTier makes the account's next period (from the renewal at the end of the current
// one) start on tier, inside the caller's transaction; tier "" cancels what was scheduled.
// It returns the account with the renewal the change waits for in ScheduledAt.
func (l *Ledger) ScheduleTier(ctx context.Context, tx Tx, accountID string, tier plan.Tier) (account.Account, error) {
	a, err := tx.LockAccount(ctx, accountID)
	if err != nil {
		return a, err
	}
	if a, err = l.ApplyPeriods(ctx, tx, a); err != nil {
		return a, err
	}
	if tier != "" {
		if _, err := l.plans.Plan(tier); err != nil {
			return a, err
		}
		a.ScheduledTier, a.ScheduledAt = tier, a.PeriodEnd
	} else {
		a.ScheduledTier, a.ScheduledAt = "", time.Time{}
	}
	return a, tx.UpdateAccount(ctx, a)
}

// Usage is what an allowance period granted of an asset and how much of it was spent
// (debits less the refunds of failed work), inside the caller's transaction.
func (l *Ledger) Usage(ctx context.Context, tx Tx, accountID string, asset Asset, period time.Time) (granted, used int64, err error) {
	totals, err := tx.Totals(ctx, accountID, asset, period)
	if err != nil {
		return 0, 0, err
	}
	return totals[Grant], -(totals[Debit] + totals[Refund]), nil
}
