package ledger

import (
	"context"

	"stableaudio/backend/plan"
)

// ChangePlan moves an account to tier with the given staff limits, effective now: the
// current period ends (what was left of it expires), a new period starts now with the new
// plan's full allowance, and renewals follow from now. Staff use it; billing's rules for
// upgrades and downgrades build on the same lock and period logic.
func (l *Ledger) ChangePlan(ctx context.Context, accountID string, tier plan.Tier, limits plan.Limits) (State, error) {
	if _, err := l.plans.Plan(tier); err != nil {
		return State{}, err
	}
	if err := limits.Validate(); err != nil {
		return State{}, err
	}
	var s State
	err := l.run(ctx, func(tx Tx) error {
		a, err := tx.LockAccount(ctx, accountID)
		if err != nil {
			return err
		}
		if a, err = l.ApplyPeriods(ctx, tx, a); err != nil {
			return err
		}
		now := l.Now()
		a.Tier, a.Limits, a.Anchor = tier, limits, now
		a.PeriodEnd = now // due: the next ApplyPeriods expires the old grant and grants the new plan
		if err := tx.UpdateAccount(ctx, a); err != nil {
			return err
		}
		s, err = l.stateIn(ctx, tx, accountID)
		return err
	})
	return s, err
}
