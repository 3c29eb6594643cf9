package ledger

import (
	"context"
	"fmt"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/plan"
)

// ApplyPeriods brings a locked account up to the allowance period containing now: when the
// applied period has ended it writes an expiry of what is left of each asset, then the
// grant of the current period. Periods the account slept through get no grants of their
// own. Call it inside a transaction, after LockAccount.
func (l *Ledger) ApplyPeriods(ctx context.Context, tx Tx, a account.Account) (account.Account, error) {
	now := l.Now()
	if !a.PeriodEnd.IsZero() && now.Before(a.PeriodEnd) {
		return a, nil
	}
	p, err := l.plans.Plan(a.Tier)
	if err != nil {
		return a, err
	}
	if !a.PeriodEnd.IsZero() {
		for _, asset := range Assets {
			left, err := tx.Sum(ctx, a.ID, asset, a.PeriodStart)
			if err != nil {
				return a, err
			}
			if left <= 0 {
				continue
			}
			e := Entry{AccountID: a.ID, Asset: asset, Kind: Expiry, Amount: -left, PeriodStart: a.PeriodStart,
				Key: expiryKey(asset, a.PeriodStart), Reference: "period ended", CreatedAt: a.PeriodEnd}
			if _, err := tx.InsertEntry(ctx, &e); err != nil {
				return a, err
			}
		}
	}
	period := plan.PeriodAt(p.Paid, a.Anchor, now)
	allowance := p.Allowance(a.Limits)
	for _, g := range []struct {
		asset  Asset
		amount int64
	}{{Credits, allowance.Credits}, {UploadSeconds, allowance.UploadSeconds}} {
		if g.amount <= 0 {
			continue
		}
		e := Entry{AccountID: a.ID, Asset: g.asset, Kind: Grant, Amount: g.amount, PeriodStart: period.Start,
			Key: grantKey(g.asset, period.Start), Reference: p.Name + " plan, period from " + period.Start.Format(time.RFC3339), CreatedAt: now}
		if _, err := tx.InsertEntry(ctx, &e); err != nil {
			return a, err
		}
	}
	a.PeriodStart, a.PeriodEnd = period.Start, period.End
	if err := tx.UpdateAccount(ctx, a); err != nil {
		return a, fmt.Errorf("ledger: record the new period: %w", err)
	}
	return a, nil
}

// State is an account's allowance right now.
type State struct {
	Account       account.Account
	Plan          plan.Plan
	Credits       int64 // left this period
	UploadSeconds int64 // left this period
	PeriodStart   time.Time
	PeriodEnd     time.Time // also the renewal time
}

// State applies due periods and returns the balances.
func (l *Ledger) State(ctx context.Context, accountID string) (State, error) {
	var s State
	err := l.run(ctx, func(tx Tx) error {
		var err error
		s, err = l.stateIn(ctx, tx, accountID)
		return err
	})
	return s, err
}

func (l *Ledger) stateIn(ctx context.Context, tx Tx, accountID string) (State, error) {
	a, err := tx.LockAccount(ctx, accountID)
	if err != nil {
		return State{}, err
	}
	if a, err = l.ApplyPeriods(ctx, tx, a); err != nil {
		return State{}, err
	}
	s := State{Account: a, PeriodStart: a.PeriodStart, PeriodEnd: a.PeriodEnd}
	if s.Plan, err = l.plans.Plan(a.Tier); err != nil {
		return State{}, err
	}
	if s.Credits, err = tx.Sum(ctx, a.ID, Credits, a.PeriodStart); err != nil {
		return State{}, err
	}
	if s.UploadSeconds, err = tx.Sum(ctx, a.ID, UploadSeconds, a.PeriodStart); err != nil {
		return State{}, err
	}
	return s, nil
}
