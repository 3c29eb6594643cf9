package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"stableaudio/backend/ledger"
)

var _ ledger.Tx = (*Tx)(nil)

const entryColumns = `seq, account_id, asset, kind, amount, period_start, idem_key, reference, created_at`

// InsertEntry appends a ledger entry unless the account already has one with its key.
func (t *Tx) InsertEntry(ctx context.Context, e *ledger.Entry) (bool, error) {
	rows, err := t.query(ctx, `INSERT INTO ledger_entries (account_id, asset, kind, amount, period_start, idem_key, reference, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, idem_key) DO NOTHING RETURNING seq`,
		e.AccountID, string(e.Asset), string(e.Kind), e.Amount, micros(e.PeriodStart), e.Key, e.Reference, micros(e.CreatedAt))
	if err != nil {
		return false, fmt.Errorf("store: append ledger entry: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return false, rows.Err()
	}
	if err := rows.Scan(&e.Seq); err != nil {
		return false, err
	}
	return true, rows.Close()
}

// EntryByKey finds an account's entry by idempotency key.
func (t *Tx) EntryByKey(ctx context.Context, accountID, key string) (ledger.Entry, bool, error) {
	e, err := scanEntry(t.queryRow(ctx, `SELECT `+entryColumns+` FROM ledger_entries WHERE account_id = ? AND idem_key = ?`, accountID, key))
	if errors.Is(err, sql.ErrNoRows) {
		return ledger.Entry{}, false, nil
	}
	return e, err == nil, err
}

// Sum adds up one asset's entries of one allowance period.
func (t *Tx) Sum(ctx context.Context, accountID string, asset ledger.Asset, period time.Time) (int64, error) {
	var sum int64
	err := t.queryRow(ctx, `SELECT COALESCE(SUM(amount), 0) FROM ledger_entries WHERE account_id = ? AND asset = ? AND period_start = ?`,
		accountID, string(asset), micros(period)).Scan(&sum)
	if err != nil {
		return 0, fmt.Errorf("store: balance: %w", err)
	}
	return sum, nil
}

// Entries lists an account's entries newest first, before beforeSeq (0 = newest).
func (t *Tx) Entries(ctx context.Context, accountID string, beforeSeq int64, limit int) ([]ledger.Entry, error) {
	if beforeSeq <= 0 {
		beforeSeq = 1<<63 - 1
	}
	rows, err := t.query(ctx, `SELECT `+entryColumns+` FROM ledger_entries WHERE account_id = ? AND seq < ?
		ORDER BY seq DESC LIMIT ?`, accountID, beforeSeq, limit)
	if err != nil {
		return nil, fmt.Errorf("store: ledger history: %w", err)
	}
	defer rows.Close()
	out := []ledger.Entry{}
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

type rowScanner interface{ Scan(dest ...any) error }

func scanEntry(r rowScanner) (ledger.Entry, error) {
	var (
		e               ledger.Entry
		asset, kind     string
		period, created int64
	)
	if err := r.Scan(&e.Seq, &e.AccountID, &asset, &kind, &e.Amount, &period, &e.Key, &e.Reference, &created); err != nil {
		return ledger.Entry{}, err
	}
	e.Asset, e.Kind = ledger.Asset(asset), ledger.Kind(kind)
	e.PeriodStart, e.CreatedAt = fromMicros(period), fromMicros(created)
	return e, nil
}

// Totals adds up one asset's entries of one allowance period, by kind.
func (t *Tx) Totals(ctx context.Context, accountID string, asset ledger.Asset, period time.Time) (map[ledger.Kind]int64, error) {
	rows, err := t.query(ctx, `SELECT kind, SUM(amount) FROM ledger_entries WHERE account_id = ? AND asset = ? AND period_start = ?
		GROUP BY kind`, accountID, string(asset), micros(period))
	if err != nil {
		return nil, fmt.Errorf("store: ledger totals: %w", err)
	}
	defer rows.Close()
	out := map[ledger.Kind]int64{}
	for rows.Next() {
		var kind string
		var sum int64
		if err := rows.Scan(&kind, &sum); err != nil {
			return nil, err
		}
		out[ledger.Kind(kind)] = sum
	}
	return out, rows.Err()
}
