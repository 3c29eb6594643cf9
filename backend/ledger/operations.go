package ledger

import (
	"context"
	"fmt"
)

// Debit takes amount of asset from the account's current allowance, once per key: a
// replay with the same key and amount returns the first entry and takes nothing; the same
// key for a different amount or asset is ErrKeyReused. Not enough left is
// ErrInsufficientCredits or ErrInsufficientUploadSeconds and writes nothing.
func (l *Ledger) Debit(ctx context.Context, accountID string, asset Asset, amount int64, key, reference string) (Entry, error) {
	var out Entry
	err := l.run(ctx, func(tx Tx) error {
		var err error
		out, err = l.DebitIn(ctx, tx, accountID, asset, amount, key, reference)
		return err
	})
	return out, err
}

// DebitIn is Debit inside the caller's transaction, so that what the debit pays for (a
// queued job) is written with it or not at all.
func (l *Ledger) DebitIn(ctx context.Context, tx Tx, accountID string, asset Asset, amount int64, key, reference string) (Entry, error) {
	return l.appendOnceIn(ctx, tx, accountID, asset, Debit, amount, key, reference, func(s State) error {
		left := s.Credits
		if asset == UploadSeconds {
			left = s.UploadSeconds
		}
		if left < amount {
			return fmt.Errorf("%w: %d needed, %d left until %s", insufficient(asset), amount, left, s.PeriodEnd.Format("2 Jan 15:04 MST"))
		}
		return nil
	})
}

// Refund gives back the debit made with debitKey, once: later calls return the first
// refund. The amount returns to the current period's allowance.
func (l *Ledger) Refund(ctx context.Context, accountID, debitKey, reference string) (Entry, error) {
	var out Entry
	err := l.run(ctx, func(tx Tx) error {
		var err error
		out, err = l.RefundIn(ctx, tx, accountID, debitKey, reference)
		return err
	})
	return out, err
}

// RefundIn is Refund inside the caller's transaction.
func (l *Ledger) RefundIn(ctx context.Context, tx Tx, accountID, debitKey, reference string) (Entry, error) {
	s, err := l.StateIn(ctx, tx, accountID)
	if err != nil {
		return Entry{}, err
	}
	debit, found, err := tx.EntryByKey(ctx, accountID, clientKey(debitKey))
	if err != nil {
		return Entry{}, err
	}
	if !found || debit.Kind != Debit {
		return Entry{}, fmt.Errorf("%w: no debit with key %q", ErrNotFound, debitKey)
	}
	out := Entry{AccountID: accountID, Asset: debit.Asset, Kind: Refund, Amount: -debit.Amount, PeriodStart: s.PeriodStart,
		Key: refundKey(debit.Key), Reference: reference, CreatedAt: l.Now()}
	inserted, err := tx.InsertEntry(ctx, &out)
	if err == nil && !inserted {
		out, _, err = tx.EntryByKey(ctx, accountID, refundKey(debit.Key))
	}
	return out, err
}

// Grant adds amount to the current period's allowance (staff bonuses); like every grant
// it expires with the period. Once per key, as Debit.
func (l *Ledger) Grant(ctx context.Context, accountID string, asset Asset, amount int64, key, reference string) (Entry, error) {
	var out Entry
	err := l.run(ctx, func(tx Tx) error {
		var err error
		out, err = l.appendOnceIn(ctx, tx, accountID, asset, Grant, amount, key, reference, nil)
		return err
	})
	return out, err
}

// appendOnceIn writes a client's debit or grant of amount (positive) under its idempotency
// key, after allow (when set) accepts the account's state.
func (l *Ledger) appendOnceIn(ctx context.Context, tx Tx, accountID string, asset Asset, kind Kind, amount int64,
	key, reference string, allow func(State) error) (Entry, error) {
	if err := checkRequest(asset, amount, key); err != nil {
		return Entry{}, err
	}
	signed := amount
	if kind == Debit {
		signed = -amount
	}
	s, err := l.StateIn(ctx, tx, accountID)
	if err != nil {
		return Entry{}, err
	}
	k := clientKey(key)
	if prev, found, err := tx.EntryByKey(ctx, accountID, k); err != nil || found {
		return prev, sameRequest(prev, err, asset, kind, signed)
	}
	if allow != nil {
		if err := allow(s); err != nil {
			return Entry{}, err
		}
	}
	out := Entry{AccountID: accountID, Asset: asset, Kind: kind, Amount: signed, PeriodStart: s.PeriodStart,
		Key: k, Reference: reference, CreatedAt: l.Now()}
	_, err = tx.InsertEntry(ctx, &out)
	return out, err
}

// History lists the account's entries newest first, up to limit, before the entry with
// sequence number beforeSeq (0 = from the newest).
func (l *Ledger) History(ctx context.Context, accountID string, beforeSeq int64, limit int) ([]Entry, error) {
	var out []Entry
	err := l.run(ctx, func(tx Tx) error {
		if _, err := l.StateIn(ctx, tx, accountID); err != nil {
			return err
		}
		var err error
		out, err = tx.Entries(ctx, accountID, beforeSeq, limit)
		return err
	})
	return out, err
}

func checkRequest(asset Asset, amount int64, key string) error {
	if err := validAsset(asset); err != nil {
		return err
	}
	if amount <= 0 {
		return fmt.Errorf("%w, got %d", ErrBadAmount, amount)
	}
	if key == "" || len(key) > 200 {
		return fmt.Errorf("ledger: an idempotency key of 1 to 200 characters is required")
	}
	return nil
}

// sameRequest accepts a replayed request whose first entry matches it.
func sameRequest(prev Entry, err error, asset Asset, kind Kind, amount int64) error {
	if err != nil {
		return err
	}
	if prev.Asset != asset || prev.Kind != kind || prev.Amount != amount {
		return fmt.Errorf("%w (it was a %s of %d %s)", ErrKeyReused, prev.Kind, abs(prev.Amount), prev.Asset)
	}
	return nil
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
