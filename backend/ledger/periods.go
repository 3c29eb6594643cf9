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
	return l.applyPeriods(ctx, tx, a, l.Now(), "period ended")
}

// ApplyPeriodsThrough is ApplyPeriods up to the period containing at, when at is later
// than now: a renewal the payment provider's clock reached a moment before ours is granted
// when its payment arrives, not at the next read after our clock catches up.
func (l *Ledger) ApplyPeriodsThrough(ctx context.Context, tx Tx, a account.Account, at time.Time) (account.Account, error) {
	return l.applyPeriods(ctx, tx, a, later(l.Now(), at.UTC()), "period ended")
}

// applyPeriods rolls a over to the period containing now; endReason is the reference of
// the expiries it writes. A tier scheduled for a renewal takes over when a period starts
// at or after it, before that period's grant.
func (l *Ledger) applyPeriods(ctx context.Context, tx Tx, a account.Account, now time.Time, endReason string) (account.Account, error) {
	if !a.PeriodEnd.IsZero() && now.Before(a.PeriodEnd) {
		return a, nil
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
				Key: expiryKey(asset, a.PeriodStart), Reference: endReason, CreatedAt: a.PeriodEnd}
			if _, err := tx.InsertEntry(ctx, &e); err != nil {
				return a, err
			}
		}
	}
	if a.ScheduledTier != "" && !now.Before(a.ScheduledAt) {
		a.Tier, a.ScheduledTier, a.ScheduledAt = a.ScheduledTier, "", time.Time{}
	}
	p, err := l.plans.Plan(a.Tier)
	if err != nil {
		return a, err
	}
	period := plan.PeriodAt(p.Paid, a.Anchor, now)
	allowance := p.Allowance(a.Limits)
	err = grantEach(ctx, tx, a.ID, period.Start, allowance.Credits, allowance.UploadSeconds,
		func(asset Asset) string { return grantKey(asset, period.Start) },
		p.Name+" plan, period from "+period.Start.Format(time.RFC3339), now)
	if err != nil {
		return a, err
	}
	a.PeriodStart, a.PeriodEnd = period.Start, period.End
	if err := tx.UpdateAccount(ctx, a); err != nil {
		return a, fmt.Errorf("ledger: record the new period: %w", err)
	}
	return a, nil
}

// grantEach grants the credits and upload seconds (those above 0) into the period starting
// at period, each once under key(asset).
func grantEach(ctx context.Context, tx Tx, accountID string, period time.Time, credits, uploadSeconds int64,
	key func(Asset) string, reference string, at time.Time) error {
	for _, g := range []struct {
		asset  Asset
		amount int64
	}{{Credits, credits}, {UploadSeconds, uploadSeconds}} {
		if g.amount <= 0 {
			continue
		}
		e := Entry{AccountID: accountID, Asset: g.asset, Kind: Grant, Amount: g.amount, PeriodStart: period,
			Key: key(g.asset), Reference: reference, CreatedAt: at}
		if _, err := tx.InsertEntry(ctx, &e); err != nil {
			return err
		}
	}
	return nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
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
		s, err = l.StateIn(ctx, tx, accountID)
		return err
	})
	return s, err
}

// StateIn is State inside the caller's transaction.
func (l *Ledger) StateIn(ctx context.Context, tx Tx, accountID string) (State, error) {
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
