// Package ledger moves credits and upload seconds, and nothing else does. Every change is an
// append-only entry (grant, debit, refund, expiry) with an idempotency key unique per
// account, written inside one transaction that holds the account's lock; a balance is the
// sum of the entries, never a stored number that could drift.
//
// Allowance periods are applied lazily: any read or write first brings the account up to
// the period containing "now" — expiring what is left of the old grant (no rollover) and
// granting the new one — and the idempotency keys make that happen exactly once however
// many requests race to do it.
package ledger

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"stableaudio/backend/account"
	"stableaudio/backend/plan"
)

// Asset is what an entry moves.
type Asset string

const (
	Credits       Asset = "credits"
	UploadSeconds Asset = "upload_seconds"
)

// Assets lists every asset, in display order.
var Assets = []Asset{Credits, UploadSeconds}

// Kind says why an entry exists.
type Kind string

const (
	Grant  Kind = "grant"  // the period's allowance, or a staff bonus
	Debit  Kind = "debit"  // spent: a generation, an upload
	Refund Kind = "refund" // a debit given back: a failed or cancelled job
	Expiry Kind = "expiry" // what was left when a period ended
)

// Entry is one line of an account's ledger. Amount is signed: grants and refunds add,
// debits and expiries subtract.
type Entry struct {
	Seq         int64 // order of writing, assigned by the store
	AccountID   string
	Asset       Asset
	Kind        Kind
	Amount      int64
	PeriodStart time.Time // the allowance period the entry belongs to
	Key         string    // idempotency key, unique per account
	Reference   string    // what the entry is for, for people: "job 123", "staff grant"
	CreatedAt   time.Time
}

// Errors callers map to responses.
var (
	ErrInsufficientCredits       = errors.New("not enough credits")
	ErrInsufficientUploadSeconds = errors.New("not enough upload time left this month")
	ErrKeyReused                 = errors.New("idempotency key already used for a different request")
	ErrNotFound                  = errors.New("no such ledger entry")
	ErrBadAmount                 = errors.New("amount must be a positive whole number")
)

// Tx is what the ledger needs from storage inside one transaction.
type Tx interface {
	// LockAccount reads the account and holds it until the transaction ends, so that
	// concurrent ledger operations on one account run one after another.
	LockAccount(ctx context.Context, id string) (account.Account, error)
	UpdateAccount(ctx context.Context, a account.Account) error
	// InsertEntry appends e, filling Seq; it reports false (and writes nothing) when the
	// account already has an entry with e.Key.
	InsertEntry(ctx context.Context, e *Entry) (bool, error)
	EntryByKey(ctx context.Context, accountID, key string) (Entry, bool, error)
	// Sum adds up an asset's entries of the period starting at period. Every ended period
	// is closed by an expiry that brings its sum to zero, so the current period's sum is
	// the balance.
	Sum(ctx context.Context, accountID string, asset Asset, period time.Time) (int64, error)
	Entries(ctx context.Context, accountID string, beforeSeq int64, limit int) ([]Entry, error)
	// Totals adds up an asset's entries of one period by kind (signed, as stored).
	Totals(ctx context.Context, accountID string, asset Asset, period time.Time) (map[Kind]int64, error)
}

// RunTx runs fn in a transaction: committed when fn returns nil, rolled back otherwise.
type RunTx func(ctx context.Context, fn func(Tx) error) error

// Ledger applies the plan rules to accounts' ledgers.
type Ledger struct {
	run   RunTx
	plans *plan.File
	now   func() time.Time
}

// New returns a ledger over storage. now is the clock (time.Now in production; tests walk
// through months with their own).
func New(run RunTx, plans *plan.File, now func() time.Time) *Ledger {
	if now == nil {
		now = time.Now
	}
	return &Ledger{run: run, plans: plans, now: now}
}

// Plans is the plan file the ledger applies.
func (l *Ledger) Plans() *plan.File { return l.plans }

// Now is the ledger's clock.
func (l *Ledger) Now() time.Time { return l.now().UTC() }

// Keys of the entries the ledger writes itself. Client keys are prefixed differently (see
// clientKey), so no request can take a key the ledger needs.
func grantKey(a Asset, period time.Time) string {
	return "sys:grant:" + string(a) + ":" + strconv.FormatInt(period.UnixMicro(), 10)
}

func expiryKey(a Asset, period time.Time) string {
	return "sys:expiry:" + string(a) + ":" + strconv.FormatInt(period.UnixMicro(), 10)
}

func topUpKey(a Asset, period time.Time, tier plan.Tier) string {
	return "sys:topup:" + string(a) + ":" + strconv.FormatInt(period.UnixMicro(), 10) + ":" + string(tier)
}

func clientKey(key string) string { return "op:" + key }

func refundKey(debitKey string) string { return "refund:" + debitKey }

func insufficient(a Asset) error {
	if a == UploadSeconds {
		return ErrInsufficientUploadSeconds
	}
	return ErrInsufficientCredits
}

func validAsset(a Asset) error {
	for _, x := range Assets {
		if a == x {
			return nil
		}
	}
	return fmt.Errorf("ledger: unknown asset %q", a)
}
